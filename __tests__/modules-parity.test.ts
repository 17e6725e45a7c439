/**
 * Message parity: for the same mistake, real Terraform/OpenTofu running the generated module's
 * validation blocks prints what the construct's TypeScript validator prints (prop names in
 * snake_case). One `init` and one `validate -json` over a root module with one call per case,
 * against the modules as committed.
 *
 * Needs an engine and the AWS provider mirror: TERRAFORM_BINARY_NAME + TF_CLI_CONFIG_FILE from the
 * environment (scripts/common.sh sets both), else the toolchain cache (`npm run toolchain`). Without
 * either the suite is skipped, unless MODULES_ENGINE_REQUIRED=1 (scripts/modules-validate.sh sets
 * it, so CI never skips it).
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Lazy } from "cdktf";
import { validateContainerRegistryProps } from "../constructs/container-registry";
import { validateDataBucketsProps } from "../constructs/data-buckets";
import { JobQueueSpec, validateJobQueuesProps } from "../constructs/job-queues";
import { validateWorkloadIdentityProps } from "../constructs/workload-identity";
import { validateServerlessApiProps } from "../constructs/serverless-api";
import { validatePostgresDatabaseProps } from "../constructs/postgres";
import { formatProblem } from "../lib/errors";
import { Problems } from "../lib/problems";
import { hclAttributes } from "../tools/modules/hcl";
import { CONTAINER_REGISTRY_PROPS } from "../tools/modules/container-repository";
import { DATA_BUCKET_PROPS } from "../tools/modules/data-bucket";
import { JOB_QUEUE_PROPS } from "../tools/modules/job-queue";
import { WORKLOAD_IDENTITY_PROPS } from "../tools/modules/workload-identity";
import { LAMBDA_HTTP_API_BASE, LAMBDA_HTTP_API_PROPS } from "../tools/modules/lambda-http-api";
import { POSTGRES_DATABASE_BASE, POSTGRES_DATABASE_PROPS } from "../tools/modules/postgres-database";
import { snake, snakeProps } from "../tools/modules/messages";
import { repoRoot } from "../tools/lib/repo";

const ROOT = repoRoot(__dirname);

function findEngine(): { bin: string; env: NodeJS.ProcessEnv } | undefined {
  const named = process.env.TERRAFORM_BINARY_NAME;
  if (named && process.env.TF_CLI_CONFIG_FILE && spawnSync(named, ["version"]).status === 0) {
    return { bin: named, env: process.env };
  }
  const dir = process.env.CHATBOT_TOOLCHAIN_DIR ?? path.join(os.homedir(), ".cache", "chatbot-platform-toolchain");
  const tofu = path.join(dir, "bin", "tofu");
  const rc = path.join(dir, "tofurc");
  if (fs.existsSync(tofu) && fs.existsSync(rc)) {
    return { bin: tofu, env: { ...process.env, TF_CLI_CONFIG_FILE: rc } };
  }
  if (process.env.MODULES_ENGINE_REQUIRED === "1") {
    throw new Error("no Terraform engine: set TERRAFORM_BINARY_NAME and TF_CLI_CONFIG_FILE, or build the toolchain (npm run toolchain)");
  }
  return undefined;
}

const engine = findEngine();

/** A module, the TypeScript validator of its construct, and mistakes to make with both. */
interface Suite {
  readonly module: string;
  readonly props: readonly string[];
  /** Valid props; each case overrides some. */
  readonly base: Record<string, unknown>;
  readonly validate: (props: never, problems: Problems, paths: string) => void;
  /** Props whose value is a map of user keys (not to be snake_cased). */
  readonly userKeys?: readonly string[];
  /** Props the module does not take as inputs (it reads them from the provider). */
  readonly notInputs?: readonly string[];
  readonly cases: readonly (readonly [string, Record<string, unknown>])[];
}

