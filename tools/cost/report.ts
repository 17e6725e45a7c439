/**
 * The report's sections: totals, one table per environment, a hand check of dev's largest lines,
 * unknown types, assumptions, the comparison with reference 001, what is not counted, and the
 * prices used.
 */
import { assumptionEntries, ASSUMPTIONS, SHARED } from "./assumptions";
import { Category, priceByKey } from "./context";
import { Doc, Row } from "./doc";
import { amount, count, plural, range, rate, round2, signedRange, usd, usdRange } from "./format";
import { categorySum, CostReport, PricedGroup, SOURCED_SHARE_FLOOR, sourcedShare } from "./pricing";
import { Price, PriceFile } from "./prices";

/** The architecture document the comparison quotes, beside the repository (shared/reference/), named relative to it. */
export const REFERENCE_001 = "../shared/reference/001_24a21ddb01ab163a.txt";

/** What the report says about where the stacks came from. */
export interface ReportMeta {
  readonly stackCount: number;
  /** How they were synthesized, as Markdown (a command, or the directory read). */
  readonly source: string;
}

/** One component of reference 001's cost table. */
interface RefComponent {
  readonly key: string;
  readonly name: string;
  /** The figure as 001's text gives it. */
  readonly text: string;
  readonly low: number;
  readonly high: number;
  /** Per environment, where a section of 001 splits the figure. */
  readonly perEnv: Readonly<Record<string, number>> | null;
  /** Low and high of the part not tied to an environment. */
  readonly unallocated: readonly [number, number];
  readonly categories: readonly Category[];
}

// Reference 001's figures, as its text gives them (USD/month). Ranges where it gives one
// ("$10-20", "< $1" as 0..1). Per environment only where a section of 001 splits the figure.
const REF: { readonly headline: number; readonly components: readonly RefComponent[] } = {
  headline: 560,
  components: [
    { key: "eks", name: "Compute: EKS", text: "$73 + $100", low: 173, high: 173, perEnv: { dev: 30, staging: 60, prod: 90 }, unallocated: [73, 73], categories: ["eks"] },
    { key: "atlas", name: "Database: MongoDB Atlas M10", text: "$57 x 3 = $171", low: 171, high: 171, perEnv: { dev: 57, staging: 57, prod: 57 }, unallocated: [0, 0], categories: ["atlas"] },
    { key: "redis", name: "Caching: ElastiCache Redis", text: "~$130", low: 130, high: 130, perEnv: { dev: 11, staging: 18, prod: 100 }, unallocated: [0, 0], categories: ["redis"] },
    { key: "sqs", name: "Messaging: SQS", text: "< $1", low: 0, high: 1, perEnv: null, unallocated: [0, 1], categories: ["sqs"] },
    { key: "s3", name: "Storage: S3 (frontend, logs, models, Terraform state)", text: "< $5", low: 0, high: 5, perEnv: null, unallocated: [0, 5], categories: ["s3", "state"] },
    { key: "cloudfront", name: "Frontend CDN: CloudFront", text: "$10-20", low: 10, high: 20, perEnv: null, unallocated: [10, 20], categories: ["cloudfront"] },
    { key: "ecr", name: "ECR", text: "< $1", low: 0, high: 1, perEnv: null, unallocated: [0, 1], categories: ["ecr"] },
    { key: "monitoring", name: "Monitoring: CloudWatch", text: "$10-20", low: 10, high: 20, perEnv: null, unallocated: [10, 20], categories: ["monitoring"] },
  ],
};

/** What 001 has no line for, with what the stacks hold. */
interface OursOnly {
  readonly name: string;
  readonly categories: readonly Category[];
  /** Listed even when it costs nothing. */
  readonly always: boolean;
}

const OURS_ONLY: readonly OursOnly[] = [
  { name: "NAT gateways (hours and data)", categories: ["nat"], always: true },
  { name: "Public IPv4 (the NAT gateways' Elastic IPs)", categories: ["ipv4"], always: true },
  { name: "Interface VPC endpoints", categories: ["endpoints"], always: true },
  { name: "KMS keys and requests", categories: ["kms"], always: true },
  { name: "Serverless path: Lambda, HTTP API, X-Ray, SSM", categories: ["serverless"], always: true },
  { name: "RDS, DynamoDB (outside the state backend), Secrets Manager, load balancers", categories: ["rds", "dynamodb", "secrets", "alb"], always: false },
  { name: "WAF and Route 53 (the public edge's protection and DNS)", categories: ["edge"], always: false },
];

