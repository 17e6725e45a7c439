/**
 * State across accounts: the roles the bootstrap stack creates, what every backend and
 * remote-state read assumes, single-account setups without roles, and read-only plans.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { ENVIRONMENTS, SHARED, STATE } from "../environments";
import { parseBackendSettings } from "../lib/backend";
import { stateRoleSpecs } from "../lib/state-access";
import { EnvironmentConfig, StateConfig } from "../lib/config";
import { ConfigError } from "../lib/errors";
import { buildApp } from "../stacks";
import { BootstrapStack } from "../stacks/bootstrap-stack";
import { readRoles, stateReadOverride } from "../tools/plan-override";
import { synthFakeCloudBootstrap } from "../tools/fake-cloud-bootstrap";
import backendJson from "../backend.tf.json";
import { backendSettings, resources, synthStack, TfJson } from "./helpers";

/** Every stack of an app built from `envs`, synthesized as a whole (cross-stack references resolved). */
function appStacks(envs: readonly EnvironmentConfig[] = ENVIRONMENTS, state: StateConfig = STATE, shared = SHARED): (stack: string) => TfJson {
  const app = Testing.app();
  buildApp(app, { environments: envs, allEnvironments: envs, shared, backendSettings, state });
  app.synth();
  return (stack) => JSON.parse(fs.readFileSync(path.join(app.outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
}

/** A stack's `aws_iam_policy_document` whose logical id starts with `prefix`. */
function policyDocument(json: TfJson, prefix: string): any {
  const doc = Object.entries<any>(json.data!.aws_iam_policy_document).find(([id]) => id.startsWith(prefix));
  if (!doc) {
    throw new Error(`no policy document ${prefix}*`);
  }
  return doc[1];
}

/** The statements of a state-access role's inline policy in the bootstrap stack, by construct id part. */
function statements(json: TfJson, idPart: string): any[] {
  return policyDocument(json, `StateAccess${idPart}_PolicyDocument`).statement;
}

const actionsOf = (stmts: any[]): string[] => stmts.flatMap((s) => s.actions);

describe("the bootstrap stack's state-access roles", () => {
  const bootstrap = appStacks()("bootstrap");

  test("one read-write and one read-only role per environment and per account's shared stack; none for the state account or a test environment", () => {
    expect(resources(bootstrap, "aws_iam_role").map((r) => r.name).sort()).toEqual([
      "chatbot-dev-state",
      "chatbot-dev-state-read",
      "chatbot-prod-state",
      "chatbot-prod-state-read",
      "chatbot-shared-111111111111-state",
      "chatbot-shared-111111111111-state-read",
      "chatbot-shared-222222222222-state",
      "chatbot-shared-222222222222-state-read",
      "chatbot-shared-333333333333-state",
      "chatbot-shared-333333333333-state-read",
      "chatbot-staging-state",
      "chatbot-staging-state-read",
    ]);
  });

  test("a read-write role writes only its own environment's state and locks, and reads shared state", () => {
    const stmts = statements(bootstrap, "ProdReadWrite");
    const bucket = "${aws_s3_bucket.StateBackend_StateBucket_256E7CED.arn}";
    expect(stmts.find((s) => s.sid === "WriteOwnState").resources).toEqual([`${bucket}/prod/*`]);
    expect(stmts.find((s) => s.sid === "ReadState").resources).toEqual([`${bucket}/prod/*`, `${bucket}/shared/*`]);
    expect(stmts.find((s) => s.sid === "LockOwnState").condition[0]).toEqual({
      test: "ForAllValues:StringLike",
      variable: "dynamodb:LeadingKeys",
      values: ["${aws_s3_bucket.StateBackend_StateBucket_256E7CED.bucket}/prod/*"],
    });
    expect(stmts.find((s) => s.sid === "UseStateKey").resources).toEqual(["${aws_kms_key.StateBackend_StateKey_5E45399D.arn}"]);
    // Nothing of another environment.
    expect(JSON.stringify(stmts)).not.toMatch(/\/(dev|staging|local)\//);
  });

  test("no principal of a test environment's (fake) account is trusted by the real state account", () => {
    expect(JSON.stringify(bootstrap)).not.toContain("123456789012");
    // The fake-cloud tier composes its bootstrap with the test environments' roles itself.
    const all = stateRoleSpecs(ENVIRONMENTS, ["123456789012"], STATE).map((r) => r.roleName);
    expect(all).toEqual(expect.arrayContaining(["chatbot-local-state", "chatbot-local-state-read", "chatbot-shared-123456789012-state"]));
  });

  test("listing the bucket is unconditioned: a first plan's HeadObject of a missing key must get 404, not 403", () => {
    for (const role of ["DevReadWrite", "DevRead", "Shared111111111111", "Shared111111111111Read"]) {
      const list = statements(bootstrap, role).find((st) => st.sid === "ListStateBucket");
      expect(list).toEqual({ sid: "ListStateBucket", effect: "Allow", actions: ["s3:ListBucket"], resources: ["${aws_s3_bucket.StateBackend_StateBucket_256E7CED.arn}"] });
    }
  });

  test("a read-only role can neither write state, nor take a lock, nor encrypt", () => {
    const actions = actionsOf(statements(bootstrap, "DevRead"));
    expect(actions.sort()).toEqual(["dynamodb:DescribeTable", "dynamodb:GetItem", "kms:Decrypt", "kms:DescribeKey", "s3:GetObject", "s3:ListBucket"]);
  });

  test("a shared stack's read-only role is trusted by the GitHub roles of the account's environments", () => {
    const trust = policyDocument(bootstrap, "StateAccessShared111111111111Read_Trust");
    expect(trust.statement[0].condition[0].values).toEqual([
      "arn:aws:iam::111111111111:role/chatbot-dev-github-plan",
      "arn:aws:iam::111111111111:role/chatbot-dev-github-deploy",
      "arn:aws:iam::111111111111:role/chatbot-platform-apply",
      ...STATE.administratorArns,
    ]);
  });

  test("a shared stack's role owns exactly its one state object and its lock", () => {
    const stmts = statements(bootstrap, "Shared111111111111");
    const bucket = "${aws_s3_bucket.StateBackend_StateBucket_256E7CED.arn}";
    expect(stmts.find((s) => s.sid === "WriteOwnState").resources).toEqual([`${bucket}/shared/111111111111.tfstate`, `${bucket}/shared/111111111111.tfstate.tflock`]);
    // Unlocking reads the lock file before deleting it.
    expect(stmts.find((s) => s.sid === "ReadState").resources).toEqual([`${bucket}/shared/111111111111.tfstate`, `${bucket}/shared/111111111111.tfstate.tflock`]);
    expect(stmts.find((s) => s.sid === "LockOwnState").condition[0].values).toEqual([
      "${aws_s3_bucket.StateBackend_StateBucket_256E7CED.bucket}/shared/111111111111.tfstate",
      "${aws_s3_bucket.StateBackend_StateBucket_256E7CED.bucket}/shared/111111111111.tfstate-md5",
    ]);
  });

  test("trust: account roots, pinned to the exact principals (which need not exist yet)", () => {
    const trust = policyDocument(bootstrap, "StateAccessProdReadWrite_Trust");
    expect(trust.statement).toEqual([
      {
        sid: "TrustedPrincipals",
        effect: "Allow",
        actions: ["sts:AssumeRole", "sts:SetSourceIdentity"],
        principals: [{ type: "AWS", identifiers: ["arn:aws:iam::333333333333:root", "arn:aws:iam::444444444444:root"] }],
        condition: [{ test: "ArnEquals", variable: "aws:PrincipalArn", values: ["arn:aws:iam::333333333333:role/chatbot-platform-apply", ...STATE.administratorArns] }],
      },
    ]);
    const read = policyDocument(bootstrap, "StateAccessProdRead_Trust");
    expect(read.statement[0].condition[0].values).toEqual([
      "arn:aws:iam::333333333333:role/chatbot-prod-github-plan",
      "arn:aws:iam::333333333333:role/chatbot-prod-github-deploy",
      "arn:aws:iam::333333333333:role/chatbot-platform-apply",
      ...STATE.administratorArns,
    ]);
  });

  test("after migration the bootstrap stack keeps its state in the bucket it created, with the administrator's credentials", () => {
    const json = synthStack(new BootstrapStack(Testing.app(), { settings: backendSettings, state: { ...STATE, bootstrapState: "s3" } }));
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: backendSettings.bucket,
        key: "bootstrap/terraform.tfstate",
        region: backendSettings.region,
        encrypt: true,
        kms_key_id: backendSettings.kmsKeyId,
        dynamodb_table: backendSettings.dynamodbTable,
      },
    });
  });
});

describe("backends and remote-state reads", () => {
  const stack = appStacks();

  test("every S3 backend of an environment and of a shared stack in another account assumes its role", () => {
    expect(stack("prod-data").terraform.backend.s3.assume_role).toEqual({ role_arn: "arn:aws:iam::444444444444:role/chatbot-prod-state", session_name: "prod-data" });
    expect(stack("shared-222222222222").terraform.backend.s3.assume_role).toEqual({
      role_arn: "arn:aws:iam::444444444444:role/chatbot-shared-222222222222-state",
      session_name: "shared-222222222222",
    });
    // The state account's own shared stack runs with the state account's credentials.
    expect(stack("shared-444444444444").terraform.backend.s3.assume_role).toBeUndefined();
  });

  test("a remote-state read uses the reading stack's role, never the producer's, and no lock table", () => {
    const reads = stack("staging-delivery").data!.terraform_remote_state;
    for (const producer of ["shared-222222222222", "shared-444444444444", "staging-serverless"]) {
      const config = reads[`cross-stack-reference-input-${producer}`].config;
      expect(config.assume_role.role_arn).toBe("arn:aws:iam::444444444444:role/chatbot-staging-state");
      expect(config.dynamodb_table).toBeUndefined();
      expect(config.kms_key_id).toBe(backendSettings.kmsKeyId);
    }
  });

  test("the GitHub roles only assume the environment's read-only state role", () => {
    const delivery = stack("dev-delivery");
    const access = Object.entries<any>(delivery.data!.aws_iam_policy_document).filter(([id]) => id.includes("StateAccessPolicyDocument"));
    expect(access).toHaveLength(2);
    for (const [, doc] of access) {
      expect(doc.statement).toEqual([
        {
          sid: "AssumeStateAccessRole",
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          resources: ["arn:aws:iam::444444444444:role/chatbot-dev-state-read", "arn:aws:iam::444444444444:role/chatbot-shared-111111111111-state-read"],
        },
      ]);
    }
    // Reached through the role, the state key needs no exception from the plan role's decrypt deny.
    const deny = policyDocument(delivery, "PlanRole_DenySecretReadsPolicyDocument");
    expect(deny.statement[0].condition).toBeUndefined();
  });
});

describe("a single-account setup", () => {
  const single: StateConfig = { ...STATE, accountId: "111111111111" };
  const dev = ENVIRONMENTS.find((e) => e.name === "dev")!;
  const stack = appStacks([dev], single, { ...SHARED, registryAccountId: "111111111111" });

  test("the environment in the state account uses its own credentials: no role anywhere", () => {
    expect(stack("dev-network").terraform.backend.s3.assume_role).toBeUndefined();
    expect(stack("dev-delivery").data!.terraform_remote_state["cross-stack-reference-input-dev-serverless"].config.assume_role).toBeUndefined();
    expect(resources(stack("bootstrap"), "aws_iam_role").map((r) => r.name)).toEqual([]);
  });

  test("the GitHub roles read state directly: list the bucket, read digests of their own prefix, take no lock", () => {
    const delivery = stack("dev-delivery");
    for (const role of ["PlanRole", "DeployRole"]) {
      const doc = policyDocument(delivery, `${role}_StateReadPolicyDocument`);
      const actions = doc.statement.flatMap((st: any) => st.actions);
      expect(actions).not.toEqual(expect.arrayContaining(["dynamodb:PutItem"]));
      expect(actions).not.toContain("dynamodb:DeleteItem");
      expect(actions).not.toContain("s3:PutObject");
      expect(doc.statement.find((st: any) => st.sid === "StateLockRead").condition).toEqual([
        { test: "ForAllValues:StringLike", variable: "dynamodb:LeadingKeys", values: [`${backendSettings.bucket}/dev/*`] },
      ]);
      expect(doc.statement.find((st: any) => st.sid === "ListStateBucket").condition).toBeUndefined();
    }
  });

  test("the plan role reads state directly, and its decrypt deny spares only the state key", () => {
    const delivery = stack("dev-delivery");
    expect(Object.keys(delivery.data!.aws_iam_policy_document).some((id) => id.startsWith("PlanRole_StateReadPolicyDocument"))).toBe(true);
    const deny = policyDocument(delivery, "PlanRole_DenySecretReadsPolicyDocument");
    expect(deny.statement[0].condition).toEqual([{ test: "ForAllValues:StringNotEquals", variable: "kms:ResourceAliases", values: [backendSettings.kmsKeyAlias] }]);
  });
});

describe("read-only plans (tools/plan-override)", () => {
  const stack = appStacks();

  test("swaps the backend's and every remote-state read's role for the read-only one, keeping every other setting", () => {
    const original = stack("dev-delivery");
    const override = stateReadOverride(original, readRoles(), "dev-delivery")!;
    expect(override.terraform.backend.s3).toEqual({
      ...original.terraform.backend.s3,
      assume_role: { role_arn: "arn:aws:iam::444444444444:role/chatbot-dev-state-read", session_name: "dev-delivery" },
    });
    const reads = Object.values<any>(override.data.terraform_remote_state);
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) {
      expect(read.config.assume_role.role_arn).toBe("arn:aws:iam::444444444444:role/chatbot-dev-state-read");
      expect(read.config.bucket).toBe(backendSettings.bucket);
    }
  });

  test("a shared stack in an environment account is read through its own read-only role", () => {
    const override = stateReadOverride(stack("shared-111111111111"), readRoles(), "shared-111111111111")!;
    expect(override.terraform.backend.s3.assume_role.role_arn).toBe("arn:aws:iam::444444444444:role/chatbot-shared-111111111111-state-read");
  });

  test("refuses a role it does not know, naming it", () => {
    const foreign = { terraform: { backend: { s3: { bucket: "b", assume_role: { role_arn: "arn:aws:iam::444444444444:role/other" } } } } };
    expect(() => stateReadOverride(foreign, readRoles(), "x")).toThrow("x: terraform.backend.s3 assumes arn:aws:iam::444444444444:role/other, which is no state-access role of environments/");
  });

  test("has nothing to do for a stack in the state account", () => {
    expect(stateReadOverride(stack("shared-444444444444"), readRoles(), "shared-444444444444")).toBeUndefined();
  });
});

