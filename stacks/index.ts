/**
 * Maps environments onto stacks. The bootstrap stack is added once; every environment gets its
 * layers, each a stack named `<env>-<layer>`.
 */
import { App } from "cdktf";
import { StateBackendSettings } from "../lib/backend";
import { EnvironmentConfig } from "../lib/config";
import { BootstrapStack } from "./bootstrap-stack";
import { NetworkStack } from "./network-stack";

export interface PlatformStacks {
  readonly network: NetworkStack;
}

export function addEnvironment(app: App, env: EnvironmentConfig, backendSettings: StateBackendSettings): PlatformStacks {
  const network = new NetworkStack(app, { env, backendSettings });
  return { network };
}

export interface BuildAppProps {
  readonly environments: readonly EnvironmentConfig[];
  readonly backendSettings: StateBackendSettings;
  readonly stateAccountId: string;
}

export function buildApp(app: App, props: BuildAppProps): void {
  new BootstrapStack(app, { settings: props.backendSettings, accountId: props.stateAccountId });
  for (const env of props.environments) {
    addEnvironment(app, env, props.backendSettings);
  }
}
