/**
 * Price rules, one per resource type. Types not listed here or under the data file's no_charge
 * are reported as unknown. The order of RULES is the order rules run in (a flow log's ingestion
 * before its log group's storage).
 */
import { TerraformBlock } from "../lib/cdktf-out";
import { asList, asObject, firstBlock, JsonValue } from "../lib/json";
import { Category, StackPricing } from "./context";
import { count, plural, rate, round3, usd, usdRange } from "./format";
import { Price } from "./prices";

/** Prices every resource of one type in a stack. */
export type PriceRule = (ctx: StackPricing, list: TerraformBlock[]) => void;

/** The resource name inside a "${<type>.<name>.<attr>}" reference, if the string is one. */
export function refName(value: unknown, type: string): string | null {
  if (typeof value !== "string") return null;
  const m = value.match(new RegExp(`\\$\\{${type}\\.([^.}]+)\\.`));
  return m ? m[1] : null;
}

/** A literal attribute, or null when it is a token resolved only at apply time. */
export function literal(value: JsonValue | undefined): JsonValue | undefined {
  return typeof value === "string" && value.includes("${") ? null : value;
}

/** A list attribute's elements; `[]` when it is not a list. */
function list(value: JsonValue | undefined): readonly JsonValue[] {
  return Array.isArray(value) ? (value as readonly JsonValue[]) : [];
}

/** `list`, for rules whose resource list parameter is named `list`. */
const listOf = list;

/** The LOG_LEVEL variable of a function's environment block, if set. */
function logLevel(fn: TerraformBlock): JsonValue | undefined {
  return asObject(asObject(firstBlock(fn.body.environment)).variables).LOG_LEVEL;
}

/** One line for ElastiCache nodes billed by the hour (replication groups and single clusters). */
function cacheNodesLine(ctx: StackPricing, engine: string, name: JsonValue | undefined, nodeType: JsonValue | undefined, nodes: number, price: Price, priceId: string, hours: number): void {
  const monthly = nodes * price.value * hours;
  ctx.line({
    label: `ElastiCache (${engineName(engine)}): ${name} (${nodeType} x ${nodes})`,
    quantity: `${nodes} x ${count(hours)} h`,
    unitPrice: `${rate(price.value)}/h`,
    low: monthly,
    formula: `${plural(nodes, "node")} x ${rate(price.value)}/h x ${count(hours)} h = ${usd(monthly)}`,
    category: "redis",
    priceIds: [priceId],
  });
}

function atlasLine(ctx: StackPricing, type: string, name: JsonValue | undefined, size: JsonValue | undefined): void {
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

/** Who writes to a log group decides its volume. */
type LogWriter = { readonly kind: "flow" } | { readonly kind: "api" } | { readonly kind: "waf" } | { readonly kind: "lambda"; readonly level: JsonValue | undefined };

/** Managed rule groups with a fee of their own on top of the rule-month (Bot Control, Fraud Control); the baseline AWS groups have none. */
const PAID_MANAGED_RULE_GROUPS: readonly string[] = ["AWSManagedRulesBotControlRuleSet", "AWSManagedRulesATPRuleSet", "AWSManagedRulesACFPRuleSet", "AWSManagedRulesAntiDDoSRuleSet"];

/** Every managed rule group a rule's statement names, however deeply nested (scope-down statements hold none). */
function managedGroups(statement: JsonValue | undefined): string[] {
  const found: string[] = [];
  const walk = (v: JsonValue | undefined): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === "object") {
      for (const [k, child] of Object.entries(v)) {
        if (k === "managed_rule_group_statement") {
          for (const g of Array.isArray(child) ? child : [child]) {
            const name = asObject(g).name;
            if (typeof name === "string") found.push(name);
          }
        } else walk(child);
      }
    }
  };
  walk(statement);
  return found;
}

