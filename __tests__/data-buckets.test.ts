import { TerraformOutput, Testing } from "cdktf";
import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { DataBuckets, DataBucketsProps } from "../constructs/data-buckets";
import { TfJson, resources, scrub } from "./helpers";

const props: DataBucketsProps = {
  namePrefix: "chatbot-test",
  accountId: "123456789012",
  region: "ap-southeast-2",
  buckets: [{ name: "uploads" }, { name: "exports", transitionToGlacierDays: 30, noncurrentVersionExpirationDays: 60, expireCurrentObjectsDays: 730 }, { name: "ml-artifacts", archiveStorageClass: "GLACIER" }],
  logRetentionDays: 365,
};
const UPLOADS = "chatbot-test-uploads-123456789012";
const EXPORTS = "chatbot-test-exports-123456789012";
const ML = "chatbot-test-ml-artifacts-123456789012";
const LOGS = "chatbot-test-data-access-logs-123456789012";

type Grants = (buckets: DataBuckets, roles: { api: IamRole; worker: IamRole }) => void;

function synth(p: Partial<DataBucketsProps> = {}, grants?: Grants): string {
  return Testing.synthScope((scope: Construct) => {
    const buckets = new DataBuckets(scope, "DataBuckets", { ...props, ...p });
    const role = (id: string, name: string): IamRole => new IamRole(scope, id, { name, assumeRolePolicy: "{}" });
    grants?.(buckets, { api: role("ApiRole", "chatbot-test-api"), worker: role("WorkerRole", "chatbot-test-worker") });
  });
}
const json = (p: Partial<DataBucketsProps> = {}, grants?: Grants): TfJson => JSON.parse(synth(p, grants));
/** `${aws_s3_bucket.<id>.<attr>}` of the bucket with this physical name. */
function bucketRef(j: TfJson, name: string, attr = "id"): string {
  const [id] = Object.entries(j.resource.aws_s3_bucket).find(([, b]) => b.bucket === name)!;
  return `\${aws_s3_bucket.${id}.${attr}}`;
}
/** The one resource of `type` configuring the bucket with this physical name. */
const of = (j: TfJson, type: string, name: string): any => resources(j, type).find((r) => r.bucket === bucketRef(j, name));
/** The policy document an aws_s3_bucket_policy or aws_iam_role_policy points at. */
const docOf = (j: TfJson, policy: any): any => j.data!.aws_iam_policy_document[/aws_iam_policy_document\.([^.]+)\.json/.exec(policy.policy)![1]];
const keyArn = (j: TfJson): string => `\${aws_kms_key.${Object.keys(j.resource.aws_kms_key)[0]}.arn}`;

