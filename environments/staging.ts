import { EnvironmentConfig } from "../lib/config";
import { DATA_BUCKETS, JOB_QUEUES } from "./data-shapes";
import { ADDON_VERSIONS, BACKEND_SCALING, CHART_VERSIONS, KUBERNETES_VERSION } from "./cluster-versions";

/** Staging: shaped like prod on fewer, smaller parts; single NAT (reference 003). */
export const staging: EnvironmentConfig = {
  name: "staging",
  criticality: "preProduction",
  accountId: "222222222222",
  region: "ap-southeast-2",
  tags: { CostCenter: "chatbot-staging", Owner: "platform-team" },
  backend: { kind: "s3" },
  network: {
    cidr: "10.20.0.0/16",
    azCount: 2,
    nat: "single",
    flowLogs: { retentionDays: 365, trafficType: "ALL" },
  },
  serverless: {
    memoryMb: 1024,
    timeoutSeconds: 30,
    logLevel: "INFO",
    logRetentionDays: 365,
    inVpc: true,
    allowedOrigins: ["https://staging.chatbot.example.com"],
    throttlingRateLimit: 20,
    throttlingBurstLimit: 40,
  },
  operators: {
    // The role the deploy workflow applies the stacks with (AWS_APPLY_ROLE_ARN_STAGING): placeholder.
    applyRoleArn: "arn:aws:iam::222222222222:role/chatbot-platform-apply",
  },
  delivery: {
    githubOwner: "example-org",
    githubRepository: "chatbot",
    deploySubjects: [{ kind: "environment", name: "staging" }],
  },
  platform: {
    kubernetesVersion: KUBERNETES_VERSION,
    // Private endpoint only: the pipeline's self-hosted runners and kubectl users reach it from
    // inside the VPC (replace with your runner subnets or VPN range).
    publicEndpointCidrs: [],
    privateEndpointClientCidrs: ["10.20.0.0/16"],
    // Roles let in besides the apply role (cluster-admin) and the plan role (view), e.g. SSO roles.
    access: [],
    logRetentionDays: 365,
    nodeGroups: {
      general: { instanceTypes: ["t3.medium"], minSize: 2, desiredSize: 2, maxSize: 3, diskSizeGb: 50, labels: { workload: "general" } },
      ml: {
        instanceTypes: ["c5.xlarge"],
        minSize: 1,
        desiredSize: 1,
        maxSize: 2,
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
          requestsCpu: "6",
          requestsMemory: "12Gi",
          limitsCpu: "12",
          limitsMemory: "24Gi",
          pods: 60,
          containerDefaults: { requestCpu: "250m", requestMemory: "512Mi", limitCpu: "1", limitMemory: "1Gi" },
        },
        {
          name: "chatbot-ml",
          requestsCpu: "6",
          requestsMemory: "12Gi",
          limitsCpu: "12",
          limitsMemory: "24Gi",
          pods: 30,
          containerDefaults: { requestCpu: "500m", requestMemory: "1Gi", limitCpu: "2", limitMemory: "4Gi" },
        },
      ],
      backendScaling: BACKEND_SCALING,
    },
  },
  data: {
    postgres: {
      engineVersion: "16",
      instanceClass: "db.t3.small",
      deployment: "singleAz",
      allocatedStorageGb: 20,
      maxAllocatedStorageGb: 200,
      backupRetentionDays: 7,
      backupWindow: "16:00-16:30",
      maintenanceWindow: "sun:17:00-sun:17:30",
      deletionProtection: "enabled",
      finalSnapshot: "keep",
      performanceInsightsRetentionDays: 7,
      logRetentionDays: 365,
    },
    redis: {
      engineVersion: "7.1",
      nodeType: "cache.t4g.small",
      replicas: 1,
      failover: "automatic",
      snapshotRetentionDays: 3,
      snapshotWindow: "15:00-16:00",
      maintenanceWindow: "sun:18:00-sun:19:00",
      slowLogRetentionDays: 365,
    },
    atlas: {
      // Placeholder: the id of your Atlas organization (Organization Settings), not a credential.
      organizationId: "000000000000000000000001",
      instanceSize: "M10",
      mongoDbMajorVersion: "7.0",
      diskSizeGb: 20,
      pointInTimeRecovery: "disabled",
      terminationProtection: "enabled",
    },
    queues: JOB_QUEUES,
    buckets: DATA_BUCKETS,
    bucketLogRetentionDays: 365,
  },
  edge: {
    // A zone created here: delegate it from example.com with the `name_servers` output before
    // the first apply can finish (ACM validates through it; docs/edge.md).
    domain: { name: "staging.chat.example.com", zone: { kind: "create", zoneName: "staging.chat.example.com" } },
    priceClass: "PriceClass_100",
    accessLogRetentionDays: 365,
    waf: { rateLimitPerIp: 2000, rateLimitWindowSeconds: 300, rateLimitMode: "block", logRetentionDays: 365 },
    // The EKS backend behind the edge: a public ALB only CloudFront reaches (origin.<domain>),
    // bound to the backend's Service (the Deployment the autoscaler scales) in <env>-apps.
    loadBalancer: {
      deletionProtection: "disabled",
      backendService: { namespace: "chatbot", name: "chatbot-backend", port: 8000 },
      accessLogRetentionDays: 365,
    },
  },
  // Alarms, dashboard, budget and anomaly detection (`staging-observability`, docs/observability.md).
  observability: {
    // Placeholder subscriber: replace with your team's address; it must confirm the mail SNS sends.
    subscriptions: [{ protocol: "email", endpoint: "platform-oncall@example.com" }],
    thresholds: {
      lambdaErrors: 5,
      lambdaThrottles: 5,
      lambdaDurationPercentOfTimeout: 80,
      api5xx: 5,
      apiLatencyMs: 10000,
      alb5xx: 5,
      cloudFront5xxRatePercent: 2,
      rdsCpuPercent: 85,
      rdsFreeStorageGb: 2,
      rdsConnections: 150,
      redisCpuPercent: 85,
      redisMemoryPercent: 85,
      redisEvictions: 10,
      queueOldestMessageSeconds: 1800,
    },
    // npm run cost (docs/cost.md): staging 683.15 .. 898.16 USD a month; the limit leaves ~30% above the high end.
    budget: { monthlyLimitUsd: 1200, actualAlertPercents: [80, 100], forecastAlertPercents: [100], anomalyThresholdUsd: 75 },
  },
};
