/**
 * The one naming helper: every physical name is `<project>-<env>-<component>[-<suffix>]`, so
 * resources of different environments sharing an account never collide and sort together.
 */
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
