import { EnvironmentConfig } from "../lib/config";

/** Development: two AZs and a single NAT gateway to keep cost down (references 001, 003). */
export const dev: EnvironmentConfig = {
  name: "dev",
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
};
