/**
 * The one naming helper: every physical name is `<project>-<env>-<component>[-<suffix>]`, so
 * resources of different environments sharing an account never collide and sort together.
 */
import { Token } from "cdktf";
export const PROJECT = "chatbot";

/** Prefix of every name of an environment, e.g. `chatbot-dev`. */
export function namePrefix(envName: string): string {
  return `${PROJECT}-${envName}`;
}

/** Joins a prefix and parts into a resource name: `chatbot-dev` + `flow-logs` = `chatbot-dev-flow-logs`. */
export function resourceName(prefix: string, ...parts: string[]): string {
  return [prefix, ...parts].join("-");
}

/** Stack id of an environment layer, e.g. `prod-network`. */
export function stackName(envName: string, layer: string): string {
  return `${envName}-${layer}`;
}

/**
 * Names other stacks and accounts refer to before the resource exists (ECR pull policies name the
 * roles of every environment). Every workload role of an environment starts with its prefix.
 */
export const roleNames = {
  /** Execution role of the backend Lambda. */
  backendLambda: (prefix: string): string => `${prefix}-backend-lambda`,
  /** GitHub Actions deploy role. */
  githubDeploy: (prefix: string): string => `${prefix}-github-deploy`,
  /** GitHub Actions plan-only role for pull requests. */
  githubPlan: (prefix: string): string => `${prefix}-github-plan`,
  /** IRSA role of the backend pods (the data stack names it in Atlas before reading its state). */
  backendIrsa: (prefix: string): string => `${prefix}-irsa-backend`,
  /** A workload role of a component (EKS cluster and nodes, IRSA roles): `chatbot-dev-eks-node`. */
  workload: (prefix: string, component: string): string => `${prefix}-${component}`,
  /** State-access role of an environment, in the state account: reads and writes `<env>/` state. */
  stateAccess: (prefix: string): string => `${prefix}-state`,
  /** Read-only state-access role of an environment, in the state account: plans and outputs. */
  stateRead: (prefix: string): string => `${prefix}-state-read`,
  /** State-access role of an account's shared stack, in the state account. */
  sharedStateAccess: (accountId: string): string => `${PROJECT}-shared-${accountId}-state`,
  /** Read-only state-access role of an account's shared stack (pull-request plans). */
  sharedStateRead: (accountId: string): string => `${PROJECT}-shared-${accountId}-state-read`,
  /** Role Terraform Cloud plan phases of the environment's workspaces assume (read only). */
  terraformCloudPlan: (prefix: string): string => `${prefix}-tfc-plan`,
  /** Role Terraform Cloud apply phases of the environment's workspaces assume. */
  terraformCloudApply: (prefix: string): string => `${prefix}-tfc-apply`,
  /** Pattern matching every workload role of the environment (nodes, IRSA, Lambda). */
  workloads: (prefix: string): string => `${prefix}-*`,
};

/** EKS cluster name of an environment (the cluster itself is created by the platform stack). */
export function clusterName(prefix: string): string {
  return `${prefix}-eks`;
}

/** Kubernetes service account the backend pods run as (its IRSA role reaches the data stores). */
export const BACKEND_SERVICE_ACCOUNT = "chatbot-backend";

/** Kubernetes service account of the schema migrations (the only reader of the database's master secret). */
export const MIGRATIONS_SERVICE_ACCOUNT = "chatbot-migrations";

/** Parameter Store path of an environment's application secrets: `/chatbot/<env>/`. */
export function parameterPath(envName: string): string {
  return `/${PROJECT}/${envName}/`;
}

/** The id part of a name that is a Terraform expression (see idPart). */
export const FOR_EACH_ID_PART = "ForEachElement";

/**
 * A PascalCase construct-id part from a physical name: `chatbot-backend` -> `ChatbotBackend`,
 * `ecr.api` -> `EcrApi`. Construct ids are part of the state address: never change the mapping.
 */
export function idPart(name: string): string {
  if (Token.isUnresolved(name)) {
    // A name known only at plan time: the generated modules (tools/modules) build a construct for
    // one template element whose name is `each.value.name`; cdktf refuses tokens in ids.
    return FOR_EACH_ID_PART;
  }
  return name
    .split(/[-_/.]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}
