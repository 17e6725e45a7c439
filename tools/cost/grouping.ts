/**
 * Which stacks belong to which environment, and their order in the report.
 *
 * `<env>-<layer>` stacks belong to their environment; `shared-<account>` belongs to the
 * environment whose stacks use that account (the AWS provider's allowed_account_ids), otherwise,
 * like `bootstrap`, to "shared" (state and registry).
 */
import { SynthesizedStack } from "../lib/cdktf-out";
import { ENVIRONMENT_ORDER, EXCLUDED_ENVIRONMENTS, LAYER_ORDER, SHARED } from "./assumptions";

/** A stack to price: its name, its synthesized JSON, and the one AWS account it deploys to. */
export interface CostStack {
  readonly name: string;
  readonly stack: SynthesizedStack;
  /** The one account the stack's AWS provider accepts. @default - none (no AWS provider, or several accounts) */
  readonly account: string | null;
}

/** An environment (or the shared group) and its stacks, in report order. */
export interface StackGroup {
  /** Environment name, or `shared`. */
  readonly env: string;
  readonly stacks: CostStack[];
  /** AWS accounts its stacks deploy to. */
  readonly accounts: Set<string>;
}

/** The stack with its account (see `CostStack.account`). */
export function costStack(stack: SynthesizedStack): CostStack {
  const accounts = stack.allowedAccountIds();
  return { name: stack.name, stack, account: accounts.length === 1 ? accounts[0] : null };
}

/** Assigns every stack to an environment, "shared", and orders them. */
export function groupStacks(stacks: readonly CostStack[]): StackGroup[] {
  const envOf = new Map<string, string>();
  const accountEnvs = new Map<string, Set<string>>();
  for (const stack of stacks) {
    // Stacks that serve every environment: state, shared accounts, Terraform Cloud workspaces.
    if (stack.name === "bootstrap" || stack.name.startsWith("shared-") || stack.name.startsWith("tfc-")) {
      continue;
    }
    const dash = stack.name.lastIndexOf("-");
    const env = dash > 0 ? stack.name.slice(0, dash) : stack.name;
    envOf.set(stack.name, env);
    if (stack.account) {
      const envs = accountEnvs.get(stack.account) ?? new Set<string>();
      accountEnvs.set(stack.account, envs);
      envs.add(env);
    }
  }
  for (const stack of stacks) {
    if (envOf.has(stack.name)) continue;
    const account = stack.name.startsWith("shared-") ? stack.name.slice("shared-".length) : null;
    const envs = account ? accountEnvs.get(account) : undefined;
    // An account's shared stack belongs to its one environment; an account of test environments
    // only (all left out of the estimate) to the first of them, so it is left out too.
    const excludedOnly = envs !== undefined && [...envs].every((e) => Object.prototype.hasOwnProperty.call(EXCLUDED_ENVIRONMENTS, e));
    envOf.set(stack.name, envs && (envs.size === 1 || excludedOnly) ? [...envs].sort()[0] : SHARED);
  }
  const groups = new Map<string, StackGroup>();
  for (const stack of stacks) {
    const env = envOf.get(stack.name) as string;
    const group = groups.get(env) ?? { env, stacks: [], accounts: new Set<string>() };
    groups.set(env, group);
    group.stacks.push(stack);
    if (stack.account) group.accounts.add(stack.account);
  }
  const rank = (env: string): [number, string] => {
    if (env === SHARED) return [2, env];
    const i = ENVIRONMENT_ORDER.indexOf(env);
    return i >= 0 ? [0, String(i)] : [1, env];
  };
  const layerRank = (name: string): number => {
    if (name === "bootstrap") return 0;
    if (name.startsWith("shared-")) return 100;
    const i = LAYER_ORDER.indexOf(name.slice(name.lastIndexOf("-") + 1));
    return i >= 0 ? 1 + i : 50;
  };
  const ordered = [...groups.values()].sort((a, b) => {
    const [ra, sa] = rank(a.env);
    const [rb, sb] = rank(b.env);
    return ra - rb || sa.localeCompare(sb);
  });
  for (const g of ordered) {
    g.stacks.sort((a, b) => layerRank(a.name) - layerRank(b.name) || a.name.localeCompare(b.name));
  }
  return ordered;
}