/** `ElastiCache (Redis OSS)`, `(Valkey)`: the engine as its price list names it. */
function engineName(engine: string): string {
  return engine === "redis" ? "Redis OSS" : engine === "valkey" ? "Valkey" : engine;
}

/** The cache engine of a replication group or cluster, lower case; the provider's default is Redis OSS. */
function cacheEngine(r: TerraformBlock): string {
  const e = literal(r.body.engine);
  return typeof e === "string" && e ? e.toLowerCase() : "redis";
}


/** Where CloudFront serves Australian viewers under a price class, and the price ids of that place. */
const EDGE_PLACE: Readonly<Record<string, { readonly key: string; readonly where: string }>> = {
  PriceClass_All: { key: "au", where: "viewers in Australia, served from Australian edges" },
  PriceClass_200: { key: "asia", where: "viewers in Australia, served from Asian edges (price class 200 has none in Australia)" },
  PriceClass_100: { key: "na", where: "viewers in Australia, served from North American and European edges (price class 100)" },
};

/** Monthly invocations of a CloudFront function: every viewer request when a distribution of the stack runs it (an upper bound), else none. */
function functionInvocations(ctx: StackPricing, fn: TerraformBlock): number {
  const used = ctx.all("aws_cloudfront_distribution").some((d) => JSON.stringify(d.body).includes(`\${aws_cloudfront_function.${fn.name}.`));
  return used ? ctx.assume("EDGE_REQUESTS_PER_MONTH") : 0;
}

