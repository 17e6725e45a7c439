/**
 * Validates an environment's `observability` section (lib/types/observability.ts) before any
 * construct exists: the constructs' own validators (constructs/alarm-topic,
 * constructs/environment-alarms, constructs/cost-guard) on the config's paths, and what only the
 * whole configuration knows: production alarms must reach someone, thresholds that the watched
 * resources make meaningless, and one account-wide services anomaly monitor per account.
 */
import { validateAlarmTopicProps } from "../constructs/alarm-topic";
import { ANOMALY_MONITOR_ARN_PATTERN, validateCostGuardProps } from "../constructs/cost-guard";
import { validateEnvironmentAlarmsProps } from "../constructs/environment-alarms";
import { EnvironmentConfig, ObservabilityConfig } from "./config";
import { Problems, isRecord, section } from "./problems";

const SECONDS_PER_DAY = 86_400;

export function validateObservability(problems: Problems, env: EnvironmentConfig, all: readonly EnvironmentConfig[]): void {
  const base = `${env.name}.observability`;
  const o = section<ObservabilityConfig>(problems, base, env.observability, {
    allowed: "an ObservabilityConfig object",
    fix: `remove ${base}, or make it an object like the one of environments/dev.ts`,
    optional: true,
  });
  if (o === undefined) {
    return;
  }

  // Derived props (names, account, region, the watched resources) are the stack's, not the config's.
  validateAlarmTopicProps({ topicName: "chatbot-alarms", accountId: env.accountId, region: env.region, subscriptions: o.subscriptions }, problems, {
    base,
    props: { topicName: null, accountId: null, region: null, publishers: null },
  });
  if (env.criticality === "production" && Array.isArray(o.subscriptions) && o.subscriptions.length === 0) {
    problems.add(
      `${base}.subscriptions`,
      o.subscriptions,
      "is empty: production alarms, budget and anomaly alerts would reach nobody",
      "at least one subscriber in production",
      `add the on-call's address or paging webhook, e.g. { protocol: "email", endpoint: "platform-oncall@example.com" }`,
    );
  }

  validateEnvironmentAlarmsProps({ namePrefix: "chatbot-env", region: env.region, alarmTopicArn: "<topic>", thresholds: o.thresholds }, problems, {
    base,
    props: { namePrefix: null, region: null, alarmTopicArn: null, lambda: null, httpApi: null, postgres: null, redis: null, queues: null, edge: null, global: null },
  });
  const t = isRecord(o.thresholds) ? o.thresholds : undefined;
  const data = isRecord(env.data) ? env.data : undefined;
  const allocated = isRecord(data?.postgres) ? data!.postgres.allocatedStorageGb : undefined;
  if (t && typeof t.rdsFreeStorageGb === "number" && t.rdsFreeStorageGb > 0 && typeof allocated === "number" && t.rdsFreeStorageGb >= allocated) {
    problems.add(
      `${base}.thresholds.rdsFreeStorageGb`,
      t.rdsFreeStorageGb,
      `is not less than the ${allocated} GiB ${env.name}.data.postgres.allocatedStorageGb: the alarm would fire from the first minute`,
      `a number of GiB above 0 and below ${allocated}`,
      `set ${base}.thresholds.rdsFreeStorageGb to about a tenth of the allocated storage, e.g. ${Math.max(1, Math.round(allocated / 10))}`,
    );
  }
  const retentions = (Array.isArray(data?.queues) ? data!.queues : []).filter(isRecord).map((q) => ({ name: q.name, seconds: Number(q.messageRetentionDays) * SECONDS_PER_DAY })).filter((q) => Number.isFinite(q.seconds));
  const shortest = retentions.sort((a, b) => a.seconds - b.seconds)[0];
  if (t && typeof t.queueOldestMessageSeconds === "number" && shortest && t.queueOldestMessageSeconds >= shortest.seconds) {
    problems.add(
      `${base}.thresholds.queueOldestMessageSeconds`,
      t.queueOldestMessageSeconds,
      `is not less than the ${shortest.seconds} s queue ${shortest.name} keeps a message: its jobs would expire before the alarm fires`,
      `less than ${shortest.seconds} (the shortest messageRetentionDays of ${env.name}.data.queues)`,
      `lower ${base}.thresholds.queueOldestMessageSeconds, e.g. to 900`,
    );
  }

  const budgetBase = `${base}.budget`;
  const b = section(problems, budgetBase, o.budget, { allowed: "a BudgetConfig object", fix: `add ${budgetBase} (copy the one of environments/dev.ts)` });
  if (!b) {
    return;
  }
  validateCostGuardProps(
    {
      namePrefix: "chatbot-env",
      monthlyLimitUsd: b.monthlyLimitUsd,
      actualAlertPercents: b.actualAlertPercents,
      forecastAlertPercents: b.forecastAlertPercents,
      anomalyThresholdUsd: b.anomalyThresholdUsd,
      anomalyMonitor: b.anomalyMonitor,
      costAllocationTag: { key: "Environment", value: env.name },
      alarmTopicArn: "<topic>",
    },
    problems,
    { base: budgetBase, props: { namePrefix: null, costAllocationTag: null, alarmTopicArn: null } },
  );
  const monitor: unknown = b.anomalyMonitor;
  if (isRecord(monitor) && monitor.kind === "existing" && typeof monitor.monitorArn === "string" && ANOMALY_MONITOR_ARN_PATTERN.test(monitor.monitorArn)) {
    const account = monitor.monitorArn.split(":")[4];
    if (account !== env.accountId) {
      problems.add(`${budgetBase}.anomalyMonitor.monitorArn`, monitor.monitorArn, `is a monitor of account ${account}, not of ${env.name}'s account ${env.accountId}`, `arn:aws:ce::${env.accountId}:anomalymonitor/<id>`, `use a monitor of account ${env.accountId}, or { kind: "accountServices" }`);
    }
  }
  if (monitor === undefined || (isRecord(monitor) && monitor.kind === "accountServices")) {
    const earlier = all.slice(0, Math.max(0, all.findIndex((e) => isRecord(e) && e.name === env.name))).find(
      (e) => isRecord(e) && e.accountId === env.accountId && isRecord(e.observability) && isRecord(e.observability.budget) && (e.observability.budget.anomalyMonitor === undefined || e.observability.budget.anomalyMonitor.kind === "accountServices"),
    );
    if (earlier) {
      problems.add(
        `${budgetBase}.anomalyMonitor`,
        monitor ?? { kind: "accountServices" },
        `${monitor === undefined ? "(the default) " : ""}creates a second services anomaly monitor in account ${env.accountId}, which ${earlier.name} already creates (AWS allows one per account)`,
        '{ kind: "environmentTag" } or { kind: "existing", monitorArn } when another environment of the account creates the services monitor',
        `set ${budgetBase}.anomalyMonitor to { kind: "environmentTag" } (activate the Environment cost allocation tag) or to { kind: "existing", monitorArn: <${earlier.name}'s monitor> }`,
      );
    }
  }
}
