import { EnvironmentConfig } from "../lib/config";
import { DATA_BUCKETS, JOB_QUEUES } from "./data-shapes";
import { ADDON_VERSIONS, BACKEND_SCALING, CHART_VERSIONS, KUBERNETES_VERSION } from "./cluster-versions";

/** Production: three AZs with one NAT gateway each, so losing an AZ never cuts egress (reference 003). */
export const prod: EnvironmentConfig = {
  name: "prod",
  criticality: "production",
  accountId: "333333333333",
  region: "ap-southeast-2",
  tags: { CostCenter: "chatbot-prod", Owner: "platform-team", DataClassification: "confidential" },
  backend: { kind: "s3" },
  network: {
    cidr: "10.30.0.0/16",
    azCount: 3,
    nat: "perAz",
    flowLogs: { retentionDays: 731, trafficType: "ALL" },
  },
  serverless: {
    memoryMb: 1024,
    timeoutSeconds: 30,
    // Production keeps 50 executions for the chat path (and caps it there). The account's quota
    // must leave 100 unreserved: confirm it in Service Quotas (AWS Lambda, "Concurrent executions").
    reservedConcurrency: 50,
    accountConcurrencyQuota: 1000,
    logLevel: "INFO",
    logRetentionDays: 365,
    inVpc: true,
    allowedOrigins: ["https://chatbot.example.com"],
    throttlingRateLimit: 100,
    throttlingBurstLimit: 200,
  },
  operators: {
    // The role the deploy workflow applies the stacks with (AWS_APPLY_ROLE_ARN_PROD): placeholder.
    applyRoleArn: "arn:aws:iam::333333333333:role/chatbot-platform-apply",
  },
  delivery: {
    githubOwner: "example-org",
    githubRepository: "chatbot",
    deploySubjects: [{ kind: "environment", name: "prod" }],
    // Plans read the whole account and its state: only from a protected GitHub environment.
    planSubjects: [{ kind: "environment", name: "prod-plan" }],
  },
  platform: {
    kubernetesVersion: KUBERNETES_VERSION,
    // Private endpoint only: the pipeline's self-hosted runners and kubectl users reach it from
    // inside the VPC (replace with your runner subnets or VPN range).
    publicEndpointCidrs: [],
    privateEndpointClientCidrs: ["10.30.0.0/16"],
    // Roles let in besides the apply role (cluster-admin) and the plan role (view), e.g. SSO roles.
    access: [],
    logRetentionDays: 731,
    nodeGroups: {
      general: { instanceTypes: ["t3.medium"], minSize: 2, desiredSize: 2, maxSize: 5, diskSizeGb: 50, labels: { workload: "general" } },
      ml: {
        instanceTypes: ["c5.xlarge"],
        minSize: 1,
        desiredSize: 1,
        maxSize: 3,
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
          requestsCpu: "12",
          requestsMemory: "24Gi",
          limitsCpu: "24",
          limitsMemory: "48Gi",
          pods: 120,
          containerDefaults: { requestCpu: "250m", requestMemory: "512Mi", limitCpu: "1", limitMemory: "1Gi" },
        },
        {
          name: "chatbot-ml",
          requestsCpu: "12",
          requestsMemory: "24Gi",
          limitsCpu: "24",
          limitsMemory: "48Gi",
          pods: 60,
          containerDefaults: { requestCpu: "500m", requestMemory: "1Gi", limitCpu: "2", limitMemory: "4Gi" },
        },
      ],
      backendScaling: BACKEND_SCALING,
    },
  },
  data: {
    postgres: {
      engineVersion: "16",
      instanceClass: "db.t3.medium",
      deployment: "multiAz",
      allocatedStorageGb: 100,
      maxAllocatedStorageGb: 500,
      backupRetentionDays: 14,
      backupWindow: "16:00-16:30",
      maintenanceWindow: "sun:17:00-sun:17:30",
      deletionProtection: "enabled",
      finalSnapshot: "keep",
      performanceInsightsRetentionDays: 7,
      logRetentionDays: 731,
    },
    redis: {
      engineVersion: "7.1",
      nodeType: "cache.r7g.large",
      replicas: 2,
      failover: "multiAz",
      snapshotRetentionDays: 7,
      snapshotWindow: "15:00-16:00",
      maintenanceWindow: "sun:18:00-sun:19:00",
      slowLogRetentionDays: 731,
    },
    atlas: {
      // Placeholder: the id of your Atlas organization (Organization Settings), not a credential.
      organizationId: "000000000000000000000001",
      instanceSize: "M20",
      mongoDbMajorVersion: "7.0",
      diskSizeGb: 40,
      autoScaling: { minInstanceSize: "M20", maxInstanceSize: "M40", diskGbEnabled: true },
      pointInTimeRecovery: "enabled",
      terminationProtection: "enabled",
    },
    queues: JOB_QUEUES,
    buckets: DATA_BUCKETS,
    bucketLogRetentionDays: 731,
  },
  edge: {
    // The organization's existing public zone. Placeholder ID: replace it with the zone's real ID
    // (aws route53 list-hosted-zones-by-name --dns-name example.com) before the first apply.
    domain: { name: "chat.example.com", zone: { kind: "existing", zoneId: "Z0123456789EXAMPLE", zoneName: "example.com" } },
    priceClass: "PriceClass_All",
    accessLogRetentionDays: 365,
    waf: { rateLimitPerIp: 2000, rateLimitWindowSeconds: 300, rateLimitMode: "block", logRetentionDays: 365 },
    // The EKS backend behind the edge: a public ALB only CloudFront reaches (origin.<domain>),
    // bound to the backend's Service (the Deployment the autoscaler scales) in <env>-apps.
    loadBalancer: {
      deletionProtection: "enabled",
      backendService: { namespace: "chatbot", name: "chatbot-backend", port: 8000 },
      accessLogRetentionDays: 365,
    },
  },
  // Alarms, dashboard, budget and anomaly detection (`prod-observability`, docs/observability.md).
  // Production refuses an empty subscriber list.
  observability: {
    // Placeholder subscribers: replace with the on-call's address and paging webhook.
    subscriptions: [
      { protocol: "email", endpoint: "platform-oncall@example.com" },
      { protocol: "https", endpoint: "https://events.pagerduty.com/integration/00000000000000000000000000000000/enqueue" },
    ],
    thresholds: {
      lambdaErrors: 5,
      lambdaThrottles: 1,
      lambdaDurationPercentOfTimeout: 80,
      api5xx: 5,
      apiLatencyMs: 8000,
      alb5xx: 5,
      cloudFront5xxRatePercent: 1,
      rdsCpuPercent: 80,
      rdsFreeStorageGb: 10,
      rdsConnections: 300,
      redisCpuPercent: 75,
      redisMemoryPercent: 80,
      redisEvictions: 1,
      queueOldestMessageSeconds: 900,
    },
    // npm run cost (docs/cost.md): prod 1,728.18 .. 2,201.53 USD a month; the limit leaves ~30% above the high end.
    budget: { monthlyLimitUsd: 2900, actualAlertPercents: [50, 80, 100], forecastAlertPercents: [100, 120], anomalyThresholdUsd: 100 },
  },
};
