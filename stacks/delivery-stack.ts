/**
 * `<env>-delivery`: the GitHub Actions roles of an environment. The deploy role may push images,
 * describe the environment's cluster, deploy the backend Lambda's code, and read the environment's
 * state (outputs); the plan role may read (AWS ReadOnlyAccess) and read state, for
 * pull-request plans (production: only from the GitHub environments in `delivery.planSubjects`).
 */
import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { ContainerRegistry } from "../constructs/container-registry";
import { GithubDeployRole } from "../constructs/github-deploy-role";
import { ServerlessApi } from "../constructs/serverless-api";
import { clusterName, roleNames } from "../lib/naming";
import { environmentStateRoles, sharedStateRoles } from "../lib/state-access";
import { EnvironmentStack, EnvironmentStackProps, stateLocation } from "./environment-stack";

export interface DeliveryStackProps extends EnvironmentStackProps {
  /** ARN of the OIDC provider in the environment's account (its shared stack). */
  readonly oidcProviderArn: string;
  readonly registry: ContainerRegistry;
  readonly serverless: ServerlessApi;
}

export class DeliveryStack extends EnvironmentStack {
  public readonly deployRole: GithubDeployRole;
  public readonly planRole: GithubDeployRole;

  constructor(scope: Construct, props: DeliveryStackProps) {
    super(scope, "delivery", props);
    const env = props.env;
    const d = env.delivery;
    const state = stateLocation(props.backendSettings, props.state, `${env.name}/`, {
      // <env>-delivery reads the shared stacks' outputs (OIDC provider, ECR) through remote state.
      readOnlyKeyPrefixes: ["shared/"],
      // State in another account: both roles only assume the read-only state roles of the
      // environment and of its account's shared stack.
      accessRoleArns: [environmentStateRoles(env, props.state)?.read, sharedStateRoles(env.accountId, props.state)?.read].filter((r): r is string => r !== undefined),
    });

    this.deployRole = new GithubDeployRole(this, "DeployRole", {
      roleName: roleNames.githubDeploy(this.namePrefix),
      description: `GitHub Actions deploys to ${env.name}`,
      oidcProviderArn: props.oidcProviderArn,
      owner: d.githubOwner,
      repository: d.githubRepository,
      subjects: d.deploySubjects,
    });
    props.registry.grantPush(this.deployRole.role);
    props.serverless.grantCodeDeploy(this.deployRole.role);
    this.deployRole.grantDescribeCluster(`arn:aws:eks:${env.region}:${env.accountId}:cluster/${clusterName(this.namePrefix)}`);
    // Stacks are applied by the environment's apply role (operators.applyRoleArn); the deploy role
    // only reads outputs, so it never writes state.
    this.deployRole.grantState(state, "read");

    this.planRole = new GithubDeployRole(this, "PlanRole", {
      roleName: roleNames.githubPlan(this.namePrefix),
      description: `GitHub Actions pull-request plans of ${env.name} (read only)`,
      oidcProviderArn: props.oidcProviderArn,
      owner: d.githubOwner,
      repository: d.githubRepository,
      subjects: d.planSubjects ?? [{ kind: "pullRequest" }],
    });
    // Any pull request may run code with this role: it reads configuration, never a secret value.
    // It decrypts nothing, not even state: the state-access role decrypts that in the state account.
    this.planRole.denySecretReads(state.accessRoleArns!.length > 0 ? undefined : state.keyAlias);
    new IamRolePolicyAttachment(this, "PlanRoleReadOnly", {
      role: this.planRole.role.name,
      policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
    });
    this.planRole.grantState(state, "read");

    new TerraformOutput(this, "deploy_role_arn", { value: this.deployRole.roleArn, description: "Role GitHub Actions deploys with" });
    new TerraformOutput(this, "plan_role_arn", { value: this.planRole.roleArn, description: "Role pull-request plans run with" });
  }
}
