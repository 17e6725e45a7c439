/**
 * `shared-<account>`: what exists once per AWS account rather than once per environment. The
 * registry account holds the ECR repositories; every account that hosts an environment holds (or
 * looks up, `shared.githubOidcProviders`) the GitHub Actions OIDC provider its deploy roles trust.
 */
import { Construct } from "constructs";
import { Aspects, TerraformOutput, TerraformStack } from "cdktf";
import { BareReferencesInHcl } from "../lib/hcl-references";
import { repairHcl } from "../lib/hcl-repair";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { ContainerRegistry, RegistryConsumer } from "../constructs/container-registry";
import { GithubOidc, GithubOidcProviderSource } from "../constructs/github-oidc";
import { applyBackend, StateBackendSettings } from "../lib/backend";
import { SharedConfig, StateConfig } from "../lib/config";
import { sharedStateRole } from "../lib/state-access";
import { PROJECT } from "../lib/naming";
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
  }

  /** The HCL form (`cdktf synth --hcl`), with the renderer's gaps repaired (lib/hcl-repair.ts). */
  public toHclTerraform(): { [key: string]: any } {
    return repairHcl(this, super.toHclTerraform() as { hcl: string; metadata: unknown });
  }
}
