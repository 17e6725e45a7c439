import { Testing } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { alarmSpecs, EnvironmentAlarms, EnvironmentAlarmsProps } from "../constructs/environment-alarms";
import { AlarmThresholds } from "../lib/config";
import { TfJson, resources } from "./helpers";

const TOPIC = "arn:aws:sns:ap-southeast-2:123456789012:chatbot-test-alarms";
const GLOBAL_TOPIC = "arn:aws:sns:us-east-1:123456789012:chatbot-test-alarms";
const thresholds: AlarmThresholds = {
  lambdaErrors: 5,
  lambdaThrottles: 2,
  lambdaDurationPercentOfTimeout: 80,
  api5xx: 7,
  apiLatencyMs: 9000,
  alb5xx: 11,
  cloudFront5xxRatePercent: 1.5,
  rdsCpuPercent: 85,
  rdsFreeStorageGb: 4,
  rdsConnections: 120,
  redisCpuPercent: 70,
  redisMemoryPercent: 75,
  redisEvictions: 3,
  queueOldestMessageSeconds: 900,
};
/** Literal edge inputs: what the `<env>-edge` stack's ALB, target group and distribution give. */
const EDGE = { loadBalancerArnSuffix: "app/chatbot-test-alb/0123456789abcdef", targetGroupArnSuffix: "targetgroup/chatbot-test-backend/fedcba9876543210", distributionId: "E2EXAMPLE12345" };

const props: EnvironmentAlarmsProps = {
  namePrefix: "chatbot-test",
  region: "ap-southeast-2",
  alarmTopicArn: TOPIC,
  thresholds,
  lambda: { functionName: "chatbot-backend-lambda", timeoutSeconds: 30 },
  httpApi: { apiId: "a1b2c3", stage: "$default" },
  postgres: { instanceId: "chatbot-test-postgres" },
  redis: { replicationGroupId: "chatbot-test-redis", nodeCount: 2 },
  queues: [
    { name: "analytics", queueName: "chatbot-test-analytics" },
    { name: "conversation-logging", queueName: "chatbot-test-conversation-logging" },
  ],
};

