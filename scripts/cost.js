#!/usr/bin/env node
/**
 * Monthly cost estimate: `npm run cost` (issue 8). Prints the estimate and writes it to docs/cost.md.
 *
 *   npm run cost                      # build, synthesize into a temporary directory, price, write docs/cost.md
 *   npm run cost -- --no-write        # print only, leave docs/cost.md alone
 *   npm run cost -- --from cdktf.out  # price an existing synthesized output instead of synthesizing
 *
 * What it prices is what the app synthesizes, not the environment configs: it runs
 * `npm run --silent build` and `node dist/main.js` with CDKTF_OUTDIR set to a temporary directory
 * (the repository's cdktf.out is never touched), reads <tmp>/manifest.json and walks the `resource`
 * section of every <tmp>/stacks/<stack>/cdk.tf.json. A resource type prices the same way wherever
 * it appears, so stacks that do not exist yet (`<env>-data`, `<env>-platform`) are priced as soon
 * as they are synthesized.
 *
 * Prices come only from pricing/ap-southeast-2.json (each with its source page, as_of date and a
 * confidence); usage that a price needs (requests, GB) comes only from the named ASSUMPTIONS below,
 * printed with the output. A resource type with no price rule, or a rule whose price is missing
 * from the data file, is reported as "unknown: <type>" and adds nothing: nothing is guessed.
 *
 * Grouping: `<env>-<layer>` stacks belong to their environment; `shared-<account>` belongs to the
 * environment whose stacks use that account (the AWS provider's allowed_account_ids), otherwise,
 * like `bootstrap`, to "shared" (state and registry). Environments in EXCLUDED_ENVIRONMENTS are
 * left out of the tables and the totals.
 *
 * Months are 730 hours. Amounts are summed unrounded and rounded to cents for display, so a total
 * can differ by a cent from the sum of the rounded lines.
 */
"use strict";

const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const PRICE_FILE = path.join(ROOT, "pricing", "ap-southeast-2.json");
const DOC = path.join(ROOT, "docs", "cost.md");
// The architecture document beside the repository (shared/reference/), named relative to it.
const REFERENCE_001 = "../shared/reference/001_24a21ddb01ab163a.txt";

/** Synthesized, but not deployed to AWS: not priced, not in any total. */
const EXCLUDED_ENVIRONMENTS = {
  local: "the test environment: it is applied to moto, a fake AWS on 127.0.0.1, by `npm run e2e` and never to an AWS account",
};

/** Environments in this order first, the rest alphabetically; then the shared group. */
const ENVIRONMENT_ORDER = ["dev", "staging", "prod"];
const SHARED = "shared";
/** Order of stacks inside an environment. */
const LAYER_ORDER = ["network", "serverless", "delivery", "data", "platform", "apps"];

// ---------------------------------------------------------------------------------------------
// Assumptions: every usage figure a price is multiplied by. A value is either one number or one
// per environment (`default` for environments not named, and for the shared group).

const ASSUMPTIONS = {
  HOURS_PER_MONTH: {
    value: 730,
    unit: "h",
    why: "AWS's own monthly figure (365 x 24 / 12); every hourly resource runs all month",
  },
  CHAT_REQUESTS_PER_MONTH: {
    value: { dev: 50_000, staging: 100_000, prod: 730_000, default: 100_000 },
    unit: "requests/month",
    why: "POST /chat calls through the HTTP API to the Lambda function; prod is reference 001's own load figure of 1,000 requests/hour; dev and staging are test traffic",
  },
  LAMBDA_AVG_DURATION_SECONDS: {
    value: 3,
    unit: "s",
    why: "reference 001's average execution time for a chat request (it waits on the vector store and the LLM API); billed per ms",
  },
  LAMBDA_LOG_KB_PER_REQUEST: {
    value: { DEBUG: 8, INFO: 2, WARNING: 1, ERROR: 1, default: 2 },
    unit: "KB/request by LOG_LEVEL",
    why: "JSON log lines per invocation (START/END/REPORT plus the handler's own), chosen by the function's LOG_LEVEL variable",
  },
  API_ACCESS_LOG_KB_PER_REQUEST: {
    value: 0.4,
    unit: "KB/request",
    why: "one JSON access-log line of the stage's nine fields",
  },
  XRAY_TRACED_SHARE: {
    value: 1,
    unit: "share of requests",
    why: "active tracing with the default sampling rule (1 request/second plus 5%) records nearly every request below 1 request/second; 1 is the upper bound",
  },
  NAT_GB_PER_MONTH: {
    value: { dev: 2, staging: 5, prod: 40, default: 5 },
    unit: "GB/month per environment",
    why: "only VPC-attached workloads use the NAT; dev runs the function outside the VPC; prod: about 50 KB per request to the vector store and LLM APIs x 730,000 requests, plus patches and images",
  },
  INTERFACE_ENDPOINT_GB_PER_MONTH: {
    value: { dev: 0.5, staging: 1, prod: 5, default: 1 },
    unit: "GB/month per environment",
    why: "SSM, STS, Secrets Manager and Logs API calls from the VPC; image pulls start when EKS nodes exist",
  },
  FLOW_LOG_GB_PER_MONTH: {
    value: { dev: 1, staging: 3, prod: 15, default: 3 },
    unit: "GB/month per environment",
    why: "ALL traffic at 60 s aggregation, about 130 bytes per record; dev has little traffic in the VPC; replace with the log group's IncomingBytes after a month",
  },
  OTHER_LOG_GROUP_GB_PER_MONTH: {
    value: 1,
    unit: "GB/month per log group",
    why: "log groups that no flow log, function or API stage writes to (database, cache and EKS control-plane logs)",
  },
  LOG_STORAGE_MONTHS: {
    value: 12,
    unit: "months",
    why: "storage is shown as it stands after a year of ingestion (or the retention period, if shorter), uncompressed: an upper bound, CloudWatch bills compressed bytes",
  },
  KMS_REQUESTS_PER_KEY_PER_MONTH: {
    value: 10_000,
    unit: "requests/key/month",
    why: "decrypts of parameters, the function's environment and log data keys; services cache data keys",
  },
  API_DETAILED_METRICS_PER_ROUTE: {
    value: 6,
    unit: "metrics/route",
    why: "detailed_metrics_enabled publishes Count, 4xx, 5xx, Latency, IntegrationLatency and DataProcessed per route, billed as CloudWatch metrics",
  },
  ECR_GB_PER_REPOSITORY: {
    value: 5,
    unit: "GB/repository",
    why: "30 release images kept (layers shared between tags) plus untagged images for 7 days",
  },
  S3_GB_PER_BUCKET: {
    value: 1,
    unit: "GB/bucket",
    why: "Terraform state with 90 days of old versions, and its access logs: small",
  },
  S3_PUTS_PER_BUCKET_PER_MONTH: {
    value: 10_000,
    unit: "requests/bucket/month",
    why: "state writes and access-log deliveries",
  },
  S3_GETS_PER_BUCKET_PER_MONTH: {
    value: 100_000,
    unit: "requests/bucket/month",
    why: "plans and applies reading state",
  },
  DYNAMODB_WRITES_PER_TABLE_PER_MONTH: {
    value: 10_000,
    unit: "write units/table/month",
    why: "lock acquire and release, about 2,500 plans/applies a month",
  },
  DYNAMODB_READS_PER_TABLE_PER_MONTH: {
    value: 10_000,
    unit: "read units/table/month",
    why: "lock and digest reads",
  },
  DYNAMODB_GB_PER_TABLE: {
    value: 0.001,
    unit: "GB/table",
    why: "a few lock items",
  },
  SQS_REQUESTS_PER_QUEUE_PER_MONTH: {
    value: 2_160_000,
    unit: "requests/queue/month",
    why: "reference 001's 1,000 messages/hour x 720 h, three requests each (send, receive, delete); dead-letter queues are counted at the same volume, an upper bound",
  },
  SECRETS_API_CALLS_PER_SECRET_PER_MONTH: {
    value: 10_000,
    unit: "calls/secret/month",
    why: "reads at cold starts; no secret exists yet",
  },
  ALB_AVERAGE_LCU: {
    value: 1,
    unit: "LCU",
    why: "a lightly loaded load balancer; none exists yet",
  },
  NODE_DISK_GB_DEFAULT: {
    value: 20,
    unit: "GB/node",
    why: "EKS managed node group default disk_size when neither the node group nor its launch template sets one; priced as gp3",
  },
};

// ---------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const options = { write: true, from: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--no-write") {
      options.write = false;
    } else if (arg === "--from") {
      options.from = argv[++i];
      if (!options.from) {
        fail("--from needs a directory holding manifest.json, e.g. --from cdktf.out");
      }
    } else if (arg.startsWith("--from=")) {
      options.from = arg.slice("--from=".length);
    } else if (arg === "--help" || arg === "-h") {
      console.log("usage: npm run cost [-- --no-write] [--from <synthesized dir>]");
      process.exit(0);
    } else {
      fail(`unknown argument ${arg}; usage: npm run cost [-- --no-write] [--from <synthesized dir>]`);
    }
  }
  return options;
}