const errorOf = (p: Partial<DataBucketsProps>): string => {
  try {
    synth(p);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("no error thrown");
};

describe("DataBuckets", () => {
  test("bucket names are <prefix>-<name>-<account>, plus one access log bucket", () => {
    const names = resources(json(), "aws_s3_bucket").map((b) => b.bucket).sort();
    expect(names).toEqual([LOGS, EXPORTS, ML, UPLOADS]);
  });

  test("buckets keep their objects on destroy unless forceDestroy is set", () => {
    expect(resources(json(), "aws_s3_bucket").every((b) => b.force_destroy === false)).toBe(true);
    expect(resources(json({ forceDestroy: true }), "aws_s3_bucket").every((b) => b.force_destroy === true)).toBe(true);
  });

  test("data buckets use SSE-KMS with the construct's one key and bucket keys", () => {
    const j = json();
    expect(resources(j, "aws_kms_key")).toHaveLength(1);
    expect(synth()).toHaveResourceWithProperties(KmsAlias, { name: "alias/chatbot-test-data-buckets" });
    for (const name of [UPLOADS, EXPORTS, ML]) {
      expect(of(j, "aws_s3_bucket_server_side_encryption_configuration", name).rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: keyArn(j) }, bucket_key_enabled: true },
      ]);
    }
  });

  test("the access log bucket uses SSE-S3, the only default encryption server access logging delivers to", () => {
    const j = json();
    expect(of(j, "aws_s3_bucket_server_side_encryption_configuration", LOGS).rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
  });

  test("every bucket blocks all public access, disables ACLs and is versioned", () => {
    const j = json();
    for (const name of [UPLOADS, EXPORTS, ML, LOGS]) {
      const block = of(j, "aws_s3_bucket_public_access_block", name);
      expect([block.block_public_acls, block.block_public_policy, block.ignore_public_acls, block.restrict_public_buckets]).toEqual([true, true, true, true]);
      expect(of(j, "aws_s3_bucket_ownership_controls", name).rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
      expect(of(j, "aws_s3_bucket_versioning", name).versioning_configuration).toEqual({ status: "Enabled" });
    }
    expect(synth()).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: "BucketOwnerEnforced" } });
  });

  test("every bucket policy denies requests without TLS, and nothing else for data buckets", () => {
    const j = json();
    for (const name of [UPLOADS, EXPORTS, ML, LOGS]) {
      const doc = docOf(j, of(j, "aws_s3_bucket_policy", name));
      expect(doc.statement[0]).toEqual({
        sid: "DenyInsecureTransport",
        effect: "Deny",
        principals: [{ type: "AWS", identifiers: ["*"] }],
        actions: ["s3:*"],
        resources: [bucketRef(j, name, "arn"), `${bucketRef(j, name, "arn")}/*`],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      });
      if (name !== LOGS) {
        // No deny on a missing encryption header: default encryption covers those uploads.
        expect(doc.statement).toHaveLength(1);
      }
    }
  });

  test("lifecycle: archive current objects, expire noncurrent versions, abort stale multipart uploads", () => {
    const j = json();
    expect(of(j, "aws_s3_bucket_lifecycle_configuration", UPLOADS).rule).toEqual([
      {
        id: "archive-and-expire",
        status: "Enabled",
        filter: [{ prefix: "" }],
        transition: [{ days: 90, storage_class: "GLACIER_IR" }],
        noncurrent_version_expiration: [{ noncurrent_days: 90 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
    const exports = of(j, "aws_s3_bucket_lifecycle_configuration", EXPORTS).rule[0];
    expect(exports.transition).toEqual([{ days: 30, storage_class: "GLACIER_IR" }]);
    expect(exports.expiration).toEqual([{ days: 730 }]);
    expect(exports.noncurrent_version_expiration).toEqual([{ noncurrent_days: 60 }]);
    expect(of(j, "aws_s3_bucket_lifecycle_configuration", ML).rule[0].transition).toEqual([{ days: 90, storage_class: "GLACIER" }]);
  });

  test("access logs expire after logRetentionDays", () => {
    const rule = of(json({ logRetentionDays: 90 }), "aws_s3_bucket_lifecycle_configuration", LOGS).rule[0];
    expect(rule.expiration).toEqual([{ days: 90 }]);
    expect(rule.abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 7 }]);
  });

  test("every data bucket logs to the log bucket under its own prefix, once the log bucket's policy is in place", () => {
    const j = json();
    const [policyId] = Object.entries(j.resource.aws_s3_bucket_policy).find(([, p]) => p.bucket === bucketRef(j, LOGS))!;
    const logging = resources(j, "aws_s3_bucket_logging");
    expect(logging.map((l) => [l.bucket, l.target_prefix]).sort()).toEqual(
      [
        [bucketRef(j, EXPORTS), "exports/"],
        [bucketRef(j, ML), "ml-artifacts/"],
        [bucketRef(j, UPLOADS), "uploads/"],
      ].sort(),
    );
    for (const l of logging) {
      expect(l.target_bucket).toBe(bucketRef(j, LOGS));
      expect(l.depends_on).toEqual([`aws_s3_bucket_policy.${policyId}`]);
    }
  });

  test("only S3's logging service, for these buckets in this account, may write to the log bucket", () => {
    const j = json();
    const allow = docOf(j, of(j, "aws_s3_bucket_policy", LOGS)).statement.find((s: any) => s.sid === "AllowS3ServerAccessLogs");
    expect(allow.principals).toEqual([{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }]);
    expect(allow.actions).toEqual(["s3:PutObject"]);
    expect(allow.resources).toEqual([`${bucketRef(j, LOGS, "arn")}/*`]);
    expect(allow.condition).toEqual([
      { test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] },
      { test: "ArnLike", variable: "aws:SourceArn", values: [bucketRef(j, UPLOADS, "arn"), bucketRef(j, EXPORTS, "arn"), bucketRef(j, ML, "arn")] },
    ]);
  });

  test("public attributes expose each bucket with its ARN and name, the log bucket and the key", () => {
    let buckets: DataBuckets | undefined;
    const j: TfJson = JSON.parse(
      Testing.synthScope((scope) => {
        buckets = new DataBuckets(scope, "DataBuckets", props);
        new TerraformOutput(scope, "Arn", { value: buckets.buckets.uploads.arn });
        new TerraformOutput(scope, "LogBucket", { value: buckets.logBucket.bucket });
      }),
    );
    expect(Object.keys(buckets!.buckets)).toEqual(["uploads", "exports", "ml-artifacts"]);
    expect(buckets!.buckets["ml-artifacts"].name).toBe(ML);
    expect(buckets!.buckets.uploads.bucket).toBeInstanceOf(S3Bucket);
    expect(j.output).toEqual({ Arn: { value: bucketRef(j, UPLOADS, "arn") }, LogBucket: { value: bucketRef(j, LOGS, "bucket") } });
    expect(buckets!.key.aliasName).toBe("alias/chatbot-test-data-buckets");
  });

  describe("grants", () => {
    test("grantReadWrite on a prefix: objects under it, listing only it, and the key through S3 only", () => {
      const j = json({}, (b, r) => b.grantReadWrite(r.api, "uploads", "users/"));
      const [policy] = resources(j, "aws_iam_role_policy");
      expect(policy.role).toBe("${aws_iam_role.ApiRole.name}");
      expect(policy.name).toMatch(/^chatbot-test-s3-read-write-uploads-users-[0-9a-f]{8}$/);
      expect(docOf(j, policy).statement).toEqual([
        {
          sid: "ListObjects",
          effect: "Allow",
          actions: ["s3:ListBucket"],
          resources: [bucketRef(j, UPLOADS, "arn")],
          condition: [{ test: "StringLike", variable: "s3:prefix", values: ["users/*"] }],
        },
        { sid: "ReadWriteObjects", effect: "Allow", actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], resources: [`${bucketRef(j, UPLOADS, "arn")}/users/*`] },
        {
          sid: "EncryptDecryptObjects",
          effect: "Allow",
          actions: ["kms:GenerateDataKey", "kms:Decrypt"],
          resources: [keyArn(j)],
          condition: [{ test: "StringEquals", variable: "kms:ViaService", values: ["s3.ap-southeast-2.amazonaws.com"] }],
        },
      ]);
    });

    test("grantRead on a whole bucket: GetObject and ListBucket without a prefix condition, Decrypt only", () => {
      const j = json({}, (b, r) => b.grantRead(r.worker, "ml-artifacts"));
      const [policy] = resources(j, "aws_iam_role_policy");
      expect(policy.name).toBe("chatbot-test-s3-read-ml-artifacts");
      const [list, read, kms] = docOf(j, policy).statement;
      expect(list.condition).toBeUndefined();
      expect(list.resources).toEqual([bucketRef(j, ML, "arn")]);
      expect(read.actions).toEqual(["s3:GetObject"]);
      expect(read.resources).toEqual([`${bucketRef(j, ML, "arn")}/*`]);
      expect(kms.actions).toEqual(["kms:Decrypt"]);
    });

    test("several roles and prefixes get policies of their own; a repeated grant returns the first one", () => {
      const returned: unknown[] = [];
      const j = json({}, (b, r) => {
        returned.push(b.grantRead(r.api, "exports", "reports/"));
        b.grantRead(r.worker, "exports", "reports/");
        b.grantRead(r.api, "exports", "reports-archive/");
        returned.push(b.grantRead(r.api, "exports", "reports/"));
      });
      const policies = resources(j, "aws_iam_role_policy");
      expect(policies).toHaveLength(3);
      expect(returned[0]).toBe(returned[1]);
      const apiNames = policies.filter((p) => p.role === "${aws_iam_role.ApiRole.name}").map((p) => p.name);
      expect(new Set(apiNames).size).toBe(2);
      expect(Object.keys(j.resource.aws_iam_role_policy).map((id) => id.replace(/_[0-9A-F]{8}$/, "")).sort()).toEqual([
        "DataBuckets_ReadExportsReportsArchivePolicy",
        "DataBuckets_ReadExportsReportsPolicy",
        "DataBuckets_ReadExportsReports2Policy",
      ].sort());
    });

    test("an unknown bucket or a wildcard prefix is refused", () => {
      expect(() => synth({}, (b, r) => b.grantReadWrite(r.api, UPLOADS))).toThrow(
        `DataBuckets chatbot-test: grantReadWrite: bucket "${UPLOADS}" is not one of "uploads", "exports", "ml-artifacts"; pass one of those names (without prefix and account)`,
      );
      expect(() => synth({}, (b, r) => b.grantRead(r.api, "uploads", "users/*"))).toThrow(
        'DataBuckets chatbot-test: grantRead: prefix "users/*" is not a key prefix; use a non-empty prefix without a leading "/" or wildcards, e.g. "exports/", or omit it for the whole bucket',
      );
    });
  });

  test("snapshot", () => {
    expect(scrub(json({}, (b, r) => b.grantReadWrite(r.worker, "exports", "conversations/")))).toMatchSnapshot();
  });

  describe("errors", () => {
    test("a bucket name with upper-case letters or dots", () => {
      expect(errorOf({ buckets: [{ name: "ML.Artifacts" }] })).toBe(
        [
          "DataBuckets chatbot-test: 1 invalid prop; nothing was created:",
          '  - buckets[0].name: "ML.Artifacts" is not a valid bucket name part',
          "    allowed: lower-case letters, digits and hyphens, starting and ending with a letter or digit (no dots: they break TLS for virtual-hosted requests)",
          '    fix: rename it, e.g. "ml-artifacts"',
        ].join("\n"),
      );
    });

    test("two buckets with the same name, and a name the log bucket uses", () => {
      expect(errorOf({ buckets: [{ name: "uploads" }, { name: "uploads" }, { name: "data-access-logs" }] })).toBe(
        [
          "DataBuckets chatbot-test: 2 invalid props; nothing was created:",
          '  - buckets[1].name: "uploads" repeats buckets[0].name',
          "    allowed: each bucket name once",
          "    fix: remove the duplicate or rename one of them",
          '  - buckets[2].name: "data-access-logs" is taken by the access log bucket',
          '    allowed: any name but "data-access-logs" and "access-log"',
          "    fix: rename the bucket",
        ].join("\n"),
      );
    });

    test("a name that makes the bucket name longer than 63 characters", () => {
      expect(errorOf({ buckets: [{ name: "conversation-exports-for-the-analytics-team" }] })).toBe(
        [
          "DataBuckets chatbot-test: 1 invalid prop; nothing was created:",
          '  - buckets[0].name: "conversation-exports-for-the-analytics-team" makes the bucket name "chatbot-test-conversation-exports-for-the-analytics-team-123456789012" 69 characters long',
          "    allowed: bucket names of at most 63 characters",
          "    fix: shorten the bucket name (or the name prefix)",
        ].join("\n"),
      );
    });

    test("a name prefix too long for the log bucket's name", () => {
      const namePrefix = "chatbot-a-very-long-environment-name";
      expect(errorOf({ namePrefix, buckets: [{ name: "uploads" }] })).toBe(
        [
          `DataBuckets ${namePrefix}: 1 invalid prop; nothing was created:`,
          `  - namePrefix: "${namePrefix}" makes the bucket name "${namePrefix}-data-access-logs-123456789012" 66 characters long`,
          "    allowed: bucket names of at most 63 characters",
          "    fix: shorten the name prefix",
        ].join("\n"),
      );
    });

    test("lifecycle days out of order or out of range are all reported at once", () => {
      expect(
        errorOf({
          buckets: [
            { name: "exports", transitionToGlacierDays: 365, expireCurrentObjectsDays: 365 },
            { name: "uploads", transitionToGlacierDays: 0, noncurrentVersionExpirationDays: 0, archiveStorageClass: "STANDARD_IA" as never },
          ],
          logRetentionDays: 0,
        }),
      ).toBe(
        [
          "DataBuckets chatbot-test: 5 invalid props; nothing was created:",
          "  - logRetentionDays: 0 is out of range",
          "    allowed: an integer from 1 to 36500",
          "    fix: pick how many days access logs are kept, e.g. 365",
          "  - buckets[0].expireCurrentObjectsDays: 365 is not after transitionToGlacierDays (365); S3 rejects an expiration that does not come after the transition",
          "    allowed: more than 365",
          "    fix: raise expireCurrentObjectsDays, or lower transitionToGlacierDays",
          "  - buckets[1].transitionToGlacierDays: 0 is out of range",
          "    allowed: an integer from 1 to 36500",
          "    fix: leave it unset for 90 days, or pick a day count",
          '  - buckets[1].archiveStorageClass: "STANDARD_IA" is not an archive storage class',
          '    allowed: "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"',
          '    fix: leave it unset for "GLACIER_IR"',
          "  - buckets[1].noncurrentVersionExpirationDays: 0 is out of range",
          "    allowed: an integer from 1 to 36500",
          "    fix: leave it unset for 90 days, or pick a day count",
        ].join("\n"),
      );
    });

    test("no buckets, and an account id that is not one", () => {
      expect(errorOf({ buckets: [], accountId: "acme" })).toBe(
        [
          "DataBuckets chatbot-test: 2 invalid props; nothing was created:",
          '  - accountId: "acme" is not an AWS account id',
          "    allowed: 12 digits",
          "    fix: pass the account id of the buckets' account",
          "  - buckets: [] is empty",
          "    allowed: at least one bucket",
          '    fix: add a bucket, e.g. { name: "uploads" }, or do not create DataBuckets',
        ].join("\n"),
      );
    });
  });
});
