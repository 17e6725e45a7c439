import { EnvironmentConfig } from "../lib/config";

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
    reservedConcurrency: 50,
    logLevel: "INFO",
    logRetentionDays: 365,
    inVpc: true,
    allowedOrigins: ["https://chatbot.example.com"],
    throttlingRateLimit: 100,
    throttlingBurstLimit: 200,
  },
  delivery: {
    githubOwner: "example-org",
    githubRepository: "chatbot",
    deploySubjects: [{ kind: "environment", name: "prod" }],
    // Plans read the whole account and its state: only from a protected GitHub environment.
    planSubjects: [{ kind: "environment", name: "prod-plan" }],
  },
};
