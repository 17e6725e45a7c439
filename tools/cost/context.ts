/**
 * The context a price rule works in: one stack of one environment. Rules add line items through
 * `line` (or `hourly`/`metered`), report what they cannot price through `unknown`, and count
 * no-charge resources through `free`. Prices and assumptions a rule reads are recorded, so the
 * report lists only those in use.
 */
import { TerraformBlock } from "../lib/cdktf-out";
import { AssumptionName, ASSUMPTIONS, assumedValue } from "./assumptions";
import { count, plural, rate, usd } from "./format";
import { CostStack } from "./grouping";
import { isSourced, Price, PriceFile } from "./prices";

/** What a line belongs to, for ordering inside a stack and for the comparison with reference 001. */
export type Category =
  | "nat"
  | "ipv4"
  | "endpoints"
  | "eks"
  | "rds"
  | "atlas"
  | "redis"
  | "alb"
  | "serverless"
  | "sqs"
  | "secrets"
  | "ecr"
  | "s3"
  | "state"
  | "dynamodb"
  | "monitoring"
  | "kms"
  | "cloudfront"
  | "edge";

/** One priced line of the report. */
export interface LineItem {
  readonly stack: string;
  readonly label: string;
  /** Quantity as printed, e.g. `1 x 730 h`. */
  readonly quantity: string;
  /** Unit price as printed, e.g. `$0.059/h`. */
  readonly unitPrice: string;
  /** USD/month at the low end (node groups at their minimum size). */
  readonly low: number;
  /** USD/month at the high end; equal to `low` for everything but ranges. */
  readonly high: number;
  /** The arithmetic written out, for the hand check. */
  readonly formula: string;
  readonly category: Category;
  /** Units the line counts, where a comparison needs them (endpoint-AZs). @default 0 */
  readonly units: number;
  /** Rests on a price of low confidence (printed with `~`). */
  readonly lowConfidence: boolean;
  /** Every price it rests on was read from a dated source page (none is marked `verify`). */
  readonly sourced: boolean;
}

/** Resources a rule could not price, and why. */
export interface Unknown {
  readonly stack: string;
  readonly type: string;
  readonly count: number;
  readonly reason: string;
}

/** What `StackPricing.line` takes; `high` only for ranges. */
export interface LineInput {
  readonly label: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly low: number;
  /** @default - `low` */
  readonly high?: number;
  /** @default "" */
  readonly formula?: string;
  readonly category: Category;
  /** Price ids the line rests on, for its confidence. @default - none */
  readonly priceIds?: readonly string[];
  /** @default 0 */
  readonly units?: number;
}

/** n things billed per hour all month. */
export interface HourlyInput {
  readonly label: string;
  readonly n: number;
  readonly noun: string;
  /** Plural of `noun`. @default - `noun` + "s" */
  readonly nouns?: string;
  readonly priceId: string;
  readonly category: Category;
  /** Resource type reported as unknown when the price is missing. */
  readonly type: string;
}

/** A quantity times a unit price. */
export interface MeteredInput {
  readonly label: string;
  readonly qty: number;
  readonly qtyUnit: string;
  readonly priceId: string;
  readonly priceUnit: string;
  /** Scales the price unit (1e6 for "per million"). @default 1 */
  readonly per?: number;
  readonly category: Category;
  /** Resource type reported as unknown when the price is missing. */
  readonly type: string;
  /** How many resources the unknown counts. @default 1 */
  readonly n?: number;
  /** The arithmetic before ` = $x`. @default - `<qty> <unit> x <rate>/<price unit>` */
  readonly formula?: string;
}

/** Free allowances that apply per account across stacks (the first dashboards, the first budgets): used so far, by key. */
export type Allowances = Map<string, number>;

/** The key a price is recorded under: its id, or `<id>@<region>` for a price of another region. */
export function priceKey(id: string, region: string | null): string {
  return region ? `${id}@${region}` : id;
}

/** The price a key names (see `priceKey`). */
export function priceByKey(prices: PriceFile, key: string): Price | undefined {
  const at = key.lastIndexOf("@");
  if (at < 0) return prices.prices[key];
  return prices.regional?.[key.slice(at + 1)]?.[key.slice(0, at)];
}

export class StackPricing {
  readonly env: string;
  readonly stack: CostStack;
  readonly prices: PriceFile;
  items: LineItem[] = [];
  readonly unknowns: Unknown[] = [];
  readonly freeTypes = new Map<string, number>();
  readonly usedPrices = new Set<string>();
  readonly usedAssumptions = new Set<AssumptionName>();
  /** The region of the resources being priced: the file's region, or another one (us-east-1) for resources of an aliased provider. */
  region: string;
  private readonly allowances: Allowances;

  constructor(env: string, stack: CostStack, prices: PriceFile, allowances: Allowances = new Map()) {
    this.env = env;
    this.stack = stack;
    this.prices = prices;
    this.region = prices.region;
    this.allowances = allowances;
  }

  /** Whether the resources being priced are outside the price file's region. */
  get away(): boolean {
    return this.region !== this.prices.region;
  }