const QUEUE: JobQueueSpec = { name: "jobs", visibilityTimeoutSeconds: 60, messageRetentionDays: 4, maxReceiveCount: 5 };
const POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sqs:ReceiveMessage", Resource: "*" }] });

const SUITES: readonly Suite[] = [
  {
    module: "job-queue",
    props: JOB_QUEUE_PROPS,
    base: { namePrefix: "team-a-dev", accountId: "123456789012", region: "ap-southeast-2", queues: [QUEUE] },
    validate: validateJobQueuesProps,
    notInputs: ["accountId", "region"],
    cases: [
      ["valid", {}],
      ["a bad queue name and too many receives", { queues: [{ ...QUEUE, name: "Bad_Name", maxReceiveCount: 5000 }] }],
      ["a repeated queue name", { queues: [QUEUE, { ...QUEUE, visibilityTimeoutSeconds: 30 }] }],
      ["a dead-letter queue that keeps messages shorter than the queue", { queues: [{ ...QUEUE, messageRetentionDays: 7, dlqRetentionDays: 3 }] }],
      ["a visibility timeout that lets jobs expire before the dead-letter queue", { queues: [{ ...QUEUE, visibilityTimeoutSeconds: 30000, maxReceiveCount: 20 }] }],
      ["a bad name prefix, data key reuse out of range and an alarm action that is no ARN", { namePrefix: "Team_A", kmsDataKeyReuseSeconds: 5, alarmActions: ["oncall"] }],
      ["no queue at all", { queues: [] }],
    ],
  },
  {
    module: "data-bucket",
    props: DATA_BUCKET_PROPS,
    // The account is known only at plan time in the module; so it is here.
    base: { namePrefix: "team-a-dev", accountId: Lazy.stringValue({ produce: () => "" }), region: "ap-southeast-2", buckets: [{ name: "reports" }], logRetentionDays: 365 },
    validate: validateDataBucketsProps,
    notInputs: ["accountId", "region"],
    cases: [
      ["valid", {}],
      ["a name prefix that makes the log bucket name too long", { namePrefix: "team-a-analytics-and-reporting-dev-01" }],
      ["a bucket name with dots and an archive class that is not one", { buckets: [{ name: "reports.v1", archiveStorageClass: "STANDARD_IA" }] }],
      ["a bucket named like the log bucket, and a repeated name", { buckets: [{ name: "data-access-logs" }, { name: "reports" }, { name: "reports" }] }],
      ["log retention out of range", { logRetentionDays: 0 }],
    ],
  },
  {
    module: "container-repository",
    props: CONTAINER_REGISTRY_PROPS,
    base: { accountId: "123456789012", repositories: ["team-a/report-worker"], consumers: [], keyAliasName: "team-a-ecr" },
    validate: validateContainerRegistryProps,
    notInputs: ["accountId", "consumers"],
    cases: [
      ["valid", {}],
      ["a repository name with capitals and no release image kept", { repositories: ["team-a/report-worker", "Team_A/Worker"], keepReleaseImages: 0 }],
      ["no tag prefix, untagged images kept 0 days and an AWS-reserved key alias", { releaseTagPrefixes: [], untaggedImageDays: 0, keyAliasName: "aws/ecr" }],
      ["no repository", { repositories: [] }],
    ],
  },
  {
    module: "workload-identity",
    props: WORKLOAD_IDENTITY_PROPS,
    base: {
      roleName: "team-a-dev-report-worker",
      clusterName: "chatbot-dev",
      oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.ap-southeast-2.amazonaws.com/id/EXAMPLE",
      oidcIssuer: "oidc.eks.ap-southeast-2.amazonaws.com/id/EXAMPLE",
      serviceAccount: { namespace: "team-a", name: "report-worker" },
      policies: { "consume-queues": POLICY },
    },
    validate: validateWorkloadIdentityProps,
    userKeys: ["policies"],
    cases: [
      ["valid", {}],
      ["an issuer with its scheme and a role name with spaces", { oidcIssuer: "https://oidc.eks.ap-southeast-2.amazonaws.com/id/EXAMPLE", roleName: "team a worker" }],
      ["a service account in an upper-case namespace", { serviceAccount: { namespace: "Team_A", name: "report-worker" } }],
      ["a policy that is no policy document, under a name with spaces", { policies: { "consume queues": POLICY, "read-reports": "[]" } }],
    ],
  },
  {
    module: "lambda-http-api",
    props: LAMBDA_HTTP_API_PROPS,
    base: { ...LAMBDA_HTTP_API_BASE },
    validate: validateServerlessApiProps,
    notInputs: ["accountId", "region", "placeholderCodeZip"],
    cases: [
      ["valid", {}],
      ["a bad name prefix, a function name with a space, a path without its trailing slash, too little memory", { namePrefix: "Team_A", functionName: "team a", parameterPath: "/team-a/dev", memoryMb: 64 }],
      // A burst within range but below the rate is refused at plan time, not by `validate` (a rule
      // across two inputs); this burst is out of range.
      ["a timeout longer than an HTTP API waits, a burst out of range, no reservation", { timeoutSeconds: 300, throttlingBurstLimit: 0, reservedConcurrency: 0 }],
      [
        "parameters that repeat a name, use a variable the function sets and repeat a variable",
        { parameters: [{ name: "A", envVar: "A_PARAM" }, { name: "A", envVar: "LOG_LEVEL" }, { name: "B", envVar: "A_PARAM" }, { name: "C", envVar: "LOG_LEVEL" }] },
      ],
      ["an origin with a path, a log level and a retention that are none", { allowedOrigins: ["*", "https://team-a.example.com/"], logLevel: "TRACE", logRetentionDays: 10 }],
      [
        "data stores without data subnets, a lower-case store id, ports the wrong way round",
        { vpc: { vpcId: "vpc-1", subnetIds: [], dataSubnetCidrs: [], dataStores: [{ id: "postgres", description: "PostgreSQL", fromPort: 2000, toPort: 1000 }] } },
      ],
      ["data subnet CIDR blocks that are not", { vpc: { vpcId: "vpc-1", subnetIds: ["subnet-a"], dataSubnetCidrs: ["10.0.20.1/24", "10.0.300.0/24", "10.0.20/24", "10.0.0.0/33"] } }],
      ["an issuer over http, no audience", { authorizer: { issuer: "http://idp.example.com", audiences: [] } }],
      ["an issuer with a query, repeated and empty audiences, an identity source that is none", { authorizer: { issuer: "https://idp.example.com/?x=1", audiences: ["a", " ", "a"], identitySource: "header.Authorization" } }],
    ],
  },
  {
    module: "postgres-database",
    props: POSTGRES_DATABASE_PROPS,
    base: { ...POSTGRES_DATABASE_BASE },
    validate: validatePostgresDatabaseProps,
    notInputs: ["accountId", "region"],
    // Rules across two inputs (the storage ceiling against the initial size, the backup window
    // against the maintenance window) are refused by `plan`, not `validate`: the cases here
    // break one input at a time.
    cases: [
      ["valid", {}],
      ["a name prefix RDS rejects, one subnet, no client", { namePrefix: "Team_A", subnetIds: ["subnet-a"], clientSecurityGroupIds: [] }],
      ["an engine version too old, a class without db., a deployment that is none", { engineVersion: "9.6", instanceClass: "t3.micro", deployment: "multi" }],
      ["a reserved master user, a database name with a digit first, no backups", { masterUsername: "rdsadmin", databaseName: "1reports", backupRetentionDays: 0 }],
      // One window at a time: a variable whose rules read another input is not checked while that
      // input is itself invalid (OpenTofu), so two broken windows show only the maintenance one.
      ["a backup window shorter than 30 minutes", { backupWindow: "16:00-16:10" }],
      ["a maintenance window that is not one", { maintenanceWindow: "sunday 17:00" }],
      ["choices that are none, retentions AWS does not offer", { deletionProtection: "on", finalSnapshot: "yes", performanceInsightsRetentionDays: 30, logRetentionDays: 10 }],
      ["a monitoring interval, a statement timeout and a log threshold out of range", { monitoringIntervalSeconds: 20, statementTimeoutMs: -5, logMinDurationStatementMs: -2 }],
    ],
  },
];

