/**
 * ContainerRegistry: the platform's ECR repositories (reference 002: chatbot-backend,
 * chatbot-frontend), in one account, shared by every environment.
 *
 * Tags are immutable, images are scanned on push and encrypted with a key of the registry's own;
 * a lifecycle policy keeps the last N release images and expires untagged ones. The repository
 * policy lets the workload roles of the environments' accounts pull (by role-name pattern, since
 * those roles live in other stacks and accounts) and the named deploy roles push; `grantPush`
 * gives a role the matching identity policy.
 */
import { Construct } from "constructs";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { EncryptionKey } from "../encryption-key";
import { idPart } from "../../lib/naming";

/** Roles of one account that use the registry. */
export interface RegistryConsumer {
  /** Account of the roles. */
  readonly accountId: string;
  /** Role name patterns allowed to pull (IAM `ArnLike` wildcards), e.g. `chatbot-prod-*`. */
  readonly pullRoleNamePatterns: readonly string[];
  /**
   * Exact role names allowed to push (deploy roles). A role in another account needs this
   * statement in addition to the identity policy `grantPush` gives it.
   * @default - none
   */
  readonly pushRoleNames?: readonly string[];
}

export interface ContainerRegistryProps {
  /** Account that holds the repositories. */
  readonly accountId: string;
  /** Repository names. */
  readonly repositories: readonly string[];
  /** Roles that pull (and push), per account. */
  readonly consumers: readonly RegistryConsumer[];
  /**
   * Release images kept per repository.
   * @default 30
   */
  readonly keepReleaseImages?: number;
  /**
   * Tag prefixes of release images.
   * @default ["v"]
   */
  readonly releaseTagPrefixes?: readonly string[];
  /**
   * Days an untagged image is kept.
   * @default 7
   */
  readonly untaggedImageDays?: number;
  /** Alias name of the registry's KMS key (without `alias/`). */
  readonly keyAliasName: string;
}

/** What a pull needs; also what a push needs to read back what it wrote. */
const PULL_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"];
const PUSH_ACTIONS = [
  ...PULL_ACTIONS,
  "ecr:InitiateLayerUpload",
  "ecr:UploadLayerPart",
  "ecr:CompleteLayerUpload",
  "ecr:PutImage",
  "ecr:DescribeImages",
];

export class ContainerRegistry extends Construct {
  public readonly repositories: Readonly<Record<string, EcrRepository>>;
  public readonly key: EncryptionKey;

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    super(scope, id);
    const keep = props.keepReleaseImages ?? 30;
    const prefixes = props.releaseTagPrefixes ?? ["v"];
    const untaggedDays = props.untaggedImageDays ?? 7;

    this.key = new EncryptionKey(this, "Key", {
      aliasName: props.keyAliasName,
      description: "Encrypts the platform's container images",
      accountId: props.accountId,
    });

    // Lifecycle rules are evaluated by priority; untagged images go first.
    const lifecycle = JSON.stringify({
      rules: [
        {
          rulePriority: 1,
          description: `Expire untagged images after ${untaggedDays} days`,
          selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: untaggedDays },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          description: `Keep the last ${keep} release images`,
          selection: { tagStatus: "tagged", tagPrefixList: [...prefixes], countType: "imageCountMoreThan", countNumber: keep },
          action: { type: "expire" },
        },
      ],
    });

    const repositories: Record<string, EcrRepository> = {};
    for (const name of props.repositories) {
      const label = idPart(name);
      const repo = new EcrRepository(this, `${label}Repository`, {
        name,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: this.key.keyArn }],
      });
      new EcrLifecyclePolicy(this, `${label}Lifecycle`, { repository: repo.name, policy: lifecycle });
      if (props.consumers.length > 0) {
        // Principals are account roots narrowed by aws:PrincipalArn, so the policy can name roles
        // that other stacks create later (a missing role ARN as principal is rejected by ECR).
        const statements: DataAwsIamPolicyDocumentStatement[] = props.consumers.flatMap((c) => [
          {
            sid: `Pull${c.accountId}`,
            effect: "Allow",
            principals: [{ type: "AWS", identifiers: [`arn:aws:iam::${c.accountId}:root`] }],
            actions: PULL_ACTIONS,
            condition: [{ test: "ArnLike", variable: "aws:PrincipalArn", values: c.pullRoleNamePatterns.map((p) => `arn:aws:iam::${c.accountId}:role/${p}`) }],
          },
          ...((c.pushRoleNames ?? []).length > 0
            ? [
                {
                  sid: `Push${c.accountId}`,
                  effect: "Allow",
                  principals: [{ type: "AWS", identifiers: [`arn:aws:iam::${c.accountId}:root`] }],
                  actions: PUSH_ACTIONS,
                  condition: [{ test: "ArnEquals", variable: "aws:PrincipalArn", values: (c.pushRoleNames ?? []).map((r) => `arn:aws:iam::${c.accountId}:role/${r}`) }],
                },
              ]
            : []),
        ]);
        const policy = new DataAwsIamPolicyDocument(this, `${label}PolicyDocument`, { statement: statements });
        new EcrRepositoryPolicy(this, `${label}Policy`, { repository: repo.name, policy: policy.json });
      }
      repositories[name] = repo;
    }
    this.repositories = repositories;
  }

  /**
   * Lets `role` push images to every repository of the registry (and log in to ECR).
   * Returns the inline policy it adds to the role. A role in another account must also be listed
   * in `consumers[].pushRoleNames`.
   */
  public grantPush(role: IamRole): IamRolePolicy {
    const repos = Object.values(this.repositories);
    const doc = new DataAwsIamPolicyDocument(role, "EcrPushPolicyDocument", {
      statement: [
        // GetAuthorizationToken has no resource-level permissions: AWS requires "*".
        { sid: "Login", effect: "Allow", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
        // No KMS statement: ECR encrypts and decrypts layers through its own grant on the key.
        { sid: "Push", effect: "Allow", actions: PUSH_ACTIONS, resources: repos.map((r) => r.arn) },
      ],
    });
    return new IamRolePolicy(role, "EcrPush", { name: "ecr-push", role: role.id, policy: doc.json });
  }
}
