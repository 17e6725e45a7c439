/**
 * CostGuard: a monthly cost budget for an environment's account, with alerts on actual and
 * forecast spend, and Cost Explorer anomaly detection with an immediate subscription (references
 * 001 and 003: "budgets and anomaly detection on NAT egress").
 *
 * - The budget (`aws_budgets_budget`, COST, MONTHLY) notifies the alarm topic at each configured
 *   percentage of the limit, for actual and for forecast spend. Budgets can publish to an SNS topic
 *   only when the topic's policy (and its key's policy, for an encrypted topic) allows
 *   budgets.amazonaws.com: constructs/alarm-topic does.
 * - The anomaly subscription (`aws_ce_anomaly_subscription`) watches one monitor and tells the topic
 *   as soon as an anomaly's total impact reaches the threshold (IMMEDIATE frequency takes SNS
 *   subscribers only; the topic's policy allows costalerts.amazonaws.com).
 * - The monitor (AnomalyMonitorSource): the account's DIMENSIONAL SERVICE monitor, created here
 *   (AWS allows one per account), a CUSTOM monitor on the environment's cost allocation tag, or an
 *   existing monitor. A services monitor sees every service, "EC2 - Other" (NAT gateway hours and
 *   processed bytes, data transfer out) among them.
 */
import { Construct } from "constructs";
import { ITerraformDependable, Token } from "cdktf";
import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget";
import { CeAnomalyMonitor } from "@cdktf/provider-aws/lib/ce-anomaly-monitor";
import { CeAnomalySubscription } from "@cdktf/provider-aws/lib/ce-anomaly-subscription";
import { PropPaths, PropProblems, checkProps } from "../../lib/prop-checks";
import { Problems, isRecord } from "../../lib/problems";
import type { AnomalyMonitorSource } from "../../lib/types/observability";
import { ANOMALY_MONITOR_KINDS } from "../../lib/types/observability";

export type { AnomalyMonitorSource } from "../../lib/types/observability";

/** AWS Budgets allows ten notifications per budget. */
export const MAX_BUDGET_NOTIFICATIONS = 10;
/** An anomaly monitor's ARN. */
export const ANOMALY_MONITOR_ARN_PATTERN = /^arn:aws:ce::\d{12}:anomalymonitor\/[0-9a-f-]{36}$/;

export interface CostGuardProps {
  /** Prefix of the budget, monitor and subscription names, e.g. `chatbot-dev`. */
  readonly namePrefix: string;
  /** Monthly limit in USD. */
  readonly monthlyLimitUsd: number;
  /** Percentages of the limit that alert on actual spend. */
  readonly actualAlertPercents: readonly number[];
  /** Percentages of the limit that alert on forecast spend. */
  readonly forecastAlertPercents: readonly number[];
  /** Alert when an anomaly's total impact reaches this many USD. */
  readonly anomalyThresholdUsd: number;
  /**
   * The monitor the subscription watches.
   * @default { kind: "accountServices" }
   */
  readonly anomalyMonitor?: AnomalyMonitorSource;
  /** The cost allocation tag a `environmentTag` monitor selects, e.g. `{ key: "Environment", value: "dev" }`. */
  readonly costAllocationTag: { readonly key: string; readonly value: string };
  /** The SNS topic budget and anomaly alerts go to (it must allow budgets and costalerts to publish). */
  readonly alarmTopicArn: string;
  /**
   * What the budget and the anomaly subscription are created after: the topic policy that lets
   * them publish (Cost Anomaly Detection checks it when the subscription is created).
   * @default - nothing
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

export class CostGuard extends Construct {
  public readonly budget: BudgetsBudget;
  /** `<namePrefix>-monthly`. */
  public readonly budgetName: string;
  /** The monitor created here (none for an `existing` one). */
  public readonly monitor?: CeAnomalyMonitor;
  /** ARN of the watched monitor. */
  public readonly monitorArn: string;
  public readonly anomalySubscription: CeAnomalySubscription;

