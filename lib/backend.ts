/**
 * Reads the shared remote-state settings (`backend.tf.json`) and applies an environment's backend
 * choice to a stack.
 */
import * as fs from "fs";
import * as path from "path";
import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformStack } from "cdktf";
import { BackendConfig } from "./config";
import { ConfigError, ConfigProblem } from "./errors";
import { REGIONS, isSupportedRegion } from "./regions";

/** The S3 backend settings shared by every stack. */
export interface StateBackendSettings {
  /** State bucket name (created by the bootstrap stack). */
  readonly bucket: string;
  /** Region of the bucket and lock table. */
  readonly region: string;
  /** DynamoDB lock table name (hash key `LockID`). */
  readonly dynamodbTable: string;
  /** Encrypt state objects (always true; validated). */
  readonly encrypt: boolean;
  /** KMS key alias the state objects are encrypted with, `alias/<name>`. */
  readonly kmsKeyAlias: string;
}

/** `backend.tf.json` at the repository root, found from both `lib/` (tests) and `dist/lib/` (synth). */
export const BACKEND_FILE = [path.join(__dirname, "..", "backend.tf.json"), path.join(__dirname, "..", "..", "backend.tf.json")].find(
  (candidate) => fs.existsSync(candidate),
) ?? path.join(process.cwd(), "backend.tf.json");

/** 3-51 characters: the bootstrap stack also creates `<bucket>-access-logs`, which must fit in 63. */
const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,49}[a-z0-9]$/;
const TABLE_PATTERN = /^[A-Za-z0-9_.-]{3,255}$/;
const ALIAS_PATTERN = /^alias\/[A-Za-z0-9/_-]{1,250}$/;

/**
 * Parses and validates backend settings from the contents of `backend.tf.json`.
 * `source` names the file in error messages.
 */
export function parseBackendSettings(json: unknown, source = "backend.tf.json"): StateBackendSettings {
  const s3 = (json as { terraform?: { backend?: { s3?: Record<string, unknown> } } })?.terraform?.backend?.s3;
  const base = `${source}:terraform.backend.s3`;
  if (!s3 || typeof s3 !== "object") {
    throw new ConfigError([
      { path: base, value: s3, problem: "is missing", allowed: "an object with bucket, region, dynamodb_table, encrypt, kms_key_id", fix: `restore ${source} from version control` },
    ]);
  }
  const problems: ConfigProblem[] = [];
  const field = (name: string, ok: (v: unknown) => boolean, allowed: string, fix: string): void => {
    if (!ok(s3[name])) {
      problems.push({ path: `${base}.${name}`, value: s3[name], problem: "is not valid", allowed, fix });
    }
  };
  field("bucket", (v) => typeof v === "string" && BUCKET_PATTERN.test(v) && !v.includes(".."), "an S3 bucket name of 3-51 lower-case letters, digits, '.' and '-' (its access-log bucket adds 12 characters to the 63 S3 allows)", "set a bucket name your organization owns");
  field("region", isSupportedRegion, `one of ${REGIONS.join(", ")}`, "set the region the state bucket lives in");
  field("dynamodb_table", (v) => typeof v === "string" && TABLE_PATTERN.test(v), "a DynamoDB table name: 3-255 letters, digits, '_', '-', '.'", "set the lock table name");
  field("encrypt", (v) => v === true, "true (state holds sensitive values)", "set encrypt to true");
  field("kms_key_id", (v) => typeof v === "string" && ALIAS_PATTERN.test(v), "a KMS alias of the form alias/<name>", "set kms_key_id to the alias the bootstrap stack creates, e.g. alias/chatbot-platform-tfstate");
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return {
    bucket: s3.bucket as string,
    region: s3.region as string,
    dynamodbTable: s3.dynamodb_table as string,
    encrypt: true,
    kmsKeyAlias: s3.kms_key_id as string,
  };
}

/** Reads `backend.tf.json` from the repository root. */
export function loadBackendSettings(file = BACKEND_FILE): StateBackendSettings {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new ConfigError([
      { path: file, value: (err as Error).message, problem: "could not be read as JSON", allowed: "a JSON file with terraform.backend.s3 settings", fix: "restore backend.tf.json from version control" },
    ]);
  }
  return parseBackendSettings(json);
}

/** State object key of one stack: `<env>/<layer>.tfstate`. */
export function stateKey(envName: string, layer: string): string {
  return `${envName}/${layer}.tfstate`;
}

/**
 * Configures the backend of an environment stack according to the environment's choice.
 */
export function applyBackend(
  stack: TerraformStack,
  choice: BackendConfig,
  settings: StateBackendSettings,
  envName: string,
  layer: string,
): void {
  switch (choice.kind) {
    case "s3": {
      const locking = choice.locking ?? "dynamodb";
      new S3Backend(stack, {
        bucket: settings.bucket,
        key: stateKey(envName, layer),
        region: settings.region,
        encrypt: settings.encrypt,
        kmsKeyId: settings.kmsKeyAlias,
        dynamodbTable: locking === "lockfile" ? undefined : settings.dynamodbTable,
      });
      if (locking !== "dynamodb") {
        // cdktf 0.21's S3Backend has no useLockfile prop; S3-native locking needs Terraform/OpenTofu >= 1.10.
        stack.addOverride("terraform.backend.s3.use_lockfile", true);
      }
      return;
    }
    case "cloud":
      new CloudBackend(stack, {
        organization: choice.organization,
        hostname: choice.hostname ?? "app.terraform.io",
        workspaces: new NamedCloudWorkspace(`${choice.workspacePrefix ?? "chatbot-"}${envName}-${layer}`),
      });
      return;
    case "local":
      new LocalBackend(stack, { path: `terraform.${envName}-${layer}.tfstate` });
      return;
  }
}
