/**
 * Bad observability input (environments' `observability` sections) through the command line as
 * users run it (the harness of __tests__/helpers/bad-input.ts): each mistake exits 1 with exactly
 * this report, no stack trace, and cdktf.out untouched.
 */
import { BadInput, expectRefused, useBadInputHarness } from "./helpers/bad-input";

const harness = useBadInputHarness();

/** [what is wrong, the input, the whole stderr]. */
const CASES: [string, BadInput, string][] = [
  [
    "production alarms with no subscriber",
    { mutate: (c) => { c.env.prod.observability.subscriptions = []; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - prod.observability.subscriptions: [] is empty: production alarms, budget and anomaly alerts would reach nobody\n    allowed: at least one subscriber in production\n    fix: add the on-call's address or paging webhook, e.g. { protocol: \"email\", endpoint: \"platform-oncall@example.com\" }\n",
  ],
  [
    "a plain HTTP webhook",
    { mutate: (c) => { c.env.staging.observability.subscriptions = [{ protocol: "https", endpoint: "http://hooks.example.com/alarms" }]; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - staging.observability.subscriptions[0].endpoint: \"http://hooks.example.com/alarms\" is a plain HTTP URL: notifications would cross the internet unencrypted\n    allowed: https://host[:port][/path], no spaces\n    fix: serve the endpoint over HTTPS and use its https:// URL\n",
  ],
  [
    "an e-mail address with a display name, and the same address twice",
    { mutate: (c) => { c.env.dev.observability.subscriptions = [{ protocol: "email", endpoint: "Platform <platform-dev@example.com>" }, { protocol: "email", endpoint: "oncall@example.com" }, { protocol: "email", endpoint: "oncall@example.com" }]; } },
    "Invalid configuration (2 problems); nothing was synthesized:\n  - dev.observability.subscriptions[0].endpoint: \"Platform <platform-dev@example.com>\" is not an e-mail address\n    allowed: an address such as \"platform-oncall@example.com\" (no name, no spaces, no mailto:)\n    fix: set dev.observability.subscriptions[0].endpoint to the address alone\n  - dev.observability.subscriptions[2]: {\"protocol\":\"email\",\"endpoint\":\"oncall@example.com\"} repeats dev.observability.subscriptions[1]\n    allowed: each subscriber once (SNS would keep one subscription and Terraform would fight over it)\n    fix: remove dev.observability.subscriptions[2]\n",
  ],
  [
    "thresholds out of range",
    { mutate: (c) => { c.env.dev.observability.thresholds = { ...c.env.dev.observability.thresholds, rdsCpuPercent: 150, lambdaDurationPercentOfTimeout: 0, lambdaErrors: 2.5 }; } },
    "Invalid configuration (3 problems); nothing was synthesized:\n  - dev.observability.thresholds.lambdaErrors: 2.5 is out of range\n    allowed: an integer from 1 to 1000000\n    fix: set dev.observability.thresholds.lambdaErrors to the count that should wake someone, e.g. 5\n  - dev.observability.thresholds.lambdaDurationPercentOfTimeout: 0 is not a percentage from 1 to 100\n    allowed: a number from 1 to 100\n    fix: set dev.observability.thresholds.lambdaDurationPercentOfTimeout to e.g. 80\n  - dev.observability.thresholds.rdsCpuPercent: 150 is not a percentage from 1 to 100\n    allowed: a number from 1 to 100\n    fix: set dev.observability.thresholds.rdsCpuPercent to e.g. 80\n",
  ],
  [
    "free storage alarm at or above the allocated storage",
    { mutate: (c) => { c.env.staging.observability.thresholds = { ...c.env.staging.observability.thresholds, rdsFreeStorageGb: 20 }; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - staging.observability.thresholds.rdsFreeStorageGb: 20 is not less than the 20 GiB staging.data.postgres.allocatedStorageGb: the alarm would fire from the first minute\n    allowed: a number of GiB above 0 and below 20\n    fix: set staging.observability.thresholds.rdsFreeStorageGb to about a tenth of the allocated storage, e.g. 2\n",
  ],
  [
    "a queue age the shortest retention never reaches",
    { mutate: (c) => { c.env.dev.observability.thresholds = { ...c.env.dev.observability.thresholds, queueOldestMessageSeconds: 400000 }; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - dev.observability.thresholds.queueOldestMessageSeconds: 400000 is not less than the 345600 s queue conversation-logging keeps a message: its jobs would expire before the alarm fires\n    allowed: less than 345600 (the shortest messageRetentionDays of dev.data.queues)\n    fix: lower dev.observability.thresholds.queueOldestMessageSeconds, e.g. to 900\n",
  ],
  [
    "a budget of zero with a repeated and an out-of-range percentage",
    { mutate: (c) => { c.env.prod.observability.budget = { ...c.env.prod.observability.budget, monthlyLimitUsd: 0, actualAlertPercents: [80, 80], forecastAlertPercents: [0], anomalyThresholdUsd: -5 }; } },
    "Invalid configuration (4 problems); nothing was synthesized:\n  - prod.observability.budget.monthlyLimitUsd: 0 is not a budget above 0\n    allowed: a number of USD above 0\n    fix: set prod.observability.budget.monthlyLimitUsd to the environment's estimate from npm run cost, with headroom\n  - prod.observability.budget.actualAlertPercents[1]: 80 repeats prod.observability.budget.actualAlertPercents[0]\n    allowed: each percentage once (AWS Budgets refuses a duplicate notification)\n    fix: remove prod.observability.budget.actualAlertPercents[1]\n  - prod.observability.budget.forecastAlertPercents[0]: 0 is not a percentage from 1 to 1000\n    allowed: a percentage of the limit from 1 to 1000\n    fix: set prod.observability.budget.forecastAlertPercents[0] to e.g. 100\n  - prod.observability.budget.anomalyThresholdUsd: -5 is negative\n    allowed: a number of USD from 0 (every anomaly) up\n    fix: set prod.observability.budget.anomalyThresholdUsd to e.g. 50\n",
  ],
  [
    "a second services anomaly monitor in an account",
    { mutate: (c) => { c.env.local.observability.budget = { ...c.env.local.observability.budget, anomalyMonitor: undefined }; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - remote.observability.budget.anomalyMonitor: {\"kind\":\"accountServices\"} (the default) creates a second services anomaly monitor in account 123456789012, which local already creates (AWS allows one per account)\n    allowed: { kind: \"environmentTag\" } or { kind: \"existing\", monitorArn } when another environment of the account creates the services monitor\n    fix: set remote.observability.budget.anomalyMonitor to { kind: \"environmentTag\" } (activate the Environment cost allocation tag) or to { kind: \"existing\", monitorArn: <local's monitor> }\n",
  ],
  [
    "an existing anomaly monitor of another account",
    { mutate: (c) => { c.env.staging.observability.budget = { ...c.env.staging.observability.budget, anomalyMonitor: { kind: "existing", monitorArn: "arn:aws:ce::111111111111:anomalymonitor/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" } }; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - staging.observability.budget.anomalyMonitor.monitorArn: \"arn:aws:ce::111111111111:anomalymonitor/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\" is a monitor of account 111111111111, not of staging's account 222222222222\n    allowed: arn:aws:ce::222222222222:anomalymonitor/<id>\n    fix: use a monitor of account 222222222222, or { kind: \"accountServices\" }\n",
  ],
  [
    "an observability section that is a list",
    { mutate: (c) => { c.env.dev.observability = []; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - dev.observability: [] is not an object\n    allowed: an ObservabilityConfig object\n    fix: replace dev.observability with an ObservabilityConfig object\n",
  ],
];

describe("bad observability input is refused with the exact report", () => {
  test.each(CASES)("%s", (_name, input, expected) => {
    expectRefused(harness.run(input), expected);
  });
});
