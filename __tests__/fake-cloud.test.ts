import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Manifest, ManifestStack, StackJson } from "../tools/lib/cdktf-out";
import { JsonObject } from "../tools/lib/json";
import { runCommand } from "../tools/fake-cloud";
import { applyOrder } from "../tools/fake-cloud/order";
import { motoBackendSettings, overrideFor, pinnedAccounts } from "../tools/fake-cloud/overrides";

const ENDPOINT = "https://127.0.0.1:4567";

/** A stack file as the reader gives it. */
function stackJson(raw: { [k: string]: JsonObject }): StackJson {
  return {
    raw,
    terraform: raw.terraform ?? {},
    provider: (raw.provider ?? {}) as StackJson["provider"],
    resource: (raw.resource ?? {}) as StackJson["resource"],
    data: (raw.data ?? {}) as StackJson["data"],
    output: (raw.output ?? {}) as StackJson["output"],
  };
}

const S3_BACKEND = { bucket: "state", key: "local/network.tfstate", region: "ap-southeast-2", assume_role: { role_arn: "arn:aws:iam::444444444444:role/chatbot-local-state" } };

const NETWORK = stackJson({
  terraform: { backend: { s3: S3_BACKEND } },
  provider: { aws: [{ region: "ap-southeast-2", allowed_account_ids: ["123456789012"] }] } as unknown as JsonObject,
  data: { terraform_remote_state: { "cross-stack-reference-input-local-shared": { backend: "s3", config: { bucket: "state", key: "shared.tfstate" } }, other: { backend: "local", config: {} } } },
  resource: {
    aws_sqs_queue_redrive_allow_policy: { Allow: { queue_url: "q" } },
    aws_lambda_function: { Fn: { replace_security_groups_on_destroy: true }, Plain: { function_name: "p" } },
  },
});

