/**
 * Terraform Cloud settings of an environment, resolved once: workspace and project names, the
 * workload identity subjects its roles trust, the role ARNs the workspaces' dynamic credentials
 * name. The shared stacks (trust), the backends (workspace names) and the `tfc-<organization>`
 * stack (projects, workspaces, variables) all read them from here, so they cannot disagree.
 */
import { CloudBackendConfig, EnvironmentConfig } from "./config";
import { namePrefix, roleNames, stackName } from "./naming";

/** The host of Terraform Cloud (HCP Terraform). */
export const TERRAFORM_CLOUD_HOST = "app.terraform.io";
/** The audience Terraform Cloud's AWS dynamic credentials request unless told otherwise. */
export const TERRAFORM_CLOUD_AUDIENCE = "aws.workload.identity";
/**
 * The Terraform release the workspaces run unless an environment pins another: at least what
 * every stack asks for (1.10 for S3 lock files and ephemeral resources).
 */
export const TERRAFORM_CLOUD_VERSION = "1.12.2";
/** Workspace names the stacks get unless an environment sets `backend.workspacePrefix`. */
export const DEFAULT_WORKSPACE_PREFIX = "chatbot-";

/** Run phases of a workload identity token (`run_phase:<phase>` in its subject). */
export type RunPhase = "plan" | "apply";

/** An environment's Terraform Cloud settings with every default applied. */
export interface TerraformCloudSettings {
  readonly envName: string;
  readonly accountId: string;
  readonly organization: string;
  readonly hostname: string;
  readonly project: string;
  readonly workspacePrefix: string;
  readonly terraformVersion: string;
  readonly audience: string;
  readonly autoApply: boolean;
  readonly additionalWorkspaces: readonly string[];
  readonly planRoleName: string;
  readonly applyRoleName: string;
  readonly planRoleArn: string;
  readonly applyRoleArn: string;
}

export function isCloudBackend(env: EnvironmentConfig): env is EnvironmentConfig & { readonly backend: CloudBackendConfig } {
  return env.backend?.kind === "cloud";
}

/** The environment's Terraform Cloud settings, or undefined when it keeps state elsewhere. */
export function terraformCloudSettings(env: EnvironmentConfig): TerraformCloudSettings | undefined {
  if (!isCloudBackend(env)) {
    return undefined;
  }
  const b = env.backend;
  const prefix = namePrefix(env.name);
  const planRoleName = roleNames.terraformCloudPlan(prefix);
  const applyRoleName = roleNames.terraformCloudApply(prefix);
  return {
    envName: env.name,
    accountId: env.accountId,
    organization: b.organization,
    hostname: b.hostname ?? TERRAFORM_CLOUD_HOST,
    project: b.project ?? prefix,
    workspacePrefix: b.workspacePrefix ?? DEFAULT_WORKSPACE_PREFIX,
    terraformVersion: b.terraformVersion ?? TERRAFORM_CLOUD_VERSION,
    audience: b.audience ?? TERRAFORM_CLOUD_AUDIENCE,
    autoApply: b.autoApply ?? env.criticality !== "production",
    additionalWorkspaces: b.additionalWorkspaces ?? [],
    planRoleName,
    applyRoleName,
    planRoleArn: `arn:aws:iam::${env.accountId}:role/${planRoleName}`,
    applyRoleArn: `arn:aws:iam::${env.accountId}:role/${applyRoleName}`,
  };
}

/** Workspace of one of the environment's stacks: `<workspacePrefix><env>-<layer>`. */
export function workspaceName(settings: Pick<TerraformCloudSettings, "workspacePrefix">, envName: string, layer: string): string {
  return `${settings.workspacePrefix}${stackName(envName, layer)}`;
}

/**
 * The `sub` claim of a run's workload identity token:
 * `organization:<org>:project:<project>:workspace:<workspace>:run_phase:<phase>`.
 */
export function runSubject(settings: Pick<TerraformCloudSettings, "organization" | "project">, workspace: string, phase: RunPhase): string {
  return `organization:${settings.organization}:project:${settings.project}:workspace:${workspace}:run_phase:${phase}`;
}

/**
 * The layers every environment has, and the ones its optional sections add: the workspaces
 * whose runs its roles trust. A layer without a workspace is never trusted.
 */
export function environmentLayers(env: EnvironmentConfig): string[] {
  return ["network", "serverless", "delivery", ...(env.platform ? ["platform", "apps"] : []), ...(env.data ? ["data"] : []), ...(env.edge ? ["edge"] : []), ...(env.observability ? ["observability"] : [])];
}

/** The subjects a role of the environment trusts for one run phase, sorted. */
export function trustedSubjects(env: EnvironmentConfig, phase: RunPhase): string[] {
  const settings = terraformCloudSettings(env);
  if (!settings) {
    return [];
  }
  const workspaces = [...environmentLayers(env).map((layer) => workspaceName(settings, env.name, layer)), ...settings.additionalWorkspaces];
  return [...new Set(workspaces)].map((w) => runSubject(settings, w, phase)).sort();
}
