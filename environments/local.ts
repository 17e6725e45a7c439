import { EnvironmentConfig } from "../lib/config";
import { DATA_BUCKETS, DEVELOPMENT_ALARM_THRESHOLDS, JOB_QUEUES } from "./data-shapes";

/**
 * Local: a throw-away environment for the fake-AWS tests (moto on loopback). The account id is
 * moto's default account; the S3 backend points at the bucket the bootstrap stack creates there.
 * Never deploy it to a real account.
 */
export const local: EnvironmentConfig = {
  name: "local",
  criticality: "test",
  accountId: "123456789012",
  region: "ap-southeast-2",
  tags: { CostCenter: "chatbot-local", Owner: "platform-team" },
  backend: { kind: "s3" },
  network: {
    cidr: "10.99.0.0/16",
    // apse2-az1, apse2-az2: moto 5.2.5 serves all three ap-southeast-2 AZ IDs (as 2a, 2c; 2b is az3).
    azCount: 2,
    nat: "single",
    flowLogs: { retentionDays: 365, trafficType: "ALL" },
  },
  serverless: {
    memoryMb: 1024,
    timeoutSeconds: 30,
    logLevel: "DEBUG",
    logRetentionDays: 365,
    // In the VPC, so the fake-cloud tier exercises the placement staging and prod use.
    inVpc: true,
    allowedOrigins: ["http://localhost:3000"],
    throttlingRateLimit: 5,
    throttlingBurstLimit: 10,
  },
  operators: {
    // The fake cloud has no IAM enforcement; the name only has to be a role of the account.
    applyRoleArn: "arn:aws:iam::123456789012:role/chatbot-platform-apply",
  },
  delivery: {
    githubOwner: "example-org",
    githubRepository: "chatbot",
    deploySubjects: [{ kind: "branch", name: "main" }],
  },
  // Applied to the fake cloud, which serves neither ElastiCache replication groups nor Atlas.
  data: {
    postgres: {
      engineVersion: "16",
      instanceClass: "db.t3.micro",
      deployment: "singleAz",
      allocatedStorageGb: 20,
      maxAllocatedStorageGb: 30,
      backupRetentionDays: 1,
      backupWindow: "16:00-16:30",
      maintenanceWindow: "sun:17:00-sun:17:30",
      deletionProtection: "disabled",
      finalSnapshot: "skip",
      performanceInsightsRetentionDays: 7,
      logRetentionDays: 365,
    },
    queues: JOB_QUEUES,
    buckets: DATA_BUCKETS,
    bucketLogRetentionDays: 1,
  },
  // No domain: the fake cloud has no delegation, and moto does not serve CloudFront's policies,
  // functions or KeyValueStores (scripts/e2e.py STACKS_NOT_APPLIED says what is applied).
  edge: {
    priceClass: "PriceClass_100",
    accessLogRetentionDays: 365,
    waf: { rateLimitPerIp: 100, rateLimitWindowSeconds: 60, rateLimitMode: "count", logRetentionDays: 365 },
  },
  // Alarms, dashboard, budget and anomaly detection on the fake cloud (`local-observability`).
  observability: {
    // Placeholder: moto sends no mail.
    subscriptions: [{ protocol: "email", endpoint: "platform-oncall@example.com" }],
    thresholds: DEVELOPMENT_ALARM_THRESHOLDS,
    // Never applied to AWS; a nominal limit. The account is shared with `remote` (which copies this
    // section): one services monitor per account, so each environment watches its own tag.
    budget: { monthlyLimitUsd: 100, actualAlertPercents: [100], forecastAlertPercents: [], anomalyThresholdUsd: 10, anomalyMonitor: { kind: "environmentTag" } },
  },
};
