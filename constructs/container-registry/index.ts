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
import { Fn } from "cdktf";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { EncryptionKey } from "../encryption-key";
import { idPart } from "../../lib/naming";
import { PropPaths, PropProblems, checkProps } from "../../lib/prop-checks";
import { Problems } from "../../lib/problems";
import { known, numberText } from "../../lib/token-values";

/** ECR repository names: `/`-separated parts of lower-case letters and digits joined by `.`, `_` or `-`. */
export const REPOSITORY_NAME_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
/** Release tag prefixes: letters, digits, `.`, `_` and `-`. */
export const TAG_PREFIX_PATTERN = /^[A-Za-z0-9._-]+$/;

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
    checkProps(`ContainerRegistry ${props.keyAliasName}`, props, validateContainerRegistryProps);
    const keep = props.keepReleaseImages ?? 30;
    const prefixes = props.releaseTagPrefixes ?? ["v"];
    const untaggedDays = props.untaggedImageDays ?? 7;

    this.key = new EncryptionKey(this, "Key", {
      aliasName: props.keyAliasName,
      description: "Encrypts the platform's container images",
      accountId: props.accountId,
    });

    // Lifecycle rules are evaluated by priority; untagged images go first.
    const lifecycleDocument = {
      rules: [
        {
          rulePriority: 1,
          description: `Expire untagged images after ${numberText(untaggedDays)} days`,
          selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: untaggedDays },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          description: `Keep the last ${numberText(keep)} release images`,
          selection: { tagStatus: "tagged", tagPrefixList: known(prefixes) ? [...prefixes] : prefixes, countType: "imageCountMoreThan", countNumber: keep },
          action: { type: "expire" },
        },
      ],
    };
    // Plan-time values (the generated module's variables) need Terraform's jsonencode; the app's
    // concrete values keep the JSON text written here.
    const lifecycle = known(untaggedDays, keep, prefixes) ? JSON.stringify(lifecycleDocument) : Fn.jsonencode(lifecycleDocument);

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

/**
 * Reports every problem of ContainerRegistryProps through `problems`; the construct runs it on its
 * own props. The config validation (lib/validate.ts, validateShared) checks `shared.repositories`
 * and the image retention with the same rules and wording before any construct exists.
 */
export function validateContainerRegistryProps(props: ContainerRegistryProps, problems: Problems, paths: PropPaths = ""): void {
  const p = new PropProblems(problems, paths);
  const repositories: unknown = props.repositories;
  if (!Array.isArray(repositories)) {
    p.add("repositories", repositories, repositories === undefined || repositories === null ? "is missing" : "is not a list", "at least one repository name", "list the images the platform builds, e.g. chatbot-backend");
  } else if (known(repositories)) {
    if (repositories.length === 0) {
      p.add("repositories", repositories, "is empty", "at least one repository name", "list the images the platform builds, e.g. chatbot-backend");
    }
    repositories.forEach((r: unknown, i) => {
      if (typeof r !== "string" || (known(r) && (!REPOSITORY_NAME_PATTERN.test(r) || r.length > 256))) {
        p.add(`repositories[${i}]`, r, "is not an ECR repository name", "lower-case letters, digits, '.', '_', '-', '/' separated names, at most 256 characters", "rename the repository");
      }
    });
  }
  const keep = props.keepReleaseImages ?? 30;
  if (known(keep) && !isCount(keep, 1, 10_000)) {
    p.add("keepReleaseImages", keep, "is not a count of images", "an integer from 1 to 10000", `set ${p.name("keepReleaseImages")} to e.g. 30`);
  }
  const untagged = props.untaggedImageDays ?? 7;
  if (known(untagged) && !isCount(untagged, 1, 3650)) {
    p.add("untaggedImageDays", untagged, "is not a number of days", "an integer from 1 to 3650", `set ${p.name("untaggedImageDays")} to e.g. 7`);
  }
  const prefixes: unknown = props.releaseTagPrefixes ?? ["v"];
  if (known(prefixes) && (!Array.isArray(prefixes) || prefixes.length === 0 || prefixes.some((x) => typeof x !== "string" || (known(x) && !TAG_PREFIX_PATTERN.test(x))))) {
    p.add("releaseTagPrefixes", prefixes, "is not a list of tag prefixes", 'a non-empty list of prefixes such as "v"', `set ${p.name("releaseTagPrefixes")} to ["v"]`);
  }
  if (typeof props.keyAliasName !== "string" || (known(props.keyAliasName) && (!/^[A-Za-z0-9/_-]{1,250}$/.test(props.keyAliasName) || props.keyAliasName.startsWith("aws/")))) {
    p.add("keyAliasName", props.keyAliasName, "is not a KMS alias name", "1 to 250 letters, digits, '/', '_' and '-', without the alias/ prefix and not starting with aws/", 'name the key after its owner, e.g. "team-a-ecr"');
  }
}

function isCount(v: unknown, min: number, max: number): boolean {
  return typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
}
