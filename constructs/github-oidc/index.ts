/**
 * GithubOidc: the GitHub Actions OIDC identity provider of an account (one per account), which
 * lets workflows assume IAM roles with short-lived tokens instead of stored access keys.
 */
import { Construct } from "constructs";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";

export const GITHUB_OIDC_URL = "https://token.actions.githubusercontent.com";
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

export class GithubOidc extends Construct {
  public readonly provider: IamOpenidConnectProvider;
  /** ARN of the provider, the `Federated` principal of role trust policies. */
  public readonly providerArn: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.provider = new IamOpenidConnectProvider(this, "Provider", {
      url: GITHUB_OIDC_URL,
      clientIdList: [GITHUB_OIDC_AUDIENCE],
      // AWS validates GitHub's certificate through its own trusted CAs; the thumbprints are the
      // ones GitHub publishes, kept because older API versions still require a value.
      thumbprintList: ["6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"],
    });
    this.providerArn = this.provider.arn;
  }
}
