import { EnvironmentConfig } from "../lib/config";
import { DATA_BUCKETS, DEVELOPMENT_ALARM_THRESHOLDS, JOB_QUEUES } from "./data-shapes";
import { ADDON_VERSIONS, BACKEND_SCALING, CHART_VERSIONS, KUBERNETES_VERSION } from "./cluster-versions";

/** Development: two AZs and a single NAT gateway to keep cost down (references 001, 003). */
export const dev: EnvironmentConfig = {
  name: "dev",
  criticality: "development",
  accountId: "111111111111",
  region: "ap-southeast-2",
  tags: { CostCenter: "chatbot-dev", Owner: "platform-team" },
  backend: { kind: "s3" },
  network: {
    cidr: "10.10.0.0/16",
    azCount: 2,
    nat: "single",
    flowLogs: { retentionDays: 365, trafficType: "ALL" },
  },
  serverless: {
    memoryMb: 1024,
    timeoutSeconds: 30,
    logLevel: "DEBUG",
    logRetentionDays: 365,
    inVpc: false,
    allowedOrigins: ["http://localhost:3000", "http://localhost:3001", "http://127.0.0.1:3000"],
    throttlingRateLimit: 10,
    throttlingBurstLimit: 20,
  },
  operators: {
    // The role the deploy workflow applies the stacks with (AWS_APPLY_ROLE_ARN_DEV): placeholder.
    applyRoleArn: "arn:aws:iam::111111111111:role/chatbot-platform-apply",
  },
  delivery: {
    githubOwner: "example-org",
    githubRepository: "chatbot",
    // The deploy workflow runs in the GitHub environment "dev"; direct runs on main also deploy.
    deploySubjects: [
      { kind: "environment", name: "dev" },
      { kind: "branch", name: "main" },
    ],
  },
  platform: {
    kubernetesVersion: KUBERNETES_VERSION,
    // Private endpoint only: the pipeline's self-hosted runners and kubectl users reach it from
    // inside the VPC (replace with your runner subnets or VPN range).
    publicEndpointCidrs: [],
    privateEndpointClientCidrs: ["10.10.0.0/16"],
    // Roles let in besides the apply role (cluster-admin) and the plan role (view), e.g. SSO roles.
    access: [],
    logRetentionDays: 365,
    nodeGroups: {
      general: { instanceTypes: ["t3.medium"], minSize: 1, desiredSize: 1, maxSize: 2, diskSizeGb: 50, labels: { workload: "general" } },
      ml: {
        instanceTypes: ["c5.xlarge"],
        minSize: 0,
        desiredSize: 0,
        maxSize: 1,
        diskSizeGb: 100,
        labels: { workload: "ml" },
        taints: [{ key: "workload", value: "ml", effect: "NO_SCHEDULE" }],
      },
    },
    addons: ADDON_VERSIONS,
    apps: {
      charts: CHART_VERSIONS,
      namespaces: [
        {
          name: "chatbot",
          requestsCpu: "4",
          requestsMemory: "8Gi",
          limitsCpu: "8",
          limitsMemory: "16Gi",
          pods: 40,
          containerDefaults: { requestCpu: "250m", requestMemory: "512Mi", limitCpu: "1", limitMemory: "1Gi" },
        },
        {
          name: "chatbot-ml",
          requestsCpu: "4",
          requestsMemory: "8Gi",
          limitsCpu: "8",
          limitsMemory: "16Gi",
          pods: 20,
          containerDefaults: { requestCpu: "500m", requestMemory: "1Gi", limitCpu: "2", limitMemory: "4Gi" },
        },
      ],
      backendScaling: BACKEND_SCALING,
    },
  },
  data: {
    postgres: {
      engineVersion: "16",
      instanceClass: "db.t3.micro",
      deployment: "singleAz",
      allocatedStorageGb: 20,
      maxAllocatedStorageGb: 100,
      backupRetentionDays: 7,
      backupWindow: "16:00-16:30",
      maintenanceWindow: "sun:17:00-sun:17:30",
      deletionProtection: "disabled",
      finalSnapshot: "skip",
      performanceInsightsRetentionDays: 7,
      logRetentionDays: 365,
    },
    redis: {
      engineVersion: "7.1",
      nodeType: "cache.t4g.micro",
      replicas: 0,
      failover: "none",
      snapshotRetentionDays: 0,
      snapshotWindow: "15:00-16:00",
      maintenanceWindow: "sun:18:00-sun:19:00",
      slowLogRetentionDays: 365,
    },
    atlas: {
      // Placeholder: the id of your Atlas organization (Organization Settings), not a credential.
      organizationId: "000000000000000000000001",
      instanceSize: "M10",
      mongoDbMajorVersion: "7.0",
      diskSizeGb: 10,
      pointInTimeRecovery: "disabled",
      terminationProtection: "disabled",
    },
    queues: JOB_QUEUES,
    buckets: DATA_BUCKETS,
    bucketLogRetentionDays: 365,
  },
  // No domain: the distribution's default *.cloudfront.net name and certificate (docs/edge.md).
  edge: {
    priceClass: "PriceClass_100",
    accessLogRetentionDays: 365,
    waf: {
      rateLimitPerIp: 1000,
      rateLimitWindowSeconds: 300,
      rateLimitMode: "count",
      // New rules observe first; dev keeps the common rule set counting while the app is built.
      managedRuleModes: { AWSManagedRulesCommonRuleSet: "count" },
      logRetentionDays: 365,
    },
  },
  // Alarms, dashboard, budget and anomaly detection (`dev-observability`, docs/observability.md).
  observability: {
    // Placeholder subscriber: replace with your team's address; it must confirm the mail SNS sends.
    subscriptions: [{ protocol: "email", endpoint: "platform-dev@example.com" }],
    thresholds: DEVELOPMENT_ALARM_THRESHOLDS,
    // npm run cost (docs/cost.md): dev 399.20 .. 614.20 USD a month; the limit leaves ~30% above the high end.
    budget: { monthlyLimitUsd: 800, actualAlertPercents: [80, 100], forecastAlertPercents: [100], anomalyThresholdUsd: 50 },
  },
};
