/**
 * `tfc-<organization>`: the Terraform Cloud side of the environments on one organization, as code
 * (`@cdktf/provider-tfe`). Per environment: a project, a variable set on it with the AWS dynamic
 * credentials (`TFC_AWS_PROVIDER_AUTH`, `TFC_AWS_PLAN_ROLE_ARN`, `TFC_AWS_APPLY_ROLE_ARN`, taking
 * priority over workspace variables), and per stack a workspace running remotely on the pinned
 * Terraform version, sharing its state only with the workspaces that read it, and a run trigger
 * from every workspace it reads (or follows) to it. Production workspaces never auto-apply and
 * refuse destroy plans.
 *
 * Who reads what is not listed here: `buildApp` derives it from the cross-stack references of the
 * environments' stacks (WorkspaceSpec.readers, WorkspaceSpec.after).
 *
 * The tfe provider takes its token from `TFE_TOKEN` (an organization or team token of the person
 * applying this stack once); the stack's state is in the S3 state bucket (`tfc/<organization>.tfstate`),
 * applied by an administrator of the state account.
 */
import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { TfeProvider } from "@cdktf/provider-tfe/lib/provider";
import { Project } from "@cdktf/provider-tfe/lib/project";
import { ProjectVariableSet } from "@cdktf/provider-tfe/lib/project-variable-set";
import { RunTrigger } from "@cdktf/provider-tfe/lib/run-trigger";
import { Variable } from "@cdktf/provider-tfe/lib/variable";
import { VariableSet } from "@cdktf/provider-tfe/lib/variable-set";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import { applyBackend, StateBackendSettings } from "../lib/backend";
import { Criticality } from "../lib/config";
import { idPart } from "../lib/naming";
import { TERRAFORM_CLOUD_AUDIENCE, TerraformCloudSettings } from "../lib/terraform-cloud";

/** One stack of an environment, as a workspace. */
export interface WorkspaceSpec {
  /** The stack's layer (`network`). */
  readonly layer: string;
  /** The workspace name (the stack's `cloud` block names it). */
  readonly name: string;
  /** Workspaces (of the same environment) that read this one's outputs: its state is shared with them only. */
  readonly readers: readonly string[];
  /** Workspaces this one depends on: an apply of any of them queues a run here. */
  readonly after: readonly string[];
}

export interface TerraformCloudEnvironment {
  readonly settings: TerraformCloudSettings;
  readonly criticality: Criticality;
  /** The environment's workspaces, in apply order. */
  readonly workspaces: readonly WorkspaceSpec[];
}

export interface TerraformCloudStackProps {
  readonly organization: string;
  readonly hostname: string;
  readonly environments: readonly TerraformCloudEnvironment[];
  readonly backendSettings: StateBackendSettings;
}

/** Stack id of an organization's Terraform Cloud stack. */
export function terraformCloudStackName(organization: string): string {
  return `tfc-${organization}`;
}

export class TerraformCloudStack extends TerraformStack {
  /** Workspaces by name. */
  public readonly workspaces = new Map<string, Workspace>();

  constructor(scope: Construct, props: TerraformCloudStackProps) {
    const id = terraformCloudStackName(props.organization);
    super(scope, id);
    // No token argument: the provider reads TFE_TOKEN (or the CLI's credentials for the host).
    new TfeProvider(this, "Tfe", { hostname: props.hostname });
    applyBackend(this, { kind: "s3" }, props.backendSettings, "tfc", props.organization);
    const organization = props.organization;

    for (const env of props.environments) {
      const s = env.settings;
      const production = env.criticality === "production";
      const envId = idPart(s.envName);
      const project = new Project(this, `${envId}Project`, {
        organization,
        name: s.project,
        description: `Stacks of the ${s.envName} environment (${s.accountId})`,
      });
      const credentials = new VariableSet(this, `${envId}AwsCredentials`, {
        organization,
        name: `${s.project}-aws-dynamic-credentials`,
        description: `AWS dynamic credentials of ${s.envName}: workload identity roles in ${s.accountId}`,
        // Workspace variables cannot point a run at another role.
        priority: true,
      });
      new ProjectVariableSet(this, `${envId}AwsCredentialsOnProject`, { projectId: project.id, variableSetId: credentials.id });
      const variables: Record<string, string> = {
        TFC_AWS_PROVIDER_AUTH: "true",
        TFC_AWS_PLAN_ROLE_ARN: s.planRoleArn,
        TFC_AWS_APPLY_ROLE_ARN: s.applyRoleArn,
        ...(s.audience !== TERRAFORM_CLOUD_AUDIENCE ? { TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE: s.audience } : {}),
      };
      for (const [key, value] of Object.entries(variables)) {
        new Variable(this, `${envId}${idPart(key.toLowerCase())}`, { variableSetId: credentials.id, category: "env", key, value, description: "Terraform Cloud AWS dynamic credentials" });
      }

      const byName = new Map<string, Workspace>();
      for (const w of env.workspaces) {
        const workspace = new Workspace(this, `${envId}${idPart(w.layer)}Workspace`, {
          organization,
          name: w.name,
          projectId: project.id,
          description: `${s.envName}-${w.layer}: synthesized by the chatbot platform app (cdktf.out/stacks/${s.envName}-${w.layer})`,
          terraformVersion: s.terraformVersion,
          autoApply: s.autoApply,
          autoApplyRunTrigger: s.autoApply,
          allowDestroyPlan: !production,
          queueAllRuns: false,
        });
        byName.set(w.name, workspace);
        this.workspaces.set(w.name, workspace);
      }
      for (const w of env.workspaces) {
        const workspace = byName.get(w.name)!;
        new WorkspaceSettings(this, `${envId}${idPart(w.layer)}Settings`, {
          workspaceId: workspace.id,
          executionMode: "remote",
          globalRemoteState: false,
          remoteStateConsumerIds: w.readers.map((r) => byName.get(r)!.id),
        });
        for (const source of w.after) {
          const sourceLayer = env.workspaces.find((x) => x.name === source)!.layer;
          new RunTrigger(this, `${envId}${idPart(w.layer)}After${idPart(sourceLayer)}`, { workspaceId: workspace.id, sourceableId: byName.get(source)!.id });
        }
      }
      const key = s.envName.replace(/[^A-Za-z0-9]/g, "_");
      new TerraformOutput(this, `${key}_apply_order`, { value: env.workspaces.map((w) => w.name), description: `Workspaces of ${s.envName} in the order their first applies must run` });
      new TerraformOutput(this, `${key}_project_id`, { value: project.id, description: `Project of ${s.envName}` });
    }
  }
}
