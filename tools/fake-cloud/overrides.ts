/**
 * The override file (`e2e_override.tf.json`) that points a synthesized stack at moto for the fake
 * cloud tiers (scripts/e2e.py, scripts/e2e-cli.py), without touching its `cdk.tf.json`: endpoints
 * and skip flags for the AWS provider, the S3 backend and remote-state reads, and the few resource
 * overrides moto needs, each with its reason. It never sets credentials (unless the caller passes
 * them), roles or `allowed_account_ids`, so the provider's account pin is still checked against moto.
 */
import { isDeepStrictEqual } from "util";
import { isJsonObject, JsonObject, JsonValue } from "../lib/json";
import { StackJson } from "../lib/cdktf-out";

/** Credentials written into the provider and backend settings, as the provider spells them. */
export interface MotoCredentials {
  readonly access_key: string;
  readonly secret_key: string;
  /** @default - none (long-lived keys) */
  readonly token?: string;
}

/** What every AWS provider needs to talk to moto, and nothing else: no credentials, no role, no account pin. */
export const MOTO_PROVIDER: JsonObject = {
  skip_credentials_validation: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
  s3_use_path_style: true,
  max_retries: 2,
};

/**
 * Resource types moto cannot create, left out of the apply (count = 0) with the reason. Everything
 * else of the stack is applied; these are covered by the unit tests, tofu validate and checkov.
 */
export const RESOURCES_NOT_APPLIED: Readonly<Record<string, string>> = {
  aws_sqs_queue_redrive_allow_policy: "moto 5.2.5 ignores the RedriveAllowPolicy attribute, so the provider waits for it forever",
  aws_budgets_budget:
    "moto 5.2.5 does not implement budgets:DescribeSubscribersForNotification (it answers 500), which the provider calls to read each notification's subscribers right after creating the budget",
  aws_ce_anomaly_monitor: "moto 5.2.5 does not implement Cost Explorer's anomaly monitors (CreateAnomalyMonitor answers 500)",
  aws_ce_anomaly_subscription: "moto 5.2.5 does not implement Cost Explorer's anomaly subscriptions (CreateAnomalySubscription answers 500)",
};

/** Attributes set differently for moto only, with the reason; everything else applies as synthesized. */
export const MOTO_ADJUSTMENTS: readonly { readonly type: string; readonly attribute: string; readonly value: JsonValue; readonly why: string }[] = [
  {
    type: "aws_lambda_function",
    attribute: "replace_security_groups_on_destroy",
    value: false,
    why:
      "moto 5.2.5 reports VpcId vpc-123abc for every function in a VPC, so the destroy-time look-up of that " +
      "VPC's default security group finds nothing; on AWS it is the function's own VPC",
  },
  {
    type: "aws_ce_anomaly_subscription",
    attribute: "monitor_arn_list",
    value: [],
    why:
      "the subscription and its monitor are both left out (RESOURCES_NOT_APPLIED), and Terraform refuses a reference " +
      "without an instance key to a resource with count, even from a resource with count 0",
  },
];

/** The S3 backend (and S3 remote-state) settings that reach moto at `endpoint`. */
export function motoBackendSettings(endpoint: string): JsonObject {
  return {
    endpoints: { s3: endpoint, dynamodb: endpoint, sts: endpoint, iam: endpoint },
    use_path_style: true,
    skip_credentials_validation: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    skip_requesting_account_id: true,
    skip_s3_checksum: true,
  };
}

type Editable = { [key: string]: JsonValue };

/**
 * The resource overrides moto needs: types moto cannot create (count 0), attributes it cannot
 * serve (MOTO_ADJUSTMENTS), and, for bootstrap, state resources the test must be able to destroy.
 * `notes` says what was overridden and why, one line each, for the run's log.
 */
