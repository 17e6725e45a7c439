/**
 * StateBackend: where every other stack keeps its Terraform state. Created once, by the bootstrap
 * stack (which itself uses local state, since the bucket cannot hold the state of its own creation).
 *
 * - an S3 bucket: versioned, SSE-KMS with a key of its own, TLS-only, all public access blocked,
 *   owner-enforced object ownership, old versions expired, access logged to a log bucket;
 * - a DynamoDB lock table: `LockID` hash key, point-in-time recovery, KMS encryption, deletion
 *   protection;
 * - `prevent_destroy` on the bucket, table and key: losing them loses every environment's state.
 */
import { Construct } from "constructs";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { EncryptionKey } from "../encryption-key";
import { lockDownBucket } from "../../lib/bucket-guard-rails";

export interface StateBackendProps {
  /** State bucket name. */
  readonly bucketName: string;
  /** Lock table name. */
  readonly lockTableName: string;
  /** Alias of the state key, `alias/<name>`. */
  readonly kmsKeyAlias: string;
  /** Account that owns the state. */
  readonly accountId: string;
  /**
   * Days a replaced state version is kept before it expires.
   * @default 90
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Days access logs are kept.
   * @default 365
   */
  readonly accessLogDays?: number;
}


export class StateBackend extends Construct {
  public readonly bucket: S3Bucket;
  public readonly logBucket: S3Bucket;
  public readonly lockTable: DynamodbTable;
  public readonly key: EncryptionKey;

  constructor(scope: Construct, id: string, props: StateBackendProps) {
    super(scope, id);
    const noncurrentDays = props.noncurrentVersionDays ?? 90;
    const logDays = props.accessLogDays ?? 365;
    const keep = { preventDestroy: true };

    this.key = new EncryptionKey(this, "StateKey", {
      aliasName: props.kmsKeyAlias.replace(/^alias\//, ""),
      description: "Encrypts Terraform state and the state lock table",
      accountId: props.accountId,
    });
    this.key.key.lifecycle = keep;

    // Access logs of the state bucket. S3 server access logging cannot deliver to an SSE-KMS
    // bucket, so this bucket uses SSE-S3.
    this.logBucket = new S3Bucket(this, "AccessLogBucket", { bucket: `${props.bucketName}-access-logs` });
    new S3BucketServerSideEncryptionConfigurationA(this, "AccessLogBucketEncryption", {
      bucket: this.logBucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    const logBucketPolicy = lockDownBucket(this, "AccessLogBucket", this.logBucket, [
      {
        sid: "AllowS3ServerAccessLogs",
        effect: "Allow",
        principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
        actions: ["s3:PutObject"],
        resources: [`${this.logBucket.arn}/*`],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] }],
      },
    ]);
    new S3BucketLifecycleConfiguration(this, "AccessLogBucketLifecycle", {
      bucket: this.logBucket.id,
      rule: [
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: [{ prefix: "" }],
          expiration: [{ days: logDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });

    // The state bucket.
    this.bucket = new S3Bucket(this, "StateBucket", { bucket: props.bucketName, lifecycle: keep });
    new S3BucketServerSideEncryptionConfigurationA(this, "StateBucketEncryption", {
      bucket: this.bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.keyArn },
          bucketKeyEnabled: true,
        },
      ],
    });
    lockDownBucket(this, "StateBucket", this.bucket);
    new S3BucketLifecycleConfiguration(this, "StateBucketLifecycle", {
      bucket: this.bucket.id,
      rule: [
        {
          id: "expire-old-state-versions",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: noncurrentDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    new S3BucketLoggingA(this, "StateBucketLogging", {
      bucket: this.bucket.id,
      targetBucket: this.logBucket.id,
      targetPrefix: "state-bucket/",
      // S3 checks at this call that the log bucket's policy lets the logging service write.
      dependsOn: [logBucketPolicy],
    });

    // The lock table.
    this.lockTable = new DynamodbTable(this, "LockTable", {
      name: props.lockTableName,
      billingMode: "PAY_PER_REQUEST",
      hashKey: "LockID",
      attribute: [{ name: "LockID", type: "S" }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: this.key.keyArn },
      deletionProtectionEnabled: true,
      lifecycle: keep,
    });
  }
}
