import { EnvironmentConfig } from "../lib/config";

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
    reservedConcurrency: 10,
    logLevel: "INFO",
    logRetentionDays: 365,
    inVpc: true,
    allowedOrigins: ["https://staging.chatbot.example.com"],
    throttlingRateLimit: 20,
    throttlingBurstLimit: 40,
  },
  delivery: {
    githubOwner: "example-org",
    githubRepository: "chatbot",
    deploySubjects: [{ kind: "environment", name: "staging" }],
  },
};
