/**
 * GithubOidc: the GitHub Actions OIDC identity provider of an account (one per account), which
 * lets workflows assume IAM roles with short-lived tokens instead of stored access keys.
 *
 * IAM allows one provider per URL per account, and many accounts already have
 * `token.actions.githubusercontent.com` (another team's pipelines, an organization baseline). Such
 * an account uses `source: "existing"`: the provider is looked up by URL, never created or changed,
 * and the plan fails if it is missing or does not accept the `sts.amazonaws.com` audience.
 */
import { Construct } from "constructs";
import { DataAwsIamOpenidConnectProvider } from "@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import type { GithubOidcProviderSource } from "../../lib/types/oidc-provider-source";

export { GITHUB_OIDC_PROVIDER_SOURCES } from "../../lib/types/oidc-provider-source";
export type { GithubOidcProviderSource } from "../../lib/types/oidc-provider-source";

export const GITHUB_OIDC_URL = "https://token.actions.githubusercontent.com";
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

export interface GithubOidcProps {
  /**
   * Create the account's provider, or use the one it already has.
   * @default "create"
   */
  readonly source?: GithubOidcProviderSource;
}

export class GithubOidc extends Construct {
  /** Where the provider comes from. */
  public readonly source: GithubOidcProviderSource;
  /** The provider, when this construct creates it (`source: "create"`). */
  public readonly provider?: IamOpenidConnectProvider;
  /** The looked-up provider, when the account already has one (`source: "existing"`). */
  public readonly existingProvider?: DataAwsIamOpenidConnectProvider;
  /** ARN of the provider, the `Federated` principal of role trust policies. */
  public readonly providerArn: string;

  constructor(scope: Construct, id: string, props: GithubOidcProps = {}) {
    super(scope, id);
    this.source = props.source ?? "create";
    if (this.source === "existing") {
      this.existingProvider = new DataAwsIamOpenidConnectProvider(this, "ExistingProvider", {
        url: GITHUB_OIDC_URL,
        lifecycle: {
          postcondition: [
            {
              // The roles' trust policies pin the audience; a provider without it admits no token.
              condition: `\${contains(self.client_id_list, "${GITHUB_OIDC_AUDIENCE}")}`,
              errorMessage: `The account's existing GitHub OIDC provider (${GITHUB_OIDC_URL}) does not accept the audience ${GITHUB_OIDC_AUDIENCE}, which aws-actions/configure-aws-credentials requests: add it with aws iam add-client-id-to-open-id-connect-provider --client-id ${GITHUB_OIDC_AUDIENCE} --open-id-connect-provider-arn arn:aws:iam::<account>:oidc-provider/${GITHUB_OIDC_HOST}.`,
            },
          ],
        },
      });
      this.providerArn = this.existingProvider.arn;
      return;
    }
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
