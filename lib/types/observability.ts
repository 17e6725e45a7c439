/**
 * Alarms, dashboards and budgets of an environment (references 001, 003, 004): an encrypted SNS
 * topic, alarms on every user-facing path and data store, one dashboard, a monthly budget and
 * Cost Explorer anomaly detection.
 *
 * Shapes shared by lib/config.ts and the observability constructs.
 */

/** Who is told when an alarm fires or a budget threshold is crossed. */
export type AlarmSubscription = { readonly protocol: "email"; readonly endpoint: string } | { readonly protocol: "https"; readonly endpoint: string };

/**
 * Alarm thresholds, as data per environment. Every field is a threshold the alarm of the same name
 * compares against (over the alarm's period).
 */
export interface AlarmThresholds {
  /** Lambda errors per 5 minutes. */
  readonly lambdaErrors: number;
  /** Lambda throttles per 5 minutes. */
  readonly lambdaThrottles: number;
  /** Lambda p99 duration as a percentage of the function's timeout (e.g. 80). */
  readonly lambdaDurationPercentOfTimeout: number;
  /** HTTP API 5xx responses per 5 minutes. */
  readonly api5xx: number;
  /** HTTP API p99 latency in milliseconds. */
  readonly apiLatencyMs: number;
  /** ALB target 5xx responses per 5 minutes. */
  readonly alb5xx: number;
  /** CloudFront 5xx error rate, percent of requests. */
  readonly cloudFront5xxRatePercent: number;
  /** RDS CPU percent. */
  readonly rdsCpuPercent: number;
  /** RDS free storage in GiB. */
  readonly rdsFreeStorageGb: number;
  /** RDS connections. */
  readonly rdsConnections: number;
  /** Redis engine CPU percent. */
  readonly redisCpuPercent: number;
  /** Redis memory used, percent. */
  readonly redisMemoryPercent: number;
  /** Redis evictions per 5 minutes. */
  readonly redisEvictions: number;
  /** Age of the oldest message of a job queue, seconds. */
  readonly queueOldestMessageSeconds: number;
}

/** Monthly cost budget of the environment's account. */
export interface BudgetConfig {
  /** Monthly limit in USD (seed it from `npm run cost`'s estimate for the environment). */
  readonly monthlyLimitUsd: number;
  /** Percentages of the limit that alert on actual spend, e.g. [80, 100]. */
  readonly actualAlertPercents: readonly number[];
  /** Percentages of the limit that alert on forecast spend, e.g. [100]. */
  readonly forecastAlertPercents: readonly number[];
  /** Anomaly detection: alert when an anomaly's total impact exceeds this many USD. */
  readonly anomalyThresholdUsd: number;
}

export interface ObservabilityConfig {
  /** Subscribers of the environment's alarm topic (at least one in production). */
  readonly subscriptions: readonly AlarmSubscription[];
  /** Alarm thresholds. */
  readonly thresholds: AlarmThresholds;
  /** The monthly budget and anomaly detection. */
  readonly budget: BudgetConfig;
}
