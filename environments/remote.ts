import { EnvironmentConfig } from "../lib/config";
import { local } from "./local";

/**
 * Remote: a throw-away environment on Terraform Cloud, for the tests. Its stacks synthesize with
 * `cloud` blocks and the `tfc-example-org` stack creates its project and workspaces; the fake-AWS
 * tier applies its AWS side only (the Terraform Cloud OIDC provider and the plan and apply roles,
 * in `shared-123456789012`), since runs in Terraform Cloud cannot reach a fake cloud. It shares the
 * `local` environment's account and settings. Never deploy it.
 */
export const remote: EnvironmentConfig = {
  ...local,
  name: "remote",
  tags: { CostCenter: "chatbot-remote", Owner: "platform-team" },
  backend: { kind: "cloud", organization: "example-org" },
  network: { ...local.network, cidr: "10.98.0.0/16" },
  serverless: { ...local.serverless, functionName: "chatbot-remote-backend-lambda" },
  // The role the workspaces apply with, created by shared-123456789012.
  operators: { applyRoleArn: "arn:aws:iam::123456789012:role/chatbot-remote-tfc-apply" },
  // No edge: local's edge is for local; the Terraform Cloud workspaces stay the ones they are.
  edge: undefined,
};