export function motoResourceOverrides(tf: StackJson, stack: string): { resources: JsonObject; notes: string[] } {
  const res: { [type: string]: { [name: string]: Editable } } = {};
  const notes: string[] = [];
  const of = (type: string): { [name: string]: Editable } => (res[type] ??= {});
  for (const [type, why] of Object.entries(RESOURCES_NOT_APPLIED)) {
    for (const name of Object.keys(tf.resource[type] ?? {})) {
      notes.push(`${stack}: not applied: ${type}.${name} (${why})`);
      of(type)[name] = { count: 0 };
    }
  }
  for (const { type, attribute, value, why } of MOTO_ADJUSTMENTS) {
    for (const [name, body] of Object.entries(tf.resource[type] ?? {})) {
      if (!(attribute in body)) continue;
      notes.push(`${stack}: ${type}.${name}.${attribute} = ${JSON.stringify(value)} for moto (${why})`);
      (of(type)[name] ??= {})[attribute] = value;
    }
  }
  if (stack === "bootstrap") {
    // prevent_destroy and deletion protection guard real state; the test must clean up.
    const destroyable: Readonly<Record<string, JsonObject>> = {
      aws_s3_bucket: { force_destroy: true },
      aws_dynamodb_table: { deletion_protection_enabled: false },
      aws_kms_key: { deletion_window_in_days: 7 },
    };
    for (const [type, settings] of Object.entries(destroyable)) {
      for (const name of Object.keys(tf.resource[type] ?? {})) of(type)[name] = { ...settings, lifecycle: { prevent_destroy: false } };
    }
    for (const name of Object.keys(tf.resource.aws_s3_bucket_policy ?? {})) {
      // moto evaluates bucket policies without request context, so the TLS-only deny (Bool
      // aws:SecureTransport = false) matches every request and the backend could not read its
      // state. The policy itself is covered by unit tests and checkov; the run still talks TLS.
      if (name.startsWith("StateBackend_StateBucketPolicy_")) of("aws_s3_bucket_policy")[name] = { count: 0 };
    }
  }
  return { resources: res, notes };
}

/** The override would change how the stack reaches its state (it may only add to it). */
export class OverrideError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OverrideError";
  }
}

/**
 * The override file's content for one stack, and the log notes of its resource overrides.
 * @param credentials written into the provider and backend settings when given. @default - none: the tier passes them through the environment
 */
export function overrideFor(tf: StackJson, stack: string, endpoint: string, credentials?: MotoCredentials): { override: JsonObject; notes: string[] } {
  const creds: JsonObject = credentials ? { ...credentials } : {};
  // The default provider, and each aliased one (e.g. `us_east_1` of the edge) by its alias.
  const aliases = (tf.provider.aws ?? []).map((p) => p.alias).filter((a): a is string => typeof a === "string");
  const override: Editable = { provider: { aws: [{ ...MOTO_PROVIDER, ...creds }, ...aliases.map((alias) => ({ alias, ...MOTO_PROVIDER, ...creds }))] } };
  const s3Moto: JsonObject = { ...motoBackendSettings(endpoint), ...creds };
  const backend = isJsonObject(tf.terraform.backend) ? tf.terraform.backend : {};
  const s3 = backend.s3;
  if (s3 !== undefined) {
    // A backend block in an override file replaces the original one whole, so repeat it
    // (assume_role included) and only add what moto needs.
    const merged = { ...(isJsonObject(s3) ? s3 : {}), ...s3Moto };
    if (!isDeepStrictEqual(merged.assume_role, isJsonObject(s3) ? s3.assume_role : undefined)) {
      // The override may add to the synthesized access path, never change it.
      throw new OverrideError(`${stack}: the override would change the backend's assume_role`);
    }
    override.terraform = { backend: { s3: merged } };
  }
  // Cross-stack references read other stacks' state through terraform_remote_state: point those
  // at moto too (an overridden attribute replaces the original value whole).
  const remote = tf.data.terraform_remote_state ?? {};
  if (Object.keys(remote).length > 0) {
    const reads: Editable = {};
    for (const [name, ds] of Object.entries(remote)) {
      if (ds.backend === "s3") reads[name] = { config: { ...(isJsonObject(ds.config) ? ds.config : {}), ...s3Moto } };
    }
    override.data = { terraform_remote_state: reads };
  }
  const { resources, notes } = motoResourceOverrides(tf, stack);
  if (Object.keys(resources).length > 0) override.resource = resources;
  return { override, notes };
}

/**
 * The accounts the stack's (first) AWS provider is pinned to (`allowed_account_ids`), as written;
 * `[]` when it pins none. The fake cloud runs each stack with credentials of the account it is pinned to.
 */
export function pinnedAccounts(tf: StackJson): string[] {
  const first = tf.provider.aws?.[0];
  const ids = first?.allowed_account_ids;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : [];
}
