/**
 * EnvironmentAlarms: the CloudWatch alarms on every user-facing path and data store of an
 * environment, and one dashboard of the same signals (references 001 and 004: "logs, metrics,
 * alarms and dashboards").
 *
 * One source: `alarmSpecs(props)` turns the watched resources and the thresholds into a list of
 * alarm definitions (pure data); the construct creates one alarm per definition and builds the
 * dashboard from the same list, so a signal is never alarmed on without being drawn, or drawn with
 * another threshold than the one it alarms on.
 *
 * What is watched is optional piece by piece (an environment without Redis gets no Redis alarm):
 * - `lambda`: errors, throttles, p99 duration near the timeout (AWS/Lambda, FunctionName);
 * - `httpApi`: 5xx and p99 latency (AWS/ApiGateway, ApiId + Stage: what HTTP APIs publish);
 * - `postgres`: CPU, free storage, connections (AWS/RDS, DBInstanceIdentifier);
 * - `redis`: engine CPU, memory used, evictions per node (AWS/ElastiCache, CacheClusterId +
 *   CacheNodeId: a cluster-mode-disabled replication group's nodes are `<id>-001`, `-002`, ...);
 * - `queues`: age of the oldest message per job queue (AWS/SQS; the DLQ depth alarms stay with the
 *   queues in constructs/job-queues);
 * - `edge`: ALB 5xx and unhealthy targets (AWS/ApplicationELB) and, with a distribution id and a
 *   `global` provider and topic, the CloudFront 5xx error rate (AWS/CloudFront publishes only in
 *   us-east-1, dimension Region=Global, so that alarm lives there and notifies a topic there).
 *
 * EKS node health is not alarmed on: the per-node metrics need Container Insights (an agent and
 * a per-metric charge), and EC2 metrics by Auto Scaling group need detailed monitoring on the
 * EKS-managed launch template; node failures show as unhealthy ALB targets and as the backend's
 * errors instead. See docs/observability.md.
 */
import { Construct } from "constructs";
import { Fn, TerraformProvider, Token } from "cdktf";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { PropPaths, PropProblems, checkProps } from "../../lib/prop-checks";
import { Problems, isRecord } from "../../lib/problems";
import { CLOUDFRONT_REGION } from "../../lib/types/edge";
import type { AlarmThresholds } from "../../lib/types/observability";

/** The longest an HTTP API waits for its integration (its p99 latency cannot usefully exceed it). */
export const MAX_API_LATENCY_MS = 30_000;
/** SQS keeps a message at most 14 days. */
export const MAX_QUEUE_AGE_SECONDS = 14 * 86_400;
const GIB = 1024 ** 3;

/** How an alarm reads a period without data points (see docs/observability.md for each choice). */
export type MissingData = "notBreaching" | "breaching" | "missing" | "ignore";

/** One alarm, as data: what the construct creates and what the dashboard draws. */
export interface AlarmSpec {
  /** Construct id (PascalCase, stable: part of the state address). */
  readonly id: string;
  /** Alarm name suffix: the alarm is `<namePrefix>-<name>`. */
  readonly name: string;
  /** Dashboard row the signal is drawn in. */
  readonly group: "Lambda" | "HTTP API" | "PostgreSQL" | "Redis" | "Job queues" | "Load balancer" | "CloudFront";
  /** What firing means and what to look at first. */
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** A statistic, or a percentile such as `p99`. */
  readonly statistic: "Sum" | "Average" | "Maximum" | "Minimum" | "p99";
  /** Seconds per data point. */
  readonly period: number;
  readonly evaluationPeriods: number;
  /** Of the evaluated periods, how many must breach. */
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparison: "GreaterThanOrEqualToThreshold" | "LessThanThreshold";
  readonly treatMissingData: MissingData;
  /** `home`: the environment's region; `global`: us-east-1 (CloudFront). */
  readonly region: "home" | "global";
}

/**
 * The ALB and CloudFront distribution of the environment's edge (`<env>-edge`). The load balancer
 * and its target group come together or not at all (an edge without the EKS backend has no ALB).
 */
export interface EdgeAlarmTargets {
  /**
   * ARN suffix of the load balancer (`app/<name>/<id>`: the `arn_suffix` attribute), the LoadBalancer dimension.
   * @default - no ALB alarms
   */
  readonly loadBalancerArnSuffix?: string;
  /**
   * ARN suffix of the backend's target group (`targetgroup/<name>/<id>`), the TargetGroup dimension.
   * @default - no ALB alarms
   */
  readonly targetGroupArnSuffix?: string;
  /**
   * Id of the CloudFront distribution: its 5xx error rate is alarmed on in us-east-1 (needs `global`).
   * @default - no CloudFront alarm
   */
  readonly distributionId?: string;
}

