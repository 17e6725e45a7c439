/**
 * The guard rails every bucket of the platform has (state, access logs, application data): public
 * access blocked, objects owned by the bucket owner, versioning, and a policy that denies requests
 * without TLS, plus any statements the caller adds. Returns the bucket policy.
 */
import { Construct } from "constructs";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";

export function lockDownBucket(scope: Construct, prefix: string, bucket: S3Bucket, extraStatements: DataAwsIamPolicyDocumentStatement[] = []): S3BucketPolicy {
  new S3BucketPublicAccessBlock(scope, `${prefix}PublicAccessBlock`, {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, `${prefix}OwnershipControls`, {
    bucket: bucket.id,
    rule: { objectOwnership: "BucketOwnerEnforced" },
  });
  new S3BucketVersioningA(scope, `${prefix}Versioning`, {
    bucket: bucket.id,
    versioningConfiguration: { status: "Enabled" },
  });
  const policy = new DataAwsIamPolicyDocument(scope, `${prefix}PolicyDocument`, {
    statement: [
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        // {"AWS": "*"} is documented as equivalent to "*" in resource policies (and the form moto parses).
        principals: [{ type: "AWS", identifiers: ["*"] }],
        actions: ["s3:*"],
        resources: [bucket.arn, `${bucket.arn}/*`],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
      ...extraStatements,
    ],
  });
  // The public access block first: S3 evaluates a new bucket policy against it.
  return new S3BucketPolicy(scope, `${prefix}Policy`, { bucket: bucket.id, policy: policy.json });
}