  /**
   * A price for the current region with the key it is recorded under: the file's price at home; away, the
   * region's own price, else the file's price if it is the same in every region (`scope: global`).
   */
  private resolve(id: string): { price: Price; key: string } | null {
    const home = this.prices.prices[id];
    if (!this.away) return home ? { price: home, key: id } : null;
    const there = this.prices.regional?.[this.region]?.[id];
    if (there) return { price: there, key: priceKey(id, this.region) };
    return home && home.scope === "global" ? { price: home, key: id } : null;
  }

  /** The price entry, recorded as used, or null (then the caller reports an unknown). */
  price(id: string): Price | null {
    const r = this.resolve(id);
    if (r) this.usedPrices.add(r.key);
    return r ? r.price : null;
  }

  /** A price's value for a formula, without recording it as used; 0 when it is missing. */
  peek(id: string): number {
    return this.resolve(id)?.price.value || 0;
  }

  /** The region a resource is created in: its provider alias's region, else the stack's default provider's, else the file's. */
  regionOf(r: TerraformBlock): string {
    const providers = this.stack.stack.providers("aws");
    const ref = typeof r.body.provider === "string" ? r.body.provider : "";
    const alias = ref.startsWith("aws.") ? ref.slice("aws.".length) : undefined;
    const config = alias ? providers.find((p) => p.alias === alias) : providers.find((p) => p.alias === undefined);
    const region = config?.config.region;
    return typeof region === "string" && !region.includes("${") ? region : this.prices.region;
  }

  /** Counts resources of a type that cost nothing. */
  free(type: string, n: number): void {
    this.freeTypes.set(type, (this.freeTypes.get(type) || 0) + n);
  }

  /**
   * How many of `n` things fall within a free allowance of `limit` that every stack of the same account
   * shares (`key` names it, e.g. `dashboards`); counts them as used, so later stacks get what is left.
   */
  allowance(key: string, n: number, limit: number): number {
    const k = `${key}:${this.stack.account ?? this.stack.name}`;
    const used = this.allowances.get(k) || 0;
    const free = Math.max(0, Math.min(n, limit - used));
    this.allowances.set(k, used + n);
    return free;
  }

  /** An assumption's value, for this stack's environment unless `key` names another (a LOG_LEVEL). */
  assume(name: AssumptionName, key?: string): number {
    const a = ASSUMPTIONS[name];
    this.usedAssumptions.add(name);
    return assumedValue(a, key === undefined ? this.env : key);
  }

  /** The stack's resources of a type, in file order. */
  all(type: string): TerraformBlock[] {
    return this.stack.stack.resources(type);
  }

  /** Adds a line; `low`/`high` differ only for ranges (node groups between min and max size). */
  line({ label, quantity, unitPrice, low, high, formula, category, priceIds, units }: LineInput): void {
    const hi = high === undefined ? low : high;
    const used = (priceIds || []).map((id) => this.resolve(id));
    const confidence = used.map((r) => r?.price.confidence);
    // Away from home, a line resting on a regional (not global) price names its region.
    const regional = this.away && used.some((r) => r !== null && r.price.scope !== "global");
    this.items.push({
      stack: this.stack.name,
      label: regional ? `${label} (${this.region})` : label,
      quantity,
      unitPrice,
      low,
      high: hi,
      formula: formula || "",
      category,
      units: units || 0,
      lowConfidence: confidence.includes("low"),
      sourced: used.every((r) => r !== null && isSourced(r.price)),
    });
  }

  unknown(type: string, n: number, reason: string): void {
    this.unknowns.push({ stack: this.stack.name, type, count: n, reason: this.away ? `${reason} (in ${this.region})` : reason });
  }

  /** n things billed per hour all month. */
  hourly({ label, n, noun, nouns, priceId, category, type }: HourlyInput): void {
    const p = this.price(priceId);
    if (!p) return this.unknown(type, n, `no price ${priceId} in the data file`);
    const hours = this.assume("HOURS_PER_MONTH");
    const monthly = n * p.value * hours;
    this.line({
      label,
      quantity: `${count(n)} x ${count(hours)} h`,
      unitPrice: `${rate(p.value)}/h`,
      low: monthly,
      formula: `${plural(n, noun, nouns)} x ${rate(p.value)}/h x ${count(hours)} h = ${usd(monthly)}`,
      category,
      priceIds: [priceId],
    });
  }

  /** A quantity times a unit price; `per` scales the price unit (1e6 for "per million"). */
  metered({ label, qty, qtyUnit, priceId, priceUnit, per = 1, category, type, n = 1, formula }: MeteredInput): void {
    const p = this.price(priceId);
    if (!p) return this.unknown(type, n, `no price ${priceId} in the data file`);
    const monthly = (qty / per) * p.value;
    this.line({
      label,
      quantity: `${count(qty)} ${qtyUnit}`,
      unitPrice: `${rate(p.value)}/${priceUnit}`,
      low: monthly,
      formula: formula ? `${formula} = ${usd(monthly)}` : `${count(qty)} ${qtyUnit} x ${rate(p.value)}/${priceUnit} = ${usd(monthly)}`,
      category,
      priceIds: [priceId],
    });
  }
}
