/**
 * FederatedRole: an IAM role assumed with a web identity token through an OIDC provider of the
 * account (GitHub Actions, Terraform Cloud), trusted for an exact audience and an exact list of
 * subjects. It starts with no permissions: the producing constructs grant what it may do, plus
 * `grantState`, `grantDescribeCluster` and `denySecretReads` here.
 */
import { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";

/** Where an environment's Terraform state lives (the shared S3 backend). */
export interface StateLocation {
  /** State bucket name. */
  readonly bucket: string;
  /** Key prefix of the environment's state objects, e.g. `prod/`. */
  readonly keyPrefix: string;
  /** DynamoDB lock table name. */
  readonly lockTable: string;
  /** Region of the bucket, table and key. */
  readonly region: string;
  /** Account of the bucket, table and key. */
  readonly accountId: string;
  /** Alias of the state key, `alias/<name>`. */
  readonly keyAlias: string;
  /**
   * Further key prefixes the role may only read, e.g. `shared/` for the shared stacks whose
   * outputs the environment's stacks read through remote state.
   * @default - none
   */
  readonly readOnlyKeyPrefixes?: readonly string[];
  /**
   * The state-access roles in the state account (lib/state-access.ts) when the state lives in
   * another account: the role then gets only `sts:AssumeRole` on them, and their policies (in the
   * state account) say what may be read or written.
   * @default - the state is in the role's own account: direct grants on the bucket, table and key
   */
  readonly accessRoleArns?: readonly string[];
}

/**
 * Actions that return secret material, which `denySecretReads` denies whatever else allows them
 * (AWS `ReadOnlyAccess`, or a key policy that admits the whole account, as the AWS-managed
 * `aws/ssm` and `aws/secretsmanager` keys do).
 */
export const SECRET_READ_ACTIONS = {
  /**
   * Every decryption: SecureString values (`ssm:GetParameter*` with decryption, which
   * ReadOnlyAccess allows, decrypts as the caller), secrets under any key, SSE-KMS objects (the
   * data buckets), Lambda environment variables under a customer key. `ReEncryptFrom` because a
   * ciphertext (`ssm:GetParameter` without decryption returns it) re-encrypted under a key the
   * caller controls elsewhere is as good as the plaintext.
   */
  decrypt: ["kms:Decrypt", "kms:ReEncryptFrom"],
  /** Secret values, whichever key encrypts them. */
  secretValues: ["secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue"],
} as const;

export interface FederatedRoleProps {
  /** Role name. */
  readonly roleName: string;
  /** What the role is for. */
  readonly description: string;
  /** ARN of the account's OIDC provider of the token issuer. */
  readonly oidcProviderArn: string;
  /** The issuer's host and path as IAM names its claims (`token.actions.githubusercontent.com`). */
  readonly issuerHost: string;
  /** The one `aud` value accepted. */
  readonly audience: string;
  /** Exact `sub` values accepted (at least one); `*` only where `subjectPatterns` is set. */
  readonly subjects: readonly string[];
  /**
   * Match `subjects` as patterns (`StringLike`, `*` and `?` are wildcards) instead of exactly.
   * @default false
   */
  readonly subjectPatterns?: boolean;
  /** Statement id of the trust statement, naming the issuer (`GithubActions`). */
  readonly trustSid: string;
  /**
   * Longest session, in seconds.
   * @default 3600
   */
  readonly maxSessionSeconds?: number;
}

export class FederatedRole extends Construct {
  public readonly role: IamRole;
  public readonly roleArn: string;
  /** The `sub` values the trust policy accepts. */
  public readonly subjects: readonly string[];

  constructor(scope: Construct, id: string, props: FederatedRoleProps) {
    super(scope, id);
    if (props.subjects.length === 0) {
      throw new Error(`${props.roleName}: subjects is empty; name at least one subject the role trusts`);
    }
    const wildcard = props.subjects.find((s) => /[*?]/.test(s));
    if (wildcard !== undefined && !props.subjectPatterns) {
      throw new Error(`${props.roleName}: subject "${wildcard}" has a wildcard; list exact subjects, or set subjectPatterns`);
    }
    this.subjects = [...props.subjects];
    const trust = new DataAwsIamPolicyDocument(this, "Trust", {
      statement: [
        {
          sid: props.trustSid,
          effect: "Allow",
          actions: ["sts:AssumeRoleWithWebIdentity"],
          principals: [{ type: "Federated", identifiers: [props.oidcProviderArn] }],
          condition: [
            { test: "StringEquals", variable: `${props.issuerHost}:aud`, values: [props.audience] },
            { test: props.subjectPatterns ? "StringLike" : "StringEquals", variable: `${props.issuerHost}:sub`, values: [...this.subjects] },
          ],
        },
      ],
    });
    this.role = new IamRole(this, "Role", {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: trust.json,
      maxSessionDuration: props.maxSessionSeconds ?? 3600,
    });
    this.roleArn = this.role.arn;
  }

  /**
   * Lets the role read (and, with `readWrite`, write) the environment's state objects, take the
   * state lock, and use the state key. Nothing outside the environment's key prefix.
   */
  public grantState(state: StateLocation, access: "read" | "readWrite"): IamRolePolicy {
    if (state.accessRoleArns && state.accessRoleArns.length > 0) {
      const assume = new DataAwsIamPolicyDocument(this, "StateAccessPolicyDocument", {
        statement: [{ sid: "AssumeStateAccessRole", effect: "Allow", actions: ["sts:AssumeRole"], resources: [...state.accessRoleArns] }],
      });
      return new IamRolePolicy(this, "StateAccess", { name: "terraform-state-access", role: this.role.id, policy: assume.json });
    }
    const objects = `arn:aws:s3:::${state.bucket}/${state.keyPrefix}*`;
    const readOnly = (state.readOnlyKeyPrefixes ?? []).map((p) => `arn:aws:s3:::${state.bucket}/${p}*`);
    const doc = new DataAwsIamPolicyDocument(this, `State${access === "read" ? "Read" : "ReadWrite"}PolicyDocument`, {
      statement: [
        {
          // Unconditioned: HeadObject of a state key that does not exist yet (every first plan)
          // answers 404 only to a caller with s3:ListBucket, and carries no s3:prefix to match;
          // `init` also lists `env:/` (workspaces). Listing shows key names only.
          sid: "ListStateBucket",
          effect: "Allow",
          actions: ["s3:ListBucket"],
          resources: [`arn:aws:s3:::${state.bucket}`],
        },
        {
          sid: "StateObjects",
          effect: "Allow",
          actions: access === "read" ? ["s3:GetObject"] : ["s3:GetObject", "s3:PutObject"],
          resources: [objects],
        },
        // Releasing an S3 lock file (use_lockfile) deletes it; nothing else may be deleted.
        ...(access === "readWrite" ? [{ sid: "ReleaseLockFiles", effect: "Allow", actions: ["s3:DeleteObject"], resources: [`${objects}.tflock`] }] : []),
        ...(readOnly.length > 0 ? [{ sid: "ReadOtherState", effect: "Allow", actions: ["s3:GetObject"], resources: readOnly }] : []),
        {
          // Lock digests (`<bucket>/<key>-md5`) are read with every state read; a reader takes no
          // lock (plans run with -lock=false) and can neither release another's lock nor forge a digest.
          sid: "StateLockRead",
          effect: "Allow",
          actions: ["dynamodb:DescribeTable", "dynamodb:GetItem"],
          resources: [`arn:aws:dynamodb:${state.region}:${state.accountId}:table/${state.lockTable}`],
          condition: [{ test: "ForAllValues:StringLike", variable: "dynamodb:LeadingKeys", values: [`${state.bucket}/${state.keyPrefix}*`] }],
        },
        ...(access === "readWrite"
          ? [
              {
                sid: "StateLockWrite",
                effect: "Allow",
                actions: ["dynamodb:PutItem", "dynamodb:DeleteItem"],
                resources: [`arn:aws:dynamodb:${state.region}:${state.accountId}:table/${state.lockTable}`],
                condition: [{ test: "ForAllValues:StringLike", variable: "dynamodb:LeadingKeys", values: [`${state.bucket}/${state.keyPrefix}*`] }],
              },
            ]
          : []),
        {
          // The key is created by the bootstrap stack in the state account; match it by alias.
          sid: "StateKey",
          effect: "Allow",
          actions: access === "read" ? ["kms:Decrypt", "kms:DescribeKey"] : ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"],
          resources: [`arn:aws:kms:${state.region}:${state.accountId}:key/*`],
          condition: [{ test: "ForAnyValue:StringEquals", variable: "kms:ResourceAliases", values: [state.keyAlias] }],
        },
      ],
    });
    return new IamRolePolicy(this, `State${access === "read" ? "Read" : "ReadWrite"}`, {
      name: access === "read" ? "terraform-state-read" : "terraform-state-read-write",
      role: this.role.id,
      policy: doc.json,
    });
  }

  /**
   * Denies the role every way to read a secret value (SECRET_READ_ACTIONS), on every resource: an
   * explicit deny beats any allow, from `ReadOnlyAccess` or a key policy. Terraform's refresh of
   * a resource that decrypts (an `aws_ssm_parameter` SecureString: the AWS provider always reads
   * it with decryption) fails for this role.
   * @param stateKeyAlias alias of the state key when the role reads state directly (state in its
   *   own account); leave it out when state is reached through a state-access role.
   */
  public denySecretReads(stateKeyAlias?: string): IamRolePolicy {
    const doc = new DataAwsIamPolicyDocument(this, "DenySecretReadsPolicyDocument", {
      statement: [
        {
          sid: "DenyDecrypt",
          effect: "Deny",
          actions: [...SECRET_READ_ACTIONS.decrypt],
          resources: ["*"],
          // With the state in the role's own account, the state key stays usable (`grantState`);
          // every other key, and every key without an alias, is denied.
          condition: stateKeyAlias ? [{ test: "ForAllValues:StringNotEquals", variable: "kms:ResourceAliases", values: [stateKeyAlias] }] : undefined,
        },
        { sid: "DenySecretValues", effect: "Deny", actions: [...SECRET_READ_ACTIONS.secretValues], resources: ["*"] },
      ],
    });
    return new IamRolePolicy(this, "DenySecretReads", { name: "deny-secret-reads", role: this.role.id, policy: doc.json });
  }

  /** Lets the role describe one EKS cluster (to write a kubeconfig); nothing else in EKS. */
  public grantDescribeCluster(clusterArn: string): IamRolePolicy {
    const doc = new DataAwsIamPolicyDocument(this, "DescribeClusterPolicyDocument", {
      statement: [{ sid: "DescribeCluster", effect: "Allow", actions: ["eks:DescribeCluster"], resources: [clusterArn] }],
    });
    return new IamRolePolicy(this, "DescribeCluster", { name: "eks-describe-cluster", role: this.role.id, policy: doc.json });
  }
}
