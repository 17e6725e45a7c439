/**
 * Alarms, dashboards and budgets of an environment (references 001, 003, 004): an encrypted SNS
 * topic, alarms on every user-facing path and data store, one dashboard, a monthly budget and
 * Cost Explorer anomaly detection.
 *
 * Shapes shared by lib/config.ts and the observability constructs (constructs/alarm-topic,
 * constructs/environment-alarms, constructs/cost-guard). Documented for users in
 * docs/observability.md.
 */

/** Protocols a subscriber of the alarm topic may use (no plain HTTP: the messages leave AWS). */
export const ALARM_SUBSCRIPTION_PROTOCOLS = ["email", "https"] as const;
export type AlarmSubscriptionProtocol = (typeof ALARM_SUBSCRIPTION_PROTOCOLS)[number];

/**
 * Who is told when an alarm fires or a budget threshold is crossed.
 * - `email`: an address; SNS sends a confirmation mail first, and nothing is delivered until the
 *   recipient confirms it;
 * - `https`: an endpoint (a chat or paging webhook) that confirms the subscription itself.
 */
export type AlarmSubscription = { readonly protocol: "email"; readonly endpoint: string } | { readonly protocol: "https"; readonly endpoint: string };

/**
 * Alarm thresholds, as data per environment. Every field is a threshold the alarm of the same name
 * compares against (over the alarm's period; see docs/observability.md for periods and how each
 * alarm treats missing data).
 */
export interface AlarmThresholds {
  /** Lambda errors per 5 minutes (an integer, at least 1). */
  readonly lambdaErrors: number;
  /** Lambda throttles per 5 minutes (an integer, at least 1). */
  readonly lambdaThrottles: number;
  /** Lambda p99 duration as a percentage of the function's timeout, 1 to 100 (e.g. 80). */
  readonly lambdaDurationPercentOfTimeout: number;
  /** HTTP API 5xx responses per 5 minutes (an integer, at least 1). */
  readonly api5xx: number;
  /** HTTP API p99 latency in milliseconds, 1 to 30000 (the HTTP API's integration limit). */
  readonly apiLatencyMs: number;
  /** ALB 5xx responses (the targets' and the load balancer's own) per 5 minutes (an integer, at least 1). */
  readonly alb5xx: number;
  /** CloudFront 5xx error rate, percent of requests, more than 0 and at most 100. */
  readonly cloudFront5xxRatePercent: number;
  /** RDS CPU percent, 1 to 100. */
  readonly rdsCpuPercent: number;
  /** RDS free storage in GiB: the alarm fires below it (less than the allocated storage). */
  readonly rdsFreeStorageGb: number;
  /** RDS connections (an integer, at least 1). */
  readonly rdsConnections: number;
  /** Redis engine CPU percent, 1 to 100. */
  readonly redisCpuPercent: number;
  /** Redis memory used, percent, 1 to 100. */
  readonly redisMemoryPercent: number;
  /** Redis evictions per 5 minutes (an integer, at least 1). */
  readonly redisEvictions: number;
  /** Age of the oldest message of a job queue, seconds (60 up to less than the queues' retention). */
  readonly queueOldestMessageSeconds: number;
}

/**
 * Which Cost Explorer anomaly monitor the environment's anomaly subscription watches.
 * - `accountServices`: a DIMENSIONAL monitor on SERVICE created here. AWS allows one such monitor
 *   per account, and creates one itself (`Default-Services-Monitor`) in many new accounts: an
 *   account that already has one fails the apply; choose `existing` for it. It watches every
 *   service of the account, "EC2 - Other" among them, which holds NAT gateway hours and bytes and
 *   data transfer out (reference 003).
 * - `environmentTag`: a CUSTOM monitor created here over the costs tagged `Environment=<env>`; the
 *   `Environment` tag must be activated as a cost allocation tag in the payer account, or the
 *   monitor sees nothing. For accounts shared by several environments.
 * - `existing`: subscribe to a monitor that already exists (e.g. AWS's default services monitor).
 */
export type AnomalyMonitorSource =
  | { readonly kind: "accountServices" }
  | { readonly kind: "environmentTag" }
  | {
      readonly kind: "existing";
      /** ARN of the monitor, `arn:aws:ce::<account>:anomalymonitor/<id>`. */
      readonly monitorArn: string;
    };

export const ANOMALY_MONITOR_KINDS = ["accountServices", "environmentTag", "existing"] as const;

/** Monthly cost budget of the environment's account. */
export interface BudgetConfig {
  /** Monthly limit in USD (seed it from `npm run cost`'s estimate for the environment, with headroom). */
  readonly monthlyLimitUsd: number;
  /** Percentages of the limit that alert on actual spend, e.g. [80, 100] (1 to 1000, each once). */
  readonly actualAlertPercents: readonly number[];
  /** Percentages of the limit that alert on forecast spend, e.g. [100] (1 to 1000, each once). */
  readonly forecastAlertPercents: readonly number[];
  /** Anomaly detection: alert when an anomaly's total impact reaches this many USD (0 or more). */
  readonly anomalyThresholdUsd: number;
  /**
   * The anomaly monitor the subscription watches; see AnomalyMonitorSource.
   * @default { kind: "accountServices" }
   */
  readonly anomalyMonitor?: AnomalyMonitorSource;
}

export interface ObservabilityConfig {
  /** Subscribers of the environment's alarm topic (at least one in production). */
  readonly subscriptions: readonly AlarmSubscription[];
  /** Alarm thresholds. */
  readonly thresholds: AlarmThresholds;
  /** The monthly budget and anomaly detection. */
  readonly budget: BudgetConfig;
}
