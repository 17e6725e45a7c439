/**
 * Pricing stacks and environments: every resource type of a stack goes through its rule (in the
 * order RULES declares them), is counted as no-charge, or is reported as unknown; lines are then
 * ordered by category. Amounts are summed unrounded.
 */
import { TerraformBlock } from "../lib/cdktf-out";
import { EXCLUDED_ENVIRONMENTS } from "./assumptions";
import { Allowances, Category, LineItem, StackPricing, Unknown } from "./context";
import { CostStack, StackGroup } from "./grouping";
import { PriceFile } from "./prices";
import { RULES } from "./rules";

/** Order of lines inside a stack: by category, then in the order the rules add them. */
export const CATEGORY_ORDER: readonly Category[] = ["nat", "ipv4", "endpoints", "eks", "rds", "atlas", "redis", "alb", "cloudfront", "edge", "serverless", "sqs", "secrets", "ecr", "s3", "state", "dynamodb", "monitoring", "kms"];

/** The least share of every environment's total that must rest on prices read from a dated source page. */
export const SOURCED_SHARE_FLOOR = 0.9;

/**
 * Prices one stack of an environment (or of the shared group). `allowances` carries per-account free
 * allowances (the first dashboards and budgets) from one stack to the next.
 */
export function priceStack(env: string, stack: CostStack, prices: PriceFile, allowances: Allowances = new Map()): StackPricing {
  const ctx = new StackPricing(env, stack, prices, allowances);
  // Rules in the order RULES declares them (a flow log's ingestion before its log group's storage), then the rest.
  const ruleOrder = Object.keys(RULES);
  const types = stack.stack.resourceTypes().sort((a, b) => {
    const ia = ruleOrder.indexOf(a);
    const ib = ruleOrder.indexOf(b);
    return (ia < 0 ? ruleOrder.length : ia) - (ib < 0 ? ruleOrder.length : ib) || a.localeCompare(b);
  });
  for (const type of types) {
    const list = ctx.all(type);
    const rule = Object.prototype.hasOwnProperty.call(RULES, type) ? RULES[type] : undefined;
    if (rule) {
      // Resources of an aliased provider in another region (us-east-1 for CloudFront's WAF and alarms) are
      // priced at that region's prices: the rule runs once per region, the file's own region first.
      const byRegion = new Map<string, TerraformBlock[]>();
      for (const r of list) {
        const region = ctx.regionOf(r);
        byRegion.set(region, [...(byRegion.get(region) ?? []), r]);
      }
      const regions = [...byRegion.keys()].sort((a, b) => (a === prices.region ? -1 : b === prices.region ? 1 : a.localeCompare(b)));
      for (const region of regions) {
        ctx.region = region;
        rule(ctx, byRegion.get(region) as TerraformBlock[]);
      }
      ctx.region = prices.region;
    } else if (Object.prototype.hasOwnProperty.call(prices.noChargeTypes, type)) {
      ctx.free(type, list.length);
    } else {
      ctx.unknown(type, list.length, "no price rule for this resource type");
    }
  }
  const rank = (c: Category): number => (CATEGORY_ORDER.includes(c) ? CATEGORY_ORDER.indexOf(c) : CATEGORY_ORDER.length);
  ctx.items = ctx.items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => rank(a.item.category) - rank(b.item.category) || a.i - b.i)
    .map((x) => x.item);
  return ctx;
}

/** One priced stack of the report. */
export interface PricedStack {
  readonly name: string;
  readonly items: readonly LineItem[];
  readonly unknowns: readonly Unknown[];
  /** No-charge resources by type. */
  readonly free: ReadonlyMap<string, number>;
  readonly low: number;
  readonly high: number;
}

/** One priced environment (or the shared group). */
export interface PricedGroup {
  readonly env: string;
  readonly accounts: readonly string[];
  readonly stacks: PricedStack[];
  /** Every line of its stacks. */
  readonly items: LineItem[];
  readonly unknowns: Unknown[];
  low: number;
  high: number;
  /** The part of `low` resting only on prices read from a dated source page (see `LineItem.sourced`). */
  sourcedLow: number;
  /** Something in it runs inside the VPC (a function with vpc_config, EKS nodes, RDS, ElastiCache). */
  hasVpcCompute: boolean;
  /** Resources by type over its stacks. */
  readonly typeCounts: Map<string, number>;
}

