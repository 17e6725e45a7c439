/**
 * DataBuckets: the S3 buckets of the application's data (reference 001, part 5): user uploads,
 * exports and backups, trained ML artifacts. One bucket per entry, `<namePrefix>-<name>-<accountId>`
 * (bucket names are global; the account id keeps them unique).
 *
 * - Every bucket: all public access blocked, ACLs disabled (BucketOwnerEnforced), versioning on,
 *   default SSE-KMS with one customer-managed key of the construct and S3 bucket keys (fewer KMS
 *   requests), a bucket policy that refuses requests without TLS.
 * - Lifecycle: current objects move to an archive storage class after N days (Glacier Instant
 *   Retrieval by default: old uploads, exports and models stay readable with a plain GetObject,
 *   where Glacier Flexible Retrieval would first need a restore), optionally expire later;
 *   replaced and deleted versions expire after N days; unfinished multipart uploads after 7.
 * - Server access logs of every bucket go to one log bucket `<namePrefix>-data-access-logs-<accountId>`,
 *   which uses SSE-S3: S3 server access logging does not support SSE-KMS default encryption on
 *   the destination bucket.
 * - No bucket policy denies uploads without an encryption header: default encryption already
 *   encrypts them with the key, and such a deny would break every client that relies on it.
 * - Roles get access only through `grantRead` / `grantReadWrite`, optionally limited to a prefix.
 */
import { Construct } from "constructs";
import { Token } from "cdktf";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration, S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { EncryptionKey } from "../encryption-key";
import { idPart } from "../../lib/naming";
import { policyName } from "../../lib/policy-name";
import { PropPaths, PropProblems, checkProps } from "../../lib/prop-checks";
import { Problems, isRecord } from "../../lib/problems";
import { lockDownBucket } from "../../lib/bucket-guard-rails";
import { InlineGrants } from "../../lib/inline-grants";
import { known } from "../../lib/token-values";
import type { ArchiveStorageClass, DataBucketSpec } from "../../lib/types/data-bucket";

export type { ArchiveStorageClass, DataBucketSpec } from "../../lib/types/data-bucket";

/** Names of data buckets (without prefix and account): lower-case letters, digits and hyphens, no dots. */
export const DATA_BUCKET_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/** S3 limits a bucket name to 63 characters. */
export const MAX_BUCKET_NAME_LENGTH = 63;
/** Days after which an unfinished multipart upload is aborted (its parts are billed until then). */
export const ABORT_MULTIPART_UPLOAD_DAYS = 7;
/** Days a replaced or deleted access log version is kept. */
const LOG_NONCURRENT_DAYS = 30;
/** Name part and construct-id part of the access log bucket; no data bucket may take them. */
const LOG_BUCKET_PART = "data-access-logs";
const LOG_BUCKET_ID = "AccessLog";

const ARCHIVE_STORAGE_CLASSES: readonly ArchiveStorageClass[] = ["GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"];

export interface DataBucketsProps {
  /** Prefix of every physical name, e.g. `chatbot-dev`. */
  readonly namePrefix: string;
  /** Account of the buckets: part of every bucket name, administers the key. */
  readonly accountId: string;
  /** Region of the buckets (the `kms:ViaService` condition of the grants). */
  readonly region: string;
  /** The data buckets, at least one; names are unique. */
  readonly buckets: readonly DataBucketSpec[];
  /** Days server access logs are kept in the log bucket. */
  readonly logRetentionDays: number;
  /**
   * Let `terraform destroy` delete buckets that still hold objects (every version is lost).
   * Only throw-away test environments set it.
   * @default false
   */
  readonly forceDestroy?: boolean;
}

/** A data bucket as consumers compose with it. */
export interface DataBucket {
  /** The bucket. */
  readonly bucket: S3Bucket;
  /** ARN of the bucket. */
  readonly arn: string;
  /** Physical name of the bucket, `<namePrefix>-<name>-<accountId>`. */
  readonly name: string;
}

const READ_OBJECT_ACTIONS = ["s3:GetObject"];
// PutObject also covers the multipart upload calls SDKs make for large files; AbortMultipartUpload
// lets them clean up a failed one.
const READ_WRITE_OBJECT_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"];

/** What a grant lets a role do with a bucket's objects. */
export type Access = "read" | "readWrite";

