/**
 * Which state-access role each stack assumes, and which roles the bootstrap stack creates: one
 * place, so that a backend never names a role the state account does not have.
 *
 * Stacks in the state account itself (a single-account setup, or the registry's shared stack when
 * the registry lives there) use the caller's credentials and no role.
 */
import { EnvironmentConfig, SharedConfig, StateConfig } from "./config";
import { namePrefix, roleNames } from "./naming";
import { terraformCloudSettings } from "./terraform-cloud";

/**
 * The file tools/plan-override.ts writes into a stack directory to read state through the
 * read-only roles. Synth never carries it over (lib/synth.ts).
 */
export const STATE_READ_OVERRIDE_FILE = "zz_state_read_override.tf.json";

/** Every account that gets a shared stack: the registry's, and each account hosting an environment. */
export function sharedAccounts(envs: readonly EnvironmentConfig[], shared: SharedConfig): string[] {
  return [...new Set([shared.registryAccountId, ...envs.map((e) => e.accountId)])];
}

/** ARN of a role of an account (it need not exist yet: trust policies pin it by aws:PrincipalArn). */
function roleArn(accountId: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role/${roleName}`;
}

/** ARN of a role in the state account. */
export function stateRoleArn(state: StateConfig, roleName: string): string {
  return roleArn(state.accountId, roleName);
}

/** The roles an environment's stacks use, or undefined when they need none. */
export interface EnvironmentStateRoles {
  /** Assumed by every S3 backend and remote-state read of the environment's stacks. */
  readonly readWrite: string;
  /** Assumed by pull-request plans and by readers of outputs (`-lock=false`). */
  readonly read: string;
}

/** An environment needs roles when its stacks keep S3 state in another account. */
export function environmentStateRoles(env: EnvironmentConfig, state: StateConfig): EnvironmentStateRoles | undefined {
  if (env.backend.kind !== "s3" || env.accountId === state.accountId) {
    return undefined;
  }
  const prefix = namePrefix(env.name);
  return { readWrite: stateRoleArn(state, roleNames.stateAccess(prefix)), read: stateRoleArn(state, roleNames.stateRead(prefix)) };
}

/**
 * The read-only state role a Terraform Cloud environment's runs assume to read the shared stacks'
 * outputs from the S3 state (its own state is in Terraform Cloud), or undefined when the
 * environment is in the state account (its roles then read with direct grants).
 */
export function cloudStateReadRole(env: EnvironmentConfig, state: StateConfig): string | undefined {
  if (env.backend.kind !== "cloud" || env.accountId === state.accountId) {
    return undefined;
  }
  return stateRoleArn(state, roleNames.stateRead(namePrefix(env.name)));
}

/** The state role every S3 backend or remote-state read of an environment's stacks assumes. */
export function environmentStackStateRole(env: EnvironmentConfig, state: StateConfig): string | undefined {
  return environmentStateRoles(env, state)?.readWrite ?? cloudStateReadRole(env, state);
}

/** The role an account's shared stack assumes, or undefined when the account is the state account. */
export function sharedStateRole(accountId: string, state: StateConfig): string | undefined {
  return sharedStateRoles(accountId, state)?.readWrite;
}

/** The roles of an account's shared stack, or undefined when the account is the state account. */
export function sharedStateRoles(accountId: string, state: StateConfig): EnvironmentStateRoles | undefined {
  return accountId === state.accountId
    ? undefined
    : { readWrite: stateRoleArn(state, roleNames.sharedStateAccess(accountId)), read: stateRoleArn(state, roleNames.sharedStateRead(accountId)) };
}

/** One role the bootstrap stack creates. */
export interface StateRoleSpec {
  /** Construct id part, stable: `DevReadWrite`, `Shared111111111111`. */
  readonly id: string;
  readonly roleName: string;
  readonly description: string;
  readonly access: "readWrite" | "read";
  readonly ownKeys: readonly string[];
  readonly readKeys: readonly string[];
  readonly trustedPrincipalArns: readonly string[];
}

/** The GitHub plan and deploy roles of an environment (created later, by `<env>-delivery`). */
function githubRoleArns(env: EnvironmentConfig): string[] {
  const prefix = namePrefix(env.name);
  return [roleNames.githubPlan(prefix), roleNames.githubDeploy(prefix)].map((name) => roleArn(env.accountId, name));
}

/**
 * Every state-access role: per environment a read-write role (its apply role and the
 * administrators) and a read-only role (its GitHub plan and deploy roles, its apply role and the
 * administrators); per account hosting environments, the same pair for its shared stack (read-write:
 * the apply roles of the environments in that account and the administrators; read-only: also
 * their GitHub roles).
 */
export function stateRoleSpecs(envs: readonly EnvironmentConfig[], sharedAccounts: readonly string[], state: StateConfig): StateRoleSpec[] {
  const specs: StateRoleSpec[] = [];
  const admins = state.administratorArns;
  for (const env of envs) {
    const prefix = namePrefix(env.name);
    const id = env.name.charAt(0).toUpperCase() + env.name.slice(1);
    const cloud = terraformCloudSettings(env);
    if (cloud && cloudStateReadRole(env, state)) {
      specs.push({
        id: `${id}Read`,
        roleName: roleNames.stateRead(prefix),
        description: `Terraform state of shared/, read only: the Terraform Cloud runs of ${env.name}`,
        access: "read",
        ownKeys: ["shared/*"],
        readKeys: [],
        trustedPrincipalArns: [cloud.planRoleArn, cloud.applyRoleArn, ...admins],
      });
      continue;
    }
    if (!environmentStateRoles(env, state)) {
      continue;
    }
    const apply = env.operators.applyRoleArn;
    const ownKeys = [`${env.name}/*`];
    const readKeys = ["shared/*"];
    specs.push({
      id: `${id}ReadWrite`,
      roleName: roleNames.stateAccess(prefix),
      description: `Terraform state of ${env.name}: read and write ${env.name}/, read shared/`,
      access: "readWrite",
      ownKeys,
      readKeys,
      trustedPrincipalArns: [apply, ...admins],
    });
    specs.push({
      id: `${id}Read`,
      roleName: roleNames.stateRead(prefix),
      description: `Terraform state of ${env.name}, read only: plans and outputs`,
      access: "read",
      ownKeys,
      readKeys,
      trustedPrincipalArns: [...githubRoleArns(env), apply, ...admins],
    });
  }
  for (const accountId of sharedAccounts) {
    if (!sharedStateRole(accountId, state)) {
      continue;
    }
    const hosted = envs.filter((e) => e.accountId === accountId);
    // Terraform Cloud runs never write the shared stacks' state (operators apply those).
    const applyRoles = hosted.filter((e) => e.backend.kind !== "cloud").map((e) => e.operators.applyRoleArn);
    const githubRoles = hosted.flatMap(githubRoleArns);
    specs.push({
      id: `Shared${accountId}`,
      roleName: roleNames.sharedStateAccess(accountId),
      description: `Terraform state of shared-${accountId}: read and write its one state object`,
      access: "readWrite",
      ownKeys: [`shared/${accountId}.tfstate`],
      readKeys: [],
      trustedPrincipalArns: [...new Set([...applyRoles, ...admins])],
    });
    specs.push({
      id: `Shared${accountId}Read`,
      roleName: roleNames.sharedStateRead(accountId),
      description: `Terraform state of shared-${accountId}, read only: plans`,
      access: "read",
      ownKeys: [`shared/${accountId}.tfstate`],
      readKeys: [],
      trustedPrincipalArns: [...new Set([...githubRoles, ...applyRoles, ...admins])],
    });
  }
  return specs;
}