function json(p: Partial<EnvironmentAlarmsProps> = {}, withGlobal = false): TfJson {
  return JSON.parse(
    Testing.synthScope((scope: Construct) => {
      const global = withGlobal ? { provider: new AwsProvider(scope, "UsEast1", { alias: "us_east_1", region: "us-east-1" }), alarmTopicArn: GLOBAL_TOPIC } : undefined;
      new EnvironmentAlarms(scope, "Alarms", { ...props, ...p, ...(global ? { global } : {}) });
    }),
  );
}
const errorOf = (p: Partial<EnvironmentAlarmsProps>): string => {
  try {
    json(p);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("no error thrown");
};
const alarmNamed = (j: TfJson, name: string): any => resources(j, "aws_cloudwatch_metric_alarm").find((a) => a.alarm_name === name);

describe("EnvironmentAlarms", () => {
  test("Lambda: errors and throttles per 5 minutes, p99 duration at the configured percent of the timeout", () => {
    const j = json();
    expect(alarmNamed(j, "chatbot-test-lambda-errors")).toMatchObject({ namespace: "AWS/Lambda", metric_name: "Errors", statistic: "Sum", period: 300, threshold: 5, dimensions: { FunctionName: "chatbot-backend-lambda" } });
    expect(alarmNamed(j, "chatbot-test-lambda-throttles")).toMatchObject({ metric_name: "Throttles", threshold: 2 });
    const duration = alarmNamed(j, "chatbot-test-lambda-duration-p99");
    expect(duration).toMatchObject({ metric_name: "Duration", extended_statistic: "p99", threshold: 24000 });
    expect(duration.statistic).toBeUndefined();
  });

  test("the duration threshold follows the timeout it is a percentage of", () => {
    const specs = alarmSpecs({ ...props, lambda: { functionName: "f", timeoutSeconds: 10 }, thresholds: { ...thresholds, lambdaDurationPercentOfTimeout: 50 } });
    expect(specs.find((s) => s.id === "LambdaDuration")!.threshold).toBe(5000);
  });

  test("HTTP API: the metrics HTTP APIs publish (5xx, Latency) by ApiId and Stage", () => {
    const j = json();
    expect(alarmNamed(j, "chatbot-test-api-5xx")).toMatchObject({ namespace: "AWS/ApiGateway", metric_name: "5xx", threshold: 7, dimensions: { ApiId: "a1b2c3", Stage: "$default" } });
    expect(alarmNamed(j, "chatbot-test-api-latency-p99")).toMatchObject({ metric_name: "Latency", extended_statistic: "p99", threshold: 9000 });
  });

  test("RDS: CPU, free storage below the threshold in bytes, connections", () => {
    const j = json();
    expect(alarmNamed(j, "chatbot-test-postgres-cpu")).toMatchObject({ metric_name: "CPUUtilization", threshold: 85, dimensions: { DBInstanceIdentifier: "chatbot-test-postgres" } });
    expect(alarmNamed(j, "chatbot-test-postgres-free-storage")).toMatchObject({ metric_name: "FreeStorageSpace", statistic: "Minimum", comparison_operator: "LessThanThreshold", threshold: 4 * 1024 ** 3 });
    expect(alarmNamed(j, "chatbot-test-postgres-connections")).toMatchObject({ metric_name: "DatabaseConnections", threshold: 120 });
  });

  test("Redis: engine CPU, memory and evictions for every node of the replication group", () => {
    const redis = resources(json(), "aws_cloudwatch_metric_alarm").filter((a) => a.namespace === "AWS/ElastiCache");
    expect(redis.map((a) => [a.metric_name, a.dimensions.CacheClusterId, a.dimensions.CacheNodeId, a.threshold]).sort()).toEqual(
      [
        ["DatabaseMemoryUsagePercentage", "chatbot-test-redis-001", "0001", 75],
        ["DatabaseMemoryUsagePercentage", "chatbot-test-redis-002", "0001", 75],
        ["EngineCPUUtilization", "chatbot-test-redis-001", "0001", 70],
        ["EngineCPUUtilization", "chatbot-test-redis-002", "0001", 70],
        ["Evictions", "chatbot-test-redis-001", "0001", 3],
        ["Evictions", "chatbot-test-redis-002", "0001", 3],
      ].sort(),
    );
  });

  test("SQS: the age of the oldest message of every job queue", () => {
    const sqs = resources(json(), "aws_cloudwatch_metric_alarm").filter((a) => a.namespace === "AWS/SQS");
    expect(sqs.map((a) => [a.alarm_name, a.metric_name, a.dimensions.QueueName, a.threshold])).toEqual([
      ["chatbot-test-analytics-oldest-message", "ApproximateAgeOfOldestMessage", "chatbot-test-analytics", 900],
      ["chatbot-test-conversation-logging-oldest-message", "ApproximateAgeOfOldestMessage", "chatbot-test-conversation-logging", 900],
    ]);
  });

  test("every alarm notifies the topic when it fires and when it clears, and says what to do", () => {
    for (const a of resources(json(), "aws_cloudwatch_metric_alarm")) {
      expect(a.alarm_actions).toEqual([TOPIC]);
      expect(a.ok_actions).toEqual([TOPIC]);
      expect(a.alarm_description.length).toBeGreaterThan(20);
      expect(a.datapoints_to_alarm).toBeLessThanOrEqual(a.evaluation_periods);
    }
  });

  test("missing data: traffic metrics count as fine, data-store levels keep their state", () => {
    const j = json();
    expect(alarmNamed(j, "chatbot-test-api-5xx").treat_missing_data).toBe("notBreaching");
    expect(alarmNamed(j, "chatbot-test-lambda-duration-p99").treat_missing_data).toBe("notBreaching");
    expect(alarmNamed(j, "chatbot-test-postgres-cpu").treat_missing_data).toBe("missing");
    expect(alarmNamed(j, "chatbot-test-redis-001-memory").treat_missing_data).toBe("missing");
    expect(alarmNamed(j, "chatbot-test-analytics-oldest-message").treat_missing_data).toBe("notBreaching");
  });

  test("what is not watched gets no alarm", () => {
    const j = json({ postgres: undefined, redis: undefined, queues: undefined });
    expect(resources(j, "aws_cloudwatch_metric_alarm").map((a) => a.namespace).sort()).toEqual(["AWS/ApiGateway", "AWS/ApiGateway", "AWS/Lambda", "AWS/Lambda", "AWS/Lambda"]);
  });

  describe("edge (literal inputs standing in for <env>-edge)", () => {
    test("ALB: target and load balancer 5xx, unhealthy targets by target group", () => {
      const j = json({ edge: { loadBalancerArnSuffix: EDGE.loadBalancerArnSuffix, targetGroupArnSuffix: EDGE.targetGroupArnSuffix } });
      expect(alarmNamed(j, "chatbot-test-alb-target-5xx")).toMatchObject({ namespace: "AWS/ApplicationELB", metric_name: "HTTPCode_Target_5XX_Count", threshold: 11, dimensions: { LoadBalancer: EDGE.loadBalancerArnSuffix } });
      expect(alarmNamed(j, "chatbot-test-alb-5xx")).toMatchObject({ metric_name: "HTTPCode_ELB_5XX_Count", threshold: 11 });
      expect(alarmNamed(j, "chatbot-test-alb-unhealthy-targets")).toMatchObject({
        metric_name: "UnHealthyHostCount",
        threshold: 1,
        dimensions: { LoadBalancer: EDGE.loadBalancerArnSuffix, TargetGroup: EDGE.targetGroupArnSuffix },
      });
      expect(alarmNamed(j, "chatbot-test-cloudfront-5xx-rate")).toBeUndefined();
    });

    test("an edge without an ALB (no EKS backend): the CloudFront alarm alone", () => {
      const j = json({ edge: { distributionId: EDGE.distributionId } }, true);
      expect(resources(j, "aws_cloudwatch_metric_alarm").filter((a) => /ApplicationELB|CloudFront/.test(a.namespace)).map((a) => a.alarm_name)).toEqual(["chatbot-test-cloudfront-5xx-rate"]);
    });

    test("CloudFront: the 5xx rate alarm lives in us-east-1 (dimension Region=Global) and notifies the us-east-1 topic", () => {
      const j = json({ edge: EDGE }, true);
      const cf = alarmNamed(j, "chatbot-test-cloudfront-5xx-rate");
      expect(cf).toMatchObject({ namespace: "AWS/CloudFront", metric_name: "5xxErrorRate", threshold: 1.5, dimensions: { DistributionId: EDGE.distributionId, Region: "Global" }, provider: "aws.us_east_1" });
      expect(cf.alarm_actions).toEqual([GLOBAL_TOPIC]);
      const others = resources(j, "aws_cloudwatch_metric_alarm").filter((a) => a !== cf);
      for (const a of others) expect(a.provider).toBeUndefined();
    });
  });

  describe("dashboard", () => {
    const j = json({ edge: EDGE }, true);
    const [dashboard] = resources(j, "aws_cloudwatch_dashboard");
    // `${jsonencode({...})}` of literals (these props hold no references): the HCL object as JSON.
    const encoded = /^\$\{jsonencode\((.*)\)\}$/s.exec(dashboard.dashboard_body)![1];
    const body = JSON.parse(encoded.replace(/" = /g, '": '));
    const metrics = body.widgets.filter((w: any) => w.type === "metric");

    test("is encoded by Terraform (jsonencode) and named after the environment", () => {
      expect(dashboard.dashboard_body.startsWith("${jsonencode(")).toBe(true);
      expect(dashboard.dashboard_name).toBe("chatbot-test");
      expect(Array.isArray(body.widgets)).toBe(true);
    });

    test("draws every alarmed metric once, with its statistic and the alarm's threshold", () => {
      const alarms = resources(j, "aws_cloudwatch_metric_alarm");
      expect(metrics).toHaveLength(alarms.length);
      for (const a of alarms) {
        const dims = Object.entries(a.dimensions).flat();
        const widget = metrics.find((w: any) => JSON.stringify(w.properties.metrics[0]) === JSON.stringify([a.namespace, a.metric_name, ...dims]));
        expect(widget).toBeDefined();
        expect(widget.properties.stat).toBe(a.extended_statistic ?? a.statistic);
        expect(widget.properties.annotations.horizontal[0].value).toBe(a.threshold);
      }
    });

    test("draws CloudFront from us-east-1 and the rest from the environment's region", () => {
      const regions = new Map(metrics.map((w: any) => [w.properties.metrics[0][1], w.properties.region]));
      expect(regions.get("5xxErrorRate")).toBe("us-east-1");
      expect(regions.get("Errors")).toBe("ap-southeast-2");
    });

    test("widgets stay inside the 24-column grid and never overlap", () => {
      const cells = new Set<string>();
      for (const w of body.widgets) {
        expect(w.x + w.width).toBeLessThanOrEqual(24);
        for (let x = w.x; x < w.x + w.width; x++) {
          for (let y = w.y; y < w.y + w.height; y++) {
            const cell = `${x},${y}`;
            expect(cells.has(cell)).toBe(false);
            cells.add(cell);
          }
        }
      }
    });
  });

  describe("errors", () => {
    test("a load balancer without its target group", () => {
      expect(errorOf({ edge: { loadBalancerArnSuffix: EDGE.loadBalancerArnSuffix } })).toBe(
        [
          "EnvironmentAlarms chatbot-test: 1 invalid prop; nothing was created:",
          "  - edge.targetGroupArnSuffix: undefined is missing while edge.loadBalancerArnSuffix is set: the ALB alarms need both",
          "    allowed: both ARN suffixes, or neither (no ALB alarms)",
          "    fix: pass edge.targetGroupArnSuffix, or leave edge.loadBalancerArnSuffix out",
        ].join("\n"),
      );
    });

    test("thresholds out of range are all reported at once", () => {
      expect(errorOf({ thresholds: { ...thresholds, lambdaErrors: 0, rdsCpuPercent: 120, apiLatencyMs: 45000, cloudFront5xxRatePercent: 0, queueOldestMessageSeconds: 30 } })).toBe(
        [
          "EnvironmentAlarms chatbot-test: 5 invalid props; nothing was created:",
          "  - thresholds.lambdaErrors: 0 is out of range",
          "    allowed: an integer from 1 to 1000000",
          "    fix: set thresholds.lambdaErrors to the count that should wake someone, e.g. 5",
          "  - thresholds.rdsCpuPercent: 120 is not a percentage from 1 to 100",
          "    allowed: a number from 1 to 100",
          "    fix: set thresholds.rdsCpuPercent to e.g. 80",
          "  - thresholds.cloudFront5xxRatePercent: 0 is not a percentage above 0 and at most 100",
          "    allowed: a number above 0 and at most 100 (e.g. 1 or 0.5)",
          "    fix: set thresholds.cloudFront5xxRatePercent to e.g. 1",
          "  - thresholds.apiLatencyMs: 45000 is out of range",
          "    allowed: an integer from 1 to 30000",
          "    fix: set thresholds.apiLatencyMs below the HTTP API's 30000 ms integration limit, e.g. 10000",
          "  - thresholds.queueOldestMessageSeconds: 30 is out of range",
          "    allowed: an integer from 60 to 1209600",
          "    fix: set thresholds.queueOldestMessageSeconds to how long a job may wait, e.g. 900 (SQS keeps a message at most 14 days)",
        ].join("\n"),
      );
    });

    test("a CloudFront distribution without the us-east-1 provider and topic, and an ARN where the suffix belongs", () => {
      expect(errorOf({ edge: { ...EDGE, loadBalancerArnSuffix: "arn:aws:elasticloadbalancing:ap-southeast-2:123456789012:loadbalancer/app/x/1" } })).toBe(
        [
          "EnvironmentAlarms chatbot-test: 2 invalid props; nothing was created:",
          '  - edge.loadBalancerArnSuffix: "arn:aws:elasticloadbalancing:ap-southeast-2:123456789012:loadbalancer/app/x/1" is not an ALB ARN suffix',
          "    allowed: app/<name>/<id> (the load balancer's arn_suffix)",
          "    fix: pass aws_lb.arn_suffix, not its ARN or name",
          "  - global: undefined is missing: CloudFront publishes its metrics only in us-east-1, so its alarm must live there and notify a topic there",
          "    allowed: { provider: <an aws provider for us-east-1>, alarmTopicArn: <a topic in us-east-1> }",
          "    fix: pass global, or leave edge.distributionId out",
        ].join("\n"),
      );
    });
  });
});