export function buildDoc(report: CostReport, prices: PriceFile, meta: ReportMeta): Doc {
  const doc = new Doc();
  const hours = ASSUMPTIONS.HOURS_PER_MONTH.value as number;
  const envGroups = report.groups.filter((g) => g.env !== SHARED);
  const shared = report.groups.find((g) => g.env === SHARED);
  const hasRange = round2(report.low) !== round2(report.high);

  doc.h(1, "Monthly cost estimate");
  doc.p(
    `Written by \`npm run cost\` (\`tools/cost/\`); run it again after changing a stack, a price or an assumption. ` +
      `It prices the stacks as synthesized (${meta.stackCount} stacks from ${meta.source}), at on-demand list prices for ` +
      `${prices.location} (\`${prices.region}\`) from \`pricing/ap-southeast-2.json\`, in USD per month of ${hours} hours, before tax ` +
      `(AWS adds 10% GST for Australian accounts) and without free tiers or credits.`,
  );
  const verified = [...report.usedPrices].filter((key) => !priceByKey(prices, key)?.verify).length;
  doc.p(
    `Every price in the data file carries its source page and date. ${verified} of the ${report.usedPrices.size} prices used here were read from ` +
      `their page on the date given; the others are marked \`verify: true\` (written down earlier and not re-read; no pricing API is ` +
      `reachable from the build machines). Lines marked \`~\` rest on a price of low confidence. ` +
      `Usage (requests, GB) comes only from the named assumptions below.`,
  );

  // Totals
  doc.h(2, "Totals");
  const totalRows: Row[] = [];
  for (const g of report.groups) {
    const what = g.env === SHARED ? "state backend (bootstrap) and container registry" : `account ${g.accounts.join(", ")}`;
    totalRows.push({ cells: [g.env, range(g.low, g.high), g.stacks.map((s) => s.name).join(", "), what] });
  }
  totalRows.push({ bold: true, cells: ["total", range(report.low, report.high), report.groups.map((g) => g.env).join(" + "), ""] });
  doc.table([{ title: "environment" }, { title: "USD/month", align: "right" }, { title: "stacks" }, { title: "covers" }], totalRows);
  if (hasRange) doc.p("Ranges run from node groups at their minimum size to their maximum.");
  for (const x of report.excluded) {
    doc.p(`Not priced: \`${x.env}\` (${x.stacks.join(", ")}), ${x.why}. It is in no table and no total.`);
  }
  // Sourced share
  doc.p(
    `Sourced share: the part of each total (at the low end of any range) whose lines rest only on prices read from a dated source page. ` +
      `The goal is at least ${Math.round(SOURCED_SHARE_FLOOR * 100)}% for every environment; a test keeps each share from falling below where it stands and reports the goal until it is met.`,
  );
  doc.table(
    [{ title: "environment" }, { title: "sourced USD/month", align: "right" }, { title: "of USD/month", align: "right" }, { title: "share", align: "right" }],
    report.groups.map((g) => ({ cells: [g.env, amount(g.sourcedLow), amount(g.low), `${(sourcedShare(g) * 100).toFixed(1)}%`] })),
  );
  const unknownTypes = new Set(report.groups.flatMap((g) => g.unknowns.map((u) => u.type)));
  doc.p(
    unknownTypes.size
      ? `Unknown (not in any total): ${[...unknownTypes]
          .sort()
          .map((t) => `\`${t}\``)
          .join(", ")}; see "Unknown resource types".`
      : "Unknown: none. Every resource type in the priced stacks is either priced or known to have no charge.",
  );

  // Per environment
  for (const g of report.groups) {
    doc.h(2, g.env === SHARED ? "shared (not tied to one environment)" : `${g.env}`);
    const rows: Row[] = [];
    for (const s of g.stacks) {
      for (const i of s.items) {
        rows.push({ cells: [s.name, `${i.lowConfidence ? "~ " : ""}${i.label}`, i.quantity, i.unitPrice, range(i.low, i.high)] });
      }
      for (const u of s.unknowns) {
        rows.push({ cells: [s.name, `unknown: ${u.type} (${u.reason})`, String(u.count), "-", "-"] });
      }
      const freeCount = [...s.free.values()].reduce((a, b) => a + b, 0);
      if (freeCount) {
        rows.push({ cells: [s.name, `no-charge resources (${plural(s.free.size, "type")})`, String(freeCount), "$0", "0.00"] });
      }
      rows.push({ cells: [s.name, "stack subtotal", "", "", range(s.low, s.high)], bold: true });
    }
    rows.push({ rule: true });
    rows.push({ cells: ["", `${g.env} total`, "", "", range(g.low, g.high)], bold: true });
    doc.table([{ title: "stack" }, { title: "line item" }, { title: "quantity" }, { title: "unit price" }, { title: "USD/month", align: "right" }], rows);
    if (g.env !== SHARED && !g.hasVpcCompute && g.items.some((i) => i.category === "nat" || i.category === "endpoints")) {
      doc.p(
        `Nothing in \`${g.env}\` runs inside the VPC today (its function has no \`vpc_config\`, and there is no EKS, RDS or ElastiCache yet), ` +
          `so its NAT gateway and interface endpoints (${usd(categorySum([g], ["nat", "ipv4", "endpoints"]).low)} a month) carry no traffic until a VPC workload lands.`,
      );
    }
    const free = new Map<string, number>();
    for (const s of g.stacks) for (const [t, n] of s.free) free.set(t, (free.get(t) || 0) + n);
    if (free.size) {
      doc.p(
        `No charge: ${[...free.entries()]
          .sort()
          .map(([t, n]) => `\`${t}\` x${n}`)
          .join(", ")}.`,
        { mdOnly: true },
      );
    }
  }

  // Hand check
  const dev = report.groups.find((g) => g.env === "dev");
  if (dev) {
    doc.h(2, "Hand check: dev");
    const top = [...dev.items].sort((a, b) => b.high - a.high).slice(0, 3);
    doc.p(`The three largest lines of \`dev\`, written out (${usd(top.reduce((s, i) => s + i.low, 0))} of dev's ${usdRange(dev.low, dev.high)}):`);
    doc.code(top.flatMap((i, n) => [`${n + 1}. ${i.stack}: ${i.label}`, `   ${i.formula}`]));
  }

  // Unknowns
  doc.h(2, "Unknown resource types");
  const unknownRows: Row[] = report.groups.flatMap((g) => g.unknowns.map((u) => ({ cells: [g.env, u.stack, `unknown: ${u.type}`, String(u.count), u.reason] })));
  if (unknownRows.length) {
    doc.table([{ title: "environment" }, { title: "stack" }, { title: "type" }, { title: "count", align: "right" }, { title: "why" }], unknownRows);
    doc.p("These add nothing to any total. Add a price (with its source) to the data file, or a rule to `tools/cost/rules.ts`, to price them.");
  } else {
    doc.p(
      "None: every resource type in the synthesized stacks is either priced or listed under `no_charge` in the data file. " +
        "A type that is neither is reported here as `unknown: <type>` and adds nothing to any total.",
    );
  }

  // Assumptions
  doc.h(2, "Assumptions");
  doc.p("Named constants in `tools/cost/assumptions.ts` (ASSUMPTIONS). Change them there; per-environment values fall back to `default` for other environments and for the shared group.");
  doc.table(
    [{ title: "name" }, { title: "value" }, { title: "unit" }, { title: "why" }],
    assumptionEntries().map(([name, a]) => ({
      cells: [
        `\`${name}\``,
        typeof a.value === "object"
          ? Object.entries(a.value)
              .map(([k, v]) => `${k} ${count(v)}`)
              .join(", ")
          : count(a.value),
        a.unit,
        a.why + (report.usedAssumptions.has(name) ? "" : " (not used by the current stacks)"),
      ],
    })),
  );

  compareWithReference(doc, report, prices, envGroups, shared);

  // Not counted
  doc.h(2, "Not counted");
  doc.list([
    "Data transfer out to the internet (responses to chat clients, calls to the vector store and LLM APIs), and cross-AZ traffic.",
    "Free tiers and credits. Lambda's always-free 1M requests and 400,000 GB-s a month apply per account, and every environment has an account of its own." +
      (report.groups.some((g) => g.typeCounts.has("aws_cloudwatch_dashboard") || g.typeCounts.has("aws_budgets_budget"))
        ? " The exceptions are an account's first 3 CloudWatch dashboards and first 2 budgets, which are part of how those are priced."
        : ""),
    "GST, AWS Support plans, and account-level services the stacks do not create (CloudTrail, Config, GuardDuty, Security Hub).",
    `KMS key rotation: ${report.rotatingKeys} of the ${report.keys} keys rotate yearly, and each of the first two rotations adds USD 1/month to a key, so from the second year they cost up to ${usd(report.rotatingKeys)} more a month, from the third up to ${usd(2 * report.rotatingKeys)}.`,
    "CloudWatch Logs Insights queries, X-Ray trace retrieval, metrics the services publish for free.",
    "Third-party services the backend calls (Pinecone, HyperCLOVA).",
  ]);

  // Prices used
  doc.h(2, "Prices used", { mdOnly: true });
  doc.p("From `pricing/ap-southeast-2.json`. Only the prices the current stacks use are listed; the file holds more (other instance types and options, ALB, Secrets Manager) for resources the stacks do not have yet.", { mdOnly: true });
  doc.table(
    [{ title: "price" }, { title: "value", align: "right" }, { title: "unit" }, { title: "confidence" }, { title: "as of" }, { title: "source" }],
    [...report.usedPrices].sort().map((key) => {
      const p = priceByKey(prices, key) as Price;
      return { cells: [`\`${key}\``, rate(p.value), p.unit, p.confidence || "", `${p.as_of}${p.verify ? ", verify" : ""}`, p.source] };
    }),
    { mdOnly: true },
  );
  return doc;
}

