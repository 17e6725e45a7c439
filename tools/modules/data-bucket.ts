/**
 * Module `data-bucket`: constructs/data-buckets (application S3 buckets, KMS-encrypted, versioned,
 * private, TLS-only, archived and expired by lifecycle rules, access-logged into one log bucket).
 */
import { Lazy } from "cdktf";
import { DataBuckets, DataBucketsProps, validateDataBucketsProps } from "../../constructs/data-buckets";
import { Problems } from "../../lib/problems";
import { hclIntIn } from "./hcl";
import { TAGS_VARIABLE, type ModuleDefinition, type Probe } from "./definition";
import { elementRule, variableRule } from "./messages";

const BASE_BUCKET = { name: "reports" };
/** The account is known only at plan time in the module, as here: the messages say `<accountId>`. */
const BASE: DataBucketsProps = {
  namePrefix: "team-a-dev",
  accountId: Lazy.stringValue({ produce: () => "<accountId>" }),
  region: "ap-southeast-2",
  buckets: [BASE_BUCKET],
  logRetentionDays: 365,
};

export const probeDataBuckets: Probe = (mistake) => {
  const problems = new Problems();
  validateDataBucketsProps({ ...BASE, ...mistake } as DataBucketsProps, problems, "");
  return problems.list;
};

export const DATA_BUCKET_PROPS = ["namePrefix", "buckets", "logRetentionDays", "forceDestroy", "transitionToGlacierDays", "archiveStorageClass", "noncurrentVersionExpirationDays", "expireCurrentObjectsDays"];

const probe = probeDataBuckets;
const props = DATA_BUCKET_PROPS;
const bucket = (change: Record<string, unknown>): Record<string, unknown> => ({ buckets: [{ ...BASE_BUCKET, ...change }] });
const LONG_PREFIX = "a".repeat(40);
const logBucketName = (prefix: string): string => `${prefix}-data-access-logs-<accountId>`;

