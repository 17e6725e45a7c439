/**
 * Where an account's OIDC provider comes from: what `SharedConfig.githubOidcProviders` and
 * `terraformCloudOidcProviders` hold, and GithubOidc (constructs/github-oidc) and
 * TerraformCloudIdentity take as `source`.
 *
 * Imports go one way: constructs/ import lib/, never the reverse. This shape is needed by both
 * lib/config.ts and a construct's props, so it lives here in lib/types/, which imports no construct.
 */

/**
 * Where an account's GitHub OIDC provider comes from:
 * - `create`: GithubOidc (constructs/github-oidc) creates it (and the account's shared stack owns it);
 * - `existing`: the account already has one for the same URL; it is looked up, and whoever
 *   created it keeps owning it.
 */
export const GITHUB_OIDC_PROVIDER_SOURCES = ["create", "existing"] as const;
export type GithubOidcProviderSource = (typeof GITHUB_OIDC_PROVIDER_SOURCES)[number];