export class DataBuckets extends Construct {
  /** The data buckets by name (without prefix and account). */
  public readonly buckets: Readonly<Record<string, DataBucket>>;
  /** The bucket that receives the server access logs of every data bucket. */
  public readonly logBucket: S3Bucket;
  /** The key that encrypts every data bucket. */
  public readonly key: EncryptionKey;

  private readonly namePrefix: string;
  private readonly region: string;
  /** Policies already created, per role and grant, so a repeated grant returns the same policy. */
  private readonly grants = new InlineGrants(this);

  constructor(scope: Construct, id: string, props: DataBucketsProps) {
    super(scope, id);
    checkProps(`DataBuckets ${props.namePrefix}`, props, validateDataBucketsProps);
    const forceDestroy = props.forceDestroy ?? false;
    const specs = props.buckets.map(resolveSpec);
    const bucketName = (name: string): string => `${props.namePrefix}-${name}-${props.accountId}`;
    this.namePrefix = props.namePrefix;
    this.region = props.region;

    this.key = new EncryptionKey(this, "Key", {
      aliasName: `${props.namePrefix}-data-buckets`,
      description: `Encrypts the data buckets (uploads, exports, ML artifacts) of ${props.namePrefix}`,
      accountId: props.accountId,
      // No service users: S3 uses the key with the permissions of the caller (see the grants).
    });

    // The data buckets first: the log bucket's policy names them as the only log sources.
    const buckets: Record<string, DataBucket> = {};
    for (const spec of specs) {
      const bucket = new S3Bucket(this, `${idPart(spec.name)}Bucket`, { bucket: bucketName(spec.name), forceDestroy });
      buckets[spec.name] = { bucket, arn: bucket.arn, name: bucketName(spec.name) };
    }
    this.buckets = buckets;

    // Access logs. S3 server access logging cannot deliver to a bucket whose default encryption is
    // SSE-KMS, so this bucket uses SSE-S3 (AES256).
    this.logBucket = new S3Bucket(this, `${LOG_BUCKET_ID}Bucket`, { bucket: bucketName(LOG_BUCKET_PART), forceDestroy });
    new S3BucketServerSideEncryptionConfigurationA(this, `${LOG_BUCKET_ID}BucketEncryption`, {
      bucket: this.logBucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    const logBucketPolicy = lockDownBucket(this, `${LOG_BUCKET_ID}Bucket`, this.logBucket, [
      {
        sid: "AllowS3ServerAccessLogs",
        effect: "Allow",
        principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
        actions: ["s3:PutObject"],
        resources: [`${this.logBucket.arn}/*`],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] },
          { test: "ArnLike", variable: "aws:SourceArn", values: Object.values(buckets).map((b) => b.arn) },
        ],
      },
    ]);
    new S3BucketLifecycleConfiguration(this, `${LOG_BUCKET_ID}BucketLifecycle`, {
      bucket: this.logBucket.id,
      rule: [
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: [{ prefix: "" }],
          expiration: [{ days: props.logRetentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: LOG_NONCURRENT_DAYS }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_MULTIPART_UPLOAD_DAYS }],
        },
      ],
    });

    for (const spec of specs) {
      const label = `${idPart(spec.name)}Bucket`;
      const bucket = buckets[spec.name].bucket;
      new S3BucketServerSideEncryptionConfigurationA(this, `${label}Encryption`, {
        bucket: bucket.id,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.keyArn }, bucketKeyEnabled: true }],
      });
      lockDownBucket(this, label, bucket);
      const rule: S3BucketLifecycleConfigurationRule = {
        id: "archive-and-expire",
        status: "Enabled",
        filter: [{ prefix: "" }],
        transition: [{ days: spec.transitionToGlacierDays, storageClass: spec.archiveStorageClass }],
        ...(spec.expireCurrentObjectsDays !== undefined ? { expiration: [{ days: spec.expireCurrentObjectsDays }] } : {}),
        noncurrentVersionExpiration: [{ noncurrentDays: spec.noncurrentVersionExpirationDays }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_MULTIPART_UPLOAD_DAYS }],
      };
      new S3BucketLifecycleConfiguration(this, `${label}Lifecycle`, { bucket: bucket.id, rule: [rule] });
      new S3BucketLoggingA(this, `${label}Logging`, {
        bucket: bucket.id,
        targetBucket: this.logBucket.id,
        targetPrefix: `${spec.name}/`,
        // S3 checks at this call that the log bucket's policy lets the logging service write.
        dependsOn: [logBucketPolicy],
      });
    }
  }

  /**
   * Lets `grantee` read, write and delete objects of one bucket, under `prefix` when given:
   * `s3:GetObject`, `PutObject`, `DeleteObject`, `AbortMultipartUpload` on `<bucket>/<prefix>*`,
   * `s3:ListBucket` on the bucket (only for keys under `prefix` when given), and
   * `kms:GenerateDataKey` + `kms:Decrypt` on the key through S3 only. Returns the inline policy it
   * adds to the role; granting the same again returns that policy.
   */
  public grantReadWrite(grantee: IamRole, bucketName: string, prefix?: string): IamRolePolicy {
    return this.grant("readWrite", grantee, bucketName, prefix);
  }

  /**
   * Lets `grantee` read objects of one bucket, under `prefix` when given: `s3:GetObject` on
   * `<bucket>/<prefix>*`, `s3:ListBucket` on the bucket (only for keys under `prefix` when given),
   * and `kms:Decrypt` on the key through S3 only. Returns the inline policy it adds to the role;
   * granting the same again returns that policy.
   */
  public grantRead(grantee: IamRole, bucketName: string, prefix?: string): IamRolePolicy {
    return this.grant("read", grantee, bucketName, prefix);
  }

  /**
   * The policy document `grantRead` / `grantReadWrite` would attach for the whole bucket, on its
   * own (id `<Bucket>ReadPolicyDocument` / `<Bucket>ReadWritePolicyDocument` in this construct),
   * for a role this app does not create: the generated data-bucket module outputs it for the
   * callers' roles (e.g. a workload-identity module's `policies`).
   */
  public policyDocument(access: Access, bucketName: string): DataAwsIamPolicyDocument {
    if (!(bucketName in this.buckets)) {
      throw new Error(`DataBuckets ${this.namePrefix}: policyDocument: bucket "${bucketName}" is not one of ${Object.keys(this.buckets).join(", ")}`);
    }
    const id = `${idPart(bucketName)}${access === "read" ? "Read" : "ReadWrite"}PolicyDocument`;
    return new DataAwsIamPolicyDocument(this, id, { statement: this.statements(access, bucketName, undefined) });
  }

  private grant(access: Access, grantee: IamRole, bucketName: string, prefix: string | undefined): IamRolePolicy {
    const owner = `DataBuckets ${this.namePrefix}: ${access === "read" ? "grantRead" : "grantReadWrite"}`;
    const known = Object.keys(this.buckets);
    if (!(bucketName in this.buckets)) {
      throw new Error(`${owner}: bucket "${bucketName}" is not one of ${known.map((k) => `"${k}"`).join(", ")}; pass one of those names (without prefix and account)`);
    }
    if (prefix !== undefined && (prefix === "" || prefix.startsWith("/") || /[*?]/.test(prefix))) {
      throw new Error(
        `${owner}: prefix "${prefix}" is not a key prefix; use a non-empty prefix without a leading "/" or wildcards, e.g. "exports/", or omit it for the whole bucket`,
      );
    }
    const signature = `${access}:${bucketName}:${prefix ?? ""}`;
    const existing = this.grants.existing(grantee, signature);
    if (existing) {
      return existing;
    }

    const kind = access === "read" ? "Read" : "ReadWrite";
    const prefixId = prefix !== undefined ? idPart(prefix.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "")) : "";
    return this.grants.add(
      grantee,
      signature,
      `${kind}${idPart(bucketName)}${prefixId}`,
      policyName([this.namePrefix, "s3", access === "read" ? "read" : "read-write", bucketName, ...(prefix !== undefined ? [prefix] : [])]),
      this.statements(access, bucketName, prefix),
    );
  }

  /** The statements of a read or read-write grant on one bucket (under `prefix` when given). */
  private statements(access: Access, bucketName: string, prefix: string | undefined): DataAwsIamPolicyDocumentStatement[] {
    const bucket = this.buckets[bucketName];
    const viaS3 = [{ test: "StringEquals", variable: "kms:ViaService", values: [`s3.${this.region}.amazonaws.com`] }];
    return [
      {
        sid: "ListObjects",
        effect: "Allow",
        actions: ["s3:ListBucket"],
        resources: [bucket.arn],
        ...(prefix !== undefined ? { condition: [{ test: "StringLike", variable: "s3:prefix", values: [`${prefix}*`] }] } : {}),
      },
      {
        sid: access === "read" ? "ReadObjects" : "ReadWriteObjects",
        effect: "Allow",
        actions: access === "read" ? READ_OBJECT_ACTIONS : READ_WRITE_OBJECT_ACTIONS,
        resources: [`${bucket.arn}/${prefix ?? ""}*`],
      },
      {
        sid: access === "read" ? "DecryptObjects" : "EncryptDecryptObjects",
        effect: "Allow",
        actions: access === "read" ? ["kms:Decrypt"] : ["kms:GenerateDataKey", "kms:Decrypt"],
        resources: [this.key.keyArn],
        condition: viaS3,
      },
    ];
  }
}


