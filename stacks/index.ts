/**
 * Maps configuration onto stacks: `bootstrap` and the `shared-<account>` stacks once, then every
 * selected environment's layers, each a stack named `<env>-<layer>`.
 *
 * Shared stacks are always built from every environment (not only the selected ones), so a
 * partial synth (`--env`) writes exactly the same shared stacks as a full one.
 */
import { App, TerraformStack } from "cdktf";
import { StateBackendSettings } from "../lib/backend";
import { EnvironmentConfig, SharedConfig, StateConfig } from "../lib/config";
import { namePrefix, roleNames } from "../lib/naming";
import { cloudStateReadRole, sharedAccounts, StateRoleSpec, stateRoleSpecs } from "../lib/state-access";
import { environmentLayers, TERRAFORM_CLOUD_VERSION, terraformCloudSettings, trustedSubjects, workspaceName } from "../lib/terraform-cloud";
import { compareVersions, minimumTerraformVersion } from "../lib/terraform-version";
import { ConfigError, ConfigProblem } from "../lib/errors";
import { TerraformCloudEnvironment, TerraformCloudStack, WorkspaceSpec } from "./terraform-cloud-stack";
import { BootstrapStack } from "./bootstrap-stack";
import { AppsStack } from "./apps-stack";
import { DataStack } from "./data-stack";
import { DeliveryStack } from "./delivery-stack";
import { EdgeStack } from "./edge-stack";
import { stateLocation } from "./environment-stack";
import { NetworkStack } from "./network-stack";
import { ObservabilityStack } from "./observability-stack";
import { PlatformStack } from "./platform-stack";
import { ServerlessStack } from "./serverless-stack";
import { SharedStack, SharedStackProps } from "./shared-stack";