function compareWithReference(doc: Doc, report: CostReport, prices: PriceFile, envGroups: readonly PricedGroup[], shared: PricedGroup | undefined): void {
  const hours = ASSUMPTIONS.HOURS_PER_MONTH.value as number;
  const threeEnvs = envGroups.filter((g) => ["dev", "staging", "prod"].includes(g.env));
  const all = report.groups;
  doc.h(2, "Compared with reference 001");
  doc.p(
    `Reference 001 (\`${REFERENCE_001}\`) prices the architecture it recommends at **$${REF.headline}/month for dev, staging and prod** ` +
      `("Final Architecture Summary Table"). Its own figures do not add up to that: the summary rows come to ` +
      `$${sum(REF.components, "low")}-${sum(REF.components, "high")} (taking "< $1" as 0-1 and "$10-20" as a range), and its sections ` +
      `split EKS nodes as $30/$60/$90 where the summary says $100, and price prod's Atlas as M20 ($213) where the summary counts M10 x 3. ` +
      `The per-environment column below uses 001's section figures (EKS nodes, Atlas M10 as in the summary, Redis) and leaves the rest ` +
      `unallocated, as 001 does.`,
  );

  // Per environment
  const refEnv = (env: string): number => REF.components.reduce((s, c) => s + ((c.perEnv && c.perEnv[env]) || 0), 0);
  const refUnalloc = [REF.components.reduce((s, c) => s + c.unallocated[0], 0), REF.components.reduce((s, c) => s + c.unallocated[1], 0)];
  const rows: Row[] = [];
  let ourLow = 0;
  let ourHigh = 0;
  for (const env of ["dev", "staging", "prod"]) {
    const g = envGroups.find((x) => x.env === env);
    const r = refEnv(env);
    const lo = g ? g.low : 0;
    const hi = g ? g.high : 0;
    ourLow += lo;
    ourHigh += hi;
    rows.push({ cells: [env, `${r.toFixed(2)}`, range(lo, hi), signedRange(lo - r, hi - r), refEnvText(env)] });
  }
  const sLo = shared ? shared.low : 0;
  const sHi = shared ? shared.high : 0;
  rows.push({
    cells: [
      "not tied to one environment",
      `${refUnalloc[0].toFixed(2)} .. ${refUnalloc[1].toFixed(2)}`,
      range(sLo, sHi),
      signedRange(sLo - refUnalloc[1], sHi - refUnalloc[0]),
      "001: EKS control plane (one for all), SQS, S3, CloudFront, ECR, CloudWatch; ours: state backend and registry",
    ],
  });
  const refTotLo = refEnv("dev") + refEnv("staging") + refEnv("prod") + refUnalloc[0];
  const refTotHi = refEnv("dev") + refEnv("staging") + refEnv("prod") + refUnalloc[1];
  ourLow += sLo;
  ourHigh += sHi;
  rows.push({
    bold: true,
    cells: ["total", `${refTotLo.toFixed(2)} .. ${refTotHi.toFixed(2)} (headline ${REF.headline.toFixed(2)})`, range(ourLow, ourHigh), signedRange(ourLow - REF.headline, ourHigh - REF.headline) + " vs headline", ""],
  });
  doc.table(
    [{ title: "environment" }, { title: "001 USD/month", align: "right" }, { title: "this estimate", align: "right" }, { title: "difference", align: "right" }, { title: "001 counts" }],
    rows,
  );

  // By component
  doc.p("Line by line, for the three environments and the shared stacks together:");
  const crow: Row[] = [];
  const t3 = prices.prices["ec2.linux.t3.medium.hour"];
  const eksHour = prices.prices["eks.cluster.hour"];
  const withShared = [...threeEnvs, ...(shared ? [shared] : [])];
  for (const c of REF.components) {
    const ours = categorySum(withShared, c.categories);
    crow.push({ cells: [c.name, c.text, range(ours.low, ours.high), componentWhy(c, ours, all, t3, eksHour, hours, threeEnvs.length)] });
  }
  for (const o of OURS_ONLY) {
    const ours = categorySum(withShared, o.categories);
    if (!o.always && round2(ours.high) === 0) continue;
    crow.push({ cells: [o.name, "not priced", range(ours.low, ours.high), oursOnlyWhy(o, threeEnvs, shared)] });
  }
  crow.push({ bold: true, cells: ["total", `$${REF.headline} (rows: $${sum(REF.components, "low")}-${sum(REF.components, "high")})`, range(ourLow, ourHigh), ""] });
  doc.table([{ title: "component" }, { title: "001" }, { title: "this estimate", align: "right" }, { title: "why they differ" }], crow);

  const network = categorySum(withShared, ["nat", "ipv4", "endpoints"]);
  const big = REF.components.filter((c) => ["eks", "atlas", "redis"].includes(c.key));
  const bigMissing = big.filter((c) => round2(categorySum(all, c.categories).high) === 0);
  const shortName = (c: RefComponent): string => (c.name.split(":").pop() as string).trim();
  doc.p(
    `In short: most of 001's total is compute and data (${big.map(shortName).join(", ")}: $${sum(big, "low")} of its rows)` +
      (bigMissing.length
        ? `, and ${bigMissing.length === big.length ? "none of it" : bigMissing.map(shortName).join(", ")} is in the stacks yet. `
        : ", all of which the stacks now hold in at least one environment. ") +
      `${network.low > ourLow / 2 ? "Most of what the stacks cost today is network that 001 does not price" : "001 also prices no network"}: NAT gateways, their public IPv4 addresses and ` +
      `interface endpoints come to ${usd(network.low)} of ${usdRange(ourLow, ourHigh)}, because every environment has its own VPC with ` +
      `interface endpoints in each AZ and its own NAT gateways (${threeEnvs.map((g) => `${g.env} ${g.typeCounts.get("aws_nat_gateway") || 0}`).join(", ")}). ` +
      `Stacks added later are priced from the same data file ` +
      `and fill in their rows here.`,
  );
}

