/**
 * The base of every environment stack: names it `<env>-<layer>`, configures the AWS provider for
 * the environment's account and region, its backend, and tags every resource.
 */
import { Construct } from "constructs";
import { Aspects, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { StateLocation } from "../constructs/federated-role";
import { applyBackend, StateBackendSettings } from "../lib/backend";
import { EnvironmentConfig, StateConfig } from "../lib/config";
import { CLOUDFRONT_REGION } from "../lib/types/edge";
import { environmentStackStateRole } from "../lib/state-access";
import { BareReferencesInHcl } from "../lib/hcl-references";
import { repairHcl } from "../lib/hcl-repair";
import { namePrefix, stackName } from "../lib/naming";
import { stackTags, tagAll } from "../lib/tagging";

export interface EnvironmentStackProps {
  readonly env: EnvironmentConfig;
  readonly backendSettings: StateBackendSettings;
  /** The state account: stacks in another account reach their state through its roles. */
  readonly state: StateConfig;
}

/** Tags every resource of an environment carries. */
export function environmentTags(env: EnvironmentConfig, layer: string): Record<string, string> {
  return stackTags(stackName(env.name, layer), { ...env.tags, Environment: env.name });
}

/**
 * Where a role's state lives, for `grantState`: the state bucket, lock table and key of
 * `backend.tf.json` in the state account, under `keyPrefix`, and any further settings.
 */
export function stateLocation(
  settings: StateBackendSettings,
  state: StateConfig,
  keyPrefix: string,
  more: Pick<StateLocation, "readOnlyKeyPrefixes" | "accessRoleArns"> = {},
): StateLocation {
  return {
    bucket: settings.bucket,
    keyPrefix,
    lockTable: settings.dynamodbTable,
    region: settings.region,
    accountId: state.accountId,
    keyAlias: settings.kmsKeyAlias,
    ...more,
  };
}

export abstract class EnvironmentStack extends TerraformStack {
  public readonly env: EnvironmentConfig;
  /** `chatbot-<env>`: the prefix of every physical name in the stack. */
  public readonly namePrefix: string;
  public readonly provider: AwsProvider;

  protected constructor(scope: Construct, layer: string, props: EnvironmentStackProps) {
    super(scope, stackName(props.env.name, layer));
    this.env = props.env;
    this.namePrefix = namePrefix(props.env.name);
    this.provider = new AwsProvider(this, "Aws", {
      region: props.env.region,
      // Refuse to touch any account but the environment's own (e.g. dev config with prod credentials).
      allowedAccountIds: [props.env.accountId],
    });
    applyBackend(this, props.env.backend, props.backendSettings, props.env.name, layer, environmentStackStateRole(props.env, props.state));
    tagAll(this, environmentTags(props.env, layer));
    // `cdktf synth --hcl`: depends_on / ignore_changes as bare references, not deprecated strings.
    Aspects.of(this).add(new BareReferencesInHcl());
  }

  /**
   * A second AWS provider, alias `us_east_1`, pinned to the environment's account like the default
   * one: for what CloudFront keeps in us-east-1 (its web ACL, certificate, logs and metrics).
   */
  protected addUsEast1Provider(): AwsProvider {
    return new AwsProvider(this, "AwsUsEast1", { alias: "us_east_1", region: CLOUDFRONT_REGION, allowedAccountIds: [this.env.accountId] });
  }

  /** The HCL form (`cdktf synth --hcl`), with the renderer's gaps repaired (lib/hcl-repair.ts). */
  public toHclTerraform(): { [key: string]: any } {
    return repairHcl(this, super.toHclTerraform() as { hcl: string; metadata: unknown });
  }
}