export interface PlatformStacks {
  readonly network: NetworkStack;
  readonly serverless: ServerlessStack;
  readonly delivery: DeliveryStack;
  /** The cluster and its workloads (environments with a `platform` section). */
  readonly platform?: PlatformStack;
  readonly apps?: AppsStack;
  /** Databases, caches, queues and buckets (environments with a `data` section). */
  readonly data?: DataStack;
  /** CloudFront, WAF and domains in front of the frontend and the API (environments with an `edge` section). */
  readonly edge?: EdgeStack;
  /** Alarms, dashboard, budget and anomaly detection (environments with an `observability` section). */
  readonly observability?: ObservabilityStack;
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
        terraformCloud: sharedTerraformCloud(accountId, envs, props),
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

/** The Terraform Cloud identity an account's shared stack holds for its environments on Terraform Cloud. */
function sharedTerraformCloud(accountId: string, envs: readonly EnvironmentConfig[], props: BuildAppProps): SharedStackProps["terraformCloud"] {
  const environments = envs.flatMap((env) => {
    const settings = terraformCloudSettings(env);
    if (!settings) {
      return [];
    }
    const readRole = cloudStateReadRole(env, props.state);
    return [
      {
        settings,
        planSubjects: trustedSubjects(env, "plan"),
        applySubjects: trustedSubjects(env, "apply"),
        sharedState: stateLocation(props.backendSettings, props.state, "shared/", { accessRoleArns: readRole ? [readRole] : undefined }),
      },
    ];
  });
  return environments.length > 0 ? { providerSource: props.shared.terraformCloudOidcProviders?.[accountId] ?? "create", environments } : undefined;
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
  if (env.platform) {
    // Reads the plan role from <env>-delivery's state: delivery is applied first (it depends on
    // nothing of platform).
    platform = new PlatformStack(app, { ...common, platform: env.platform, network: network.network, planRole: delivery.planRole });
  }
  const data = env.data
    ? new DataStack(app, { ...common, data: env.data, network: network.network, lambda: serverless.api, platform })
    : undefined;
  // Reads the network, the API from <env>-serverless and the deploy role from <env>-delivery;
  // `<env>-apps` reads its load balancer's target group.
  const edge = env.edge
    ? new EdgeStack(app, { ...common, edge: env.edge, network: network.network, serverless: serverless.api, deployRole: delivery.deployRole.role })
    : undefined;
  // The EKS backend behind the load balancer checks the same origin header as the Lambda.
  if (edge?.loadBalancer && platform) {
    serverless.api.grantOriginVerifyRead(platform.backendRole.role);
  }
  const apps =
    env.platform && platform
      ? new AppsStack(app, { ...common, platform: env.platform, platformStack: platform, network: network.network, loadBalancer: edge?.loadBalancer })
      : undefined;
  // Last: it reads what it watches from the other stacks' state, and nothing reads its own.
  const observability = env.observability
    ? new ObservabilityStack(app, {
        ...common,
        observability: env.observability,
        serverless: serverless.api,
        data,
        edge: edge
          ? {
              distributionId: edge.frontend.distributionId,
              ...(edge.loadBalancer ? { loadBalancerArnSuffix: edge.loadBalancer.loadBalancerArnSuffix, targetGroupArnSuffix: edge.loadBalancer.targetGroupArnSuffix } : {}),
            }
          : undefined,
      })
    : undefined;
  return { network, serverless, delivery, platform, apps, data, edge, observability };
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

/**
 * The workspaces of an environment on Terraform Cloud, in apply order, with who reads whose state
 * and who follows whom, taken from the stacks themselves: the environment is built in a scratch
 * app (never synthesized, `shared` its shared stacks) and prepared, which resolves its
 * cross-stack references into remote state reads and stack dependencies. Also checks the pinned
 * Terraform version against every stack's `required_version`.
 */
export function terraformCloudWorkspaces(env: EnvironmentConfig, props: BuildAppProps, scratch: App, shared: Map<string, SharedStack>): WorkspaceSpec[] {
  const settings = terraformCloudSettings(env)!;
  const built = addEnvironment(scratch, env, props, shared);
  const stacks = Object.values(built).filter((st): st is TerraformStack => st !== undefined);
  stacks.forEach((st) => st.prepareStack());
  const layerOf = new Map(Object.entries(built).filter(([, st]) => st !== undefined).map(([layer, st]) => [st as TerraformStack, layer]));
  const layers = [...layerOf.values()];
  if (layers.sort().join() !== environmentLayers(env).sort().join()) {
    // The roles trust the workspaces of environmentLayers(): a layer missing there could never run.
    throw new Error(`${env.name}: stacks ${layers.join(", ")} differ from lib/terraform-cloud.ts environmentLayers ${environmentLayers(env).join(", ")}`);
  }
  const problems: ConfigProblem[] = [];
  for (const [st, layer] of layerOf) {
    const required = minimumTerraformVersion(st);
    if (required && compareVersions(settings.terraformVersion, required) < 0) {
      problems.push({
        path: `${env.name}.backend.terraformVersion`,
        value: settings.terraformVersion,
        problem: `is older than ${env.name}-${layer} requires (>= ${required})`,
        allowed: `a Terraform release >= ${required}`,
        fix: `set ${env.name}.backend.terraformVersion to a release >= ${required}, or leave it out for ${TERRAFORM_CLOUD_VERSION}`,
      });
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  // Apply order: every stack after the stacks it depends on (stable: layer order otherwise).
  const ordered: TerraformStack[] = [];
  const visit = (st: TerraformStack): void => {
    if (ordered.includes(st)) {
      return;
    }
    st.dependencies.filter((d) => layerOf.has(d as TerraformStack)).forEach((d) => visit(d as TerraformStack));
    ordered.push(st);
  };
  stacks.forEach(visit);
  const name = (st: TerraformStack): string => workspaceName(settings, env.name, layerOf.get(st)!);
  return ordered.map((st) => ({
    layer: layerOf.get(st)!,
    name: name(st),
    readers: stacks.filter((reader) => reader.node.tryFindChild(`cross-stack-reference-input-${st.node.id}`) !== undefined).map(name),
    after: st.dependencies.filter((d) => layerOf.has(d as TerraformStack)).map((d) => name(d as TerraformStack)),
  }));
}

/** One `tfc-<organization>` stack per organization any environment (of all, not only the selected) runs on. */
export function addTerraformCloudStacks(app: App, props: BuildAppProps): TerraformCloudStack[] {
  const byOrganization = new Map<string, { hostname: string; environments: TerraformCloudEnvironment[] }>();
  // One scratch app, and its shared stacks, for every environment's graph (built only when needed).
  let scratch: { app: App; shared: Map<string, SharedStack> } | undefined;
  for (const env of props.allEnvironments) {
    const settings = terraformCloudSettings(env);
    if (!settings) {
      continue;
    }
    if (!scratch) {
      const scratchApp = new App({ outdir: app.outdir, skipValidation: true });
      scratch = { app: scratchApp, shared: addSharedStacks(scratchApp, props) };
    }
    const entry = byOrganization.get(settings.organization) ?? { hostname: settings.hostname, environments: [] };
    entry.environments.push({ settings, criticality: env.criticality, workspaces: terraformCloudWorkspaces(env, props, scratch.app, scratch.shared) });
    byOrganization.set(settings.organization, entry);
  }
  return [...byOrganization.entries()].map(
    ([organization, { hostname, environments }]) => new TerraformCloudStack(app, { organization, hostname, environments, backendSettings: props.backendSettings }),
  );
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
  addTerraformCloudStacks(app, props);
}
