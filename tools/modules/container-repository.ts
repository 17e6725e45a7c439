/**
 * Module `container-repository`: constructs/container-registry (ECR repositories with immutable
 * tags, scan on push, a customer-managed KMS key and a lifecycle policy), for repositories used
 * from the caller's own account.
 */
import { ContainerRegistry, ContainerRegistryProps, validateContainerRegistryProps } from "../../constructs/container-registry";
import { Problems } from "../../lib/problems";
import { hclIntIn } from "./hcl";
import { TAGS_VARIABLE, type ModuleDefinition, type Probe } from "./definition";
import { elementRule, variableRule } from "./messages";

const BASE: ContainerRegistryProps = { accountId: "123456789012", repositories: ["team-a/report-worker"], consumers: [], keyAliasName: "team-a-ecr" };

export const probeContainerRegistry: Probe = (mistake) => {
  const problems = new Problems();
  validateContainerRegistryProps({ ...BASE, ...mistake } as ContainerRegistryProps, problems, "");
  return problems.list;
};

export const CONTAINER_REGISTRY_PROPS = ["repositories", "keepReleaseImages", "releaseTagPrefixes", "untaggedImageDays", "keyAliasName"];

const probe = probeContainerRegistry;
const props = CONTAINER_REGISTRY_PROPS;

export const containerRepository: ModuleDefinition = {
  name: "container-repository",
  version: "1.0.0",
  construct: "constructs/container-registry",
  summary: "ECR repositories with immutable tags, scan on push, a customer-managed KMS key and a lifecycle policy.",
  details: [
    "Each repository (`for_each` over `var.repositories`) has immutable tags, scans images on push and encrypts them with one customer-managed KMS key of the module (rotation on). A lifecycle policy expires untagged images after `untagged_image_days` and keeps the last `keep_release_images` images whose tag starts with one of `release_tag_prefixes`.",
    "Roles of the caller's account push and pull with identity policies on `repository_arns` (ECR needs `ecr:GetAuthorizationToken` on `*` to log in). Not in this version: the construct's cross-account repository policy (`consumers`), which needs one statement per consumer account.",
  ].join("\n\n"),
  e2e: true,
  template: { local: "repositories", value: "{ for r in var.repositories : r => r }" },
  variables: [
    {
      name: "repositories",
      type: "list(string)",
      description: "Repository names, at least one: lower-case letters, digits, '.', '_', '-', '/' separated names, at most 256 characters.",
      example: ["team-a/report-worker"],
      validation: [
        variableRule(probe, "repositories", props, { mistake: { repositories: [] }, path: "repositories", condition: "length(var.repositories) > 0" }),
        elementRule(probe, "repositories", "repositories", props, {
          mistake: { repositories: ["Team_A/Worker"] },
          prop: "",
          condition: 'can(regex("^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$", x)) && length(x) <= 256',
        }),
      ],
    },
    {
      name: "key_alias_name",
      type: "string",
      description: "Alias of the repositories' KMS key, without `alias/` (e.g. `team-a-ecr`).",
      example: "team-a-ecr",
      validation: [
        variableRule(probe, "key_alias_name", props, {
          mistake: { keyAliasName: "aws/ecr" },
          path: "keyAliasName",
          condition: 'can(regex("^[A-Za-z0-9/_-]{1,250}$", var.key_alias_name)) && !startswith(var.key_alias_name, "aws/")',
        }),
      ],
    },
    {
      name: "keep_release_images",
      type: "number",
      description: "Release images kept per repository, 1 to 10000.",
      default: 30,
      example: 30,
      validation: [variableRule(probe, "keep_release_images", props, { mistake: { keepReleaseImages: 0 }, path: "keepReleaseImages", condition: hclIntIn("var.keep_release_images", 1, 10000) })],
    },
    {
      name: "release_tag_prefixes",
      type: "list(string)",
      description: "Tag prefixes of release images (letters, digits, `.`, `_`, `-`), at least one.",
      default: ["v"],
      example: ["v"],
      validation: [
        variableRule(probe, "release_tag_prefixes", props, {
          mistake: { releaseTagPrefixes: [] },
          path: "releaseTagPrefixes",
          condition: 'length(var.release_tag_prefixes) > 0 && alltrue([for p in var.release_tag_prefixes : can(regex("^[A-Za-z0-9._-]+$", p))])',
        }),
      ],
    },
    {
      name: "untagged_image_days",
      type: "number",
      description: "Days an untagged image is kept, 1 to 3650.",
      default: 7,
      example: 7,
      validation: [variableRule(probe, "untagged_image_days", props, { mistake: { untaggedImageDays: 0 }, path: "untaggedImageDays", condition: hclIntIn("var.untagged_image_days", 1, 3650) })],
    },
    TAGS_VARIABLE,
  ],
  outputs: [
    { name: "repository_urls", description: "URL of each repository, by name (what `docker push` takes).", value: "{ for k, r in aws_ecr_repository.repository : k => r.repository_url }" },
    { name: "repository_arns", description: "ARN of each repository, by name (for the push and pull identity policies).", value: "{ for k, r in aws_ecr_repository.repository : k => r.arn }" },
    { name: "key_arn", description: "ARN of the KMS key that encrypts the images.", value: "aws_kms_key.key.arn" },
  ],
  build(scope, ctx) {
    return new ContainerRegistry(scope, "Registry", {
      accountId: ctx.accountId(),
      repositories: [ctx.eachValue()],
      consumers: [],
      keyAliasName: ctx.str("key_alias_name"),
      keepReleaseImages: ctx.num("keep_release_images"),
      releaseTagPrefixes: ctx.list("release_tag_prefixes"),
      untaggedImageDays: ctx.num("untagged_image_days"),
    });
  },
};