  constructor(scope: Construct, id: string, props: CostGuardProps) {
    super(scope, id);
    checkProps(`CostGuard ${props.namePrefix}`, props, validateCostGuardProps);
    const source = props.anomalyMonitor ?? { kind: "accountServices" };
    const notify = (type: "ACTUAL" | "FORECASTED") => (percent: number) => ({
      notificationType: type,
      comparisonOperator: "GREATER_THAN",
      threshold: percent,
      thresholdType: "PERCENTAGE",
      subscriberSnsTopicArns: [props.alarmTopicArn],
    });
    this.budgetName = `${props.namePrefix}-monthly`;
    this.budget = new BudgetsBudget(this, "Budget", {
      name: this.budgetName,
      budgetType: "COST",
      limitAmount: String(props.monthlyLimitUsd),
      limitUnit: "USD",
      timeUnit: "MONTHLY",
      notification: [...props.actualAlertPercents.map(notify("ACTUAL")), ...props.forecastAlertPercents.map(notify("FORECASTED"))],
      dependsOn: [...(props.dependsOn ?? [])],
    });

    if (source.kind === "existing") {
      this.monitorArn = source.monitorArn;
    } else {
      this.monitor =
        source.kind === "accountServices"
          ? new CeAnomalyMonitor(this, "Monitor", { name: `${props.namePrefix}-services`, monitorType: "DIMENSIONAL", monitorDimension: "SERVICE" })
          : new CeAnomalyMonitor(this, "Monitor", {
              name: `${props.namePrefix}-environment-tag`,
              monitorType: "CUSTOM",
              monitorSpecification: JSON.stringify({ Tags: { Key: props.costAllocationTag.key, Values: [props.costAllocationTag.value], MatchOptions: ["EQUALS"] } }),
            });
      this.monitorArn = this.monitor.arn;
    }
    this.anomalySubscription = new CeAnomalySubscription(this, "AnomalySubscription", {
      name: `${props.namePrefix}-anomalies`,
      frequency: "IMMEDIATE",
      monitorArnList: [this.monitorArn],
      subscriber: [{ type: "SNS", address: props.alarmTopicArn }],
      thresholdExpression: {
        dimension: { key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE", matchOptions: ["GREATER_THAN_OR_EQUAL"], values: [String(props.anomalyThresholdUsd)] },
      },
      dependsOn: [...(props.dependsOn ?? [])],
    });
  }
}

/**
 * Reports every problem of CostGuardProps through `problems`: the limit, the alert percentages
 * (1 to 1000, each once per kind, at most ten in all, at least one), the anomaly threshold and the
 * monitor. lib/validate-observability.ts runs it on each environment's `observability.budget`.
 */
export function validateCostGuardProps(props: CostGuardProps, problems: Problems, paths: PropPaths = ""): void {
  const p = new PropProblems(problems, paths);
  if (p.text("namePrefix", props.namePrefix, "lower-case letters, digits and hyphens", 'use the naming helper, e.g. "chatbot-dev"') && !/^[a-z][a-z0-9-]*[a-z0-9]$/.test(props.namePrefix)) {
    p.add("namePrefix", props.namePrefix, "is not a valid name prefix", "lower-case letters, digits and hyphens, starting with a letter", 'use the naming helper, e.g. "chatbot-dev"');
  }
  p.number("monthlyLimitUsd", props.monthlyLimitUsd, (n) => Number.isFinite(n) && n > 0, "is not a budget above 0", "a number of USD above 0", `set ${p.name("monthlyLimitUsd")} to the environment's estimate from npm run cost, with headroom`);
  let total = 0;
  for (const kind of ["actualAlertPercents", "forecastAlertPercents"] as const) {
    const list: unknown = props[kind];
    if (!p.list(kind, list, "a list of percentages from 1 to 1000, e.g. [80, 100]", `set ${p.name(kind)} to e.g. [80, 100], or [] for none`)) {
      continue;
    }
    total += list.length;
    const seen = new Map<number, number>();
    list.forEach((v, i) => {
      if (typeof v !== "number" || !Number.isFinite(v) || v < 1 || v > 1000) {
        p.add(`${kind}[${i}]`, v, typeof v === "number" ? "is not a percentage from 1 to 1000" : "is not a number", "a percentage of the limit from 1 to 1000", `set ${p.name(`${kind}[${i}]`)} to e.g. 100`);
      } else if (seen.has(v)) {
        p.add(`${kind}[${i}]`, v, `repeats ${p.name(`${kind}[${seen.get(v)}]`)}`, "each percentage once (AWS Budgets refuses a duplicate notification)", `remove ${p.name(`${kind}[${i}]`)}`);
      } else {
        seen.set(v, i);
      }
    });
  }
  if (Array.isArray(props.actualAlertPercents) && Array.isArray(props.forecastAlertPercents)) {
    if (total === 0) {
      p.add("actualAlertPercents", props.actualAlertPercents, "is empty and so is forecastAlertPercents: the budget would tell nobody", "at least one percentage in either list", `set ${p.name("actualAlertPercents")} to e.g. [80, 100]`);
    } else if (total > MAX_BUDGET_NOTIFICATIONS) {
      p.add("actualAlertPercents", props.actualAlertPercents, `and forecastAlertPercents make ${total} notifications`, `at most ${MAX_BUDGET_NOTIFICATIONS} in both lists together (AWS Budgets' limit per budget)`, "drop some percentages");
    }
  }
  p.number("anomalyThresholdUsd", props.anomalyThresholdUsd, (n) => Number.isFinite(n) && n >= 0, "is negative", "a number of USD from 0 (every anomaly) up", `set ${p.name("anomalyThresholdUsd")} to e.g. 50`);
  const m: unknown = props.anomalyMonitor;
  if (m !== undefined) {
    const kinds = ANOMALY_MONITOR_KINDS.map((k) => JSON.stringify(k)).join(", ");
    if (!isRecord(m) || !(ANOMALY_MONITOR_KINDS as readonly unknown[]).includes(m.kind)) {
      p.add("anomalyMonitor", m, "is not an anomaly monitor source", `{ kind: one of ${kinds} } (existing with monitorArn)`, `set ${p.name("anomalyMonitor")} to { kind: "accountServices" }, or leave it out`);
    } else if (m.kind === "existing" && (typeof m.monitorArn !== "string" || (!Token.isUnresolved(m.monitorArn) && !ANOMALY_MONITOR_ARN_PATTERN.test(m.monitorArn)))) {
      p.add("anomalyMonitor.monitorArn", m.monitorArn, "is not an anomaly monitor ARN", "arn:aws:ce::<account>:anomalymonitor/<id>", "copy the monitor's ARN from Cost Explorer (aws ce get-anomaly-monitors)");
    }
  }
  if (!isRecord(props.costAllocationTag) || typeof props.costAllocationTag.key !== "string" || typeof props.costAllocationTag.value !== "string") {
    p.add("costAllocationTag", props.costAllocationTag, "is not a tag", "{ key, value } strings", 'pass e.g. { key: "Environment", value: "dev" }');
  }
  p.text("alarmTopicArn", props.alarmTopicArn, "an SNS topic ARN", "pass the ARN of the environment's alarm topic");
}
