/**
 * Maps configuration onto stacks: `bootstrap` and the `shared-<account>` stacks once, then every
 * selected environment's layers, each a stack named `<env>-<layer>`.
 *
 * Shared stacks are always built from every environment (not only the selected ones), so a
 * partial synth (`--env`) writes exactly the same shared stacks as a full one.
 */
import { App } from "cdktf";
import { StateBackendSettings } from "../lib/backend";
import { EnvironmentConfig, SharedConfig, StateConfig } from "../lib/config";
import { namePrefix, roleNames } from "../lib/naming";
import { sharedAccounts, StateRoleSpec, stateRoleSpecs } from "../lib/state-access";
import { BootstrapStack } from "./bootstrap-stack";
import { AppsStack } from "./apps-stack";
import { DataStack } from "./data-stack";
import { DeliveryStack } from "./delivery-stack";
import { NetworkStack } from "./network-stack";
import { PlatformStack } from "./platform-stack";
import { ServerlessStack } from "./serverless-stack";
import { SharedStack } from "./shared-stack";

export interface PlatformStacks {
  readonly network: NetworkStack;
  readonly serverless: ServerlessStack;
  readonly delivery: DeliveryStack;
  /** The cluster and its workloads (environments with a `platform` section). */
  readonly platform?: PlatformStack;
  readonly apps?: AppsStack;
  /** Databases, caches, queues and buckets (environments with a `data` section). */
  readonly data?: DataStack;
}

export interface BuildAppProps {
  /** Every environment (shared stacks serve all of them). */
  readonly allEnvironments: readonly EnvironmentConfig[];
  /** The environments whose stacks are synthesized. */
  readonly environments: readonly EnvironmentConfig[];
  readonly shared: SharedConfig;
  readonly backendSettings: StateBackendSettings;
  /** The state account and its administrators (environments/accounts.ts). */
  readonly state: StateConfig;
}


/** Builds the shared stacks: the registry account's, and one per account hosting an environment. */
export function addSharedStacks(app: App, props: BuildAppProps): Map<string, SharedStack> {
  const byAccount = new Map<string, EnvironmentConfig[]>();
  for (const env of props.allEnvironments) {
    byAccount.set(env.accountId, [...(byAccount.get(env.accountId) ?? []), env]);
  }
  const accounts = sharedAccounts(props.allEnvironments, props.shared);
  const stacks = new Map<string, SharedStack>();
  for (const accountId of accounts) {
    const envs = byAccount.get(accountId) ?? [];
    const isRegistry = accountId === props.shared.registryAccountId;
    stacks.set(
      accountId,
      new SharedStack(app, {
        accountId,
        region: isRegistry ? props.shared.region : envs[0].region,
        backendSettings: props.backendSettings,
        state: props.state,
        tags: props.shared.tags,
        githubOidc: envs.length > 0 ? (props.shared.githubOidcProviders?.[accountId] ?? "create") : undefined,
        registry: isRegistry
          ? {
              config: props.shared,
              // Test environments run against a fake cloud: their (fake) account is never granted access.
              consumers: [...byAccount.entries()]
                .map(([id, list]) => [id, list.filter((e) => e.criticality !== "test")] as const)
                .filter(([, list]) => list.length > 0)
                .map(([id, list]) => ({
                  accountId: id,
                  pullRoleNamePatterns: list.map((e) => roleNames.workloads(namePrefix(e.name))),
                  pushRoleNames: list.map((e) => roleNames.githubDeploy(namePrefix(e.name))),
                })),
            }
          : undefined,
      }),
    );
  }
  return stacks;
}

export function addEnvironment(app: App, env: EnvironmentConfig, props: BuildAppProps, shared: Map<string, SharedStack>): PlatformStacks {
  const common = { env, backendSettings: props.backendSettings, state: props.state };
  const network = new NetworkStack(app, common);
  const serverless = new ServerlessStack(app, { ...common, network: network.network });
  const registry = shared.get(props.shared.registryAccountId)!.registry!;
  const oidc = shared.get(env.accountId)!.githubOidc!;
  const delivery = new DeliveryStack(app, {
    ...common,
    oidcProviderArn: oidc.providerArn,
    registry,
    serverless: serverless.api,
  });
  let platform: PlatformStack | undefined;
  let apps: AppsStack | undefined;
  if (env.platform) {
    // Reads the plan role from <env>-delivery's state: delivery is applied first (it depends on
    // nothing of platform).
    platform = new PlatformStack(app, { ...common, platform: env.platform, network: network.network, planRole: delivery.planRole });
    apps = new AppsStack(app, { ...common, platform: env.platform, platformStack: platform, network: network.network });
  }
  const data = env.data
    ? new DataStack(app, { ...common, data: env.data, network: network.network, lambda: serverless.api, platform })
    : undefined;
  return { network, serverless, delivery, platform, apps, data };
}

/**
 * The state-access roles of the real state account: built from every environment (so a partial
 * synth writes the same bootstrap stack) except `test` ones. Those run against a fake cloud under
 * a fake account id, and a role trusting principals of an account nobody here owns would let that
 * account write into the real state bucket; the fake-cloud tier builds its bootstrap with them.
 */
export function realStateRoleSpecs(props: Pick<BuildAppProps, "allEnvironments" | "shared" | "state">): StateRoleSpec[] {
  const real = props.allEnvironments.filter((e) => e.criticality !== "test");
  return stateRoleSpecs(real, sharedAccounts(real, props.shared), props.state);
}

export function buildApp(app: App, props: BuildAppProps): void {
  new BootstrapStack(app, {
    settings: props.backendSettings,
    state: props.state,
    accessRoles: realStateRoleSpecs(props),
  });
  const shared = addSharedStacks(app, props);
  for (const env of props.environments) {
    addEnvironment(app, env, props, shared);
  }
}
