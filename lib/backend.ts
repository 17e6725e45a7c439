/**
 * Reads the shared remote-state settings (`backend.tf.json`) and applies an environment's backend
 * choice to a stack.
 */
import * as fs from "fs";
import * as path from "path";
import { Construct } from "constructs";
import { CloudBackend, DataTerraformRemoteStateS3, LocalBackend, NamedCloudWorkspace, S3Backend, S3BackendConfig, TerraformRemoteState, TerraformStack } from "cdktf";
import { BackendConfig, CloudBackendConfig } from "./config";
import { ConfigError, ConfigProblem } from "./errors";
import { REGIONS, isSupportedRegion } from "./regions";
import { DEFAULT_WORKSPACE_PREFIX, TERRAFORM_CLOUD_HOST, workspaceName } from "./terraform-cloud";
import { requireTerraform } from "./terraform-version";

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
  /**
   * The state key as backends name it: its ARN, or its alias (`alias/<name>`). Backends in other
   * accounts assume a role in the state account, so an alias resolves there, never in the caller's.
   */
  readonly kmsKeyId: string;
  /** The alias the bootstrap stack gives the state key. */
  readonly kmsKeyAlias: string;
}

/** Alias of the state key when `kms_key_id` is an ARN. */
export const DEFAULT_STATE_KEY_ALIAS = "alias/chatbot-platform-tfstate";

/** `backend.tf.json` at the repository root, found from both `lib/` (tests) and `dist/lib/` (synth). */
export const BACKEND_FILE = [path.join(__dirname, "..", "backend.tf.json"), path.join(__dirname, "..", "..", "backend.tf.json")].find(
  (candidate) => fs.existsSync(candidate),
) ?? path.join(process.cwd(), "backend.tf.json");

/** 3-51 characters: the bootstrap stack also creates `<bucket>-access-logs`, which must fit in 63. */
const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,49}[a-z0-9]$/;
const TABLE_PATTERN = /^[A-Za-z0-9_.-]{3,255}$/;
const ALIAS_PATTERN = /^alias\/[A-Za-z0-9/_-]{1,250}$/;
const KEY_ARN_PATTERN = /^arn:aws(?:-[a-z]+)*:kms:([a-z0-9-]+):(\d{12}):key\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Parses and validates backend settings from the contents of `backend.tf.json`.
 * `source` names the file in error messages.
 */
export function parseBackendSettings(json: unknown, source = "backend.tf.json", stateAccountId?: string): StateBackendSettings {
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
  field(
    "kms_key_id",
    (v) => typeof v === "string" && (ALIAS_PATTERN.test(v) || KEY_ARN_PATTERN.test(v)),
    "a KMS key ARN (arn:aws:kms:<region>:<state account>:key/<id>) or alias (alias/<name>)",
    "set kms_key_id to the key ARN the bootstrap stack prints (output state_kms_key_arn), or to the alias it creates, e.g. alias/chatbot-platform-tfstate",
  );
  const arn = typeof s3.kms_key_id === "string" ? KEY_ARN_PATTERN.exec(s3.kms_key_id) : null;
  if (arn && typeof s3.region === "string" && arn[1] !== s3.region) {
    problems.push({ path: `${base}.kms_key_id`, value: s3.kms_key_id, problem: `is a key in ${arn[1]}, not in the bucket's region ${s3.region}`, allowed: `a key in ${s3.region}`, fix: "use the key the bootstrap stack created (output state_kms_key_arn)" });
  }
  // Compared only with a valid state account (environments/accounts.ts is validated with the
  // environments): against anything else, a mismatch would say nothing.
  if (arn && typeof stateAccountId === "string" && /^\d{12}$/.test(stateAccountId) && arn[2] !== stateAccountId) {
    problems.push({ path: `${base}.kms_key_id`, value: s3.kms_key_id, problem: `is a key of account ${arn[2]}, not of the state account ${stateAccountId}`, allowed: `a key of account ${stateAccountId} (environments/accounts.ts)`, fix: "use the key the bootstrap stack created (output state_kms_key_arn)" });
  }
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return {
    bucket: s3.bucket as string,
    region: s3.region as string,
    dynamodbTable: s3.dynamodb_table as string,
    encrypt: true,
    kmsKeyId: s3.kms_key_id as string,
    kmsKeyAlias: arn ? DEFAULT_STATE_KEY_ALIAS : (s3.kms_key_id as string),
  };
}

/**
 * Reads `backend.tf.json` from the repository root. Problems name the file as given relative to
 * the working directory (`backend.tf.json` when run from the repository root).
 */
export function loadBackendSettings(file = BACKEND_FILE, stateAccountId?: string): StateBackendSettings {
  const source = path.relative(process.cwd(), file) || file;
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new ConfigError([
      { path: source, value: (err as Error).message, problem: "could not be read as JSON", allowed: "a JSON file with terraform.backend.s3 settings", fix: `restore ${source} from version control` },
    ]);
  }
  return parseBackendSettings(json, source, stateAccountId);
}

/** State object key of one stack: `<env>/<layer>.tfstate`. */
export function stateKey(envName: string, layer: string): string {
  return `${envName}/${layer}.tfstate`;
}

/**
 * The S3 backend of a stack. A cross-stack reference reads the producer's state with the
 * *consumer's* state-access role (the role of the stack doing the reading, which may read the
 * state it depends on: its own environment's and `shared/`), never the producer's, and without
 * the lock table (`dynamodb_table` is deprecated and unused in a remote-state read).
 */
export class StateS3Backend extends S3Backend {
  public readonly config: S3BackendConfig;

  constructor(scope: Construct, config: S3BackendConfig) {
    super(scope, config);
    this.config = config;
  }

