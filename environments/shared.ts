import { SharedConfig } from "../lib/config";
import { STATE_ACCOUNT_ID } from "./accounts";

/**
 * The container registry, shared by every environment (reference 002), in the tooling account
 * that also holds the Terraform state.
 */
export const shared: SharedConfig = {
  registryAccountId: STATE_ACCOUNT_ID,
  region: "ap-southeast-2",
  repositories: ["chatbot-backend", "chatbot-frontend"],
  keepReleaseImages: 30,
  releaseTagPrefixes: ["v"],
  untaggedImageDays: 7,
  tags: { CostCenter: "chatbot-shared", Owner: "platform-team" },
  // Every account hosting environments creates its GitHub OIDC provider. An account that already
  // has one for token.actions.githubusercontent.com (IAM allows one per account) uses it instead:
  // githubOidcProviders: { "333333333333": "existing" },
};