describe("overrideFor", () => {
  const { override, notes } = overrideFor(NETWORK, "local-network", ENDPOINT);

  test("points the provider at moto with skip flags only: no credentials, role or account pin", () => {
    expect(override.provider).toEqual({
      aws: [{ skip_credentials_validation: true, skip_metadata_api_check: true, skip_region_validation: true, s3_use_path_style: true, max_retries: 2 }],
    });
  });

  test("repeats the S3 backend whole, assume_role included, and adds moto's endpoints and flags", () => {
    expect(override.terraform).toEqual({ backend: { s3: { ...S3_BACKEND, ...motoBackendSettings(ENDPOINT) } } });
    expect(Object.keys((override.terraform as { backend: { s3: JsonObject } }).backend.s3).slice(0, 4)).toEqual(["bucket", "key", "region", "assume_role"]);
  });

  test("points S3 remote-state reads at moto and leaves other backends' reads alone", () => {
    expect(override.data).toEqual({
      terraform_remote_state: { "cross-stack-reference-input-local-shared": { config: { bucket: "state", key: "shared.tfstate", ...motoBackendSettings(ENDPOINT) } } },
    });
  });

  test("leaves out what moto cannot create and adjusts what it cannot serve, saying why", () => {
    expect(override.resource).toEqual({
      aws_sqs_queue_redrive_allow_policy: { Allow: { count: 0 } },
      aws_lambda_function: { Fn: { replace_security_groups_on_destroy: false } },
    });
    expect(notes).toEqual([
      expect.stringMatching(/^local-network: not applied: aws_sqs_queue_redrive_allow_policy\.Allow \(moto 5\.2\.5 ignores the RedriveAllowPolicy/),
      expect.stringMatching(/^local-network: aws_lambda_function\.Fn\.replace_security_groups_on_destroy = false for moto \(moto 5\.2\.5 reports VpcId/),
    ]);
  });

  test("writes given credentials into the provider and every S3 setting", () => {
    const creds = { access_key: "AK", secret_key: "SK", token: "T" };
    const { override: o } = overrideFor(NETWORK, "local-network", ENDPOINT, creds);
    expect((o.provider as { aws: JsonObject[] }).aws[0]).toMatchObject(creds);
    expect((o.terraform as { backend: { s3: JsonObject } }).backend.s3).toMatchObject({ ...creds, assume_role: S3_BACKEND.assume_role });
  });

  test("refuses credentials that would change the backend's assume_role", () => {
    const creds = { access_key: "AK", secret_key: "SK", assume_role: { role_arn: "x" } } as never;
    expect(() => overrideFor(NETWORK, "local-network", ENDPOINT, creds)).toThrow("local-network: the override would change the backend's assume_role");
  });

  test("makes bootstrap's state resources destroyable and drops its TLS-only bucket policy for moto", () => {
    const bootstrap = stackJson({
      terraform: { backend: { local: { path: "../../state/bootstrap.tfstate" } } },
      resource: {
        aws_s3_bucket: { StateBackend_StateBucket_1: {} },
        aws_dynamodb_table: { StateBackend_LockTable_2: {} },
        aws_kms_key: { StateBackend_Key_3: {} },
        aws_s3_bucket_policy: { StateBackend_StateBucketPolicy_4: {}, Other: {} },
      },
    });
    const { override: o, notes } = overrideFor(bootstrap, "bootstrap", ENDPOINT);
    expect(o.terraform).toBeUndefined();
    expect(o.data).toBeUndefined();
    expect(o.resource).toEqual({
      aws_s3_bucket: { StateBackend_StateBucket_1: { force_destroy: true, lifecycle: { prevent_destroy: false } } },
      aws_dynamodb_table: { StateBackend_LockTable_2: { deletion_protection_enabled: false, lifecycle: { prevent_destroy: false } } },
      aws_kms_key: { StateBackend_Key_3: { deletion_window_in_days: 7, lifecycle: { prevent_destroy: false } } },
      aws_s3_bucket_policy: { StateBackend_StateBucketPolicy_4: { count: 0 } },
    });
    expect(notes).toEqual([]);
  });

  test("adds no resource overrides to a stack that needs none", () => {
    expect(overrideFor(stackJson({ provider: { aws: [{}] } as unknown as JsonObject }), "local-data", ENDPOINT).override).toEqual({
      provider: { aws: [expect.any(Object)] },
    });
  });

  test("points every aliased AWS provider at moto too, by its alias (the edge's us_east_1)", () => {
    const edge = stackJson({ provider: { aws: [{ region: "ap-southeast-2" }, { alias: "us_east_1", region: "us-east-1" }] } as unknown as JsonObject });
    const providers = (overrideFor(edge, "local-edge", ENDPOINT).override.provider as JsonObject).aws as JsonObject[];
    expect(providers.map((p) => p.alias)).toEqual([undefined, "us_east_1"]);
    expect(providers[1]).toMatchObject({ skip_credentials_validation: true, max_retries: 2 });
    expect(providers[1].region).toBeUndefined();
  });
});

describe("pinnedAccounts", () => {
  test("reads the first AWS provider's allowed_account_ids", () => {
    expect(pinnedAccounts(NETWORK)).toEqual(["123456789012"]);
    expect(pinnedAccounts(stackJson({}))).toEqual([]);
  });
});

describe("applyOrder", () => {
  const entry = (name: string, dependencies: string[] = []): ManifestStack => ({
    name,
    constructPath: name,
    synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
    workingDirectory: `stacks/${name}`,
    dependencies,
    annotations: [],
  });
  const manifest = (...stacks: ManifestStack[]): Manifest => ({ version: "0.21.0", stacks: Object.fromEntries(stacks.map((s) => [s.name, s])) });

  test("puts bootstrap first, then the environment's stacks and the shared stacks they need, dependencies first, layers in order", () => {
    const m = manifest(
      entry("bootstrap"),
      entry("dev-network"),
      entry("local-apps", ["local-network"]),
      entry("local-data", ["local-network"]),
      entry("local-network", ["shared-123"]),
      entry("local-serverless", ["local-network", "local-data"]),
      entry("shared-123"),
      entry("shared-999"),
    );
    expect(applyOrder(m, "local")).toEqual(["bootstrap", "shared-123", "local-network", "local-data", "local-serverless", "local-apps"]);
  });

  test("names the stacks of a dependency cycle", () => {
    expect(() => applyOrder(manifest(entry("bootstrap"), entry("local-data", ["local-network"]), entry("local-network", ["local-data"])), "local")).toThrow(
      "dependency cycle among ['local-data', 'local-network']",
    );
  });

  test("refuses a stack in no layer", () => {
    expect(() => applyOrder(manifest(entry("bootstrap"), entry("local-cache")), "local")).toThrow(/stack local-cache is in no layer/);
  });
});

describe("command line", () => {
  test("override writes e2e_override.tf.json as the Python tier did and prints what the tier needs", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-cloud-test-"));
    try {
      fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(NETWORK.raw));
      const printed = JSON.parse(runCommand(["override", dir, "local-network", ENDPOINT, "--credentials-json", '{"access_key":"AK","secret_key":"SK"}']));
      expect(printed).toEqual({ notes: expect.any(Array), account: "123456789012", accounts: ["123456789012"], stack: NETWORK.raw });
      const written = fs.readFileSync(path.join(dir, "e2e_override.tf.json"), "utf8");
      expect(written.startsWith('{\n  "provider": {\n    "aws": [\n      {\n        "skip_credentials_validation": true,')).toBe(true);
      expect(written.endsWith("}")).toBe(true);
      expect(JSON.parse(written)).toEqual(overrideFor(NETWORK, "local-network", ENDPOINT, { access_key: "AK", secret_key: "SK" }).override);
      expect(JSON.parse(runCommand(["accounts", dir]))).toEqual(["123456789012"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("refuses a wrong command line", () => {
    expect(() => runCommand(["override", "dir"])).toThrow("override takes <stack dir> <stack> <endpoint>");
    expect(() => runCommand(["override", "d", "s", "e", "--credentials-json", "{}"])).toThrow(/--credentials-json must be/);
    expect(() => runCommand(["nope"])).toThrow("unknown command nope");
  });
});