function fail(message) {
  console.error(`cost: ${message}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Synthesis: the stacks exactly as the app emits them

/** Builds and runs the app into a fresh temporary directory; returns [outdir, cleanup]. */
function synthesizeIntoTemp() {
  try {
    execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  } catch (err) {
    fail(`npm run build failed (exit ${err.status}); the sources must compile before they can be priced`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "chatbot-cost-"));
  const outdir = path.join(tmp, "out");
  const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, [path.join(ROOT, "dist", "main.js")], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
      stdio: ["ignore", "ignore", "inherit"],
    });
  } catch (err) {
    cleanup();
    fail(`node dist/main.js failed (exit ${err.status}); nothing was priced`);
  }
  return [outdir, cleanup];
}

/** Reads manifest.json and every stack's cdk.tf.json. */
function loadStacks(outdir) {
  const manifestFile = path.join(outdir, "manifest.json");
  if (!fs.existsSync(manifestFile)) {
    fail(`${manifestFile} does not exist; synthesize first or point --from at a synthesized directory`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
  return Object.entries(manifest.stacks).map(([name, entry]) => {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, entry.synthesizedStackPath), "utf8"));
    return { name, json, account: stackAccount(json) };
  });
}

/** The one account the stack's AWS provider accepts, if it names exactly one. */
function stackAccount(json) {
  const providers = (json.provider && json.provider.aws) || [];
  const accounts = new Set();
  for (const p of providers) {
    for (const id of p.allowed_account_ids || []) {
      accounts.add(id);
    }
  }
  return accounts.size === 1 ? [...accounts][0] : null;
}

/** Assigns every stack to an environment, "shared", and orders them. */
function groupStacks(stacks) {
  const envOf = new Map();
  const accountEnvs = new Map();
  for (const stack of stacks) {
    if (stack.name === "bootstrap" || stack.name.startsWith("shared-")) {
      continue;
    }
    const dash = stack.name.lastIndexOf("-");
    const env = dash > 0 ? stack.name.slice(0, dash) : stack.name;
    envOf.set(stack.name, env);
    if (stack.account) {
      if (!accountEnvs.has(stack.account)) accountEnvs.set(stack.account, new Set());
      accountEnvs.get(stack.account).add(env);
    }
  }
  for (const stack of stacks) {
    if (envOf.has(stack.name)) continue;
    const account = stack.name.startsWith("shared-") ? stack.name.slice("shared-".length) : null;
    const envs = account ? accountEnvs.get(account) : null;
    envOf.set(stack.name, envs && envs.size === 1 ? [...envs][0] : SHARED);
  }
  const groups = new Map();
  for (const stack of stacks) {
    const env = envOf.get(stack.name);
    if (!groups.has(env)) groups.set(env, { env, stacks: [], accounts: new Set() });
    groups.get(env).stacks.push(stack);
    if (stack.account) groups.get(env).accounts.add(stack.account);
  }
  const rank = (env) => {
    if (env === SHARED) return [2, env];
    const i = ENVIRONMENT_ORDER.indexOf(env);
    return i >= 0 ? [0, String(i)] : [1, env];
  };
  const layerRank = (name) => {
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

// ---------------------------------------------------------------------------------------------
// Prices

function loadPrices() {
  const data = JSON.parse(fs.readFileSync(PRICE_FILE, "utf8"));
  for (const [id, p] of Object.entries(data.prices)) {
    for (const field of ["value", "unit", "source", "as_of"]) {
      if (p[field] === undefined) {
        fail(`${path.relative(ROOT, PRICE_FILE)}: price ${id} has no ${field}`);
      }
    }
    if (typeof p.value !== "number" || !(p.value >= 0)) {
      fail(`${path.relative(ROOT, PRICE_FILE)}: price ${id} has value ${JSON.stringify(p.value)}, not a number >= 0`);
    }
  }
  return data;
}

// ---------------------------------------------------------------------------------------------
// Formatting helpers

const round2 = (x) => Math.round(x * 100) / 100;
const usd = (x) => `$${round2(x).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const amount = (x) => round2(x).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = (n) => n.toLocaleString("en-US", { maximumFractionDigits: 3 });
/** A unit price with the digits it has, at least two decimals, never in exponent form. */
function rate(v) {
  let s = String(Number(v.toPrecision(6)));
  if (s.includes("e")) s = v.toFixed(12).replace(/0+$/, "");
  const decimals = s.includes(".") ? s.split(".")[1].length : 0;
  if (decimals < 2) s = v.toFixed(2);
  return `$${s}`;
}
const plural = (n, word, words) => `${count(n)} ${n === 1 ? word : words || `${word}s`}`;
const range = (low, high) => (round2(low) === round2(high) ? amount(low) : `${amount(low)} .. ${amount(high)}`);
const usdRange = (low, high) => (round2(low) === round2(high) ? usd(low) : `${usd(low)} .. ${usd(high)}`);

/** Single nested blocks come out of cdktf as an object or a one-element list. */
function first(block) {
  return Array.isArray(block) ? block[0] : block;
}

/** The resource name inside a "${<type>.<name>.<attr>}" reference, if the string is one. */
function refName(value, type) {
  if (typeof value !== "string") return null;
  const m = value.match(new RegExp(`\\$\\{${type}\\.([^.}]+)\\.`));
  return m ? m[1] : null;
}

/** A literal attribute, or null when it is a token resolved only at apply time. */
function literal(value) {
  return typeof value === "string" && value.includes("${") ? null : value;
}

// ---------------------------------------------------------------------------------------------
// Pricing one stack

/**
 * The context a price rule works in. Rules add line items through `line`, report what they cannot
 * price through `unknown`, and count no-charge resources through `free`.
 */
class StackPricing {
  constructor(group, stack, prices) {
    this.env = group.env;
    this.stack = stack;
    this.resources = stack.json.resource || {};
    this.prices = prices;
    this.items = [];
    this.unknowns = [];
    this.freeTypes = new Map();
    this.usedPrices = new Set();
    this.usedAssumptions = new Set();
  }

  /** The price entry, or null (then the caller reports an unknown). */
  price(id) {
    const p = this.prices.prices[id];
    if (p) this.usedPrices.add(id);
    return p || null;
  }

  assume(name, key) {
    const a = ASSUMPTIONS[name];
    if (!a) throw new Error(`no assumption ${name}`);
    this.usedAssumptions.add(name);
    if (typeof a.value === "object") {
      const k = key === undefined ? this.env : key;
      return k in a.value ? a.value[k] : a.value.default;
    }
    return a.value;
  }

  all(type) {
    return Object.entries(this.resources[type] || {}).map(([name, body]) => ({ name, body }));
  }

  /** Adds a line; `low`/`high` differ only for ranges (node groups between min and max size). */
  line({ label, quantity, unitPrice, low, high, formula, category, priceIds, units }) {
    const hi = high === undefined ? low : high;
    const confidence = (priceIds || []).map((id) => (this.prices.prices[id] || {}).confidence);
    this.items.push({
      stack: this.stack.name,
      label,
      quantity,
      unitPrice,
      low,
      high: hi,
      formula: formula || "",
      category,
      units: units || 0,
      lowConfidence: confidence.includes("low"),
    });
  }

  unknown(type, n, reason) {
    this.unknowns.push({ stack: this.stack.name, type, count: n, reason });
  }

  free(type, n) {
    this.freeTypes.set(type, (this.freeTypes.get(type) || 0) + n);
  }

  /** n things billed per hour all month. */
  hourly({ label, n, noun, nouns, priceId, category, type }) {
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
  metered({ label, qty, qtyUnit, priceId, priceUnit, per = 1, category, type, n = 1, formula }) {
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

/** One line for ElastiCache nodes billed by the hour (replication groups and single clusters). */
function cacheNodesLine(ctx, name, nodeType, nodes, price, priceId, hours) {
  const monthly = nodes * price.value * hours;
  ctx.line({
    label: `ElastiCache: ${name} (${nodeType} x ${nodes})`,
    quantity: `${nodes} x ${count(hours)} h`,
    unitPrice: `${rate(price.value)}/h`,
    low: monthly,
    formula: `${plural(nodes, "node")} x ${rate(price.value)}/h x ${count(hours)} h = ${usd(monthly)}`,
    category: "redis",
    priceIds: [priceId],
  });
}

/** Price rules, one per resource type. Types not listed here or under no_charge are unknown. */
const RULES = {
  aws_nat_gateway(ctx, list) {
    ctx.hourly({ label: "NAT gateway hours", n: list.length, noun: "NAT gateway", priceId: "vpc.nat_gateway.hour", category: "nat", type: "aws_nat_gateway" });
    const gb = ctx.assume("NAT_GB_PER_MONTH");
    ctx.metered({ label: "NAT data processed (assumed volume)", qty: gb, qtyUnit: "GB", priceId: "vpc.nat_gateway.gb_processed", priceUnit: "GB", category: "nat", type: "aws_nat_gateway" });
  },

  aws_eip(ctx, list) {
    const natEips = new Set(ctx.all("aws_nat_gateway").map((r) => refName(r.body.allocation_id, "aws_eip")).filter(Boolean));
    const onNat = list.filter((r) => natEips.has(r.name)).length;
    ctx.hourly({
      label: `Public IPv4: Elastic IPs (${onNat} on NAT gateways)`,
      n: list.length,
      noun: "address",
      nouns: "addresses",
      priceId: "vpc.public_ipv4.hour",
      category: "ipv4",
      type: "aws_eip",
    });
  },

  aws_vpc_endpoint(ctx, list) {
    const iface = [];
    const gateway = [];
    for (const r of list) {
      const kind = r.body.vpc_endpoint_type || "Gateway";
      if (kind === "Interface") iface.push(r);
      else if (kind === "Gateway") gateway.push(r);
      else ctx.unknown("aws_vpc_endpoint", 1, `endpoint type ${kind} (${r.name}) has no price rule`);
    }
    const short = (r) => String(literal(r.body.service_name) || r.name).replace(/^com\.amazonaws\.[a-z0-9-]+\./, "");
    if (gateway.length) {
      ctx.line({ label: `Gateway endpoints (${gateway.map(short).join(", ")}): no charge`, quantity: String(gateway.length), unitPrice: "$0", low: 0, category: "endpoints" });
    }
    const priced = [];
    for (const r of iface) {
      if (Array.isArray(r.body.subnet_ids) && r.body.subnet_ids.length > 0) priced.push(r);
      else ctx.unknown("aws_vpc_endpoint", 1, `interface endpoint ${short(r)} has no literal subnet_ids list, so its AZ count is unknown`);
    }
    if (!priced.length) return;
    const azs = priced.reduce((n, r) => n + r.body.subnet_ids.length, 0);
    const p = ctx.price("privatelink.interface_endpoint.az_hour");
    if (!p) return ctx.unknown("aws_vpc_endpoint", priced.length, "no price privatelink.interface_endpoint.az_hour in the data file");
    const hours = ctx.assume("HOURS_PER_MONTH");
    const monthly = azs * p.value * hours;
    const sameAzs = priced.every((r) => r.body.subnet_ids.length === priced[0].body.subnet_ids.length);
    const perAz = sameAzs ? `${plural(priced.length, "endpoint")} x ${priced[0].body.subnet_ids.length} AZ` : `${count(azs)} endpoint-AZs`;
    ctx.line({
      label: `Interface endpoints (${priced.map(short).join(", ")}), per AZ`,
      quantity: `${count(azs)} x ${count(hours)} h`,
      unitPrice: `${rate(p.value)}/h`,
      low: monthly,
      formula: `${perAz} x ${rate(p.value)}/h x ${count(hours)} h = ${usd(monthly)}`,
      category: "endpoints",
      units: azs,
      priceIds: ["privatelink.interface_endpoint.az_hour"],
    });
    const gb = ctx.assume("INTERFACE_ENDPOINT_GB_PER_MONTH");
    ctx.metered({ label: "Interface endpoint data processed (assumed volume)", qty: gb, qtyUnit: "GB", priceId: "privatelink.interface_endpoint.gb_processed", priceUnit: "GB", category: "endpoints", type: "aws_vpc_endpoint" });
  },

  aws_kms_key(ctx, list) {
    const p = ctx.price("kms.customer_managed_key.month");
    if (!p) return ctx.unknown("aws_kms_key", list.length, "no price kms.customer_managed_key.month in the data file");
    const monthly = list.length * p.value;
    ctx.line({
      label: "KMS customer managed keys",
      quantity: String(list.length),
      unitPrice: `${rate(p.value)}/key-month`,
      low: monthly,
      formula: `${plural(list.length, "key")} x ${rate(p.value)}/month = ${usd(monthly)}`,
      category: "kms",
      priceIds: ["kms.customer_managed_key.month"],
    });
    const requests = list.length * ctx.assume("KMS_REQUESTS_PER_KEY_PER_MONTH");
    ctx.metered({ label: "KMS requests (assumed volume)", qty: requests, qtyUnit: "requests", priceId: "kms.requests.per_10k", priceUnit: "10k requests", per: 10_000, category: "kms", type: "aws_kms_key" });
  },

  aws_flow_log(ctx, list) {
    for (const r of list) {
      const dest = r.body.log_destination_type || "cloud-watch-logs";
      if (dest !== "cloud-watch-logs") {
        ctx.unknown("aws_flow_log", 1, `flow logs to ${dest} have no price in the data file`);
        continue;
      }
      const gb = ctx.assume("FLOW_LOG_GB_PER_MONTH");
      ctx.metered({
        label: `VPC flow logs delivered to CloudWatch Logs (${r.body.traffic_type || "ALL"} traffic, assumed volume)`,
        qty: gb,
        qtyUnit: "GB",
        priceId: "logs.vended.gb",
        priceUnit: "GB",
        category: "monitoring",
        type: "aws_flow_log",
      });
    }
  },

  aws_cloudwatch_log_group(ctx, list) {
    // Who writes to each group decides its volume: a flow log, a function, an API stage, or unknown.
    const writer = new Map();
    for (const f of ctx.all("aws_flow_log")) {
      const name = refName(f.body.log_destination, "aws_cloudwatch_log_group");
      if (name) writer.set(name, { kind: "flow" });
    }
    for (const fn of ctx.all("aws_lambda_function")) {
      const cfg = first(fn.body.logging_config);
      const name = cfg && refName(cfg.log_group, "aws_cloudwatch_log_group");
      const level = ((fn.body.environment && first(fn.body.environment).variables) || {}).LOG_LEVEL;
      if (name) writer.set(name, { kind: "lambda", level });
    }
    const fnByLogName = new Map(
      ctx.all("aws_lambda_function").map((fn) => [`/aws/lambda/${fn.body.function_name}`, ((fn.body.environment && first(fn.body.environment).variables) || {}).LOG_LEVEL]),
    );
    for (const st of ctx.all("aws_apigatewayv2_stage")) {
      const settings = first(st.body.access_log_settings);
      const name = settings && refName(settings.destination_arn, "aws_cloudwatch_log_group");
      if (name) writer.set(name, { kind: "api" });
    }
    const requests = ctx.assume("CHAT_REQUESTS_PER_MONTH");
    const kbPerGb = 1024 * 1024;
    for (const r of list) {
      const name = literal(r.body.name) || r.name;
      const cls = r.body.log_group_class;
      if (cls && cls !== "STANDARD") {
        ctx.unknown("aws_cloudwatch_log_group", 1, `log group class ${cls} (${name}) has no price in the data file`);
        continue;
      }
      let w = writer.get(r.name);
      if (!w && fnByLogName.has(name)) w = { kind: "lambda", level: fnByLogName.get(name) };
      let gb;
      let ingestFormula;
      if (w && w.kind === "flow") {
        gb = ctx.assume("FLOW_LOG_GB_PER_MONTH");
      } else if (w && w.kind === "lambda") {
        const kb = ctx.assume("LAMBDA_LOG_KB_PER_REQUEST", w.level || "default");
        gb = (requests * kb) / kbPerGb;
        ingestFormula = `${count(requests)} requests x ${count(kb)} KB (${w.level || "default"}) = ${count(round3(gb))} GB x `;
      } else if (w && w.kind === "api") {
        const kb = ctx.assume("API_ACCESS_LOG_KB_PER_REQUEST");
        gb = (requests * kb) / kbPerGb;
        ingestFormula = `${count(requests)} requests x ${count(kb)} KB = ${count(round3(gb))} GB x `;
      } else {
        gb = ctx.assume("OTHER_LOG_GROUP_GB_PER_MONTH");
      }
      if (!(w && w.kind === "flow")) {
        // Flow-log ingestion is billed as vended logs on the flow log's line.
        const p = ctx.price("logs.ingestion.gb");
        if (!p) {
          ctx.unknown("aws_cloudwatch_log_group", 1, "no price logs.ingestion.gb in the data file");
        } else {
          const monthly = gb * p.value;
          ctx.line({
            label: `Log ingestion: ${name}`,
            quantity: `${count(round3(gb))} GB`,
            unitPrice: `${rate(p.value)}/GB`,
            low: monthly,
            formula: `${ingestFormula || `${count(round3(gb))} GB x `}${rate(p.value)}/GB = ${usd(monthly)}`,
            category: "monitoring",
            priceIds: ["logs.ingestion.gb"],
          });
        }
      }
      const retention = Number(r.body.retention_in_days) || 0;
      const horizon = ctx.assume("LOG_STORAGE_MONTHS");
      const months = retention > 0 ? Math.min(horizon, (retention * 12) / 365) : horizon;
      const stored = gb * months;
      ctx.metered({
        label: `Log storage: ${name} (${count(round3(months))} months held)`,
        qty: round3(stored),
        qtyUnit: "GB-month",
        priceId: "logs.storage.gb_month",
        priceUnit: "GB-month",
        category: "monitoring",
        type: "aws_cloudwatch_log_group",
        formula: `${count(round3(gb))} GB/month x ${count(round3(months))} months x ${rate((ctx.prices.prices["logs.storage.gb_month"] || {}).value || 0)}/GB-month`,
      });
    }
  },

  aws_lambda_function(ctx, list) {
    const requests = ctx.assume("CHAT_REQUESTS_PER_MONTH");
    const seconds = ctx.assume("LAMBDA_AVG_DURATION_SECONDS");
    for (const r of list) {
      const name = literal(r.body.function_name) || r.name;
      const memory = Number(r.body.memory_size) || 128;
      const arch = (r.body.architectures && r.body.architectures[0]) || "x86_64";
      ctx.metered({
        label: `Lambda requests: ${name}`,
        qty: requests,
        qtyUnit: "requests",
        priceId: "lambda.requests.per_million",
        priceUnit: "1M requests",
        per: 1e6,
        category: "serverless",
        type: "aws_lambda_function",
      });
      const gbSeconds = requests * seconds * (memory / 1024);
      const computeId = `lambda.${arch}.gb_second`;
      const p = ctx.price(computeId);
      if (!p) {
        ctx.unknown("aws_lambda_function", 1, `no price ${computeId} in the data file`);
      } else {
        const monthly = gbSeconds * p.value;
        ctx.line({
          label: `Lambda compute: ${name} (${memory} MB, ${arch}, ${seconds} s average)`,
          quantity: `${count(gbSeconds)} GB-s`,
          unitPrice: `${rate(p.value)}/GB-s`,
          low: monthly,
          formula: `${count(requests)} requests x ${count(seconds)} s x ${count(memory / 1024)} GB = ${count(gbSeconds)} GB-s x ${rate(p.value)}/GB-s = ${usd(monthly)}`,
          category: "serverless",
          priceIds: [computeId],
        });
      }
      if ((first(r.body.tracing_config) || {}).mode === "Active") {
        const traces = requests * ctx.assume("XRAY_TRACED_SHARE");
        ctx.metered({
          label: `X-Ray traces recorded: ${name}`,
          qty: traces,
          qtyUnit: "traces",
          priceId: "xray.traces_recorded.per_million",
          priceUnit: "1M traces",
          per: 1e6,
          category: "serverless",
          type: "aws_lambda_function",
        });
      }
      const ephemeral = Number((first(r.body.ephemeral_storage) || {}).size) || 512;
      if (ephemeral > 512) {
        ctx.unknown("aws_lambda_function", 1, `${name}: ephemeral storage above 512 MB has no price in the data file`);
      }
    }
  },

  aws_lambda_provisioned_concurrency_config(ctx, list) {
    ctx.unknown("aws_lambda_provisioned_concurrency_config", list.length, "provisioned concurrency has no price in the data file");
  },

  aws_apigatewayv2_api(ctx, list) {
    const requests = ctx.assume("CHAT_REQUESTS_PER_MONTH");
    for (const r of list) {
      const name = literal(r.body.name) || r.name;
      if (r.body.protocol_type !== "HTTP") {
        ctx.unknown("aws_apigatewayv2_api", 1, `${r.body.protocol_type} API ${name} has no price rule`);
        continue;
      }
      ctx.metered({
        label: `HTTP API requests: ${name}`,
        qty: requests,
        qtyUnit: "requests",
        priceId: "apigateway.http.per_million",
        priceUnit: "1M requests",
        per: 1e6,
        category: "serverless",
        type: "aws_apigatewayv2_api",
      });
    }
  },

  aws_apigatewayv2_stage(ctx, list) {
    const routes = ctx.all("aws_apigatewayv2_route");
    for (const r of list) {
      if (!(first(r.body.default_route_settings) || {}).detailed_metrics_enabled) {
        ctx.free("aws_apigatewayv2_stage", 1);
        continue;
      }
      const n = routes.filter((route) => route.body.api_id === r.body.api_id).length || 1;
      const perRoute = ctx.assume("API_DETAILED_METRICS_PER_ROUTE");
      ctx.metered({
        label: `API detailed metrics (stage ${literal(r.body.name) || r.name}, ${plural(n, "route")})`,
        qty: n * perRoute,
        qtyUnit: "metrics",
        priceId: "cloudwatch.metric.month",
        priceUnit: "metric-month",
        category: "monitoring",
        type: "aws_apigatewayv2_stage",
        formula: `${plural(n, "route")} x ${perRoute} metrics x ${rate((ctx.prices.prices["cloudwatch.metric.month"] || {}).value || 0)}/metric-month`,
      });
    }
  },

  aws_ssm_parameter(ctx, list) {
    const byTier = new Map();
    for (const r of list) {
      // Intelligent-Tiering stays standard unless a parameter needs advanced features.
      const tier = r.body.tier === "Advanced" ? "advanced" : "standard";
      if (!byTier.has(tier)) byTier.set(tier, []);
      byTier.get(tier).push(r);
    }
    for (const [tier, params] of byTier) {
      const types = [...new Set(params.map((r) => r.body.type || "String"))].join(", ");
      const id = `ssm.parameter.${tier}.month`;
      const p = ctx.price(id);
      if (!p) {
        ctx.unknown("aws_ssm_parameter", params.length, `no price ${id} in the data file`);
        continue;
      }
      const monthly = params.length * p.value;
      ctx.line({
        label: `SSM parameters, ${tier} tier (${types})${p.value === 0 ? ": no charge" : ""}`,
        quantity: String(params.length),
        unitPrice: `${rate(p.value)}/parameter-month`,
        low: monthly,
        formula: `${plural(params.length, "parameter")} x ${rate(p.value)}/month = ${usd(monthly)}`,
        category: "serverless",
        priceIds: [id],
      });
    }
  },

  aws_ecr_repository(ctx, list) {
    const gb = ctx.assume("ECR_GB_PER_REPOSITORY");
    const names = list.map((r) => literal(r.body.name) || r.name).join(", ");
    ctx.metered({
      label: `ECR storage (${names})`,
      qty: list.length * gb,
      qtyUnit: "GB-month",
      priceId: "ecr.storage.gb_month",
      priceUnit: "GB-month",
      category: "ecr",
      type: "aws_ecr_repository",
      n: list.length,
      formula: `${plural(list.length, "repository", "repositories")} x ${count(gb)} GB x ${rate((ctx.prices.prices["ecr.storage.gb_month"] || {}).value || 0)}/GB-month`,
    });
  },

  aws_s3_bucket(ctx, list) {
    const category = ctx.stack.name === "bootstrap" ? "state" : "s3";
    const gb = ctx.assume("S3_GB_PER_BUCKET");
    ctx.metered({
      label: `S3 Standard storage (${plural(list.length, "bucket")})`,
      qty: list.length * gb,
      qtyUnit: "GB-month",
      priceId: "s3.standard.gb_month",
      priceUnit: "GB-month",
      category,
      type: "aws_s3_bucket",
      n: list.length,
      formula: `${plural(list.length, "bucket")} x ${count(gb)} GB x ${rate((ctx.prices.prices["s3.standard.gb_month"] || {}).value || 0)}/GB-month`,
    });
    const put = ctx.price("s3.put.per_1k");
    const get = ctx.price("s3.get.per_1k");
    if (!put || !get) return ctx.unknown("aws_s3_bucket", list.length, "no price s3.put.per_1k or s3.get.per_1k in the data file");
    const puts = list.length * ctx.assume("S3_PUTS_PER_BUCKET_PER_MONTH");
    const gets = list.length * ctx.assume("S3_GETS_PER_BUCKET_PER_MONTH");
    const monthly = (puts / 1000) * put.value + (gets / 1000) * get.value;
    ctx.line({
      label: "S3 requests (assumed volume)",
      quantity: `${count(puts)} PUT + ${count(gets)} GET`,
      unitPrice: `${rate(put.value)}/1k PUT, ${rate(get.value)}/1k GET`,
      low: monthly,
      formula: `${count(puts)} PUT x ${rate(put.value)}/1k + ${count(gets)} GET x ${rate(get.value)}/1k = ${usd(monthly)}`,
      category,
      priceIds: ["s3.put.per_1k", "s3.get.per_1k"],
    });
  },

  aws_dynamodb_table(ctx, list) {
    const category = ctx.stack.name === "bootstrap" ? "state" : "dynamodb";
    for (const r of list) {
      const name = literal(r.body.name) || r.name;
      if ((r.body.billing_mode || "PROVISIONED") !== "PAY_PER_REQUEST") {
        ctx.unknown("aws_dynamodb_table", 1, `${name}: provisioned capacity has no price in the data file`);
        continue;
      }
      const w = ctx.price("dynamodb.on_demand.write.per_million");
      const rd = ctx.price("dynamodb.on_demand.read.per_million");
      const st = ctx.price("dynamodb.storage.gb_month");
      const pitrPrice = ctx.price("dynamodb.pitr.gb_month");
      if (!w || !rd || !st || !pitrPrice) {
        ctx.unknown("aws_dynamodb_table", 1, "a dynamodb.* price is missing from the data file");
        continue;
      }
      const writes = ctx.assume("DYNAMODB_WRITES_PER_TABLE_PER_MONTH");
      const reads = ctx.assume("DYNAMODB_READS_PER_TABLE_PER_MONTH");
      const requestCost = (writes / 1e6) * w.value + (reads / 1e6) * rd.value;
      ctx.line({
        label: `DynamoDB on-demand requests: ${name} (assumed volume)`,
        quantity: `${count(writes)} WRU + ${count(reads)} RRU`,
        unitPrice: `${rate(w.value)}/1M WRU, ${rate(rd.value)}/1M RRU`,
        low: requestCost,
        formula: `${count(writes)} WRU x ${rate(w.value)}/1M + ${count(reads)} RRU x ${rate(rd.value)}/1M = ${usd(requestCost)}`,
        category,
        priceIds: ["dynamodb.on_demand.write.per_million", "dynamodb.on_demand.read.per_million"],
      });
      const gb = ctx.assume("DYNAMODB_GB_PER_TABLE");
      const pitr = (first(r.body.point_in_time_recovery) || {}).enabled === true;
      const storageCost = gb * st.value + (pitr ? gb * pitrPrice.value : 0);
      ctx.line({
        label: `DynamoDB storage${pitr ? " + point-in-time recovery" : ""}: ${name}`,
        quantity: `${count(gb)} GB`,
        unitPrice: pitr ? `${rate(st.value)} + ${rate(pitrPrice.value)}/GB-month` : `${rate(st.value)}/GB-month`,
        low: storageCost,
        formula: `${count(gb)} GB x (${rate(st.value)}${pitr ? ` + ${rate(pitrPrice.value)}` : ""})/GB-month = ${usd(storageCost)}`,
        category,
        priceIds: ["dynamodb.storage.gb_month", "dynamodb.pitr.gb_month"],
      });
    }
  },

  aws_secretsmanager_secret(ctx, list) {
    const p = ctx.price("secretsmanager.secret.month");
    if (!p) return ctx.unknown("aws_secretsmanager_secret", list.length, "no price secretsmanager.secret.month in the data file");
    ctx.line({
      label: "Secrets Manager secrets",
      quantity: String(list.length),
      unitPrice: `${rate(p.value)}/secret-month`,
      low: list.length * p.value,
      formula: `${plural(list.length, "secret")} x ${rate(p.value)}/month = ${usd(list.length * p.value)}`,
      category: "secrets",
      priceIds: ["secretsmanager.secret.month"],
    });
    const calls = list.length * ctx.assume("SECRETS_API_CALLS_PER_SECRET_PER_MONTH");
    ctx.metered({ label: "Secrets Manager API calls (assumed volume)", qty: calls, qtyUnit: "calls", priceId: "secretsmanager.api.per_10k", priceUnit: "10k calls", per: 10_000, category: "secrets", type: "aws_secretsmanager_secret" });
  },

  aws_secretsmanager_secret_version(ctx, list) {
    ctx.free("aws_secretsmanager_secret_version", list.length);
  },

  aws_cloudwatch_metric_alarm(ctx, list) {
    ctx.metered({ label: "CloudWatch alarms (standard resolution)", qty: list.length, qtyUnit: "alarms", priceId: "cloudwatch.alarm.month", priceUnit: "alarm-month", category: "monitoring", type: "aws_cloudwatch_metric_alarm", n: list.length });
  },

  aws_sqs_queue(ctx, list) {
    const requests = ctx.assume("SQS_REQUESTS_PER_QUEUE_PER_MONTH");
    for (const r of list) {
      const fifo = r.body.fifo_queue === true;
      ctx.metered({
        label: `SQS requests: ${literal(r.body.name) || r.name} (assumed volume)`,
        qty: requests,
        qtyUnit: "requests",
        priceId: fifo ? "sqs.fifo.per_million" : "sqs.standard.per_million",
        priceUnit: "1M requests",
        per: 1e6,
        category: "sqs",
        type: "aws_sqs_queue",
      });
    }
  },

  aws_lb(ctx, list) {
    for (const r of list) {
      const kind = r.body.load_balancer_type || "application";
      const name = literal(r.body.name) || r.name;
      if (kind !== "application") {
        ctx.unknown("aws_lb", 1, `${kind} load balancer ${name} has no price in the data file`);
        continue;
      }
      ctx.hourly({ label: `Application Load Balancer: ${name}`, n: 1, noun: "load balancer", priceId: "elb.alb.hour", category: "alb", type: "aws_lb" });
      const lcu = ctx.assume("ALB_AVERAGE_LCU");
      ctx.hourly({ label: `ALB capacity units: ${name} (assumed ${count(lcu)} LCU)`, n: lcu, noun: "LCU", priceId: "elb.alb.lcu_hour", category: "alb", type: "aws_lb" });
    }
  },

  aws_eks_cluster(ctx, list) {
    for (const r of list) {
      ctx.hourly({ label: `EKS control plane: ${literal(r.body.name) || r.name}`, n: 1, noun: "cluster", priceId: "eks.cluster.hour", category: "eks", type: "aws_eks_cluster" });
    }
  },

  aws_eks_node_group(ctx, list) {
    const hours = ctx.assume("HOURS_PER_MONTH");
    for (const r of list) {
      const name = literal(r.body.node_group_name) || r.name;
      const scaling = first(r.body.scaling_config) || {};
      const min = Number(scaling.min_size);
      const max = Number(scaling.max_size);
      if (!Number.isFinite(min) || !Number.isFinite(max)) {
        ctx.unknown("aws_eks_node_group", 1, `${name}: scaling_config min_size/max_size are not literal numbers`);
        continue;
      }
      if ((r.body.capacity_type || "ON_DEMAND") !== "ON_DEMAND") {
        ctx.unknown("aws_eks_node_group", 1, `${name}: ${r.body.capacity_type} capacity has no price (spot prices move)`);
        continue;
      }
      const types = r.body.instance_types || ["t3.medium"];
      const type = types[0];
      const id = `ec2.linux.${type}.hour`;
      const p = ctx.price(id);
      if (!p) {
        ctx.unknown("aws_eks_node_group", 1, `${name}: no price ${id} in the data file`);
        continue;
      }
      const low = min * p.value * hours;
      const high = max * p.value * hours;
      ctx.line({
        label: `EKS nodes: ${name} (${type}${types.length > 1 ? `, first of ${types.join("/")}` : ""}, min ${min} .. max ${max})`,
        quantity: `${min}..${max} x ${count(hours)} h`,
        unitPrice: `${rate(p.value)}/h`,
        low,
        high,
        formula: `${min}..${max} nodes x ${rate(p.value)}/h x ${count(hours)} h = ${usdRange(low, high)}`,
        category: "eks",
        priceIds: [id],
      });
      // The root volume of the node group's launch template (in the same stack), if it names a literal size.
      const template = ctx.resources.aws_launch_template?.[refName((first(r.body.launch_template) || {}).id, "aws_launch_template")];
      const templateEbs = template && first((first(template.block_device_mappings) || {}).ebs);
      const templateDisk = templateEbs && Number(literal(templateEbs.volume_size));
      if (templateDisk && templateEbs.volume_type !== "gp3") {
        ctx.unknown("aws_eks_node_group", 1, `${name}: node volumes of type ${templateEbs.volume_type || "unset (the AMI's default)"} have no price in the data file`);
        continue;
      }
      const disk = templateDisk || Number(r.body.disk_size) || ctx.assume("NODE_DISK_GB_DEFAULT");
      const ebs = ctx.price("ebs.gp3.gb_month");
      if (!ebs) {
        ctx.unknown("aws_eks_node_group", 1, `${name}: no price ebs.gp3.gb_month in the data file`);
        continue;
      }
      ctx.line({
        label: `EKS node volumes: ${name} (${disk} GB each${templateDisk ? ", from its launch template" : r.body.launch_template ? ", launch template may differ" : ""})`,
        quantity: `${min}..${max} x ${disk} GB`,
        unitPrice: `${rate(ebs.value)}/GB-month`,
        low: min * disk * ebs.value,
        high: max * disk * ebs.value,
        formula: `${min}..${max} x ${disk} GB x ${rate(ebs.value)}/GB-month = ${usdRange(min * disk * ebs.value, max * disk * ebs.value)}`,
        category: "eks",
        priceIds: ["ebs.gp3.gb_month"],
      });
    }
  },

  aws_db_instance(ctx, list) {
    const hours = ctx.assume("HOURS_PER_MONTH");
    for (const r of list) {
      const name = literal(r.body.identifier) || r.name;
      const engine = r.body.engine || (r.body.replicate_source_db ? "postgres" : undefined);
      const cls = r.body.instance_class;
      const id = `rds.${engine}.${cls}.hour`;
      const p = ctx.price(id);
      if (!p) {
        ctx.unknown("aws_db_instance", 1, `${name}: no price ${id} in the data file`);
        continue;
      }
      const multiAz = r.body.multi_az === true;
      const copies = multiAz ? 2 : 1;
      const monthly = copies * p.value * hours;
      ctx.line({
        label: `RDS ${engine}: ${name} (${cls}${multiAz ? ", Multi-AZ" : ""})`,
        quantity: `${copies} x ${count(hours)} h`,
        unitPrice: `${rate(p.value)}/h`,
        low: monthly,
        formula: `${copies} instance${copies > 1 ? "s (Multi-AZ)" : ""} x ${rate(p.value)}/h x ${count(hours)} h = ${usd(monthly)}`,
        category: "rds",
        priceIds: [id],
      });
      const storageType = r.body.storage_type || "gp2";
      const gb = Number(r.body.allocated_storage) || 0;
      if (gb > 0) {
        if (storageType !== "gp2" && storageType !== "gp3") {
          ctx.unknown("aws_db_instance", 1, `${name}: ${storageType} storage has no price in the data file`);
        } else {
          ctx.metered({ label: `RDS storage: ${name} (${storageType})`, qty: gb * copies, qtyUnit: "GB-month", priceId: "rds.storage.gp.gb_month", priceUnit: "GB-month", category: "rds", type: "aws_db_instance" });
        }
      }
    }
  },

  aws_elasticache_replication_group(ctx, list) {
    const hours = ctx.assume("HOURS_PER_MONTH");
    for (const r of list) {
      const name = literal(r.body.replication_group_id) || r.name;
      const node = r.body.node_type;
      const clusters = r.body.num_cache_clusters ?? r.body.number_cache_clusters;
      const nodes = clusters !== undefined ? Number(clusters) : Number(r.body.num_node_groups ?? 1) * (Number(r.body.replicas_per_node_group ?? 0) + 1);
      const id = `elasticache.${node}.hour`;
      const p = ctx.price(id);
      if (!p || !Number.isFinite(nodes)) {
        ctx.unknown("aws_elasticache_replication_group", 1, p ? `${name}: node count is not literal` : `${name}: no price ${id} in the data file`);
        continue;
      }
      cacheNodesLine(ctx, name, node, nodes, p, id, hours);
    }
  },

  aws_elasticache_cluster(ctx, list) {
    const hours = ctx.assume("HOURS_PER_MONTH");
    for (const r of list) {
      if (r.body.replication_group_id) {
        ctx.free("aws_elasticache_cluster", 1); // its nodes are priced with the replication group
        continue;
      }
      const name = literal(r.body.cluster_id) || r.name;
      const nodes = Number(r.body.num_cache_nodes ?? 1);
      const id = `elasticache.${r.body.node_type}.hour`;
      const p = ctx.price(id);
      if (!p) {
        ctx.unknown("aws_elasticache_cluster", 1, `${name}: no price ${id} in the data file`);
        continue;
      }
      cacheNodesLine(ctx, name, r.body.node_type, nodes, p, id, hours);
    }
  },

  mongodbatlas_advanced_cluster(ctx, list) {
    for (const r of list) {
      const name = literal(r.body.name) || r.name;
      const spec = first(r.body.replication_specs) || {};
      const region = first(spec.region_configs) || {};
      const size = (first(region.electable_specs) || {}).instance_size;
      atlasLine(ctx, "mongodbatlas_advanced_cluster", name, size);
    }
  },

  mongodbatlas_cluster(ctx, list) {
    for (const r of list) {
      atlasLine(ctx, "mongodbatlas_cluster", literal(r.body.name) || r.name, r.body.provider_instance_size_name);
    }
  },

  mongodbatlas_privatelink_endpoint(ctx, list) {
    // Atlas bills an hourly fee per region with a private endpoint, plus private endpoint capacity units
    // for the traffic; its rate card gives no Sydney figure here. The AWS side is priced under aws_vpc_endpoint.
    ctx.unknown("mongodbatlas_privatelink_endpoint", list.length, "not priced (Atlas bills it); the AWS side is priced as aws_vpc_endpoint");
  },
};

function atlasLine(ctx, type, name, size) {
  const id = `atlas.${size}.month`;
  const p = size ? ctx.price(id) : null;
  if (!p) {
    ctx.unknown(type, 1, size ? `${name}: no price ${id} in the data file` : `${name}: instance size is not literal`);
    return;
  }
  ctx.line({
    label: `MongoDB Atlas cluster: ${name} (${size})`,
    quantity: "1",
    unitPrice: `${rate(p.value)}/cluster-month`,
    low: p.value,
    formula: `1 cluster x ${rate(p.value)}/month = ${usd(p.value)}`,
    category: "atlas",
    priceIds: [id],
  });
}

function round3(x) {
  return Math.round(x * 1000) / 1000;
}

/** Order of lines inside a stack: by category, then in the order the rules add them. */
const CATEGORY_ORDER = ["nat", "ipv4", "endpoints", "eks", "rds", "atlas", "redis", "alb", "serverless", "sqs", "secrets", "ecr", "s3", "state", "dynamodb", "monitoring", "kms"];

function priceStack(group, stack, prices) {
  const ctx = new StackPricing(group, stack, prices);
  const noCharge = prices.no_charge.types;
  // Rules in the order RULES declares them (a flow log's ingestion before its log group's storage), then the rest.
  const ruleOrder = Object.keys(RULES);
  const types = Object.keys(ctx.resources).sort((a, b) => {
    const ia = ruleOrder.indexOf(a);
    const ib = ruleOrder.indexOf(b);
    return (ia < 0 ? ruleOrder.length : ia) - (ib < 0 ? ruleOrder.length : ib) || a.localeCompare(b);
  });
  for (const type of types) {
    const list = ctx.all(type);
    if (RULES[type]) {
      RULES[type](ctx, list);
    } else if (noCharge[type]) {
      ctx.free(type, list.length);
    } else {
      ctx.unknown(type, list.length, "no price rule for this resource type");
    }
  }
  const rank = (c) => (CATEGORY_ORDER.includes(c) ? CATEGORY_ORDER.indexOf(c) : CATEGORY_ORDER.length);
  ctx.items = ctx.items.map((item, i) => ({ item, i })).sort((a, b) => rank(a.item.category) - rank(b.item.category) || a.i - b.i).map((x) => x.item);
  return ctx;
}

// ---------------------------------------------------------------------------------------------
// The report

function priceAll(groups, prices) {
  const report = { groups: [], excluded: [], usedPrices: new Set(), usedAssumptions: new Set(), keys: 0, rotatingKeys: 0 };
  for (const group of groups) {
    if (EXCLUDED_ENVIRONMENTS[group.env]) {
      report.excluded.push({ env: group.env, stacks: group.stacks.map((s) => s.name), why: EXCLUDED_ENVIRONMENTS[group.env] });
      continue;
    }
    const out = { env: group.env, accounts: [...group.accounts], stacks: [], items: [], unknowns: [], low: 0, high: 0, hasVpcCompute: false, typeCounts: new Map() };
    for (const stack of group.stacks) {
      const ctx = priceStack(group, stack, prices);
      const low = ctx.items.reduce((s, i) => s + i.low, 0);
      const high = ctx.items.reduce((s, i) => s + i.high, 0);
      out.stacks.push({ name: stack.name, items: ctx.items, unknowns: ctx.unknowns, free: ctx.freeTypes, low, high });
      out.items.push(...ctx.items);
      out.unknowns.push(...ctx.unknowns);
      out.low += low;
      out.high += high;
      ctx.usedPrices.forEach((id) => report.usedPrices.add(id));
      ctx.usedAssumptions.forEach((a) => report.usedAssumptions.add(a));
      const res = stack.json.resource || {};
      for (const key of Object.values(res.aws_kms_key || {})) {
        report.keys += 1;
        if (key.enable_key_rotation === true) report.rotatingKeys += 1;
      }
      for (const [type, byName] of Object.entries(res)) {
        out.typeCounts.set(type, (out.typeCounts.get(type) || 0) + Object.keys(byName).length);
      }
      if (Object.values(res.aws_lambda_function || {}).some((f) => f.vpc_config) || res.aws_eks_node_group || res.aws_db_instance || res.aws_elasticache_replication_group) {
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
function categorySum(groups, categories) {
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

// Reference 001's figures, as its text gives them (USD/month). Ranges where it gives one
// ("$10-20", "< $1" as 0..1). Per environment only where a section of 001 splits the figure.
const REF = {
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
const OURS_ONLY = [
  { name: "NAT gateways (hours and data)", categories: ["nat"], always: true },
  { name: "Public IPv4 (the NAT gateways' Elastic IPs)", categories: ["ipv4"], always: true },
  { name: "Interface VPC endpoints", categories: ["endpoints"], always: true },
  { name: "KMS keys and requests", categories: ["kms"], always: true },
  { name: "Serverless path: Lambda, HTTP API, X-Ray, SSM", categories: ["serverless"], always: true },
  { name: "RDS, DynamoDB (outside the state backend), Secrets Manager, load balancers", categories: ["rds", "dynamodb", "secrets", "alb"], always: false },
];

// ---------------------------------------------------------------------------------------------
// Document model: blocks rendered both as terminal text and as Markdown

class Doc {
  constructor() {
    this.blocks = [];
  }
  h(level, text, opts = {}) {
    this.blocks.push({ kind: "h", level, text, ...opts });
  }
  p(text, opts = {}) {
    this.blocks.push({ kind: "p", text, ...opts });
  }
  list(items, opts = {}) {
    this.blocks.push({ kind: "list", items, ...opts });
  }
  table(columns, rows, opts = {}) {
    this.blocks.push({ kind: "table", columns, rows, ...opts });
  }
  code(lines, opts = {}) {
    this.blocks.push({ kind: "code", lines, ...opts });
  }
}

function renderText(doc) {
  const out = [];
  for (const b of doc.blocks) {
    if (b.mdOnly) continue;
    if (b.kind === "h") {
      out.push("", b.level <= 2 ? b.text.toUpperCase() : b.text, b.level <= 2 ? "=".repeat(b.text.length) : "-".repeat(b.text.length));
    } else if (b.kind === "p") {
      out.push("", ...wrap(stripMd(b.text), 100));
    } else if (b.kind === "list") {
      out.push("");
      for (const item of b.items) {
        const lines = wrap(stripMd(item), 96);
        out.push(`  - ${lines[0]}`, ...lines.slice(1).map((l) => `    ${l}`));
      }
    } else if (b.kind === "code") {
      out.push("", ...b.lines.map((l) => `  ${l}`));
    } else if (b.kind === "table") {
      const cells = b.rows.map((r) => (r.rule ? null : r.cells.map((c) => stripMd(String(c)))));
      const widths = b.columns.map((c, i) => Math.max(c.title.length, ...cells.filter(Boolean).map((r) => r[i].length)));
      const fmt = (row) =>
        row
          .map((c, i) => (b.columns[i].align === "right" ? c.padStart(widths[i]) : c.padEnd(widths[i])))
          .join("  ")
          .trimEnd();
      out.push("", fmt(b.columns.map((c) => c.title)), widths.map((w) => "-".repeat(w)).join("  "));
      for (const r of cells) {
        out.push(r ? fmt(r) : widths.map((w) => "-".repeat(w)).join("  "));
      }
    }
  }
  return out.join("\n").replace(/^\n+/, "") + "\n";
}

function renderMarkdown(doc) {
  const out = [];
  for (const b of doc.blocks) {
    if (b.textOnly) continue;
    if (b.kind === "h") {
      out.push("", `${"#".repeat(b.level)} ${b.text}`);
    } else if (b.kind === "p") {
      out.push("", b.text);
    } else if (b.kind === "list") {
      out.push("", ...b.items.map((i) => `- ${i}`));
    } else if (b.kind === "code") {
      out.push("", "```", ...b.lines, "```");
    } else if (b.kind === "table") {
      out.push("", `| ${b.columns.map((c) => c.title).join(" | ")} |`, `|${b.columns.map((c) => (c.align === "right" ? "---:" : "---")).join("|")}|`);
      for (const r of b.rows) {
        if (r.rule) continue;
        const cells = r.cells.map((c) => String(c).replace(/\|/g, "\\|"));
        out.push(`| ${(r.bold ? cells.map((c) => (c ? `**${c}**` : c)) : cells).join(" | ")} |`);
      }
    }
  }
  return out.join("\n").replace(/^\n+/, "") + "\n";
}

function stripMd(s) {
  return s.replace(/\*\*/g, "").replace(/`/g, "");
}

function wrap(text, width) {
  const lines = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const word of para.split(/ +/)) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(line);
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Sections

function buildDoc(report, prices, meta) {
  const doc = new Doc();
  const hours = ASSUMPTIONS.HOURS_PER_MONTH.value;
  const envGroups = report.groups.filter((g) => g.env !== SHARED);
  const shared = report.groups.find((g) => g.env === SHARED);
  const hasRange = round2(report.low) !== round2(report.high);

  doc.h(1, "Monthly cost estimate");
  doc.p(
    `Written by \`npm run cost\` (\`scripts/cost.js\`); run it again after changing a stack, a price or an assumption. ` +
      `It prices the stacks as synthesized (${meta.stackCount} stacks from ${meta.source}), at on-demand list prices for ` +
      `${prices.location} (\`${prices.region}\`) from \`pricing/ap-southeast-2.json\`, in USD per month of ${hours} hours, before tax ` +
      `(AWS adds 10% GST for Australian accounts) and without free tiers or credits.`,
  );
  doc.p(
    `Every price in the data file carries its source page and date and is marked \`verify: true\`: none was re-read for this ` +
      `estimate (no pricing API is reachable from the build machines). Lines marked \`~\` rest on a price of low confidence. ` +
      `Usage (requests, GB) comes only from the named assumptions below.`,
  );

  // Totals
  doc.h(2, "Totals");
  const totalRows = [];
  for (const g of report.groups) {
    const what = g.env === SHARED ? "state backend (bootstrap) and container registry" : `account ${g.accounts.join(", ")}`;
    totalRows.push({ cells: [g.env, range(g.low, g.high), g.stacks.map((s) => s.name).join(", "), what] });
  }
  totalRows.push({ bold: true, cells: ["total", range(report.low, report.high), report.groups.map((g) => g.env).join(" + "), ""] });
  doc.table(
    [{ title: "environment" }, { title: "USD/month", align: "right" }, { title: "stacks" }, { title: "covers" }],
    totalRows,
  );
  if (hasRange) doc.p("Ranges run from node groups at their minimum size to their maximum.");
  for (const x of report.excluded) {
    doc.p(`Not priced: \`${x.env}\` (${x.stacks.join(", ")}), ${x.why}. It is in no table and no total.`);
  }
  const unknownTypes = new Set(report.groups.flatMap((g) => g.unknowns.map((u) => u.type)));
  doc.p(
    unknownTypes.size
      ? `Unknown (not in any total): ${[...unknownTypes].sort().map((t) => `\`${t}\``).join(", ")}; see "Unknown resource types".`
      : "Unknown: none. Every resource type in the priced stacks is either priced or known to have no charge.",
  );

  // Per environment
  for (const g of report.groups) {
    doc.h(2, g.env === SHARED ? "shared (not tied to one environment)" : `${g.env}`);
    const rows = [];
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
    doc.table(
      [{ title: "stack" }, { title: "line item" }, { title: "quantity" }, { title: "unit price" }, { title: "USD/month", align: "right" }],
      rows,
    );
    if (g.env !== SHARED && !g.hasVpcCompute && g.items.some((i) => i.category === "nat" || i.category === "endpoints")) {
      doc.p(
        `Nothing in \`${g.env}\` runs inside the VPC today (its function has no \`vpc_config\`, and there is no EKS, RDS or ElastiCache yet), ` +
          `so its NAT gateway and interface endpoints (${usd(categorySum([g], ["nat", "ipv4", "endpoints"]).low)} a month) carry no traffic until a VPC workload lands.`,
      );
    }
    const free = new Map();
    for (const s of g.stacks) for (const [t, n] of s.free) free.set(t, (free.get(t) || 0) + n);
    if (free.size) {
      doc.p(`No charge: ${[...free.entries()].sort().map(([t, n]) => `\`${t}\` x${n}`).join(", ")}.`, { mdOnly: true });
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
  const unknownRows = report.groups.flatMap((g) => g.unknowns.map((u) => ({ cells: [g.env, u.stack, `unknown: ${u.type}`, String(u.count), u.reason] })));
  if (unknownRows.length) {
    doc.table([{ title: "environment" }, { title: "stack" }, { title: "type" }, { title: "count", align: "right" }, { title: "why" }], unknownRows);
    doc.p("These add nothing to any total. Add a price (with its source) to the data file, or a rule to `scripts/cost.js`, to price them.");
  } else {
    doc.p(
      "None: every resource type in the synthesized stacks is either priced or listed under `no_charge` in the data file. " +
        "A type that is neither is reported here as `unknown: <type>` and adds nothing to any total.",
    );
  }

  // Assumptions
  doc.h(2, "Assumptions");
  doc.p("Named constants in `scripts/cost.js` (ASSUMPTIONS). Change them there; per-environment values fall back to `default` for other environments and for the shared group.");
  doc.table(
    [{ title: "name" }, { title: "value" }, { title: "unit" }, { title: "why" }],
    Object.entries(ASSUMPTIONS).map(([name, a]) => ({
      cells: [
        `\`${name}\``,
        typeof a.value === "object" ? Object.entries(a.value).map(([k, v]) => `${k} ${count(v)}`).join(", ") : count(a.value),
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
    "Free tiers and credits. Lambda's always-free 1M requests and 400,000 GB-s a month apply per account, and every environment has an account of its own.",
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
    [...report.usedPrices].sort().map((id) => {
      const p = prices.prices[id];
      return { cells: [`\`${id}\``, rate(p.value), p.unit, p.confidence || "", `${p.as_of}${p.verify ? ", verify" : ""}`, p.source] };
    }),
    { mdOnly: true },
  );
  return doc;
}

function compareWithReference(doc, report, prices, envGroups, shared) {
  const hours = ASSUMPTIONS.HOURS_PER_MONTH.value;
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
  const refEnv = (env) => REF.components.reduce((s, c) => s + ((c.perEnv && c.perEnv[env]) || 0), 0);
  const refUnalloc = [REF.components.reduce((s, c) => s + c.unallocated[0], 0), REF.components.reduce((s, c) => s + c.unallocated[1], 0)];
  const rows = [];
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
  const crow = [];
  const t3 = prices.prices["ec2.linux.t3.medium.hour"];
  const eksHour = prices.prices["eks.cluster.hour"];
  for (const c of REF.components) {
    const ours = categorySum([...threeEnvs, ...(shared ? [shared] : [])], c.categories);
    crow.push({ cells: [c.name, c.text, range(ours.low, ours.high), componentWhy(c, ours, all, t3, eksHour, hours, threeEnvs.length)] });
  }
  for (const o of OURS_ONLY) {
    const ours = categorySum([...threeEnvs, ...(shared ? [shared] : [])], o.categories);
    if (!o.always && round2(ours.high) === 0) continue;
    crow.push({ cells: [o.name, "not priced", range(ours.low, ours.high), oursOnlyWhy(o, threeEnvs, shared)] });
  }
  crow.push({ bold: true, cells: ["total", `$${REF.headline} (rows: $${sum(REF.components, "low")}-${sum(REF.components, "high")})`, range(ourLow, ourHigh), ""] });
  doc.table([{ title: "component" }, { title: "001" }, { title: "this estimate", align: "right" }, { title: "why they differ" }], crow);

  const network = categorySum([...threeEnvs, ...(shared ? [shared] : [])], ["nat", "ipv4", "endpoints"]);
  const big = REF.components.filter((c) => ["eks", "atlas", "redis"].includes(c.key));
  const bigMissing = big.filter((c) => round2(categorySum(all, c.categories).high) === 0);
  const shortName = (c) => c.name.split(":").pop().trim();
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

function refEnvText(env) {
  const parts = REF.components.filter((c) => c.perEnv && c.perEnv[env]).map((c) => `${c.key === "eks" ? "EKS nodes" : c.key === "atlas" ? "Atlas M10" : "Redis"} $${c.perEnv[env]}`);
  return parts.join(", ");
}

/** "in the stacks of prod (not yet dev, staging)" for the environments whose lines have these categories. */
function where(all, categories) {
  const has = all.filter((g) => round2(categorySum([g], categories).high) > 0).map((g) => g.env);
  const missing = all.filter((g) => g.env !== SHARED && !has.includes(g.env)).map((g) => g.env);
  return `in the stacks of ${has.join(", ")}${missing.length ? ` (not yet ${missing.join(", ")})` : ""}`;
}

function componentWhy(c, ours, all, t3, eksHour, hours, envCount) {
  const present = round2(ours.high) > 0;
  switch (c.key) {
    case "eks": {
      if (present) return `${where(all, c.categories)}: control planes, and node groups from min to max size.`;
      const cp = eksHour ? eksHour.value * hours : null;
      const node = t3 ? t3.value * hours : null;
      return (
        `**not in the stacks yet** (\`<env>-platform\`: aws_eks_cluster, aws_eks_node_group). ` +
        (cp ? `One cluster per environment is ${envCount} x ${usd(cp)} = ${usd(envCount * cp)} of control plane where 001 counts one ($73). ` : "") +
        (node ? `A t3.medium node is ${usd(node)} a month in Sydney (${rate(t3.value)}/h); 001's $30 is the us-east-1 price.` : "")
      );
    }
    case "atlas":
      return present
        ? `${where(all, c.categories)}, priced at 001's own M10/M20 figures.`
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

function oursOnlyWhy(o, envs, shared) {
  const by = (cats) => envs.map((g) => `${g.env} ${usd(categorySum([g], cats).low)}`).join(", ");
  const counts = (type) => envs.map((g) => `${g.env} ${g.typeCounts.get(type) || 0}`).join(", ");
  const key = o.categories[0];
  switch (key) {
    case "nat":
      return `001 prices no NAT gateway. NAT gateways in the stacks: ${counts("aws_nat_gateway")}; ${by(["nat"])}.`;
    case "ipv4":
      return `Every public IPv4 address has been charged since February 2024: ${counts("aws_eip")} Elastic IPs, ${by(["ipv4"])}.`;
    case "endpoints": {
      const azHours = (g) => g.items.filter((i) => i.category === "endpoints").reduce((n, i) => n + i.units, 0);
      return `Interface endpoints for AWS APIs in every private-app AZ, so that private subnets reach them without the NAT (endpoint-AZs: ${envs.map((g) => `${g.env} ${azHours(g)}`).join(", ")}): ${by(["endpoints"])}.`;
    }
    case "kms": {
      const groups = [...envs, ...(shared ? [shared] : [])];
      const keys = groups.map((g) => `${g.env} ${g.typeCounts.get("aws_kms_key") || 0}`).join(", ");
      return `A customer managed key per purpose (keys: ${keys}) at $1 each plus requests: ${groups.map((g) => `${g.env} ${usd(categorySum([g], ["kms"]).low)}`).join(", ")}.`;
    }
    case "serverless":
      return `001 rejects Lambda for the backend; the stacks carry reference 002's serverless path (HTTP API -> Lambda, X-Ray on) at the stated request volume: ${by(["serverless"])}.`;
    default:
      return `${where([...envs, ...(shared ? [shared] : [])], o.categories)}; 001 prices none of these (it rejects RDS for the chat data).`;
  }
}

function sum(list, field) {
  return list.reduce((s, x) => s + x[field], 0);
}

function signedRange(low, high) {
  const s = (x) => `${x >= 0 ? "+" : "-"}${amount(Math.abs(x))}`;
  return round2(low) === round2(high) ? s(low) : `${s(low)} .. ${s(high)}`;
}

// ---------------------------------------------------------------------------------------------

function main() {
  const options = parseArgs(process.argv.slice(2));
  const prices = loadPrices();
  let outdir;
  let cleanup = () => {};
  let source;
  if (options.from) {
    outdir = path.resolve(ROOT, options.from);
    source = `\`${path.relative(ROOT, outdir) || "."}\``;
  } else {
    [outdir, cleanup] = synthesizeIntoTemp();
    source = "`npm run build` and `node dist/main.js` into a temporary directory";
  }
  let stacks;
  try {
    stacks = loadStacks(outdir);
  } finally {
    cleanup();
  }
  const groups = groupStacks(stacks);
  const report = priceAll(groups, prices);
  const doc = buildDoc(report, prices, { stackCount: stacks.length, source });

  process.stdout.write(renderText(doc));
  if (options.write) {
    fs.mkdirSync(path.dirname(DOC), { recursive: true });
    fs.writeFileSync(DOC, renderMarkdown(doc));
    process.stderr.write(`\nwrote ${path.relative(ROOT, DOC)}\n`);
  }
}

main();
