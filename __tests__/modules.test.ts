/**
 * The generated Terraform modules (tools/modules): what `npm run modules` emits, that the committed
 * modules/ and examples/ match it (the `--check` of CI), that `--check` notices a hand edit, the
 * versioning rule, and that the modules' resources are the construct's own.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { Construct } from "constructs";
import { ContainerRegistry } from "../constructs/container-registry";
import { DataBuckets } from "../constructs/data-buckets";
import { JobQueues } from "../constructs/job-queues";
import { WorkloadIdentity } from "../constructs/workload-identity";
import { ServerlessApi } from "../constructs/serverless-api";
import { PostgresDatabase } from "../constructs/postgres";
import { POSTGRES_DATABASE_BASE } from "../tools/modules/postgres-database";
import { PLACEHOLDER_CODE_ZIP } from "../stacks/serverless-stack";
import { ModuleInterface, gitSource } from "../tools/modules/docs";
import { compare, generate, main, MODULES, write } from "../tools/modules/index";
import { jobQueue, probeJobQueues } from "../tools/modules/job-queue";
import { probeProblem } from "../tools/modules/messages";
import { moduleOverride } from "../tools/modules/moto-overrides";
import { breakingChanges, versionProblems } from "../tools/modules/semver";
import { repoRoot } from "../tools/lib/repo";

type Json = Record<string, any>;
const ROOT = repoRoot(__dirname);
const files = generate(MODULES, ROOT);
const read = (rel: string): Json => JSON.parse(String(files.get(rel)));

describe("generation", () => {
  const main = read("modules/job-queue/main.tf.json");
  const variables = read("modules/job-queue/variables.tf.json").variable;
  const outputs = read("modules/job-queue/outputs.tf.json").output;

  test("the committed modules and examples are what the constructs generate (npm run modules -- --check)", () => {
    expect(compare(ROOT, files)).toEqual([]);
  });

  test("a module holds no provider, backend or remote state: callers configure those", () => {
    for (const name of MODULES.map((m) => m.name)) {
      const text = ["main", "variables", "outputs", "versions"].map((f) => files.get(`modules/${name}/${f}.tf.json`)).join("\n");
      expect(text).not.toMatch(/"provider"|"backend"|terraform_remote_state|"\/\/"/);
    }
  });

  test("the provider is pinned with a range that includes the app's 5.100.0, and the engine version is bounded below", () => {
    const versions = read("modules/job-queue/versions.tf.json").terraform;
    expect(versions.required_providers.aws).toEqual({ source: "hashicorp/aws", version: ">= 5.100.0, < 6.0.0" });
    expect(versions.required_version).toBe(">= 1.9.0");
  });

  test("the per-queue resources repeat with for_each over the queues input; the key is created once", () => {
    expect(main.locals.queues).toBe("${{ for q in var.queues : q.name => q }}");
    for (const type of ["aws_sqs_queue", "aws_sqs_queue_policy", "aws_sqs_queue_redrive_allow_policy", "aws_cloudwatch_metric_alarm"]) {
      for (const body of Object.values(main.resource[type]) as Json[]) expect(body.for_each).toBe("${local.queues}");
    }
    expect(main.resource.aws_kms_key.key.for_each).toBeUndefined();
    expect(main.resource.aws_sqs_queue.queue.redrive_policy).toContain("aws_sqs_queue.dead_letter_queue[each.key].arn");
    expect(main.resource.aws_sqs_queue.queue.name).toBe("${var.name_prefix}-${each.value.name}");
    expect(main.resource.aws_sqs_queue.dead_letter_queue.message_retention_seconds).toBe("${(each.value.dlq_retention_days * 86400)}");
  });

  test("every taggable resource takes var.tags", () => {
    expect(main.resource.aws_kms_key.key.tags).toBe("${var.tags}");
    expect(main.resource.aws_sqs_queue.queue.tags).toBe("${var.tags}");
    expect(main.resource.aws_cloudwatch_metric_alarm.dead_letter_alarm.tags).toBe("${var.tags}");
    expect(variables.tags).toMatchObject({ type: "map(string)", default: {} });
  });

  test("every input has a type and description, every output a description and a component prefix", () => {
    for (const v of Object.values(variables) as Json[]) {
      expect(typeof v.type).toBe("string");
      expect(v.description.length).toBeGreaterThan(20);
    }
    for (const [name, o] of Object.entries(outputs) as [string, Json][]) {
      expect(o.description.length).toBeGreaterThan(20);
      expect(name).toMatch(/^(queue|dead_letter_queue|dead_letter_alarm|send_policy|consume_policy|key)_/);
    }
  });

  const apps: [string, (scope: Construct) => void][] = [
    [
      "job-queue",
      (scope) =>
        new JobQueues(scope, "Queues", {
          namePrefix: "chatbot-test",
          accountId: "123456789012",
          region: "ap-southeast-2",
          queues: [{ name: "jobs", visibilityTimeoutSeconds: 60, messageRetentionDays: 4, maxReceiveCount: 5 }],
        }),
    ],
    ["data-bucket", (scope) => new DataBuckets(scope, "Buckets", { namePrefix: "chatbot-test", accountId: "123456789012", region: "ap-southeast-2", buckets: [{ name: "uploads" }], logRetentionDays: 365 })],
    ["container-repository", (scope) => new ContainerRegistry(scope, "Registry", { accountId: "123456789012", repositories: ["team-a/worker"], consumers: [], keyAliasName: "team-a-ecr" })],
    [
      "workload-identity",
      (scope) =>
        new WorkloadIdentity(scope, "Identity", {
          roleName: "chatbot-test-worker",
          clusterName: "chatbot-test",
          oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.ap-southeast-2.amazonaws.com/id/EXAMPLE",
          oidcIssuer: "oidc.eks.ap-southeast-2.amazonaws.com/id/EXAMPLE",
          serviceAccount: { namespace: "team-a", name: "worker" },
          policies: { "read-reports": JSON.stringify({ Version: "2012-10-17", Statement: [] }) },
        }),
    ],
    [
      "lambda-http-api",
      (scope) =>
        new ServerlessApi(scope, "Api", {
          namePrefix: "chatbot-test",
          accountId: "123456789012",
          region: "ap-southeast-2",
          environmentLabel: "test",
          parameterPath: "/chatbot/test/",
          functionName: "chatbot-test-backend",
          roleName: "chatbot-test-backend",
          placeholderCodeZip: PLACEHOLDER_CODE_ZIP,
          memoryMb: 1024,
          timeoutSeconds: 30,
          logLevel: "INFO",
          logRetentionDays: 365,
          allowedOrigins: ["https://chatbot.example.com"],
          throttlingRateLimit: 10,
          throttlingBurstLimit: 20,
          reservedConcurrency: 5,
          vpc: { vpcId: "vpc-1", subnetIds: ["subnet-a"], dataSubnetCidrs: ["10.0.20.0/24"], dataStores: [{ id: "Postgres", description: "PostgreSQL", fromPort: 5432, toPort: 5432 }] },
          authorizer: { issuer: "https://idp.example.com/", audiences: ["web"] },
        }),
    ],
    [
      "postgres-database",
      (scope) =>
        new PostgresDatabase(scope, "Database", POSTGRES_DATABASE_BASE),
    ],
  ];

  test.each(apps)("%s: the module's resources have the types and arguments the app's construct creates (one implementation)", (name, build) => {
    const module = read(`modules/${name}/main.tf.json`);
    const app = JSON.parse(Testing.synthScope(build)) as Json;
    // A block of an optional part is `dynamic` in the module; `count` and `for_each` are the module's.
    const keysOf = (b: Json): string[] => Object.keys(b).flatMap((k) => (k === "dynamic" ? Object.keys(b.dynamic as Json) : [k]));
    const argumentsOf = (byName: Json): string[] => [...new Set(Object.values(byName).flatMap((b) => keysOf(b as Json)))].filter((k) => !["//", "count", "for_each", "tags"].includes(k)).sort();
    expect(Object.keys(module.resource).sort()).toEqual(Object.keys(app.resource).sort());
    for (const type of Object.keys(app.resource)) {
      expect([type, argumentsOf(module.resource[type])]).toEqual([type, argumentsOf(app.resource[type])]);
    }
  });

  test("the README has the terraform-docs tables, the version and a usage block calling the tagged release", () => {
    const readme = files.get("modules/job-queue/README.md")!;
    expect(readme).toContain("| Name | Description | Type | Default | Required |");
    expect(readme).toContain('| <a name="input_name_prefix"></a> [name_prefix](#input_name_prefix) |');
    expect(readme).toContain('| <a name="output_queue_urls"></a> [queue_urls](#output_queue_urls) |');
    expect(readme).toContain(`Version: **${jobQueue.version}**`);
    expect(readme).toContain(`\`\`\`hcl\nmodule "job_queue" {\n  source = "git::https://github.com/example-org/chatbot-platform-infra.git//modules/job-queue?ref=job-queue-v${jobQueue.version}"`);
  });

  test("the example calls the module from the checkout with the documented inputs and re-exports every output", () => {
    const example = files.get("examples/job-queue/main.tf")!;
    expect(example).toContain('source = "../../modules/job-queue"');
    for (const o of jobQueue.outputs) expect(example).toContain(`value       = module.job_queue.${o.name}`);
    expect(example).not.toMatch(/backend/);
  });
});

describe("workload-identity", () => {
  const main = read("modules/workload-identity/main.tf.json");

  test("the role trusts exactly the service account's subject and the STS audience through the given OIDC provider", () => {
    const [statement] = main.data.aws_iam_policy_document.role_trust.statement;
    expect(statement.principals).toEqual([{ type: "Federated", identifiers: ["${var.oidc_provider_arn}"] }]);
    expect(statement.condition).toEqual([
      { test: "StringEquals", variable: "${var.oidc_issuer}:sub", values: ["system:serviceaccount:${var.service_account.namespace}:${var.service_account.name}"] },
      { test: "StringEquals", variable: "${var.oidc_issuer}:aud", values: ["sts.amazonaws.com"] },
    ]);
    expect(main.resource.aws_iam_role.role.assume_role_policy).toBe("${data.aws_iam_policy_document.role_trust.json}");
  });

  test("one inline policy per entry of the policies input, named by its key", () => {
    expect(main.locals.policies).toBe("${var.policies}");
    expect(main.resource.aws_iam_role_policy.policy).toEqual({ for_each: "${local.policies}", name: "${each.key}", policy: "${each.value}", role: "${aws_iam_role.role.id}" });
  });

  test("the job-queue module's consume policy covers every queue of the module and the key through SQS only", () => {
    const [queues, key] = read("modules/job-queue/main.tf.json").data.aws_iam_policy_document.consume_policy.statement;
    expect(queues.resources).toBe("${[for k, r in aws_sqs_queue.queue : r.arn]}");
    expect(key.condition[0]).toEqual({ test: "StringEquals", variable: "kms:ViaService", values: ["sqs.${data.aws_region.current.name}.amazonaws.com"] });
  });
});

describe("lambda-http-api", () => {
  const main = read("modules/lambda-http-api/main.tf.json");
  const r = main.resource;

  test("the VPC placement exists only with var.vpc: count on its resources, a dynamic vpc_config, null references without it", () => {
    for (const [type, name] of [["aws_security_group", "function_security_group"], ["aws_security_group_rule", "function_egress_https"], ["aws_iam_role_policy_attachment", "function_vpc_access"]]) {
      expect(r[type][name].count).toBe("${var.vpc != null ? 1 : 0}");
    }
    const fn = r.aws_lambda_function.function;
    expect(fn.vpc_config).toBeUndefined();
    expect(fn.dynamic.vpc_config).toEqual({
      for_each: "${var.vpc != null ? [1] : []}",
      content: { security_group_ids: ["${one(aws_security_group.function_security_group[*].id)}"], subnet_ids: "${var.vpc.subnet_ids}" },
    });
    expect(fn.replace_security_groups_on_destroy).toBe("${var.vpc != null ? true : null}");
    // depends_on names the whole (possibly empty) resource, never an instance.
    expect(fn.depends_on).toContain("aws_iam_role_policy_attachment.function_vpc_access");
  });

  test("one egress rule per data store, keyed by id, only with a VPC", () => {
    expect(main.locals.data_stores).toBe("${{ for s in (var.vpc == null ? [] : var.vpc.data_stores) : s.id => s }}");
    expect(r.aws_security_group_rule.function_egress).toMatchObject({
      for_each: "${local.data_stores}",
      from_port: "${each.value.from_port}",
      to_port: "${each.value.to_port}",
      cidr_blocks: "${var.vpc.data_subnet_cidrs}",
      security_group_id: "${one(aws_security_group.function_security_group[*].id)}",
    });
  });

  test("the JWT authorizer exists only with var.authorizer; the route is open without it", () => {
    expect(r.aws_apigatewayv2_authorizer.jwt_authorizer.count).toBe("${var.authorizer != null ? 1 : 0}");
    expect(r.aws_apigatewayv2_route.chat_route).toMatchObject({
      authorization_type: '${var.authorizer != null ? "JWT" : null}',
      authorizer_id: "${one(aws_apigatewayv2_authorizer.jwt_authorizer[*].id)}",
    });
  });

  test("parameters: names in the environment and exactly their ARNs in the role's policy, from the input list; no removed blocks", () => {
    const env = r.aws_lambda_function.function.environment[0]?.variables ?? r.aws_lambda_function.function.environment.variables;
    expect(env).toContain("{ for key, val in toset(var.parameters): val.env_var => format(\"%s%s\", var.parameter_path, val.name) }");
    const read = main.data.aws_iam_policy_document.function_permissions.statement.find((st: Json) => st.sid === "ReadParameters");
    expect(read.resources).toContain('format("arn:aws:ssm:%s:%s:parameter%s%s", data.aws_region.current.name, data.aws_caller_identity.current.account_id, var.parameter_path, val.name)');
    expect(main.removed).toBeUndefined();
  });

  test("the function starts from the caller's package or the module's placeholder, whose bytes are the app's", () => {
    const fn = r.aws_lambda_function.function;
    expect(fn.filename).toBe('${coalesce(var.package_file, format("%s/placeholder.zip", path.module))}');
    expect(fn.source_code_hash).toBe('${filebase64sha256(coalesce(var.package_file, format("%s/placeholder.zip", path.module)))}');
    expect(fn.lifecycle.ignore_changes).toEqual(expect.arrayContaining(["filename", "source_code_hash"]));
    const zip = files.get("modules/lambda-http-api/placeholder.zip");
    expect(Buffer.isBuffer(zip) && zip.equals(fs.readFileSync(path.join(ROOT, "assets", "backend-placeholder.zip")))).toBe(true);
  });

  test("the deploy pipeline's grant is an output document on exactly the function", () => {
    expect(main.data.aws_iam_policy_document.deploy_policy.statement[0]).toMatchObject({ sid: "DeployFunction", resources: ["${aws_lambda_function.function.arn}"] });
    expect(read("modules/lambda-http-api/outputs.tf.json").output.deploy_policy_json.value).toBe("${data.aws_iam_policy_document.deploy_policy.json}");
  });
});

describe("postgres-database", () => {
  const main = read("modules/postgres-database/main.tf.json");
  const r = main.resource;

  test("one ingress rule on 5432 per client group, keyed by position, and no other way in", () => {
    expect(main.locals.client_security_groups).toBe("${{ for i, id in var.client_security_group_ids : tostring(i) => id }}");
    expect(r.aws_security_group_rule.ingress_from_client).toMatchObject({
      for_each: "${local.client_security_groups}",
      type: "ingress",
      from_port: 5432,
      to_port: 5432,
      source_security_group_id: "${each.value}",
      security_group_id: "${aws_security_group.security_group.id}",
    });
    expect(Object.keys(r.aws_security_group_rule)).toEqual(["ingress_from_client"]);
    expect(r.aws_db_instance.instance.publicly_accessible).toBe(false);
  });

  test("choices become comparisons of the inputs, the family comes from the major version", () => {
    const db = r.aws_db_instance.instance;
    expect(db.multi_az).toBe('${(var.deployment == "multiAz")}');
    expect(db.deletion_protection).toBe('${(var.deletion_protection == "enabled")}');
    expect(db.skip_final_snapshot).toBe('${(var.final_snapshot == "skip")}');
    expect(r.aws_db_parameter_group.parameter_group.family).toBe('postgres${element(split(".", var.engine_version), 0)}');
    expect(db.manage_master_user_password).toBe(true);
    expect(db.storage_encrypted).toBe(true);
  });

  test("Enhanced Monitoring's role exists only with an interval; the instance names it or nothing", () => {
    expect(r.aws_iam_role.monitoring_role.count).toBe("${var.monitoring_interval_seconds > 0 ? 1 : 0}");
    expect(main.data.aws_iam_policy_document.monitoring_trust.count).toBe("${var.monitoring_interval_seconds > 0 ? 1 : 0}");
    expect(r.aws_db_instance.instance.monitoring_role_arn).toBe("${one(aws_iam_role.monitoring_role[*].arn)}");
  });

  test("a rule across two inputs has a validation block of its own, after the variable's own rules", () => {
    const blocks = read("modules/postgres-database/variables.tf.json").variable.backup_window.validation;
    expect(blocks).toHaveLength(2);
    expect(blocks[0].condition).not.toContain("var.maintenance_window");
    expect(blocks[1].condition).toContain("var.maintenance_window");
  });
});

describe("the modules' git source", () => {
  test("comes from package.json's repository.url, in the git:: form Terraform fetches", () => {
    expect(gitSource("git+https://github.com/acme/infra.git")).toBe("git::https://github.com/acme/infra.git");
    expect(gitSource("https://gitlab.example.com/acme/infra.git")).toBe("git::https://gitlab.example.com/acme/infra.git");
    expect(gitSource("git@github.com:acme/infra.git")).toBe("git::ssh://git@github.com/acme/infra.git");
    expect(() => gitSource("acme/infra")).toThrow('package.json repository.url "acme/infra" is not an https:// or git@ URL; set it to the repository teams clone the modules from');
    const url = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { repository: { url: string } }).repository.url;
    expect(String(files.get("modules/job-queue/README.md"))).toContain(`source = "${gitSource(url)}//modules/job-queue?ref=job-queue-v`);
  });
});

describe("moto overrides of the e2e", () => {
  test("resources moto cannot create are left out with for_each = {}, buckets made destroyable, with a note each", () => {
    const queue = moduleOverride("job-queue", read("modules/job-queue/main.tf.json"));
    expect(queue.override).toEqual({ resource: { aws_sqs_queue_redrive_allow_policy: { redrive_allow_policy: { for_each: {} } } } });
    expect(queue.notes).toEqual([expect.stringMatching(/^job-queue: not applied: aws_sqs_queue_redrive_allow_policy\.redrive_allow_policy \(moto/)]);
    const buckets = moduleOverride("data-bucket", read("modules/data-bucket/main.tf.json"));
    expect(buckets.override).toEqual({ resource: { aws_s3_bucket: { access_log_bucket: { force_destroy: true }, bucket: { force_destroy: true } } } });
    expect(moduleOverride("workload-identity", read("modules/workload-identity/main.tf.json")).override).toEqual({});
  });
});

describe("--check", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "modules-check-"));
    fs.writeFileSync(path.join(dir, "package.json"), "{}");
    write(dir, files);
    fs.copyFileSync(path.join(ROOT, "modules", "CHANGELOG.md"), path.join(dir, "modules", "CHANGELOG.md"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const quietly = (run: () => number): { code: number; stderr: string } => {
    const chunks: string[] = [];
    const spy = jest.spyOn(process.stderr, "write").mockImplementation((c) => (chunks.push(String(c)), true));
    const out = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      return { code: run(), stderr: chunks.join("") };
    } finally {
      spy.mockRestore();
      out.mockRestore();
    }
  };

  test("passes on a fresh generation", () => {
    expect(quietly(() => main(["--check"], dir)).code).toBe(0);
  });

  test("names a hand-edited file and its first differing line, and fails", () => {
    const file = path.join(dir, "modules", "job-queue", "variables.tf.json");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("0 to 43200", "0 to 99999"));
    const { code, stderr } = quietly(() => main(["--check"], dir));
    expect(code).toBe(1);
    expect(stderr).toMatch(/differs: modules\/job-queue\/variables\.tf\.json \(line \d+: committed .*99999/);
    expect(stderr).toContain("run `npm run modules` and commit");
  });

  test("names a copied file whose bytes differ from its source", () => {
    const file = path.join(dir, "modules", "lambda-http-api", "placeholder.zip");
    fs.appendFileSync(file, Buffer.from([0]));
    const { code, stderr } = quietly(() => main(["--check"], dir));
    expect(code).toBe(1);
    expect(stderr).toContain("differs: modules/lambda-http-api/placeholder.zip (not the bytes of its source)");
  });

  test("names a missing file and a file the generator does not write", () => {
    fs.rmSync(path.join(dir, "examples", "job-queue", "main.tf"));
    fs.writeFileSync(path.join(dir, "modules", "job-queue", "extra.tf"), "# hand-written\n");
    const { code, stderr } = quietly(() => main(["--check"], dir));
    expect(code).toBe(1);
    expect(stderr).toContain("missing: examples/job-queue/main.tf");
    expect(stderr).toContain("not generated: modules/job-queue/extra.tf");
  });

  test("refuses an unknown argument", () => {
    expect(quietly(() => main(["--chek"], dir)).code).toBe(2);
  });
});

describe("versions", () => {
  const base: ModuleInterface = {
    name: "job-queue",
    version: "1.2.0",
    variables: { name_prefix: { type: "string", required: true }, tags: { type: "map(string)", required: false } },
    outputs: ["queue_urls"],
  };
  const changelog = "## [job-queue 1.2.0] - x\n## [job-queue 1.3.0] - x\n## [job-queue 2.0.0] - x\n";
  const v = (version: string, change: Partial<ModuleInterface> = {}): ModuleInterface => ({ ...base, version, ...change });

  test("removing or renaming an input or output, changing a type or adding a required input is breaking", () => {
    expect(breakingChanges(base, v("1.2.0", { variables: { name_prefix: base.variables.name_prefix } }))).toEqual(["input tags was removed or renamed"]);
    expect(breakingChanges(base, v("1.2.0", { outputs: [] }))).toEqual(["output queue_urls was removed or renamed"]);
    expect(breakingChanges(base, v("1.2.0", { variables: { ...base.variables, tags: { type: "map(any)", required: false } } }))).toEqual(["input tags changed type from map(string) to map(any)"]);
    expect(breakingChanges(base, v("1.2.0", { variables: { ...base.variables, owner: { type: "string", required: true } } }))).toEqual(["new required input owner"]);
    expect(breakingChanges(base, v("1.2.0", { variables: { ...base.variables, owner: { type: "string", required: false } }, outputs: ["queue_urls", "key_arn"] }))).toEqual([]);
  });

  test("a breaking change needs a major version, with a message saying which", () => {
    const after = v("1.3.0", { outputs: [] });
    expect(versionProblems(base, after, changelog)).toEqual([
      "job-queue: breaking interface change (output queue_urls was removed or renamed) needs a major version: 1.2.0 -> 2.0.0 (now 1.3.0); set it in tools/modules/job-queue.ts and add a CHANGELOG entry",
    ]);
    expect(versionProblems(base, v("2.0.0", { outputs: [] }), changelog)).toEqual([]);
  });

  test("an added optional input needs a new version; an unchanged interface does not", () => {
    const added = { variables: { ...base.variables, owner: { type: "string", required: false } } };
    expect(versionProblems(base, v("1.2.0", added), changelog)).toEqual([
      "job-queue: the interface changed (inputs or outputs) but the version is still 1.2.0; bump the minor version and add a CHANGELOG entry",
    ]);
    expect(versionProblems(base, v("1.3.0", added), changelog)).toEqual([]);
    expect(versionProblems(base, v("1.2.0"), changelog)).toEqual([]);
  });

  test("every version needs its CHANGELOG entry", () => {
    expect(versionProblems(base, v("1.2.1"), changelog)).toEqual(['job-queue 1.2.1 has no entry "## [job-queue 1.2.1] - <date>" in modules/CHANGELOG.md; add one']);
  });

  test("the committed versions.json, interface.json and CHANGELOG agree with the definitions", () => {
    const committed = JSON.parse(fs.readFileSync(path.join(ROOT, "modules", "versions.json"), "utf8")) as Record<string, string>;
    const changelog = fs.readFileSync(path.join(ROOT, "modules", "CHANGELOG.md"), "utf8");
    for (const def of MODULES) {
      expect(committed[def.name]).toBe(def.version);
      expect(changelog).toContain(`## [${def.name} ${def.version}]`);
    }
  });
});

describe("validation wording", () => {
  const blocks = (name: string): { condition: string; error_message: string }[] => read("modules/job-queue/variables.tf.json").variable[name].validation;

  test("each validation block carries the validator's own text for the mistake, in snake_case", () => {
    const [p] = probeJobQueues({ queues: [{ name: "jobs", visibilityTimeoutSeconds: 60, messageRetentionDays: 4, maxReceiveCount: 5000 }] });
    expect(p).toMatchObject({ path: "queues[0].maxReceiveCount", problem: "is out of range", allowed: "an integer from 1 to 1000" });
    // Inside the quoted string of the `for` expression a newline is written `\n`.
    const expected = `"queues[\${i}].max_receive_count: \${jsonencode(x.max_receive_count)} ${p.problem}\\n    allowed: ${p.allowed}\\n    fix: ${p.fix}"`;
    expect(blocks("queues").map((b) => b.error_message).filter((m) => m.includes(expected))).toHaveLength(1);
  });

  test("a probe that no longer reports the problem fails the generation instead of emitting a wrong message", () => {
    expect(() => probeProblem(probeJobQueues, { namePrefix: "chatbot-dev" }, "namePrefix")).toThrow(/reported 0 problems at namePrefix/);
  });
});
