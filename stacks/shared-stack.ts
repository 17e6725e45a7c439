/**
 * `shared-<account>`: what exists once per AWS account rather than once per environment. The
 * registry account holds the ECR repositories; every account that hosts an environment holds (or
 * looks up, `shared.githubOidcProviders`) the GitHub Actions OIDC provider its deploy roles trust,
 * and, for its environments on Terraform Cloud, the host's OIDC provider and each environment's
 * plan and apply roles (constructs/terraform-cloud-identity): they must exist before any of the
 * environment's workspaces can run.
 */
import { Construct } from "constructs";
import { Aspects, TerraformOutput, TerraformStack } from "cdktf";
import { BareReferencesInHcl } from "../lib/hcl-references";
import { repairHcl } from "../lib/hcl-repair";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { ContainerRegistry, RegistryConsumer } from "../constructs/container-registry";
import { GithubOidc, GithubOidcProviderSource } from "../constructs/github-oidc";
import { TerraformCloudOidc, TerraformCloudRoles } from "../constructs/terraform-cloud-identity";
import { StateLocation } from "../constructs/federated-role";
import { applyBackend, StateBackendSettings } from "../lib/backend";
import { SharedConfig, StateConfig } from "../lib/config";
import { sharedStateRole } from "../lib/state-access";
import { idPart, PROJECT } from "../lib/naming";
import { TerraformCloudSettings } from "../lib/terraform-cloud";
import { stackTags, tagAll } from "../lib/tagging";

export interface SharedStackProps {
  readonly accountId: string;
  readonly region: string;
  readonly backendSettings: StateBackendSettings;
  /** The state account: a shared stack in another account reaches its state through a role there. */
  readonly state: StateConfig;
  readonly tags: Readonly<Record<string, string>>;
  /** Set in the registry account: the repositories and who may pull and push. */
  readonly registry?: { readonly config: SharedConfig; readonly consumers: readonly RegistryConsumer[] };
  /**
   * The account's GitHub OIDC provider (accounts that host environments): create it, or use the
   * one the account already has.
   * @default - none (an account that only holds the registry)
   */
  readonly githubOidc?: GithubOidcProviderSource;
  /**
   * Terraform Cloud workload identity (accounts hosting environments on Terraform Cloud): the
   * OIDC provider of each host, created or looked up, and the plan and apply roles of each
   * environment.
   * @default - none
   */
  readonly terraformCloud?: {
    readonly providerSource: GithubOidcProviderSource;
    readonly environments: readonly SharedTerraformCloudEnvironment[];
  };
}

/** One environment's Terraform Cloud roles, as the account's shared stack creates them. */
export interface SharedTerraformCloudEnvironment {
  readonly settings: TerraformCloudSettings;
  readonly planSubjects: readonly string[];
  readonly applySubjects: readonly string[];
  /** Where the shared stacks' state is, and the role that reads it from another account. */
  readonly sharedState: StateLocation;
}

/** Stack id of an account's shared stack. */
export function sharedStackName(accountId: string): string {
  return `shared-${accountId}`;
}

export class SharedStack extends TerraformStack {
  public readonly registry?: ContainerRegistry;
  public readonly githubOidc?: GithubOidc;

  constructor(scope: Construct, props: SharedStackProps) {
    const id = sharedStackName(props.accountId);
    super(scope, id);
    new AwsProvider(this, "Aws", { region: props.region, allowedAccountIds: [props.accountId] });
    applyBackend(this, { kind: "s3" }, props.backendSettings, "shared", props.accountId, sharedStateRole(props.accountId, props.state));
    tagAll(this, stackTags(id, props.tags));
    Aspects.of(this).add(new BareReferencesInHcl());

    if (props.registry) {
      const c = props.registry.config;
      this.registry = new ContainerRegistry(this, "Registry", {
        accountId: props.accountId,
        repositories: c.repositories,
        consumers: props.registry.consumers,
        keepReleaseImages: c.keepReleaseImages,
        releaseTagPrefixes: c.releaseTagPrefixes,
        untaggedImageDays: c.untaggedImageDays,
        keyAliasName: `${PROJECT}-ecr`,
      });
      for (const [name, repo] of Object.entries(this.registry.repositories)) {
        new TerraformOutput(this, `ecr_${name.replace(/[^A-Za-z0-9]/g, "_")}_url`, { value: repo.repositoryUrl, description: `URL of the ${name} repository` });
      }
    }
    if (props.githubOidc !== undefined) {
      this.githubOidc = new GithubOidc(this, "GithubOidc", { source: props.githubOidc });
      new TerraformOutput(this, "github_oidc_provider_arn", { value: this.githubOidc.providerArn, description: "GitHub Actions OIDC provider" });
    }
    if (props.terraformCloud) {
      const tfc = props.terraformCloud;
      const providers = new Map<string, TerraformCloudOidc>();
      for (const hostname of [...new Set(tfc.environments.map((e) => e.settings.hostname))].sort()) {
        const audiences = tfc.environments.filter((e) => e.settings.hostname === hostname).map((e) => e.settings.audience);
        providers.set(hostname, new TerraformCloudOidc(this, `TerraformCloudOidc${idPart(hostname)}`, { hostname, audiences, source: tfc.providerSource }));
      }
      for (const e of tfc.environments) {
        const s = e.settings;
        const roles = new TerraformCloudRoles(this, `TerraformCloud${idPart(s.envName)}`, {
          envName: s.envName,
          accountId: props.accountId,
          oidc: providers.get(s.hostname)!,
          audience: s.audience,
          planRoleName: s.planRoleName,
          applyRoleName: s.applyRoleName,
          planSubjects: e.planSubjects,
          applySubjects: e.applySubjects,
          subjectPatterns: [...e.planSubjects, ...e.applySubjects].some((sub) => sub.includes("*")),
          sharedState: e.sharedState,
        });
        const key = s.envName.replace(/[^A-Za-z0-9]/g, "_");
        new TerraformOutput(this, `tfc_${key}_plan_role_arn`, { value: roles.plan.roleArn, description: `TFC_AWS_PLAN_ROLE_ARN of ${s.envName}'s Terraform Cloud workspaces` });
        new TerraformOutput(this, `tfc_${key}_apply_role_arn`, { value: roles.apply.roleArn, description: `TFC_AWS_APPLY_ROLE_ARN of ${s.envName}'s Terraform Cloud workspaces` });
      }
    }
  }

  /** The HCL form (`cdktf synth --hcl`), with the renderer's gaps repaired (lib/hcl-repair.ts). */
  public toHclTerraform(): { [key: string]: any } {
    return repairHcl(this, super.toHclTerraform() as { hcl: string; metadata: unknown });
  }
}