function refEnvText(env: string): string {
  const parts = REF.components
    .filter((c) => c.perEnv && c.perEnv[env])
    .map((c) => `${c.key === "eks" ? "EKS nodes" : c.key === "atlas" ? "Atlas M10" : "Redis"} $${(c.perEnv as Readonly<Record<string, number>>)[env]}`);
  return parts.join(", ");
}

/** "in the stacks of prod (not yet dev, staging)" for the environments whose lines have these categories. */
function where(all: readonly PricedGroup[], categories: readonly Category[]): string {
  const has = all.filter((g) => round2(categorySum([g], categories).high) > 0).map((g) => g.env);
  const missing = all.filter((g) => g.env !== SHARED && !has.includes(g.env)).map((g) => g.env);
  return `in the stacks of ${has.join(", ")}${missing.length ? ` (not yet ${missing.join(", ")})` : ""}`;
}

function componentWhy(c: RefComponent, ours: { low: number; high: number }, all: readonly PricedGroup[], t3: Price | undefined, eksHour: Price | undefined, hours: number, envCount: number): string {
  const present = round2(ours.high) > 0;
  switch (c.key) {
    case "eks": {
      if (present) return `${where(all, c.categories)}: control planes, and node groups from min to max size.`;
      const cp = eksHour ? eksHour.value * hours : null;
      const node = t3 ? t3.value * hours : null;
      return (
        `**not in the stacks yet** (\`<env>-platform\`: aws_eks_cluster, aws_eks_node_group). ` +
        (cp ? `One cluster per environment is ${envCount} x ${usd(cp)} = ${usd(envCount * cp)} of control plane where 001 counts one ($73). ` : "") +
        (node && t3 ? `A t3.medium node is ${usd(node)} a month in Sydney (${rate(t3.value)}/h); 001's $30 is the us-east-1 price.` : "")
      );
    }
    case "atlas":
      return present
        ? `${where(all, c.categories)}, priced from the data file: M10 at the Sydney price of Atlas's calculator (001's $57 is the US price), M20 still at 001's own figure.`
        : "**not in the stacks yet** (`<env>-data`: mongodbatlas_advanced_cluster); priced at 001's M10 $57 / M20 $213 when it lands. 001's Atlas section (M10, M10, M20) adds up to $327 (it says ~$285), its summary to $171.";
    case "redis":
      return present
        ? `${where(all, c.categories)}: node type x node count.`
        : "**not in the stacks yet** (`<env>-data`: aws_elasticache_replication_group). 001's $11/$18/$100 are single nodes; the Multi-AZ replica it recommends for prod ($150 instead of $100) is not in its total.";
    case "sqs":
      return present ? `${where(all, c.categories)}.` : "**not in the stacks yet** (`<env>-data`).";
    case "s3":
      return present
        ? `in the stacks: the state bucket and its access-log bucket (bootstrap)${round2(categorySum(all, ["s3"]).high) > 0 ? " and data buckets" : "; frontend, log and model buckets are not in the stacks yet"}.`
        : "**not in the stacks yet**.";
    case "cloudfront":
      return present ? `${where(all, c.categories)}.` : "**not in the stacks yet**, and in no planned stack of the README.";
    case "ecr": {
      const n = all.reduce((k, g) => k + (g.typeCounts.get("aws_ecr_repository") || 0), 0);
      return `in the stacks: ${plural(n, "repository", "repositories")} at the stated storage; the registry's own KMS key is counted under KMS.`;
    }
    case "monitoring":
      return "in the stacks: VPC flow logs (001 has none), function and API access logs with a year of storage, and the API's detailed route metrics.";
    default:
      return "";
  }
}

