/**
 * The estimate's fixed inputs: every usage figure a price is multiplied by (ASSUMPTIONS), the
 * environments left out, and the order of environments and stacks in the report.
 */

/** Synthesized, but not deployed to AWS: not priced, not in any total. */
export const EXCLUDED_ENVIRONMENTS: Readonly<Record<string, string>> = {
  local: "the test environment: it is applied to moto, a fake AWS on 127.0.0.1, by `npm run e2e` and never to an AWS account",
  remote: "the Terraform Cloud test environment: only its AWS identity (in its account's shared stack) is applied, to moto, by `npm run e2e`; its stacks run nowhere",
};

/** Environments in this order first, the rest alphabetically; then the shared group. */
export const ENVIRONMENT_ORDER: readonly string[] = ["dev", "staging", "prod"];

/** The group of stacks not tied to one environment (bootstrap, shared accounts no environment owns). */
export const SHARED = "shared";

/** Order of stacks inside an environment. */
export const LAYER_ORDER: readonly string[] = ["network", "serverless", "delivery", "data", "platform", "apps"];

/** One value per environment (and per LOG_LEVEL); `default` for environments not named and for the shared group. */
export type ValueByKey = { readonly default: number } & { readonly [key: string]: number };

/** A usage figure: one number, or one per environment. */
export interface Assumption {
  readonly value: number | ValueByKey;
  /** Unit the value is in, as printed. */
  readonly unit: string;
  /** Where the figure comes from, as printed. */
  readonly why: string;
}

// Assumptions: every usage figure a price is multiplied by. A value is either one number or one
// per environment (`default` for environments not named, and for the shared group).
const DEFINED = {
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
  EDGE_REQUESTS_PER_MONTH: {
    value: { dev: 250_000, staging: 500_000, prod: 3_650_000, default: 500_000 },
    unit: "viewer requests/month per distribution",
    why: "CHAT_REQUESTS_PER_MONTH x 5: a user session makes about 5 chat calls (each one request through /api/*) and loads the single-page app once (about 20 requests: HTML, script, style, images), so 25 requests per 5 calls; every viewer request is also inspected by the web ACL",
  },
  EDGE_GB_PER_MONTH: {
    value: { dev: 10, staging: 20, prod: 150, default: 20 },
    unit: "GB/month out of CloudFront per distribution",
    why: "about 1 MB of app per session (hashed assets are cached by browsers after the first visit) for CHAT_REQUESTS_PER_MONTH / 5 sessions, plus about 10 KB per chat response; viewers in Australia and New Zealand",
  },
  KVS_READS_PER_INVOCATION: {
    value: 1,
    unit: "reads/function invocation",
    why: "a viewer-request function reads one key (the origin verification value) from its key value store per request",
  },
  WAF_LOG_KB_PER_REQUEST: {
    value: 1.5,
    unit: "KB/inspected request",
    why: "one JSON WAF log record (request headers with authorization redacted, rule matches, labels) per inspected request, delivered as vended logs",
  },
  ROUTE53_QUERIES_PER_ZONE_PER_MONTH: {
    value: 100_000,
    unit: "standard (non-alias) queries/zone/month",
    why: "queries for the zone's non-alias records (NS, SOA, certificate validation CNAMEs); queries for alias A/AAAA records to CloudFront or the load balancer are free and most viewer lookups are those",
  },
  ALARM_EMAILS_PER_SUBSCRIPTION_PER_MONTH: {
    value: 100,
    unit: "emails/subscription/month",
    why: "alarm state changes (ALARM and OK) mailed to each email subscriber of the alarm topic in an ordinary month",
  },
} satisfies Record<string, Assumption>;

/** The name of an assumption, e.g. `HOURS_PER_MONTH`. */
export type AssumptionName = keyof typeof DEFINED;

/** Every assumption, in the order the report lists them. */
export const ASSUMPTIONS: Readonly<Record<AssumptionName, Assumption>> = DEFINED;

/** The assumptions with their names, in order. */
export function assumptionEntries(): [AssumptionName, Assumption][] {
  return Object.entries(ASSUMPTIONS) as [AssumptionName, Assumption][];
}

/** An assumption's value for a key (an environment, a LOG_LEVEL), falling back to `default`. */
export function assumedValue(a: Assumption, key: string): number {
  if (typeof a.value === "number") return a.value;
  return Object.prototype.hasOwnProperty.call(a.value, key) ? a.value[key] : a.value.default;
}