describe("the fake cloud's bootstrap (tools/fake-cloud-bootstrap)", () => {
  test("is the real bootstrap plus the test environments' roles, before or after migration", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-bootstrap-"));
    try {
      const read = (location: "local" | "s3"): TfJson => JSON.parse(fs.readFileSync(path.join(synthFakeCloudBootstrap(path.join(outdir, location), location), "cdk.tf.json"), "utf8"));
      const real = appStacks()("bootstrap");
      const fake = read("local");
      const names = (json: TfJson) => resources(json, "aws_iam_role").map((r) => r.name).sort();
      const extra = names(fake).filter((n) => !names(real).includes(n));
      // `remote` (Terraform Cloud) reads only shared/ state: a read role, no read-write one.
      expect(extra).toEqual(["chatbot-local-state", "chatbot-local-state-read", "chatbot-remote-state-read", "chatbot-shared-123456789012-state", "chatbot-shared-123456789012-state-read"]);
      expect(resources(fake, "aws_s3_bucket")).toEqual(resources(real, "aws_s3_bucket"));
      expect(fake.terraform.backend).toEqual(real.terraform.backend);
      expect(read("s3").terraform.backend.s3.key).toBe("bootstrap/terraform.tfstate");
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe("backend.tf.json's key", () => {
  const arn = "arn:aws:kms:ap-southeast-2:444444444444:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
  const withKey = (kms: string) => ({ terraform: { backend: { s3: { ...backendJson.terraform.backend.s3, kms_key_id: kms } } } });

  test("may be the key's ARN; the bootstrap alias then stays the default", () => {
    const settings = parseBackendSettings(withKey(arn), "backend.tf.json", "444444444444");
    expect(settings.kmsKeyId).toBe(arn);
    expect(settings.kmsKeyAlias).toBe("alias/chatbot-platform-tfstate");
  });

  test("a key of another account or region is refused, naming both", () => {
    const other = arn.replace("444444444444", "111111111111").replace("ap-southeast-2", "us-east-1");
    let error: unknown;
    try {
      parseBackendSettings(withKey(other), "backend.tf.json", "444444444444");
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(`backend.tf.json:terraform.backend.s3.kms_key_id: "${other}" is a key in us-east-1, not in the bucket's region ap-southeast-2`);
    expect(message).toContain("is a key of account 111111111111, not of the state account 444444444444");
  });
});