type ResolvedSpec = Required<Omit<DataBucketSpec, "expireCurrentObjectsDays">> & Pick<DataBucketSpec, "expireCurrentObjectsDays">;

function resolveSpec(b: DataBucketSpec): ResolvedSpec {
  return {
    name: b.name,
    transitionToGlacierDays: b.transitionToGlacierDays ?? 90,
    archiveStorageClass: b.archiveStorageClass ?? "GLACIER_IR",
    noncurrentVersionExpirationDays: b.noncurrentVersionExpirationDays ?? 90,
    expireCurrentObjectsDays: b.expireCurrentObjectsDays,
  };
}

/**
 * Reports every problem of DataBucketsProps through `problems`. The construct runs it on its own
 * props; the config validation (lib/validate-data.ts) runs it on each environment's `data.buckets`
 * before any construct exists.
 */
export function validateDataBucketsProps(props: DataBucketsProps, problems: Problems, paths: PropPaths = ""): void {
  const p = new PropProblems(problems, paths);
  const prefixOk = typeof props.namePrefix === "string" && (!known(props.namePrefix) || /^[a-z0-9][a-z0-9-]*$/.test(props.namePrefix));
  if (!prefixOk) {
    p.add("namePrefix", props.namePrefix, "is not a valid bucket name prefix", "lower-case letters, digits and hyphens, starting with a letter or digit", 'use the naming helper, e.g. "chatbot-dev"');
  } else {
    checkBucketName(p, "namePrefix", props.namePrefix, props, LOG_BUCKET_PART, "shorten the name prefix");
  }
  if (p.text("accountId", props.accountId, "12 digits, as a string", "pass the account id of the buckets' account") && !Token.isUnresolved(props.accountId) && !/^\d{12}$/.test(props.accountId)) {
    p.add("accountId", props.accountId, "is not an AWS account id", "12 digits", "pass the account id of the buckets' account");
  }
  if (p.text("region", props.region, 'a region name such as "ap-southeast-2"', "pass the region of the buckets") && !Token.isUnresolved(props.region) && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(props.region)) {
    p.add("region", props.region, "is not an AWS region name", 'a region name such as "ap-southeast-2"', "pass the region of the buckets");
  }
  p.integer("logRetentionDays", props.logRetentionDays, 1, 36_500, "pick how many days access logs are kept, e.g. 365");
  if (!p.list("buckets", props.buckets, "a list of buckets", 'pass a list of buckets, e.g. [{ name: "uploads" }]')) {
    return;
  }
  if (props.buckets.length === 0) {
    p.add("buckets", [], "is empty", "at least one bucket", 'add a bucket, e.g. { name: "uploads" }, or do not create DataBuckets');
  }

  const seenNames = new Map<string, number>();
  const seenIds = new Map<string, number>();
  props.buckets.forEach((spec: unknown, i) => {
    const path = `buckets[${i}]`;
    if (!isRecord(spec)) {
      p.add(path, spec, "is not a bucket", "{ name, transitionToGlacierDays?, archiveStorageClass?, noncurrentVersionExpirationDays?, expireCurrentObjectsDays? }", "replace it with a bucket, or remove it");
      return;
    }
    const b = resolveSpec(spec as unknown as DataBucketSpec);
    if (!known(b.name)) {
      // A Terraform expression (the generated module): its validation blocks check it at plan time.
    } else if (typeof b.name !== "string" || !DATA_BUCKET_NAME_PATTERN.test(b.name)) {
      p.add(`${path}.name`, b.name, "is not a valid bucket name part", "lower-case letters, digits and hyphens, starting and ending with a letter or digit (no dots: they break TLS for virtual-hosted requests)", 'rename it, e.g. "ml-artifacts"');
    } else {
      if (typeof props.namePrefix === "string") {
        checkBucketName(p, `${path}.name`, b.name, props, b.name, "shorten the bucket name (or the name prefix)");
      }
      if (b.name === LOG_BUCKET_PART || idPart(b.name) === LOG_BUCKET_ID) {
        p.add(`${path}.name`, b.name, "is taken by the access log bucket", 'any name but "data-access-logs" and "access-log"', "rename the bucket");
      } else if (seenNames.has(b.name)) {
        p.add(`${path}.name`, b.name, `repeats buckets[${seenNames.get(b.name)}].name`, "each bucket name once", "remove the duplicate or rename one of them");
      } else if (seenIds.has(idPart(b.name))) {
        p.add(`${path}.name`, b.name, `maps to the same construct id as buckets[${seenIds.get(idPart(b.name))}].name (${idPart(b.name)})`, "names that differ in more than hyphens before digits", "rename one of them");
      }
      seenNames.set(b.name, seenNames.get(b.name) ?? i);
      seenIds.set(idPart(b.name), seenIds.get(idPart(b.name)) ?? i);
    }
    const transitionOk = p.integer(`${path}.transitionToGlacierDays`, b.transitionToGlacierDays, 1, 36_500, "leave it unset for 90 days, or pick a day count");
    if (known(b.archiveStorageClass) && !ARCHIVE_STORAGE_CLASSES.includes(b.archiveStorageClass)) {
      p.add(`${path}.archiveStorageClass`, b.archiveStorageClass, "is not an archive storage class", ARCHIVE_STORAGE_CLASSES.map((c) => `"${c}"`).join(", "), 'leave it unset for "GLACIER_IR"');
    }
    p.integer(`${path}.noncurrentVersionExpirationDays`, b.noncurrentVersionExpirationDays, 1, 36_500, "leave it unset for 90 days, or pick a day count");
    if (b.expireCurrentObjectsDays !== undefined) {
      const expireOk = p.integer(`${path}.expireCurrentObjectsDays`, b.expireCurrentObjectsDays, 1, 36_500, "pick a day count, or leave it unset to keep current objects");
      if (expireOk && transitionOk && b.expireCurrentObjectsDays <= b.transitionToGlacierDays) {
        p.add(
          `${path}.expireCurrentObjectsDays`,
          b.expireCurrentObjectsDays,
          `is not after transitionToGlacierDays (${b.transitionToGlacierDays}); S3 rejects an expiration that does not come after the transition`,
          `more than ${b.transitionToGlacierDays}`,
          "raise expireCurrentObjectsDays, or lower transitionToGlacierDays",
        );
      }
    }
  });
}

/** S3's rules for a whole bucket name `<prefix>-<part>-<account>`, reported against the prop that made it. */
function checkBucketName(problems: PropProblems, path: string, value: string, props: DataBucketsProps, part: string, fix: string): void {
  if (!known(props.namePrefix, part)) {
    return;
  }
  // The account id is 12 digits, also when it is only known at apply time.
  const account = Token.isUnresolved(props.accountId) ? "<accountId>" : props.accountId;
  const full = `${props.namePrefix}-${part}-${account}`;
  const length = props.namePrefix.length + part.length + 2 + 12;
  if (length > MAX_BUCKET_NAME_LENGTH) {
    problems.add(path, value, `makes the bucket name "${full}" ${length} characters long`, `bucket names of at most ${MAX_BUCKET_NAME_LENGTH} characters`, fix);
  }
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(full)) {
    problems.add(path, value, `makes the bucket name "${full}" start with a prefix S3 reserves`, 'a name not starting with "xn--", "sthree-" or "amzn-s3-demo-"', "change the name prefix");
  }
}
