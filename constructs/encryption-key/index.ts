/**
 * EncryptionKey: a customer-managed KMS key with rotation on, an alias, and a key policy that
 * names exactly which AWS services may use it and under which encryption context.
 *
 * Every encrypted resource of the platform (state bucket, flow logs, ...) gets a key of its own
 * purpose, so access can be reasoned about per key and a key can be disabled without collateral.
 */
import { Construct } from "constructs";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";

/** A condition of a key policy statement. */
export interface KeyCondition {
  /** Condition operator, e.g. `ArnLike`, `StringEquals`. */
  readonly test: string;
  /** Condition key, e.g. `kms:EncryptionContext:aws:logs:arn`. */
  readonly variable: string;
  /** Accepted values. */
  readonly values: readonly string[];
}

/** An AWS service allowed to use the key. */
export interface KeyServiceUser {
  /** Short statement id (letters and digits), e.g. `CloudWatchLogs`. */
  readonly sid: string;
  /** Service principal, e.g. `logs.ap-southeast-2.amazonaws.com`. */
  readonly servicePrincipal: string;
  /** Conditions that pin the use to this platform's resources (encryption context, source account). */
  readonly conditions: readonly KeyCondition[];
  /**
   * What the service may do with the key, when it needs less than encrypt and decrypt (e.g.
   * CloudFront reading SSE-KMS objects: `kms:Decrypt` only).
   * @default - encrypt, decrypt, re-encrypt, generate data keys and describe
   */
  readonly actions?: readonly string[];
}

/**
 * IAM principals of the key's account (usually a service-linked role) allowed to use the key for
 * AWS resources. They are matched by `aws:PrincipalArn` rather than named as principals, because
 * KMS rejects a policy naming a role that does not exist yet, and a service-linked role such as
 * AWSServiceRoleForAutoScaling appears only when the first Auto Scaling group is created.
 */
export interface KeyPrincipalUser {
  /** Short statement id (letters and digits), e.g. `AutoScalingVolumes`. */
  readonly sid: string;
  /** ARNs of the principals, e.g. the account's AWSServiceRoleForAutoScaling. */
  readonly principalArns: readonly string[];
}

export interface EncryptionKeyProps {
  /** Alias name without the `alias/` prefix, e.g. `chatbot-dev-flow-logs`. */
  readonly aliasName: string;
  /** What the key protects, shown in the console. */
  readonly description: string;
  /** Account that administers the key (its IAM policies may grant use). */
  readonly accountId: string;
  /**
   * Services allowed to encrypt and decrypt with the key.
   * @default - none: only IAM principals of the account that are granted access
   */
  readonly serviceUsers?: readonly KeyServiceUser[];
  /**
   * IAM principals allowed to use the key, and to create grants only for AWS resources
   * (`kms:GrantIsForAWSResource`): e.g. the Auto Scaling service-linked role launching nodes with
   * encrypted volumes, which cannot be granted through its own (AWS-managed) IAM policy.
   * @default - none
   */
  readonly principalUsers?: readonly KeyPrincipalUser[];
  /**
   * Waiting period before a scheduled deletion takes effect, 7 to 30 days.
   * @default 30
   */
  readonly deletionWindowInDays?: number;
}

/** Actions a service user may perform with the key. */
const SERVICE_USE_ACTIONS = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"];

export class EncryptionKey extends Construct {
  /** The key. */
  public readonly key: KmsKey;
  /** ARN of the key, for resources' `kms_key_id`. */
  public readonly keyArn: string;
  /** `alias/<aliasName>`. */
  public readonly aliasName: string;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const deletionWindow = props.deletionWindowInDays ?? 30;
    if (!Number.isInteger(deletionWindow) || deletionWindow < 7 || deletionWindow > 30) {
      throw new Error(`EncryptionKey ${props.aliasName}: deletionWindowInDays ${deletionWindow} is outside 7..30; use 30 unless the key is throw-away`);
    }

    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        // The AWS default key policy statement: the account's root administers the key and IAM
        // policies in the account can grant its use. Without it the key can become unmanageable.
        sid: "AccountAdministration",
        effect: "Allow",
        principals: [{ type: "AWS", identifiers: [`arn:aws:iam::${props.accountId}:root`] }],
        actions: ["kms:*"],
        resources: ["*"],
      },
      ...(props.serviceUsers ?? []).map((user) => ({
        sid: user.sid,
        effect: "Allow",
        principals: [{ type: "Service", identifiers: [user.servicePrincipal] }],
        actions: [...(user.actions ?? SERVICE_USE_ACTIONS)],
        resources: ["*"],
        condition: user.conditions.map((c) => ({ test: c.test, variable: c.variable, values: [...c.values] })),
      })),
      ...(props.principalUsers ?? []).flatMap((user) => {
        const who = [
          { test: "ArnEquals", variable: "aws:PrincipalArn", values: [...user.principalArns] },
          { test: "StringEquals", variable: "kms:CallerAccount", values: [props.accountId] },
        ];
        return [
          { sid: user.sid, effect: "Allow", principals: [{ type: "AWS", identifiers: ["*"] }], actions: SERVICE_USE_ACTIONS, resources: ["*"], condition: who },
          {
            sid: `${user.sid}Grants`,
            effect: "Allow",
            principals: [{ type: "AWS", identifiers: ["*"] }],
            actions: ["kms:CreateGrant"],
            resources: ["*"],
            condition: [...who, { test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }],
          },
        ];
      }),
    ];
    const policy = new DataAwsIamPolicyDocument(this, "Policy", { statement: statements });

    this.key = new KmsKey(this, "Key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindow,
      policy: policy.json,
    });
    this.aliasName = `alias/${props.aliasName}`;
    new KmsAlias(this, "Alias", { name: this.aliasName, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;
  }
}