export const dataBucket: ModuleDefinition = {
  name: "data-bucket",
  version: "1.0.0",
  construct: "constructs/data-buckets",
  summary: "Application S3 buckets: private, versioned, KMS-encrypted, TLS-only, archived by lifecycle rules and access-logged.",
  details: [
    "Each bucket `<name_prefix>-<name>-<account id>` blocks all public access, disables ACLs, keeps versions, encrypts with one customer-managed KMS key of the module (S3 bucket keys on) and refuses requests without TLS. Current objects move to an archive storage class after `transition_to_glacier_days` (Glacier Instant Retrieval by default: still readable with a plain GetObject); replaced and deleted versions expire after `noncurrent_version_expiration_days`; unfinished multipart uploads after 7 days.",
    "Server access logs of every bucket go to one log bucket `<name_prefix>-data-access-logs-<account id>` (SSE-S3: S3 server access logging cannot deliver to an SSE-KMS bucket), kept `log_retention_days`.",
    "The buckets are created with `for_each` over `var.buckets` keyed by name. `read_policy_json` / `read_write_policy_json` are the documents the app's `grantRead` / `grantReadWrite` attach, for your roles (e.g. a workload-identity module's `policies`).",
    "Not in this version: expiring current objects (`expireCurrentObjectsDays` of the construct), and the length check of each full bucket name at validation time (S3 refuses a name over 63 characters at apply).",
  ].join("\n\n"),
  e2e: true,
  template: { local: "buckets", value: "{ for b in var.buckets : b.name => b }" },
  variables: [
    {
      name: "name_prefix",
      type: "string",
      description: "Prefix of every bucket name, e.g. `team-a-dev`: the buckets are `<name_prefix>-<name>-<account id>`.",
      example: "team-a-dev",
      validation: [
        variableRule(probe, "name_prefix", props, { mistake: { namePrefix: "Team_A" }, path: "namePrefix", condition: 'can(regex("^[a-z0-9][a-z0-9-]*$", var.name_prefix))' }),
        variableRule(probe, "name_prefix", props, {
          mistake: { namePrefix: LONG_PREFIX },
          path: "namePrefix",
          condition: "length(var.name_prefix) + 30 <= 63",
          substitutions: [
            [logBucketName(LONG_PREFIX), 'format("%s-data-access-logs-<accountId>", var.name_prefix)'],
            [`${LONG_PREFIX.length + 30} characters`, 'format("%d characters", length(var.name_prefix) + 30)'],
          ],
        }),
        variableRule(probe, "name_prefix", props, {
          mistake: { namePrefix: "xn--team" },
          path: "namePrefix",
          condition: '!can(regex("^(xn--|sthree-|amzn-s3-demo-)", var.name_prefix))',
          substitutions: [[logBucketName("xn--team"), 'format("%s-data-access-logs-<accountId>", var.name_prefix)']],
        }),
      ],
    },
    {
      name: "buckets",
      type: 'list(object({ name = string, transition_to_glacier_days = optional(number, 90), archive_storage_class = optional(string, "GLACIER_IR"), noncurrent_version_expiration_days = optional(number, 90) }))',
      description:
        "The buckets, at least one, names unique. `name`: lower-case letters, digits and hyphens (no dots), not `data-access-logs` or `access-log`. `transition_to_glacier_days` (default 90): days until current objects move to `archive_storage_class` (default `GLACIER_IR`; `GLACIER`, `DEEP_ARCHIVE`). `noncurrent_version_expiration_days` (default 90): days a replaced or deleted version is kept.",
      example: [{ name: "reports" }],
      validation: [
        variableRule(probe, "buckets", props, { mistake: { buckets: [] }, path: "buckets", condition: "length(var.buckets) > 0" }),
        elementRule(probe, "buckets", "buckets", props, { mistake: bucket({ name: "Reports.v1" }), prop: "name", condition: 'can(regex("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$", x.name))' }),
        elementRule(probe, "buckets", "buckets", props, { mistake: bucket({ name: "data-access-logs" }), prop: "name", condition: '!contains(["data-access-logs", "access-log"], x.name)' }),
        elementRule(probe, "buckets", "buckets", props, {
          mistake: { buckets: [BASE_BUCKET, BASE_BUCKET] },
          prop: "name",
          index: 1,
          condition: "index([for y in var.buckets : y.name], x.name) == i",
          substitutions: [["buckets[0].name", 'format("buckets[%d].name", index([for y in var.buckets : y.name], x.name))']],
        }),
        elementRule(probe, "buckets", "buckets", props, { mistake: bucket({ transitionToGlacierDays: 0 }), prop: "transitionToGlacierDays", condition: hclIntIn("x.transition_to_glacier_days", 1, 36500) }),
        elementRule(probe, "buckets", "buckets", props, { mistake: bucket({ archiveStorageClass: "STANDARD_IA" }), prop: "archiveStorageClass", condition: 'contains(["GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"], x.archive_storage_class)' }),
        elementRule(probe, "buckets", "buckets", props, {
          mistake: bucket({ noncurrentVersionExpirationDays: 0 }),
          prop: "noncurrentVersionExpirationDays",
          condition: hclIntIn("x.noncurrent_version_expiration_days", 1, 36500),
        }),
      ],
    },
    {
      name: "log_retention_days",
      type: "number",
      description: "Days the server access logs are kept in the log bucket, 1 to 36500.",
      default: 365,
      example: 365,
      validation: [variableRule(probe, "log_retention_days", props, { mistake: { logRetentionDays: 0 }, path: "logRetentionDays", condition: hclIntIn("var.log_retention_days", 1, 36500) })],
    },
    {
      name: "force_destroy",
      type: "bool",
      description: "Let `destroy` delete buckets that still hold objects (every version is lost). Only for throw-away environments.",
      default: false,
      example: false,
    },
    TAGS_VARIABLE,
  ],
  outputs: [
    { name: "bucket_names", description: "Name of each bucket, by its name in `buckets`.", value: "{ for k, b in aws_s3_bucket.bucket : k => b.bucket }" },
    { name: "bucket_arns", description: "ARN of each bucket, by its name in `buckets`.", value: "{ for k, b in aws_s3_bucket.bucket : k => b.arn }" },
    { name: "log_bucket_name", description: "Name of the bucket that receives the server access logs.", value: "aws_s3_bucket.access_log_bucket.bucket" },
    {
      name: "read_policy_json",
      description: "IAM policy document (JSON) per bucket that lets a role list and read its objects and decrypt them through S3 only: what the app's grantRead attaches.",
      value: "{ for k, d in data.aws_iam_policy_document.read_policy_document : k => d.json }",
    },
    {
      name: "read_write_policy_json",
      description: "IAM policy document (JSON) per bucket that lets a role list, read, write and delete its objects with the key through S3 only: what the app's grantReadWrite attaches.",
      value: "{ for k, d in data.aws_iam_policy_document.read_write_policy_document : k => d.json }",
    },
    { name: "key_arn", description: "ARN of the KMS key that encrypts the buckets.", value: "aws_kms_key.key.arn" },
  ],
  build(scope, ctx) {
    const name = ctx.eachStr("name");
    const buckets = new DataBuckets(scope, "Buckets", {
      namePrefix: ctx.str("name_prefix"),
      accountId: ctx.accountId(),
      region: ctx.region(),
      logRetentionDays: ctx.num("log_retention_days"),
      forceDestroy: ctx.bool("force_destroy"),
      buckets: [
        {
          name,
          transitionToGlacierDays: ctx.eachNum("transition_to_glacier_days"),
          archiveStorageClass: ctx.eachStr("archive_storage_class") as "GLACIER_IR",
          noncurrentVersionExpirationDays: ctx.eachNum("noncurrent_version_expiration_days"),
        },
      ],
    });
    buckets.policyDocument("read", name);
    buckets.policyDocument("readWrite", name);
    return buckets;
  },
};