function oursOnlyWhy(o: OursOnly, envs: readonly PricedGroup[], shared: PricedGroup | undefined): string {
  const by = (cats: readonly Category[]): string => envs.map((g) => `${g.env} ${usd(categorySum([g], cats).low)}`).join(", ");
  const counts = (type: string): string => envs.map((g) => `${g.env} ${g.typeCounts.get(type) || 0}`).join(", ");
  const key = o.categories[0];
  switch (key) {
    case "nat":
      return `001 prices no NAT gateway. NAT gateways in the stacks: ${counts("aws_nat_gateway")}; ${by(["nat"])}.`;
    case "ipv4":
      return `Every public IPv4 address has been charged since February 2024: ${counts("aws_eip")} Elastic IPs, ${by(["ipv4"])}.`;
    case "endpoints": {
      const azHours = (g: PricedGroup): number => g.items.filter((i) => i.category === "endpoints").reduce((n, i) => n + i.units, 0);
      return `Interface endpoints for AWS APIs in every private-app AZ, so that private subnets reach them without the NAT (endpoint-AZs: ${envs.map((g) => `${g.env} ${azHours(g)}`).join(", ")}): ${by(["endpoints"])}.`;
    }
    case "kms": {
      const groups = [...envs, ...(shared ? [shared] : [])];
      const keys = groups.map((g) => `${g.env} ${g.typeCounts.get("aws_kms_key") || 0}`).join(", ");
      return `A customer managed key per purpose (keys: ${keys}) at $1 each plus requests: ${groups.map((g) => `${g.env} ${usd(categorySum([g], ["kms"]).low)}`).join(", ")}.`;
    }
    case "edge":
      return `003 asks for WAF and custom domains in front of the API; 001 prices neither: ${by(["edge"])}.`;
    case "serverless":
      return `001 rejects Lambda for the backend; the stacks carry reference 002's serverless path (HTTP API -> Lambda, X-Ray on) at the stated request volume: ${by(["serverless"])}.`;
    default:
      return `${where([...envs, ...(shared ? [shared] : [])], o.categories)}; 001 prices none of these (it rejects RDS for the chat data).`;
  }
}

function sum(list: readonly RefComponent[], field: "low" | "high"): number {
  return list.reduce((s, x) => s + x[field], 0);
}