export interface EnvironmentAlarmsProps {
  /** Prefix of every alarm name and the dashboard's name, e.g. `chatbot-dev`. */
  readonly namePrefix: string;
  /** Region of the environment (the dashboard's widgets). */
  readonly region: string;
  /** Topic every alarm of the environment's region notifies (alarm and OK). */
  readonly alarmTopicArn: string;
  readonly thresholds: AlarmThresholds;
  /**
   * The backend function and its configured timeout.
   * @default - no Lambda alarms
   */
  readonly lambda?: { readonly functionName: string; readonly timeoutSeconds: number };
  /**
   * The HTTP API and its stage.
   * @default - no API alarms
   */
  readonly httpApi?: { readonly apiId: string; readonly stage: string };
  /**
   * The RDS instance.
   * @default - no PostgreSQL alarms
   */
  readonly postgres?: { readonly instanceId: string };
  /**
   * The Redis replication group (cluster mode disabled) and its node count (primary + replicas).
   * @default - no Redis alarms
   */
  readonly redis?: { readonly replicationGroupId: string; readonly nodeCount: number };
  /**
   * The job queues, by their name in the configuration (`name`) and their SQS name (`queueName`).
   * @default - no queue alarms
   */
  readonly queues?: readonly { readonly name: string; readonly queueName: string }[];
  /**
   * The edge's ALB and distribution.
   * @default - no ALB or CloudFront alarms
   */
  readonly edge?: EdgeAlarmTargets;
  /**
   * The us-east-1 provider and topic of the CloudFront alarm (required with `edge.distributionId`).
   * @default - none
   */
  readonly global?: { readonly provider: TerraformProvider; readonly alarmTopicArn: string };
}

