/**
 * `<env>-observability`: the operator's eyes on an environment (references 001, 003, 004), created
 * when the environment has an `observability` section (docs/observability.md):
 *
 * - the environment's alarm topic `<prefix>-alarms` (constructs/alarm-topic), KMS-encrypted, which
 *   CloudWatch, AWS Budgets and Cost Anomaly Detection may publish to, with the configured
 *   subscribers. The data stack keeps its own `<prefix>-alerts` topic, which the job queues' DLQ
 *   alarms notify: moving it here would make the data stack read this stack's state while this
 *   stack reads the data stack's (a cycle), and a topic cannot move between states without a
 *   manual `state mv`. Instead the same subscribers are subscribed to it here, so one list reaches
 *   every alarm;
 * - the alarms and the dashboard (constructs/environment-alarms) on what the serverless and data
 *   stacks created, read from their state through cdktf cross-stack references (so this stack is
 *   applied after them and nothing of theirs depends on it);
 * - with an edge (`edge`, the ALB and the distribution of `<env>-edge`), the ALB alarms and, in
 *   us-east-1 through a second provider (alias `us_east_1`) with a topic of its own there, the
 *   CloudFront 5xx-rate alarm;
 * - the monthly budget and cost anomaly detection (constructs/cost-guard).
 */
import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AlarmTopic } from "../constructs/alarm-topic";
import { CostGuard } from "../constructs/cost-guard";
import { EdgeAlarmTargets, EnvironmentAlarms, GLOBAL_REGION } from "../constructs/environment-alarms";
import { ServerlessApi } from "../constructs/serverless-api";
import { ObservabilityConfig } from "../lib/config";
import { DataStack } from "./data-stack";
import { EnvironmentStack, EnvironmentStackProps } from "./environment-stack";

export interface ObservabilityStackProps extends EnvironmentStackProps {
  readonly observability: ObservabilityConfig;
  /** The backend function and HTTP API (`<env>-serverless`). */
  readonly serverless: ServerlessApi;
  /**
   * The data tier (`<env>-data`).
   * @default - no data-store alarms
   */
  readonly data?: DataStack;
  /**
   * The edge's ALB and CloudFront distribution (`<env>-edge`): ALB 5xx and unhealthy targets, and
   * with `distributionId` the CloudFront 5xx rate in us-east-1.
   * @default - no edge alarms
   */
  readonly edge?: EdgeAlarmTargets;
}

export class ObservabilityStack extends EnvironmentStack {
  public readonly alarmTopic: AlarmTopic;
  /** The us-east-1 topic of the CloudFront alarm (environments with a distribution). */
  public readonly globalAlarmTopic?: AlarmTopic;
  /** The us-east-1 provider (alias `us_east_1`), with a distribution. */
  public readonly usEast1?: AwsProvider;
  public readonly alarms: EnvironmentAlarms;
  public readonly costGuard: CostGuard;

  constructor(scope: Construct, props: ObservabilityStackProps) {
    super(scope, "observability", props);
    const { env, observability: o, serverless, data, edge } = props;

    this.alarmTopic = new AlarmTopic(this, "AlarmTopic", {
      topicName: `${this.namePrefix}-alarms`,
      accountId: env.accountId,
      region: env.region,
      subscriptions: o.subscriptions,
    });
    if (data) {
      // The job queues' DLQ alarms notify the data stack's topic: same subscribers.
      this.alarmTopic.subscribeAlso("DataAlertsSubscription", data.alertsTopic.arn);
    }

    if (edge?.distributionId !== undefined) {
      this.usEast1 = this.addUsEast1Provider();
      this.globalAlarmTopic = new AlarmTopic(this, "GlobalAlarmTopic", {
        topicName: `${this.namePrefix}-alarms`,
        accountId: env.accountId,
        region: GLOBAL_REGION,
        subscriptions: o.subscriptions,
        publishers: ["cloudWatchAlarms"],
        provider: this.usEast1,
      });
    }

    this.alarms = new EnvironmentAlarms(this, "Alarms", {
      namePrefix: this.namePrefix,
      region: env.region,
      alarmTopicArn: this.alarmTopic.topicArn,
      thresholds: o.thresholds,
      lambda: { functionName: serverless.function.functionName, timeoutSeconds: env.serverless.timeoutSeconds },
      httpApi: { apiId: serverless.api.id, stage: serverless.stage.name },
      postgres: data ? { instanceId: data.postgres.instance.identifier } : undefined,
      redis: data?.redis && env.data?.redis ? { replicationGroupId: data.redis.replicationGroup.replicationGroupId, nodeCount: 1 + env.data.redis.replicas } : undefined,
      queues: data ? Object.entries(data.queues.queues).map(([name, q]) => ({ name, queueName: q.queue.name })) : undefined,
      edge,
      global: this.usEast1 && this.globalAlarmTopic ? { provider: this.usEast1, alarmTopicArn: this.globalAlarmTopic.topicArn } : undefined,
    });

    this.costGuard = new CostGuard(this, "CostGuard", {
      namePrefix: this.namePrefix,
      monthlyLimitUsd: o.budget.monthlyLimitUsd,
      actualAlertPercents: o.budget.actualAlertPercents,
      forecastAlertPercents: o.budget.forecastAlertPercents,
      anomalyThresholdUsd: o.budget.anomalyThresholdUsd,
      anomalyMonitor: o.budget.anomalyMonitor,
      costAllocationTag: { key: "Environment", value: env.name },
      alarmTopicArn: this.alarmTopic.topicArn,
      // Cost Anomaly Detection checks at creation that it may publish to the topic.
      dependsOn: [this.alarmTopic.policy],
    });

    const outputs: Record<string, { value: unknown; description: string }> = {
      alarm_topic_arn: { value: this.alarmTopic.topicArn, description: "SNS topic of the environment's alarms, budget and anomaly alerts" },
      dashboard_url: {
        value: `https://${env.region}.console.aws.amazon.com/cloudwatch/home?region=${env.region}#dashboards:name=${this.alarms.dashboardName}`,
        description: "The environment's CloudWatch dashboard",
      },
      budget_name: { value: this.costGuard.budgetName, description: "The monthly cost budget" },
    };
    if (this.globalAlarmTopic) {
      outputs.global_alarm_topic_arn = { value: this.globalAlarmTopic.topicArn, description: "SNS topic (us-east-1) of the CloudFront alarm" };
    }
    for (const [id, out] of Object.entries(outputs)) {
      new TerraformOutput(this, id, { value: out.value, description: out.description });
    }
  }
}
