import { EnvironmentConfig } from "../lib/config";

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
    reservedConcurrency: 5,
    logLevel: "DEBUG",
    logRetentionDays: 365,
    inVpc: false,
    allowedOrigins: ["http://localhost:3000", "http://localhost:3001", "http://127.0.0.1:3000"],
    throttlingRateLimit: 10,
    throttlingBurstLimit: 20,
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
};