/** `chatbot-dev` + `conversation-logging` -> `ConversationLogging`. */
function pascal(name: string): string {
  return name
    .split(/[-_.]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** The alarm definitions of the props: the one source of the alarms and the dashboard. */
export function alarmSpecs(props: EnvironmentAlarmsProps): AlarmSpec[] {
  const t = props.thresholds;
  const specs: AlarmSpec[] = [];
  // Counts are "per 5 minutes" (AlarmThresholds): one 5-minute period, one breach fires.
  const count = { statistic: "Sum", period: 300, evaluationPeriods: 1, datapointsToAlarm: 1, comparison: "GreaterThanOrEqualToThreshold", region: "home" } as const;
  // Levels (CPU, memory, latency): sustained for 15 minutes, not a spike.
  const sustained = { period: 300, evaluationPeriods: 3, datapointsToAlarm: 3, comparison: "GreaterThanOrEqualToThreshold", region: "home" } as const;

  if (props.lambda) {
    const fn = { FunctionName: props.lambda.functionName };
    const timeoutMs = props.lambda.timeoutSeconds * 1000;
    // No invocations, no data points: quiet is not failing.
    specs.push(
      { ...count, id: "LambdaErrors", name: "lambda-errors", group: "Lambda", namespace: "AWS/Lambda", metricName: "Errors", dimensions: fn, threshold: t.lambdaErrors, treatMissingData: "notBreaching", description: `The backend function failed ${t.lambdaErrors}+ invocations in 5 minutes; read its log group for the errors` },
      { ...count, id: "LambdaThrottles", name: "lambda-throttles", group: "Lambda", namespace: "AWS/Lambda", metricName: "Throttles", dimensions: fn, threshold: t.lambdaThrottles, treatMissingData: "notBreaching", description: `The backend function was throttled ${t.lambdaThrottles}+ times in 5 minutes: requests were refused for want of concurrency; raise reserved concurrency or the account's limit` },
      {
        ...sustained,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        id: "LambdaDuration",
        name: "lambda-duration-p99",
        group: "Lambda",
        namespace: "AWS/Lambda",
        metricName: "Duration",
        dimensions: fn,
        statistic: "p99",
        threshold: Math.round((timeoutMs * t.lambdaDurationPercentOfTimeout) / 100),
        treatMissingData: "notBreaching",
        description: `p99 duration of the backend function is above ${t.lambdaDurationPercentOfTimeout}% of its ${props.lambda.timeoutSeconds} s timeout in 2 of 3 5-minute periods: slow answers are about to time out`,
      },
    );
  }
  if (props.httpApi) {
    const api = { ApiId: props.httpApi.apiId, Stage: props.httpApi.stage };
    specs.push(
      { ...count, id: "Api5xx", name: "api-5xx", group: "HTTP API", namespace: "AWS/ApiGateway", metricName: "5xx", dimensions: api, threshold: t.api5xx, treatMissingData: "notBreaching", description: `The chat API answered ${t.api5xx}+ requests with 5xx in 5 minutes (integration errors, timeouts, throttled Lambda)` },
      {
        ...sustained,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        id: "ApiLatency",
        name: "api-latency-p99",
        group: "HTTP API",
        namespace: "AWS/ApiGateway",
        metricName: "Latency",
        dimensions: api,
        statistic: "p99",
        threshold: t.apiLatencyMs,
        treatMissingData: "notBreaching",
        description: `p99 latency of the chat API is above ${t.apiLatencyMs} ms in 2 of 3 5-minute periods`,
      },
    );
  }
  if (props.postgres) {
    const db = { DBInstanceIdentifier: props.postgres.instanceId };
    // RDS publishes every minute while the instance runs: a gap is a stopped or failed instance,
    // which RDS events report; the alarm keeps its state ("missing") rather than flap.
    specs.push(
      { ...sustained, id: "PostgresCpu", name: "postgres-cpu", group: "PostgreSQL", namespace: "AWS/RDS", metricName: "CPUUtilization", dimensions: db, statistic: "Average", threshold: t.rdsCpuPercent, treatMissingData: "missing", description: `PostgreSQL CPU above ${t.rdsCpuPercent}% for 15 minutes; look at Performance Insights for the top statements` },
      {
        id: "PostgresFreeStorage",
        name: "postgres-free-storage",
        group: "PostgreSQL",
        namespace: "AWS/RDS",
        metricName: "FreeStorageSpace",
        dimensions: db,
        statistic: "Minimum",
        period: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        threshold: t.rdsFreeStorageGb * GIB,
        comparison: "LessThanThreshold",
        treatMissingData: "missing",
        region: "home",
        description: `PostgreSQL has less than ${t.rdsFreeStorageGb} GiB free; storage autoscaling grows it up to the configured maximum, check that it can`,
      },
      { ...sustained, id: "PostgresConnections", name: "postgres-connections", group: "PostgreSQL", namespace: "AWS/RDS", metricName: "DatabaseConnections", dimensions: db, statistic: "Maximum", threshold: t.rdsConnections, treatMissingData: "missing", description: `PostgreSQL has ${t.rdsConnections}+ connections for 15 minutes; look for a connection leak or pool sizing` },
    );
  }
  if (props.redis) {
    for (let n = 1; n <= props.redis.nodeCount; n++) {
      const node = String(n).padStart(3, "0");
      const dims = { CacheClusterId: `${props.redis.replicationGroupId}-${node}`, CacheNodeId: "0001" };
      specs.push(
        { ...sustained, id: `RedisCpu${node}`, name: `redis-${node}-engine-cpu`, group: "Redis", namespace: "AWS/ElastiCache", metricName: "EngineCPUUtilization", dimensions: dims, statistic: "Average", threshold: t.redisCpuPercent, treatMissingData: "missing", description: `Redis node ${node}: engine CPU (the one Redis thread) above ${t.redisCpuPercent}% for 15 minutes` },
        { ...sustained, id: `RedisMemory${node}`, name: `redis-${node}-memory`, group: "Redis", namespace: "AWS/ElastiCache", metricName: "DatabaseMemoryUsagePercentage", dimensions: dims, statistic: "Average", threshold: t.redisMemoryPercent, treatMissingData: "missing", description: `Redis node ${node}: memory above ${t.redisMemoryPercent}% of maxmemory for 15 minutes; evictions follow` },
        { ...count, id: `RedisEvictions${node}`, name: `redis-${node}-evictions`, group: "Redis", namespace: "AWS/ElastiCache", metricName: "Evictions", dimensions: dims, threshold: t.redisEvictions, treatMissingData: "notBreaching", description: `Redis node ${node} evicted ${t.redisEvictions}+ keys in 5 minutes: sessions are being lost; size the node up` },
      );
    }
  }
  for (const q of props.queues ?? []) {
    specs.push({
      id: `QueueAge${pascal(q.name)}`,
      name: `${q.name}-oldest-message`,
      group: "Job queues",
      namespace: "AWS/SQS",
      metricName: "ApproximateAgeOfOldestMessage",
      dimensions: { QueueName: q.queueName },
      statistic: "Maximum",
      period: 300,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      threshold: t.queueOldestMessageSeconds,
      comparison: "GreaterThanOrEqualToThreshold",
      // SQS stops publishing for a queue nobody uses (as the DLQ alarms of constructs/job-queues assume).
      treatMissingData: "notBreaching",
      region: "home",
      description: `A ${q.name} job has waited ${t.queueOldestMessageSeconds}+ s for 10 minutes: the workers are down or too few`,
    });
  }
  if (props.edge?.loadBalancerArnSuffix !== undefined && props.edge.targetGroupArnSuffix !== undefined) {
    const lb = { LoadBalancer: props.edge.loadBalancerArnSuffix };
    specs.push(
      { ...count, id: "AlbTarget5xx", name: "alb-target-5xx", group: "Load balancer", namespace: "AWS/ApplicationELB", metricName: "HTTPCode_Target_5XX_Count", dimensions: lb, threshold: t.alb5xx, treatMissingData: "notBreaching", description: `The backend pods answered ${t.alb5xx}+ requests with 5xx in 5 minutes` },
      { ...count, id: "Alb5xx", name: "alb-5xx", group: "Load balancer", namespace: "AWS/ApplicationELB", metricName: "HTTPCode_ELB_5XX_Count", dimensions: lb, threshold: t.alb5xx, treatMissingData: "notBreaching", description: `The load balancer itself answered ${t.alb5xx}+ requests with 5xx in 5 minutes (502/503/504: no healthy target, target closed or timed out)` },
      {
        id: "AlbUnhealthyTargets",
        name: "alb-unhealthy-targets",
        group: "Load balancer",
        namespace: "AWS/ApplicationELB",
        metricName: "UnHealthyHostCount",
        dimensions: { ...lb, TargetGroup: props.edge.targetGroupArnSuffix },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        threshold: 1,
        comparison: "GreaterThanOrEqualToThreshold",
        // Published every minute while the target group is attached: a gap is no data, not health.
        treatMissingData: "missing",
        region: "home",
        description: "A backend target fails its /healthz check in 3 of 5 minutes; look at the pods and the TargetGroupBinding",
      },
    );
  }
  if (props.edge?.distributionId !== undefined) {
    specs.push({
      id: "CloudFront5xxRate",
      name: "cloudfront-5xx-rate",
      group: "CloudFront",
      namespace: "AWS/CloudFront",
      metricName: "5xxErrorRate",
      dimensions: { DistributionId: props.edge.distributionId, Region: "Global" },
      statistic: "Average",
      period: 300,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      threshold: t.cloudFront5xxRatePercent,
      comparison: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      region: "global",
      description: `${t.cloudFront5xxRatePercent}%+ of the edge's requests end in 5xx in 2 of 3 5-minute periods`,
    });
  }
  return specs;
}

/** CloudWatch's region for `global` signals (CloudFront's). */
export const GLOBAL_REGION = CLOUDFRONT_REGION;

/**
 * The dashboard body (the document CloudWatch takes as JSON): one metric widget per alarm
 * definition, grouped in rows by `group`, each with the alarm's threshold as a horizontal annotation
 * (and its region: CloudFront's is us-east-1).
 */
export function dashboardBody(specs: readonly AlarmSpec[], region: string, title: string): { readonly widgets: readonly object[] } {
  const widgets: object[] = [{ type: "text", x: 0, y: 0, width: 24, height: 1, properties: { markdown: `# ${title}` } }];
  let y = 1;
  const groups = [...new Set(specs.map((s) => s.group))];
  for (const group of groups) {
    widgets.push({ type: "text", x: 0, y, width: 24, height: 1, properties: { markdown: `## ${group}` } });
    y += 1;
    specs
      .filter((s) => s.group === group)
      .forEach((s, i) => {
        const dims = Object.entries(s.dimensions).flat();
        widgets.push({
          type: "metric",
          x: (i % 3) * 8,
          y: y + Math.floor(i / 3) * 6,
          width: 8,
          height: 6,
          properties: {
            title: s.name,
            region: s.region === "global" ? GLOBAL_REGION : region,
            view: "timeSeries",
            stat: s.statistic,
            period: s.period,
            metrics: [[s.namespace, s.metricName, ...dims]],
            annotations: { horizontal: [{ label: "alarm", value: s.threshold }] },
          },
        });
      });
    y += Math.ceil(specs.filter((s) => s.group === group).length / 3) * 6;
  }
  return { widgets };
}

export class EnvironmentAlarms extends Construct {
  /** The alarms by definition id. */
  public readonly alarms: Readonly<Record<string, CloudwatchMetricAlarm>>;
  /** The definitions the alarms and the dashboard were built from. */
  public readonly specs: readonly AlarmSpec[];
  public readonly dashboard: CloudwatchDashboard;
  /** `<namePrefix>`: the dashboard's name. */
  public readonly dashboardName: string;

  constructor(scope: Construct, id: string, props: EnvironmentAlarmsProps) {
    super(scope, id);
    checkProps(`EnvironmentAlarms ${props.namePrefix}`, props, validateEnvironmentAlarmsProps);
    this.specs = alarmSpecs(props);
    const alarms: Record<string, CloudwatchMetricAlarm> = {};
    for (const s of this.specs) {
      const global = s.region === "global";
      const topic = global ? props.global!.alarmTopicArn : props.alarmTopicArn;
      alarms[s.id] = new CloudwatchMetricAlarm(this, s.id, {
        alarmName: `${props.namePrefix}-${s.name}`,
        alarmDescription: s.description,
        namespace: s.namespace,
        metricName: s.metricName,
        dimensions: { ...s.dimensions },
        ...(s.statistic === "p99" ? { extendedStatistic: s.statistic } : { statistic: s.statistic }),
        period: s.period,
        evaluationPeriods: s.evaluationPeriods,
        datapointsToAlarm: s.datapointsToAlarm,
        threshold: s.threshold,
        comparisonOperator: s.comparison,
        treatMissingData: s.treatMissingData,
        // Told when it fires and when it clears, so nobody has to check whether it is over.
        alarmActions: [topic],
        okActions: [topic],
        ...(global ? { provider: props.global!.provider } : {}),
      });
    }
    this.alarms = alarms;
    this.dashboardName = props.namePrefix;
    this.dashboard = new CloudwatchDashboard(this, "Dashboard", {
      dashboardName: this.dashboardName,
      // jsonencode, not JSON.stringify: the dimensions are references to other stacks' outputs, and
      // cdktf's HCL renderer (`synth --hcl`) breaks a literal JSON string that holds references.
      dashboardBody: Fn.jsonencode(dashboardBody(this.specs, props.region, `${props.namePrefix}: alarms and their signals`)),
    });
  }
}

/**
 * Reports every problem of EnvironmentAlarmsProps through `problems`: the thresholds (in range, and
 * against the watched resources: free storage below the allocated storage is checked by the config
 * validation, which knows it), the watched resources, and the us-east-1 pieces a CloudFront alarm
 * needs. lib/validate-observability.ts runs it on each environment's `observability.thresholds`.
 */
export function validateEnvironmentAlarmsProps(props: EnvironmentAlarmsProps, problems: Problems, paths: PropPaths = ""): void {
  const p = new PropProblems(problems, paths);
  if (p.text("namePrefix", props.namePrefix, "lower-case letters, digits and hyphens", 'use the naming helper, e.g. "chatbot-dev"') && !/^[a-z][a-z0-9-]*[a-z0-9]$/.test(props.namePrefix)) {
    p.add("namePrefix", props.namePrefix, "is not a valid name prefix", "lower-case letters, digits and hyphens, starting with a letter", 'use the naming helper, e.g. "chatbot-dev"');
  }
  p.text("region", props.region, 'a region name such as "ap-southeast-2"', "pass the region of the environment");
  p.text("alarmTopicArn", props.alarmTopicArn, "an SNS topic ARN", "pass the ARN of the environment's alarm topic");
  const t: unknown = props.thresholds;
  if (!isRecord(t)) {
    p.add("thresholds", t, t === undefined || t === null ? "is missing" : "is not an object", "an AlarmThresholds object", `add ${p.name("thresholds")} (copy the ones of environments/dev.ts)`);
  } else {
    const th = t as unknown as AlarmThresholds;
    const counts: (keyof AlarmThresholds)[] = ["lambdaErrors", "lambdaThrottles", "api5xx", "alb5xx", "redisEvictions", "rdsConnections"];
    for (const key of counts) {
      p.integer(`thresholds.${key}`, th[key], 1, 1_000_000, `set ${p.name(`thresholds.${key}`)} to the count that should wake someone, e.g. ${key === "rdsConnections" ? 80 : 5}`);
    }
    const percents: (keyof AlarmThresholds)[] = ["lambdaDurationPercentOfTimeout", "rdsCpuPercent", "redisCpuPercent", "redisMemoryPercent"];
    for (const key of percents) {
      p.number(`thresholds.${key}`, th[key], (n) => n >= 1 && n <= 100, "is not a percentage from 1 to 100", "a number from 1 to 100", `set ${p.name(`thresholds.${key}`)} to e.g. 80`);
    }
    p.number("thresholds.cloudFront5xxRatePercent", th.cloudFront5xxRatePercent, (n) => n > 0 && n <= 100, "is not a percentage above 0 and at most 100", "a number above 0 and at most 100 (e.g. 1 or 0.5)", `set ${p.name("thresholds.cloudFront5xxRatePercent")} to e.g. 1`);
    p.integer("thresholds.apiLatencyMs", th.apiLatencyMs, 1, MAX_API_LATENCY_MS, `set ${p.name("thresholds.apiLatencyMs")} below the HTTP API's ${MAX_API_LATENCY_MS} ms integration limit, e.g. 10000`);
    p.number("thresholds.rdsFreeStorageGb", th.rdsFreeStorageGb, (n) => n > 0, "is not a size above 0", "a number of GiB above 0, less than the allocated storage", `set ${p.name("thresholds.rdsFreeStorageGb")} to e.g. 2`);
    p.integer("thresholds.queueOldestMessageSeconds", th.queueOldestMessageSeconds, 60, MAX_QUEUE_AGE_SECONDS, `set ${p.name("thresholds.queueOldestMessageSeconds")} to how long a job may wait, e.g. 900 (SQS keeps a message at most 14 days)`);
  }
  if (props.lambda !== undefined && !(typeof props.lambda.timeoutSeconds === "number" && props.lambda.timeoutSeconds > 0)) {
    p.add("lambda.timeoutSeconds", props.lambda.timeoutSeconds, "is not a timeout", "a number of seconds above 0", "pass the function's configured timeout");
  }
  if (props.redis !== undefined) {
    p.integer("redis.nodeCount", props.redis.nodeCount, 1, 6, "pass 1 + the replication group's replicas");
  }
  const edge = props.edge;
  if (edge !== undefined) {
    if ((edge.loadBalancerArnSuffix === undefined) !== (edge.targetGroupArnSuffix === undefined)) {
      const missing = edge.loadBalancerArnSuffix === undefined ? "loadBalancerArnSuffix" : "targetGroupArnSuffix";
      const other = missing === "loadBalancerArnSuffix" ? "targetGroupArnSuffix" : "loadBalancerArnSuffix";
      p.add(`edge.${missing}`, undefined, `is missing while edge.${other} is set: the ALB alarms need both`, "both ARN suffixes, or neither (no ALB alarms)", `pass edge.${missing}, or leave edge.${other} out`);
    }
    if (edge.loadBalancerArnSuffix !== undefined && p.text("edge.loadBalancerArnSuffix", edge.loadBalancerArnSuffix, "app/<name>/<id>", "pass the load balancer's arn_suffix") && !Token.isUnresolved(edge.loadBalancerArnSuffix) && !/^app\/[A-Za-z0-9-]+\/[0-9a-f]+$/.test(edge.loadBalancerArnSuffix)) {
      p.add("edge.loadBalancerArnSuffix", edge.loadBalancerArnSuffix, "is not an ALB ARN suffix", "app/<name>/<id> (the load balancer's arn_suffix)", "pass aws_lb.arn_suffix, not its ARN or name");
    }
    if (edge.targetGroupArnSuffix !== undefined && p.text("edge.targetGroupArnSuffix", edge.targetGroupArnSuffix, "targetgroup/<name>/<id>", "pass the target group's arn_suffix") && !Token.isUnresolved(edge.targetGroupArnSuffix) && !/^targetgroup\/[A-Za-z0-9-]+\/[0-9a-f]+$/.test(edge.targetGroupArnSuffix)) {
      p.add("edge.targetGroupArnSuffix", edge.targetGroupArnSuffix, "is not a target group ARN suffix", "targetgroup/<name>/<id> (the target group's arn_suffix)", "pass aws_lb_target_group.arn_suffix, not its ARN or name");
    }
    if (edge.distributionId !== undefined && props.global === undefined) {
      p.add("global", props.global, "is missing: CloudFront publishes its metrics only in us-east-1, so its alarm must live there and notify a topic there", "{ provider: <an aws provider for us-east-1>, alarmTopicArn: <a topic in us-east-1> }", "pass global, or leave edge.distributionId out");
    }
  }
}
