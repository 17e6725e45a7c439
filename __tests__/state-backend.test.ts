import { Testing } from "cdktf";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { StateBackend } from "../constructs/state-backend";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { TfJson, resources } from "./helpers";

function synth(): string {
  return Testing.synthScope((scope) => {
    new StateBackend(scope, "StateBackend", {
      bucketName: "acme-tfstate",
      lockTableName: "acme-locks",
      kmsKeyAlias: "alias/acme-tfstate",
      accountId: "123456789012",
    });
  });
}

const json = (): TfJson => JSON.parse(synth());

/** The resource id (in JSON) of the bucket with this name. */
function bucketRef(j: TfJson, name: string): string {
  const [id] = Object.entries(j.resource.aws_s3_bucket).find(([, b]) => b.bucket === name)!;
  return `\${aws_s3_bucket.${id}.id}`;
}

describe("StateBackend", () => {
  test("the state bucket is encrypted with its own KMS key (bucket key on)", () => {
    const j = json();
    const sse = resources(j, "aws_s3_bucket_server_side_encryption_configuration").find((c) => c.bucket === bucketRef(j, "acme-tfstate"));
    expect(sse.rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe("aws:kms");
    expect(sse.rule[0].apply_server_side_encryption_by_default.kms_master_key_id).toMatch(/^\$\{aws_kms_key\.[A-Za-z0-9_]+\.arn\}$/);
    expect(sse.rule[0].bucket_key_enabled).toBe(true);
    expect(synth()).toHaveResourceWithProperties(KmsAlias, { name: "alias/acme-tfstate" });
  });

  test("versioning is on and old versions expire", () => {
    const j = json();
    const versioning = resources(j, "aws_s3_bucket_versioning").find((v) => v.bucket === bucketRef(j, "acme-tfstate"));
    expect(versioning.versioning_configuration.status).toBe("Enabled");
    const lifecycle = resources(j, "aws_s3_bucket_lifecycle_configuration").find((l) => l.bucket === bucketRef(j, "acme-tfstate"));
    expect(lifecycle.rule[0].noncurrent_version_expiration).toEqual([{ noncurrent_days: 90 }]);
    expect(synth()).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: "Enabled" } });
  });

  test("every bucket blocks all public access", () => {
    const j = json();
    const blocks = resources(j, "aws_s3_bucket_public_access_block");
    expect(blocks).toHaveLength(2);
    for (const b of blocks) {
      expect([b.block_public_acls, b.block_public_policy, b.ignore_public_acls, b.restrict_public_buckets]).toEqual([true, true, true, true]);
    }
    expect(synth()).toHaveResource(S3BucketPublicAccessBlock);
  });

  test("the bucket policy denies any request without TLS", () => {
    const j = json();
    const docs = Object.entries(j.data!.aws_iam_policy_document).filter(([id]) => id.includes("StateBucketPolicyDocument"));
    expect(docs).toHaveLength(1);
    const deny = docs[0][1].statement.find((s: any) => s.sid === "DenyInsecureTransport");
    expect(deny.effect).toBe("Deny");
    expect(deny.condition).toEqual([{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }]);
    expect(deny.resources).toHaveLength(2);
  });

  test("access to the state bucket is logged to a separate bucket", () => {
    const j = json();
    const [logging] = resources(j, "aws_s3_bucket_logging");
    expect(logging.bucket).toBe(bucketRef(j, "acme-tfstate"));
    expect(logging.target_bucket).toBe(bucketRef(j, "acme-tfstate-access-logs"));
  });

  test("logging is enabled only after the log bucket policy lets the logging service write", () => {
    const j = json();
    const [logging] = resources(j, "aws_s3_bucket_logging");
    const [policyId] = Object.entries(j.resource.aws_s3_bucket_policy).find(([, p]) => p.bucket === bucketRef(j, "acme-tfstate-access-logs"))!;
    expect(logging.depends_on).toEqual([`aws_s3_bucket_policy.${policyId}`]);
  });

  test("the lock table has a LockID key, PITR, KMS encryption and deletion protection", () => {
    expect(synth()).toHaveResourceWithProperties(DynamodbTable, {
      name: "acme-locks",
      hash_key: "LockID",
      attribute: [{ name: "LockID", type: "S" }],
      point_in_time_recovery: { enabled: true },
      deletion_protection_enabled: true,
    });
    const [table] = resources(json(), "aws_dynamodb_table");
    expect(table.server_side_encryption.enabled).toBe(true);
    expect(table.server_side_encryption.kms_key_arn).toMatch(/aws_kms_key/);
  });

  test("the bucket, table and key cannot be destroyed by a plan", () => {
    const j = json();
    const state = Object.values(j.resource.aws_s3_bucket).find((b) => b.bucket === "acme-tfstate");
    expect(state.lifecycle).toEqual({ prevent_destroy: true });
    expect(resources(j, "aws_dynamodb_table")[0].lifecycle).toEqual({ prevent_destroy: true });
    expect(resources(j, "aws_kms_key")[0].lifecycle).toEqual({ prevent_destroy: true });
  });
});