/** What the TypeScript path reports for these props, as the module names things. */
function typescriptSays(suite: Suite, props: Record<string, unknown>): string[] {
  const problems = new Problems();
  suite.validate({ ...suite.base, ...props } as never, problems, "");
  return problems.list.map((p) => snakeProps(formatProblem(p), suite.props));
}

/** The module call with the same mistake: camelCase props written as the module's inputs. */
function moduleCall(suite: Suite, label: string, props: Record<string, unknown>): string {
  const toInput = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(toInput) : value !== null && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), toInput(v)])) : value;
  const inputs = Object.entries({ ...suite.base, ...props })
    .filter(([k]) => !(suite.notInputs ?? []).includes(k))
    .map(([k, v]) => [snake(k), (suite.userKeys ?? []).includes(k) ? v : toInput(v)] as const);
  return `module "${label}" {\n  source = "./${suite.module}"\n${hclAttributes(inputs, "  ")}\n}\n`;
}

interface Diagnostic {
  readonly summary: string;
  readonly detail: string;
  readonly range?: { readonly start: { readonly line: number } };
}

(engine ? describe : describe.skip)("the modules' validation errors match the TypeScript messages", () => {
  /** Validation messages per module and case (one module call each, validated together in one run). */
  const said = new Map<string, string[]>();
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "modules-parity-"));
    const starts: [number, string][] = [];
    let text = "";
    SUITES.forEach((suite, s) => {
      fs.cpSync(path.join(ROOT, "modules", suite.module), path.join(dir, suite.module), { recursive: true });
      suite.cases.forEach(([what, props], i) => {
        starts.push([text.split("\n").length, `${suite.module}: ${what}`]);
        text += moduleCall(suite, `case_${s}_${i}`, props) + "\n";
      });
    });
    fs.writeFileSync(path.join(dir, "main.tf"), text);
    const env = { ...engine!.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
    execFileSync(engine!.bin, ["init", "-backend=false", "-input=false", "-no-color"], { cwd: dir, env, stdio: "pipe" });
    const r = spawnSync(engine!.bin, ["validate", "-json", "-no-color"], { cwd: dir, env, encoding: "utf8" });
    const diagnostics = (JSON.parse(r.stdout) as { diagnostics: Diagnostic[] }).diagnostics;
    for (const [, what] of starts) said.set(what, []);
    for (const d of diagnostics) {
      expect(`${d.summary}: ${d.detail}`).toMatch(/^Invalid value for variable: /);
      const line = d.range?.start.line ?? 0;
      const what = [...starts].reverse().find(([start]) => start <= line)?.[1] ?? "?";
      const messages = d.detail.replace(/\n\nThis was checked by the validation rule at .*$/s, "").split(/\n(?=\S)/);
      said.set(what, [...(said.get(what) ?? []), ...messages]);
    }
  }, 180_000);
  afterAll(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  const cases = SUITES.flatMap((suite) => suite.cases.map(([what, props]) => [`${suite.module}: ${what}`, suite, props] as const));

  test.each(cases)("%s", (what, suite, props) => {
    const expected = what.endsWith(": valid") ? [] : typescriptSays(suite, props);
    if (!what.endsWith(": valid")) expect(expected.length).toBeGreaterThan(0);
    expect([...(said.get(what) ?? [])].sort()).toEqual([...expected].sort());
  });
});