export const RULES: Readonly<Record<string, PriceRule>> = {
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

  aws_vpc_endpoint(ctx, all) {
    const iface: TerraformBlock[] = [];
    const gateway: TerraformBlock[] = [];
    for (const r of all) {
      const kind = r.body.vpc_endpoint_type || "Gateway";
      if (kind === "Interface") iface.push(r);
      else if (kind === "Gateway") gateway.push(r);
      else ctx.unknown("aws_vpc_endpoint", 1, `endpoint type ${kind} (${r.name}) has no price rule`);
    }
    const short = (r: TerraformBlock): string => String(literal(r.body.service_name) || r.name).replace(/^com\.amazonaws\.[a-z0-9-]+\./, "");
    if (gateway.length) {
      ctx.line({ label: `Gateway endpoints (${gateway.map(short).join(", ")}): no charge`, quantity: String(gateway.length), unitPrice: "$0", low: 0, category: "endpoints" });
    }
    const priced: TerraformBlock[] = [];
    for (const r of iface) {
      if (list(r.body.subnet_ids).length > 0) priced.push(r);
      else ctx.unknown("aws_vpc_endpoint", 1, `interface endpoint ${short(r)} has no literal subnet_ids list, so its AZ count is unknown`);
    }
    if (!priced.length) return;
    const azsOf = (r: TerraformBlock): number => list(r.body.subnet_ids).length;
    const azs = priced.reduce((n, r) => n + azsOf(r), 0);
    const p = ctx.price("privatelink.interface_endpoint.az_hour");
    if (!p) return ctx.unknown("aws_vpc_endpoint", priced.length, "no price privatelink.interface_endpoint.az_hour in the data file");
    const hours = ctx.assume("HOURS_PER_MONTH");
    const monthly = azs * p.value * hours;
    const sameAzs = priced.every((r) => azsOf(r) === azsOf(priced[0]));
    const perAz = sameAzs ? `${plural(priced.length, "endpoint")} x ${azsOf(priced[0])} AZ` : `${count(azs)} endpoint-AZs`;
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
    const writer = new Map<string, LogWriter>();
    for (const f of ctx.all("aws_flow_log")) {
      const name = refName(f.body.log_destination, "aws_cloudwatch_log_group");
      if (name) writer.set(name, { kind: "flow" });
    }
    for (const fn of ctx.all("aws_lambda_function")) {
      const name = refName(asObject(firstBlock(fn.body.logging_config)).log_group, "aws_cloudwatch_log_group");
      if (name) writer.set(name, { kind: "lambda", level: logLevel(fn) });
    }
    const fnByLogName = new Map(ctx.all("aws_lambda_function").map((fn) => [`/aws/lambda/${fn.body.function_name}`, logLevel(fn)]));
    for (const st of ctx.all("aws_apigatewayv2_stage")) {
      const name = refName(asObject(firstBlock(st.body.access_log_settings)).destination_arn, "aws_cloudwatch_log_group");
      if (name) writer.set(name, { kind: "api" });
    }
    for (const lc of ctx.all("aws_wafv2_web_acl_logging_configuration")) {
      for (const dest of listOf(lc.body.log_destination_configs)) {
        const name = refName(dest, "aws_cloudwatch_log_group");
        if (name) writer.set(name, { kind: "waf" });
      }
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
      if (!w && typeof name === "string" && fnByLogName.has(name)) w = { kind: "lambda", level: fnByLogName.get(name) };
      let gb: number;
      let ingestFormula: string | undefined;
      if (w && w.kind === "flow") {
        gb = ctx.assume("FLOW_LOG_GB_PER_MONTH");
      } else if (w && w.kind === "lambda") {
        const level = w.level || "default";
        const kb = ctx.assume("LAMBDA_LOG_KB_PER_REQUEST", String(level));
        gb = (requests * kb) / kbPerGb;
        ingestFormula = `${count(requests)} requests x ${count(kb)} KB (${level}) = ${count(round3(gb))} GB x `;
      } else if (w && w.kind === "api") {
        const kb = ctx.assume("API_ACCESS_LOG_KB_PER_REQUEST");
        gb = (requests * kb) / kbPerGb;
        ingestFormula = `${count(requests)} requests x ${count(kb)} KB = ${count(round3(gb))} GB x `;
      } else if (w && w.kind === "waf") {
        const inspected = ctx.assume("EDGE_REQUESTS_PER_MONTH");
        const kb = ctx.assume("WAF_LOG_KB_PER_REQUEST");
        gb = (inspected * kb) / kbPerGb;
        ingestFormula = `${count(inspected)} inspected requests x ${count(kb)} KB = ${count(round3(gb))} GB x `;
      } else {
        gb = ctx.assume("OTHER_LOG_GROUP_GB_PER_MONTH");
      }
      if (!(w && w.kind === "flow")) {
        // Flow-log ingestion is billed as vended logs on the flow log's line; WAF logs are vended logs too,
        // billed here because their logging configuration has no line of its own.
        const ingestId = w && w.kind === "waf" ? "logs.vended.gb" : "logs.ingestion.gb";
        const p = ctx.price(ingestId);
        if (!p) {
          ctx.unknown("aws_cloudwatch_log_group", 1, `no price ${ingestId} in the data file`);
        } else {
          const monthly = gb * p.value;
          ctx.line({
            label: w && w.kind === "waf" ? `Log ingestion (vended WAF logs): ${name}` : `Log ingestion: ${name}`,
            quantity: `${count(round3(gb))} GB`,
            unitPrice: `${rate(p.value)}/GB`,
            low: monthly,
            formula: `${ingestFormula || `${count(round3(gb))} GB x `}${rate(p.value)}/GB = ${usd(monthly)}`,
            category: "monitoring",
            priceIds: [ingestId],
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
        formula: `${count(round3(gb))} GB/month x ${count(round3(months))} months x ${rate(ctx.peek("logs.storage.gb_month"))}/GB-month`,
      });
    }
  },

  aws_lambda_function(ctx, all) {
    const requests = ctx.assume("CHAT_REQUESTS_PER_MONTH");
    const seconds = ctx.assume("LAMBDA_AVG_DURATION_SECONDS");
    for (const r of all) {
      const name = literal(r.body.function_name) || r.name;
      const memory = Number(r.body.memory_size) || 128;
      const arch = list(r.body.architectures)[0] || "x86_64";
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
      if (asObject(firstBlock(r.body.tracing_config)).mode === "Active") {
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
      const ephemeral = Number(asObject(firstBlock(r.body.ephemeral_storage)).size) || 512;
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
      if (!asObject(firstBlock(r.body.default_route_settings)).detailed_metrics_enabled) {
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
        formula: `${plural(n, "route")} x ${perRoute} metrics x ${rate(ctx.peek("cloudwatch.metric.month"))}/metric-month`,
      });
    }
  },

  aws_ssm_parameter(ctx, list) {
    const byTier = new Map<string, TerraformBlock[]>();
    for (const r of list) {
      // Intelligent-Tiering stays standard unless a parameter needs advanced features.
      const tier = r.body.tier === "Advanced" ? "advanced" : "standard";
      byTier.set(tier, [...(byTier.get(tier) ?? []), r]);
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
      formula: `${plural(list.length, "repository", "repositories")} x ${count(gb)} GB x ${rate(ctx.peek("ecr.storage.gb_month"))}/GB-month`,
    });
  },

  aws_s3_bucket(ctx, list) {
    const category: Category = ctx.stack.name === "bootstrap" ? "state" : "s3";
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
      formula: `${plural(list.length, "bucket")} x ${count(gb)} GB x ${rate(ctx.peek("s3.standard.gb_month"))}/GB-month`,
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
    const category: Category = ctx.stack.name === "bootstrap" ? "state" : "dynamodb";
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
      const pitr = asObject(firstBlock(r.body.point_in_time_recovery)).enabled === true;
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

  aws_cloudwatch_metric_alarm(ctx, all) {
    // Billed per alarm metric: one for an alarm on a metric, one per metric a metric-math alarm reads, three
    // for an anomaly-detection band; a period under 60 s makes it a high-resolution alarm.
    const groups: { readonly resolution: "standard resolution" | "high resolution"; readonly id: string; alarms: number; metrics: number }[] = [
      { resolution: "standard resolution", id: "cloudwatch.alarm.month", alarms: 0, metrics: 0 },
      { resolution: "high resolution", id: "cloudwatch.alarm.high_resolution.month", alarms: 0, metrics: 0 },
    ];
    for (const r of all) {
      const queries = list(r.body.metric_query);
      const periods = [r.body.period, ...queries.map((q) => asObject(firstBlock(asObject(q).metric)).period)].map((x) => Number(x)).filter((x) => Number.isFinite(x) && x > 0);
      const high = periods.some((x) => x < 60);
      const read = queries.filter((q) => asObject(q).metric !== undefined).length;
      const band = queries.some((q) => String(asObject(q).expression || "").includes("ANOMALY_DETECTION_BAND"));
      const metrics = Math.max(1, read) + (band ? 2 : 0);
      const g = groups[high ? 1 : 0];
      g.alarms += 1;
      g.metrics += metrics;
    }
    for (const g of groups) {
      if (!g.alarms) continue;
      const label = g.metrics === g.alarms ? `CloudWatch alarms (${g.resolution})` : `CloudWatch alarms (${g.resolution}, ${plural(g.alarms, "alarm")})`;
      const unit = (g.metrics === g.alarms ? "alarm" : "alarm metric") + (g.metrics === 1 ? "" : "s");
      ctx.metered({ label, qty: g.metrics, qtyUnit: unit, priceId: g.id, priceUnit: "alarm-month", category: "monitoring", type: "aws_cloudwatch_metric_alarm", n: g.alarms });
    }
  },

  aws_cloudwatch_dashboard(ctx, list) {
    // The first three dashboards of an account are free, whichever stack creates them.
    const free = ctx.allowance("dashboards", list.length, 3);
    const billed = list.length - free;
    const p = ctx.price("cloudwatch.dashboard.month");
    if (!p) return ctx.unknown("aws_cloudwatch_dashboard", list.length, "no price cloudwatch.dashboard.month in the data file");
    const monthly = billed * p.value;
    ctx.line({
      label: `CloudWatch dashboards (${free} of ${list.length} within the account's 3 free)`,
      quantity: String(billed),
      unitPrice: `${rate(p.value)}/dashboard-month`,
      low: monthly,
      formula: `${plural(billed, "dashboard")} beyond the free 3 x ${rate(p.value)}/month = ${usd(monthly)}`,
      category: "monitoring",
      priceIds: ["cloudwatch.dashboard.month"],
    });
  },

  aws_sns_topic_subscription(ctx, all) {
    const email = all.filter((r) => r.body.protocol === "email" || r.body.protocol === "email-json");
    const rest = all.length - email.length;
    if (rest) ctx.free("aws_sns_topic_subscription", rest); // deliveries to SQS, Lambda and HTTPS stay within the first million requests
    if (!email.length) return;
    const emails = email.length * ctx.assume("ALARM_EMAILS_PER_SUBSCRIPTION_PER_MONTH");
    ctx.metered({
      label: `SNS email notifications (${plural(email.length, "subscription")}, assumed volume)`,
      qty: emails,
      qtyUnit: "emails",
      priceId: "sns.email.per_100k",
      priceUnit: "100k emails",
      per: 100_000,
      category: "monitoring",
      type: "aws_sns_topic_subscription",
      n: email.length,
    });
  },

  aws_budgets_budget(ctx, list) {
    // The first two active budgets of an account are free.
    const free = ctx.allowance("budgets", list.length, 2);
    const billed = list.length - free;
    const p = ctx.price("budgets.budget.day");
    if (!p) return ctx.unknown("aws_budgets_budget", list.length, "no price budgets.budget.day in the data file");
    const days = ctx.assume("HOURS_PER_MONTH") / 24;
    const monthly = billed * p.value * days;
    ctx.line({
      label: `AWS Budgets (${free} of ${list.length} within the account's 2 free)`,
      quantity: `${billed} x ${count(round3(days))} days`,
      unitPrice: `${rate(p.value)}/budget-day`,
      low: monthly,
      formula: `${plural(billed, "budget")} beyond the free 2 x ${rate(p.value)}/day x ${count(round3(days))} days = ${usd(monthly)}`,
      category: "monitoring",
      priceIds: ["budgets.budget.day"],
    });
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

  aws_cloudfront_distribution(ctx, all) {
    for (const r of all) {
      const name = literal(r.body.comment) || r.name;
      const priceClass = String(literal(r.body.price_class) || "PriceClass_All");
      const place = EDGE_PLACE[priceClass];
      if (!place) {
        ctx.unknown("aws_cloudfront_distribution", 1, `${name}: price class ${priceClass} has no price rule`);
        continue;
      }
      const gb = ctx.assume("EDGE_GB_PER_MONTH");
      ctx.metered({
        label: `CloudFront data transfer out: ${name} (assumed volume; ${place.where})`,
        qty: gb,
        qtyUnit: "GB",
        priceId: `cloudfront.data_transfer_out.${place.key}.gb`,
        priceUnit: "GB",
        category: "cloudfront",
        type: "aws_cloudfront_distribution",
      });
      const requests = ctx.assume("EDGE_REQUESTS_PER_MONTH");
      ctx.metered({
        label: `CloudFront HTTPS requests: ${name} (assumed volume)`,
        qty: requests,
        qtyUnit: "requests",
        priceId: `cloudfront.https_requests.${place.key}.per_10k`,
        priceUnit: "10k requests",
        per: 10_000,
        category: "cloudfront",
        type: "aws_cloudfront_distribution",
      });
    }
  },

  aws_cloudfront_function(ctx, all) {
    for (const r of all) {
      const name = literal(r.body.name) || r.name;
      const invocations = functionInvocations(ctx, r);
      if (!invocations) {
        ctx.free("aws_cloudfront_function", 1); // no distribution of this stack runs it
        continue;
      }
      ctx.metered({
        label: `CloudFront Functions: ${name} (every viewer request, an upper bound)`,
        qty: invocations,
        qtyUnit: "invocations",
        priceId: "cloudfront.functions.per_million",
        priceUnit: "1M invocations",
        per: 1e6,
        category: "cloudfront",
        type: "aws_cloudfront_function",
      });
    }
  },

  aws_cloudfront_key_value_store(ctx, all) {
    const perCall = ctx.assume("KVS_READS_PER_INVOCATION");
    for (const r of all) {
      const name = literal(r.body.name) || r.name;
      const readers = ctx.all("aws_cloudfront_function").filter((fn) => JSON.stringify(fn.body.key_value_store_associations ?? null).includes(`\${aws_cloudfront_key_value_store.${r.name}.`));
      const reads = readers.reduce((n, fn) => n + functionInvocations(ctx, fn), 0) * perCall;
      if (!reads) {
        ctx.free("aws_cloudfront_key_value_store", 1); // no function of this stack reads it
        continue;
      }
      ctx.metered({
        label: `CloudFront KeyValueStore reads: ${name} (${count(perCall)} per invocation of ${plural(readers.length, "function")})`,
        qty: reads,
        qtyUnit: "reads",
        priceId: "cloudfront.kvs_reads.per_million",
        priceUnit: "1M reads",
        per: 1e6,
        category: "cloudfront",
        type: "aws_cloudfront_key_value_store",
      });
    }
  },

  aws_wafv2_web_acl(ctx, all) {
    for (const r of all) {
      const name = literal(r.body.name) || r.name;
      const rules = asList(r.body.rule);
      const paid = rules.flatMap((rule) => managedGroups(asObject(rule).statement)).filter((g) => PAID_MANAGED_RULE_GROUPS.includes(g));
      if (paid.length) {
        ctx.unknown("aws_wafv2_web_acl", 1, `${name}: managed rule groups with fees of their own (${paid.join(", ")}) have no price in the data file`);
      }
      const acl = ctx.price("waf.web_acl.month");
      const rule = ctx.price("waf.rule.month");
      if (!acl || !rule) {
        ctx.unknown("aws_wafv2_web_acl", 1, "no price waf.web_acl.month or waf.rule.month in the data file");
        continue;
      }
      const groups = rules.filter((x) => managedGroups(asObject(x).statement).length > 0).length;
      const monthly = acl.value + rules.length * rule.value;
      ctx.line({
        label: `WAF web ACL: ${name} (${r.body.scope || "REGIONAL"}, ${plural(rules.length, "rule")}, ${groups} of them managed rule groups)`,
        quantity: `1 + ${rules.length} rules`,
        unitPrice: `${rate(acl.value)}/ACL-month, ${rate(rule.value)}/rule-month`,
        low: monthly,
        formula: `1 web ACL x ${rate(acl.value)} + ${plural(rules.length, "rule")} x ${rate(rule.value)} = ${usd(monthly)}`,
        category: "edge",
        priceIds: ["waf.web_acl.month", "waf.rule.month"],
      });
      ctx.metered({
        label: `WAF requests inspected: ${name} (every viewer request, assumed volume)`,
        qty: ctx.assume("EDGE_REQUESTS_PER_MONTH"),
        qtyUnit: "requests",
        priceId: "waf.requests.per_million",
        priceUnit: "1M requests",
        per: 1e6,
        category: "edge",
        type: "aws_wafv2_web_acl",
      });
    }
  },

  aws_route53_zone(ctx, all) {
    const aliases = ctx.all("aws_route53_record").filter((r) => r.body.alias !== undefined).length;
    ctx.metered({
      label: `Route 53 hosted zones (${all.map((r) => literal(r.body.name) || r.name).join(", ")})`,
      qty: all.length,
      qtyUnit: all.length === 1 ? "zone" : "zones",
      priceId: "route53.hosted_zone.month",
      priceUnit: "zone-month",
      category: "edge",
      type: "aws_route53_zone",
      n: all.length,
    });
    ctx.metered({
      label: `Route 53 standard queries (assumed volume; queries for the ${plural(aliases, "alias record")} to AWS resources are free)`,
      qty: all.length * ctx.assume("ROUTE53_QUERIES_PER_ZONE_PER_MONTH"),
      qtyUnit: "queries",
      priceId: "route53.queries.standard.per_million",
      priceUnit: "1M queries",
      per: 1e6,
      category: "edge",
      type: "aws_route53_zone",
      n: all.length,
    });
  },

  aws_acm_certificate(ctx, all) {
    for (const r of all) {
      // Public certificates are free; one issued by a private certificate authority is billed with that authority.
      if (r.body.certificate_authority_arn) ctx.unknown("aws_acm_certificate", 1, `${literal(r.body.domain_name) || r.name}: private certificates have no price in the data file`);
      else ctx.free("aws_acm_certificate", 1);
    }
  },

  aws_eks_cluster(ctx, list) {
    for (const r of list) {
      ctx.hourly({ label: `EKS control plane: ${literal(r.body.name) || r.name}`, n: 1, noun: "cluster", priceId: "eks.cluster.hour", category: "eks", type: "aws_eks_cluster" });
    }
  },

  aws_eks_node_group(ctx, all) {
    const hours = ctx.assume("HOURS_PER_MONTH");
    for (const r of all) {
      const name = literal(r.body.node_group_name) || r.name;
      const scaling = asObject(firstBlock(r.body.scaling_config));
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
      const types = r.body.instance_types ? list(r.body.instance_types) : ["t3.medium"];
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
      const templateName = refName(asObject(firstBlock(r.body.launch_template)).id, "aws_launch_template");
      const template = templateName === null ? undefined : ctx.stack.stack.resource("aws_launch_template", templateName);
      const templateEbs = template ? firstBlock(asObject(firstBlock(template.body.block_device_mappings)).ebs) : undefined;
      const templateDisk = templateEbs ? Number(literal(asObject(templateEbs).volume_size)) : 0;
      if (templateDisk && asObject(templateEbs).volume_type !== "gp3") {
        ctx.unknown("aws_eks_node_group", 1, `${name}: node volumes of type ${asObject(templateEbs).volume_type || "unset (the AMI's default)"} have no price in the data file`);
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
      const engine = cacheEngine(r);
      const clusters = r.body.num_cache_clusters ?? r.body.number_cache_clusters;
      const nodes = clusters !== undefined ? Number(clusters) : Number(r.body.num_node_groups ?? 1) * (Number(r.body.replicas_per_node_group ?? 0) + 1);
      // Node prices differ by engine (Valkey is cheaper than Redis OSS), so the engine is part of the price id.
      const id = `elasticache.${engine}.${node}.hour`;
      const p = ctx.price(id);
      if (!p || !Number.isFinite(nodes)) {
        ctx.unknown("aws_elasticache_replication_group", 1, p ? `${name}: node count is not literal` : `${name}: no price ${id} in the data file`);
        continue;
      }
      cacheNodesLine(ctx, engine, name, node, nodes, p, id, hours);
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
      const engine = cacheEngine(r);
      const id = `elasticache.${engine}.${r.body.node_type}.hour`;
      const p = ctx.price(id);
      if (!p) {
        ctx.unknown("aws_elasticache_cluster", 1, `${name}: no price ${id} in the data file`);
        continue;
      }
      cacheNodesLine(ctx, engine, name, r.body.node_type, nodes, p, id, hours);
    }
  },

  mongodbatlas_advanced_cluster(ctx, list) {
    for (const r of list) {
      const name = literal(r.body.name) || r.name;
      const spec = asObject(firstBlock(r.body.replication_specs));
      const region = asObject(firstBlock(spec.region_configs));
      const size = asObject(firstBlock(region.electable_specs)).instance_size;
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
