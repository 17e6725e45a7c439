import { Testing } from "cdktf";
import { Construct } from "constructs";
import { CostGuard, CostGuardProps } from "../constructs/cost-guard";
import { TfJson, resources } from "./helpers";

const TOPIC = "arn:aws:sns:ap-southeast-2:123456789012:chatbot-test-alarms";
const props: CostGuardProps = {
  namePrefix: "chatbot-test",
  monthlyLimitUsd: 800,
  actualAlertPercents: [80, 100],
  forecastAlertPercents: [100],
  anomalyThresholdUsd: 50,
  costAllocationTag: { key: "Environment", value: "test" },
  alarmTopicArn: TOPIC,
};

const json = (p: Partial<CostGuardProps> = {}): TfJson => JSON.parse(Testing.synthScope((scope: Construct) => void new CostGuard(scope, "CostGuard", { ...props, ...p })));
const errorOf = (p: Partial<CostGuardProps>): string => {
  try {
    json(p);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("no error thrown");
};

describe("CostGuard", () => {
  test("a monthly COST budget of the limit, alerting the topic at each actual and forecast percentage", () => {
    const [budget] = resources(json(), "aws_budgets_budget");
    expect(budget).toMatchObject({ name: "chatbot-test-monthly", budget_type: "COST", limit_amount: "800", limit_unit: "USD", time_unit: "MONTHLY" });
    expect(budget.notification.map((n: any) => [n.notification_type, n.threshold, n.threshold_type, n.comparison_operator, n.subscriber_sns_topic_arns])).toEqual([
      ["ACTUAL", 80, "PERCENTAGE", "GREATER_THAN", [TOPIC]],
      ["ACTUAL", 100, "PERCENTAGE", "GREATER_THAN", [TOPIC]],
      ["FORECASTED", 100, "PERCENTAGE", "GREATER_THAN", [TOPIC]],
    ]);
  });

  test("by default the account's services monitor, with an immediate SNS subscription at the impact threshold", () => {
    const j = json();
    const [monitor] = resources(j, "aws_ce_anomaly_monitor");
    expect(monitor).toMatchObject({ name: "chatbot-test-services", monitor_type: "DIMENSIONAL", monitor_dimension: "SERVICE" });
    const [sub] = resources(j, "aws_ce_anomaly_subscription");
    expect(sub.frequency).toBe("IMMEDIATE");
    expect(sub.subscriber).toEqual([{ type: "SNS", address: TOPIC }]);
    expect(sub.monitor_arn_list).toEqual([expect.stringMatching(/^\$\{aws_ce_anomaly_monitor\.CostGuard_Monitor_[A-F0-9]+\.arn\}$/)]);
    expect(sub.threshold_expression).toEqual({ dimension: { key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE", match_options: ["GREATER_THAN_OR_EQUAL"], values: ["50"] } });
  });

  test("an environmentTag monitor selects the environment's cost allocation tag", () => {
    const [monitor] = resources(json({ anomalyMonitor: { kind: "environmentTag" } }), "aws_ce_anomaly_monitor");
    expect(monitor.monitor_type).toBe("CUSTOM");
    expect(monitor.monitor_dimension).toBeUndefined();
    expect(JSON.parse(monitor.monitor_specification)).toEqual({ Tags: { Key: "Environment", Values: ["test"], MatchOptions: ["EQUALS"] } });
  });

  test("an existing monitor is subscribed to, not created", () => {
    const arn = "arn:aws:ce::123456789012:anomalymonitor/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    const j = json({ anomalyMonitor: { kind: "existing", monitorArn: arn } });
    expect(resources(j, "aws_ce_anomaly_monitor")).toEqual([]);
    expect(resources(j, "aws_ce_anomaly_subscription")[0].monitor_arn_list).toEqual([arn]);
  });

  describe("errors", () => {
    test("a limit of zero, a percentage twice, one out of range, a negative anomaly threshold", () => {
      expect(errorOf({ monthlyLimitUsd: 0, actualAlertPercents: [80, 80], forecastAlertPercents: [1500], anomalyThresholdUsd: -1 })).toBe(
        [
          "CostGuard chatbot-test: 4 invalid props; nothing was created:",
          "  - monthlyLimitUsd: 0 is not a budget above 0",
          "    allowed: a number of USD above 0",
          "    fix: set monthlyLimitUsd to the environment's estimate from npm run cost, with headroom",
          "  - actualAlertPercents[1]: 80 repeats actualAlertPercents[0]",
          "    allowed: each percentage once (AWS Budgets refuses a duplicate notification)",
          "    fix: remove actualAlertPercents[1]",
          "  - forecastAlertPercents[0]: 1500 is not a percentage from 1 to 1000",
          "    allowed: a percentage of the limit from 1 to 1000",
          "    fix: set forecastAlertPercents[0] to e.g. 100",
          "  - anomalyThresholdUsd: -1 is negative",
          "    allowed: a number of USD from 0 (every anomaly) up",
          "    fix: set anomalyThresholdUsd to e.g. 50",
        ].join("\n"),
      );
    });

    test("no alert at all, and more than Budgets allows", () => {
      expect(errorOf({ actualAlertPercents: [], forecastAlertPercents: [] })).toContain("  - actualAlertPercents: [] is empty and so is forecastAlertPercents: the budget would tell nobody");
      expect(errorOf({ actualAlertPercents: [10, 20, 30, 40, 50, 60], forecastAlertPercents: [70, 80, 90, 100, 110] })).toContain(
        "  - actualAlertPercents: [10,20,30,40,50,60] and forecastAlertPercents make 11 notifications\n    allowed: at most 10 in both lists together (AWS Budgets' limit per budget)",
      );
    });

    test("an existing monitor named by something that is not its ARN", () => {
      expect(errorOf({ anomalyMonitor: { kind: "existing", monitorArn: "Default-Services-Monitor" } })).toBe(
        [
          "CostGuard chatbot-test: 1 invalid prop; nothing was created:",
          '  - anomalyMonitor.monitorArn: "Default-Services-Monitor" is not an anomaly monitor ARN',
          "    allowed: arn:aws:ce::<account>:anomalymonitor/<id>",
          "    fix: copy the monitor's ARN from Cost Explorer (aws ce get-anomaly-monitors)",
        ].join("\n"),
      );
    });
  });
});