/** An environment left out of the estimate. */
export interface ExcludedGroup {
  readonly env: string;
  readonly stacks: readonly string[];
  readonly why: string;
}

/** Everything the report is written from. */
export interface CostReport {
  readonly groups: PricedGroup[];
  readonly excluded: ExcludedGroup[];
  readonly usedPrices: Set<string>;
  readonly usedAssumptions: Set<string>;
  /** KMS keys in the priced stacks, and how many of them rotate. */
  keys: number;
  rotatingKeys: number;
  low: number;
  high: number;
}

/** Prices every group, skipping EXCLUDED_ENVIRONMENTS. */
export function priceAll(groups: readonly StackGroup[], prices: PriceFile): CostReport {
  const report: CostReport = { groups: [], excluded: [], usedPrices: new Set(), usedAssumptions: new Set(), keys: 0, rotatingKeys: 0, low: 0, high: 0 };
  for (const group of groups) {
    const why = Object.prototype.hasOwnProperty.call(EXCLUDED_ENVIRONMENTS, group.env) ? EXCLUDED_ENVIRONMENTS[group.env] : undefined;
    if (why) {
      report.excluded.push({ env: group.env, stacks: group.stacks.map((s) => s.name), why });
      continue;
    }
    const out: PricedGroup = { env: group.env, accounts: [...group.accounts], stacks: [], items: [], unknowns: [], low: 0, high: 0, sourcedLow: 0, hasVpcCompute: false, typeCounts: new Map() };
    const allowances: Allowances = new Map();
    for (const stack of group.stacks) {
      const ctx = priceStack(group.env, stack, prices, allowances);
      const low = ctx.items.reduce((s, i) => s + i.low, 0);
      const high = ctx.items.reduce((s, i) => s + i.high, 0);
      out.stacks.push({ name: stack.name, items: ctx.items, unknowns: ctx.unknowns, free: ctx.freeTypes, low, high });
      out.items.push(...ctx.items);
      out.unknowns.push(...ctx.unknowns);
      out.low += low;
      out.high += high;
      out.sourcedLow += ctx.items.filter((i) => i.sourced).reduce((s, i) => s + i.low, 0);
      ctx.usedPrices.forEach((id) => report.usedPrices.add(id));
      ctx.usedAssumptions.forEach((a) => report.usedAssumptions.add(a));
      const s = stack.stack;
      for (const key of s.resources("aws_kms_key")) {
        report.keys += 1;
        if (key.body.enable_key_rotation === true) report.rotatingKeys += 1;
      }
      for (const type of s.resourceTypes()) {
        out.typeCounts.set(type, (out.typeCounts.get(type) || 0) + s.resources(type).length);
      }
      const has = (type: string): boolean => s.json.resource[type] !== undefined;
      if (s.resources("aws_lambda_function").some((f) => f.body.vpc_config) || has("aws_eks_node_group") || has("aws_db_instance") || has("aws_elasticache_replication_group")) {
        out.hasVpcCompute = true;
      }
    }
    report.groups.push(out);
  }
  report.low = report.groups.reduce((s, g) => s + g.low, 0);
  report.high = report.groups.reduce((s, g) => s + g.high, 0);
  return report;
}

/** Sum of the lines of some categories, across the given groups. */
export function categorySum(groups: readonly PricedGroup[], categories: readonly Category[]): { low: number; high: number } {
  let low = 0;
  let high = 0;
  for (const g of groups) {
    for (const i of g.items) {
      if (categories.includes(i.category)) {
        low += i.low;
        high += i.high;
      }
    }
  }
  return { low, high };
}

/** The share of a group's total (at the low end) resting on prices read from a dated source page; 1 when it costs nothing. */
export function sourcedShare(group: PricedGroup): number {
  return group.low > 0 ? group.sourcedLow / group.low : 1;
}