  public getRemoteStateDataSource(scope: Construct, name: string, _fromStack: string): TerraformRemoteState {
    const { dynamodbTable: _lockTable, assumeRole: producerRole, ...read } = this.config;
    const consumerStack = TerraformStack.of(scope);
    const consumer = consumerStack.node.tryFindChild("backend");
    // A consumer on S3 reads as itself (no role: it is in the state account). A Terraform Cloud
    // run reads through its environment's read-only state role (none in the state account). Any
    // other consumer (local) can only try the producer's role.
    const assumeRole =
      consumer instanceof StateS3Backend
        ? consumer.config.assumeRole
        : consumer instanceof StateCloudBackend
          ? consumer.stateReadRoleArn
            ? { roleArn: consumer.stateReadRoleArn, sessionName: `${consumerStack.node.id}-read`.slice(0, 64) }
            : undefined
          : producerRole;
    return new DataTerraformRemoteStateS3(scope, name, { ...read, ...(assumeRole ? { assumeRole } : {}), workspace: "${terraform.workspace}" });
  }
}

/**
 * The Terraform Cloud backend of a stack: one named workspace. Its outputs can be read only by
 * a stack whose runs are in the same organization on the same host (the workspace shares its
 * state with them, `tfc-<organization>`); a stack anywhere else would need a Terraform Cloud
 * token in its own runs, so synth refuses it with the two stacks named.
 */
export class StateCloudBackend extends CloudBackend {
  constructor(
    scope: Construct,
    public readonly settings: { readonly organization: string; readonly hostname: string; readonly workspace: string },
    /** The state-access role this stack's runs assume to read S3 state (the shared stacks'). */
    public readonly stateReadRoleArn?: string,
  ) {
    super(scope, { organization: settings.organization, hostname: settings.hostname, workspaces: new NamedCloudWorkspace(settings.workspace) });
  }

  public getRemoteStateDataSource(scope: Construct, name: string, fromStack: string): TerraformRemoteState {
    const consumerStack = TerraformStack.of(scope);
    const consumer = consumerStack.node.tryFindChild("backend");
    const here = `workspace ${this.settings.workspace} of ${this.settings.organization} on ${this.settings.hostname}`;
    if (!(consumer instanceof StateCloudBackend) || consumer.settings.organization !== this.settings.organization || consumer.settings.hostname !== this.settings.hostname) {
      const where = consumer instanceof StateCloudBackend ? `Terraform Cloud (${consumer.settings.organization} on ${consumer.settings.hostname})` : consumer instanceof S3Backend ? "the S3 state bucket" : "local state";
      throw new ConfigError([
        {
          path: `${consumerStack.node.id}.backend`,
          value: where,
          problem: `reads outputs of ${fromStack}, whose state is in ${here}; a run there cannot read that state`,
          allowed: `the same backend for both stacks (Terraform Cloud organization ${this.settings.organization} on ${this.settings.hostname})`,
          fix: `give the environments of ${consumerStack.node.id} and ${fromStack} the same backend, or stop passing ${fromStack}'s resources to ${consumerStack.node.id}`,
        },
      ]);
    }
    return super.getRemoteStateDataSource(scope, name, fromStack);
  }
}

/** The workspace of one stack of an environment on Terraform Cloud. */
export function cloudWorkspace(choice: CloudBackendConfig, envName: string, layer: string): { organization: string; hostname: string; workspace: string } {
  return {
    organization: choice.organization,
    hostname: choice.hostname ?? TERRAFORM_CLOUD_HOST,
    workspace: workspaceName({ workspacePrefix: choice.workspacePrefix ?? DEFAULT_WORKSPACE_PREFIX }, envName, layer),
  };
}

/** Terraform >= 1.6 reads the nested `assume_role`; >= 1.10 is needed for S3 lock files. */
export function backendTerraformVersion(choice: BackendConfig): string {
  return choice.kind === "s3" && (choice.locking ?? "dynamodb") !== "dynamodb" ? "1.10" : "1.6";
}

/**
 * Configures the backend of a stack according to the environment's choice, and raises the stack's
 * `required_version` to what that backend needs. `stateRoleArn` is the state-access role S3
 * backends and remote-state reads assume (stacks in another account than the state's); without it
 * they use the caller's credentials (single-account setups). A Terraform Cloud stack uses it only
 * to read the S3 state of the shared stacks.
 */
export function applyBackend(
  stack: TerraformStack,
  choice: BackendConfig,
  settings: StateBackendSettings,
  envName: string,
  layer: string,
  stateRoleArn?: string,
): void {
  requireTerraform(stack, backendTerraformVersion(choice));
  switch (choice.kind) {
    case "s3": {
      const locking = choice.locking ?? "dynamodb";
      new StateS3Backend(stack, {
        bucket: settings.bucket,
        key: stateKey(envName, layer),
        region: settings.region,
        encrypt: settings.encrypt,
        kmsKeyId: settings.kmsKeyId,
        dynamodbTable: locking === "lockfile" ? undefined : settings.dynamodbTable,
        assumeRole: stateRoleArn ? { roleArn: stateRoleArn, sessionName: `${envName}-${layer}`.slice(0, 64) } : undefined,
      });
      if (locking !== "dynamodb") {
        // cdktf 0.21's S3Backend has no useLockfile prop; S3-native locking needs Terraform/OpenTofu >= 1.10.
        stack.addOverride("terraform.backend.s3.use_lockfile", true);
      }
      return;
    }
    case "cloud":
      new StateCloudBackend(stack, cloudWorkspace(choice, envName, layer), stateRoleArn);
      return;
    case "local":
      // Relative to the stack's directory: outside cdktf.out, which every synth replaces.
      new LocalBackend(stack, { path: `../../../state/${envName}-${layer}.tfstate` });
      return;
  }
}
