/**
 * GithubDeployRole: an IAM role that GitHub Actions workflows of one repository assume through the
 * account's OIDC provider, for one environment.
 *
 * The trust policy pins the audience to `sts.amazonaws.com` and the subject to exact
 * `repo:<owner>/<repo>:...` values (no wildcards), and sessions last at most an hour. The role
 * starts with no permissions: the producing constructs grant what it may do (`grantPush`,
 * `grantCodeDeploy`, ...), plus `grantState` and `grantDescribeCluster` here. A role given broad
 * read access (the pull-request plan role) takes `denySecretReads`.
 */
import { Construct } from "constructs";
import { FederatedRole } from "../federated-role";
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST } from "../github-oidc";

/** A subject of the repository, rendered as GitHub puts it in the token's `sub` claim. */
export type GithubSubject =
  | { readonly kind: "environment"; readonly name: string }
  | { readonly kind: "branch"; readonly name: string }
  | { readonly kind: "pullRequest" };

export function githubSubject(owner: string, repository: string, subject: GithubSubject): string {
  const base = `repo:${owner}/${repository}`;
  switch (subject.kind) {
    case "environment":
      return `${base}:environment:${subject.name}`;
    case "branch":
      return `${base}:ref:refs/heads/${subject.name}`;
    case "pullRequest":
      return `${base}:pull_request`;
  }
}

export { SECRET_READ_ACTIONS } from "../federated-role";
export type { StateLocation } from "../federated-role";

export interface GithubDeployRoleProps {
  /** Role name. */
  readonly roleName: string;
  /** What the role is for. */
  readonly description: string;
  /** ARN of the account's GitHub OIDC provider. */
  readonly oidcProviderArn: string;
  /** GitHub repository owner. */
  readonly owner: string;
  /** GitHub repository name. */
  readonly repository: string;
  /** Subjects allowed to assume the role (at least one). */
  readonly subjects: readonly GithubSubject[];
  /**
   * Longest session, in seconds.
   * @default 3600
   */
  readonly maxSessionSeconds?: number;
}

export class GithubDeployRole extends FederatedRole {
  constructor(scope: Construct, id: string, props: GithubDeployRoleProps) {
    if (props.subjects.length === 0) {
      throw new Error(`GithubDeployRole ${props.roleName}: subjects is empty; name at least one GitHub environment or branch`);
    }
    super(scope, id, {
      roleName: props.roleName,
      description: props.description,
      oidcProviderArn: props.oidcProviderArn,
      issuerHost: GITHUB_OIDC_HOST,
      audience: GITHUB_OIDC_AUDIENCE,
      subjects: props.subjects.map((s) => githubSubject(props.owner, props.repository, s)),
      trustSid: "GithubActions",
      maxSessionSeconds: props.maxSessionSeconds,
    });
  }
}
