/**
 * StateAccessRole: a role in the state account through which stacks in other accounts reach their
 * Terraform state. Every S3 backend and every cross-stack remote-state read of an environment
 * assumes its role, so the bucket, lock table and key are always used from the state account: an
 * alias or a bare table name never resolves in the caller's account, and the bucket, table and key
 * need no cross-account policies.
 *
 * - `readWrite`: reads and writes the objects it owns (`dev/*`), takes their locks (DynamoDB items
 *   and S3 lock files), and reads the state it depends on (`shared/*`);
 * - `read`: reads the same state and the lock digests, but writes nothing and takes no lock (plans
 *   that use it run with `-lock=false`, so they never block an apply).
 *
 * The trust policy names the account roots of the trusted principals and pins the exact principal
 * ARNs with `aws:PrincipalArn`, so the roles can be created before the principals exist (IAM
 * refuses a trust policy naming a role that does not exist yet).
 */
import { Construct } from "constructs";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { StateBackend } from "../state-backend";

/** What a state-access role may do with the state it owns. */
export type StateAccessLevel = "readWrite" | "read";

export interface StateAccessRoleProps {
  /** Role name (in the state account). */
  readonly roleName: string;
  /** What the role is for. */
  readonly description: string;
  /** The bucket, lock table and key the role reaches. */
  readonly backend: StateBackend;
  /** Read and write (applies), or read only (plans, outputs). */
  readonly access: StateAccessLevel;
  /**
   * Object keys the role owns, as S3 key patterns: `dev/*` (an environment) or
   * `shared/111111111111.tfstate` (one shared stack).
   */
  readonly ownKeys: readonly string[];
  /**
   * Further object keys the role may only read: the state its stacks read through remote state.
   * @default - none
   */
  readonly readKeys?: readonly string[];
  /** IAM principal ARNs (roles or users, any account) allowed to assume the role. */
  readonly trustedPrincipalArns: readonly string[];
  /**
   * Longest session, in seconds.
   * @default 3600
   */
  readonly maxSessionSeconds?: number;
}

function accountOf(arn: string): string {
  const account = arn.split(":")[4];
  if (!/^\d{12}$/.test(account ?? "")) {
    throw new Error(`StateAccessRole: trustedPrincipalArns has "${arn}", which names no account; use the exact ARN of an IAM role or user`);
  }
  return account;
}

export class StateAccessRole extends Construct {
  public readonly role: IamRole;
  /** ARN of the role: what backends and remote-state reads assume. */
  public readonly roleArn: string;
  public readonly access: StateAccessLevel;

  constructor(scope: Construct, id: string, props: StateAccessRoleProps) {
    super(scope, id);
    if (props.trustedPrincipalArns.length === 0 || props.ownKeys.length === 0) {
      throw new Error(`StateAccessRole ${props.roleName}: trustedPrincipalArns and ownKeys must not be empty`);
    }
    this.access = props.access;
    const principals = [...new Set(props.trustedPrincipalArns)];
    const accounts = [...new Set(principals.map(accountOf))];
    const trust = new DataAwsIamPolicyDocument(this, "Trust", {
      statement: [
        {
          sid: "TrustedPrincipals",
          effect: "Allow",
          actions: ["sts:AssumeRole", "sts:SetSourceIdentity"],
          principals: [{ type: "AWS", identifiers: accounts.map((a) => `arn:aws:iam::${a}:root`) }],
          condition: [{ test: "ArnEquals", variable: "aws:PrincipalArn", values: principals }],
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

    const bucketArn = props.backend.bucket.arn;
    const tableArn = props.backend.lockTable.arn;
    const bucketName = props.backend.bucket.bucket;
    const own = props.ownKeys;
    const read = props.readKeys ?? [];
    const objects = (keys: readonly string[], suffix = ""): string[] => keys.map((k) => `${bucketArn}/${k}${suffix}`);
    const lockItems = (keys: readonly string[], suffix = ""): string[] => keys.map((k) => `${bucketName}/${k}${suffix}`);
    const write = props.access === "readWrite";
    // Lock items are `<bucket>/<key>`, digests `<bucket>/<key>-md5` (a `dev/*` pattern covers both).
    const ownItems = [...lockItems(own), ...lockItems(own.filter((k) => !k.endsWith("*")), "-md5")];

    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        // Unconditioned: HeadObject of a state key that does not exist yet (every first plan)
        // answers 404 only to a caller with s3:ListBucket, and carries no s3:prefix to match;
        // `init` also lists `env:/` (workspaces). Listing shows key names only.
        sid: "ListStateBucket",
        effect: "Allow",
        actions: ["s3:ListBucket"],
        resources: [bucketArn],
      },
      {
        // State objects, and (read-write roles) the S3 lock files, which unlocking reads first.
        sid: "ReadState",
        effect: "Allow",
        actions: ["s3:GetObject"],
        resources: [...objects(own), ...objects(read), ...(write ? objects(own.filter((k) => !k.endsWith("*")), ".tflock") : [])],
      },
      {
        // Lock digests (`<bucket>/<key>-md5`) are read on every state read with DynamoDB locking.
        sid: "ReadLockDigests",
        effect: "Allow",
        actions: ["dynamodb:DescribeTable", "dynamodb:GetItem"],
        resources: [tableArn],
        condition: [{ test: "ForAllValues:StringLike", variable: "dynamodb:LeadingKeys", values: ownItems }],
      },
      {
        sid: "UseStateKey",
        effect: "Allow",
        actions: write ? ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"] : ["kms:Decrypt", "kms:DescribeKey"],
        resources: [props.backend.key.keyArn],
      },
    ];
    if (write) {
      statements.push(
        {
          // State objects and S3 lock files (`<key>.tflock`, use_lockfile).
          sid: "WriteOwnState",
          effect: "Allow",
          actions: ["s3:PutObject"],
          resources: [...objects(own), ...objects(own.filter((k) => !k.endsWith("*")), ".tflock")],
        },
        {
          sid: "ReleaseLockFiles",
          effect: "Allow",
          actions: ["s3:DeleteObject"],
          resources: objects(own, ".tflock"),
        },
        {
          sid: "LockOwnState",
          effect: "Allow",
          actions: ["dynamodb:PutItem", "dynamodb:DeleteItem"],
          resources: [tableArn],
          condition: [{ test: "ForAllValues:StringLike", variable: "dynamodb:LeadingKeys", values: ownItems }],
        },
      );
    }
    const policy = new DataAwsIamPolicyDocument(this, "PolicyDocument", { statement: statements });
    new IamRolePolicy(this, "Policy", { name: write ? "terraform-state-read-write" : "terraform-state-read", role: this.role.id, policy: policy.json });
  }
}
