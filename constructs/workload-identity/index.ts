/**
 * WorkloadIdentity: an IAM role that exactly one Kubernetes service account of one EKS cluster may
 * assume through the cluster's OIDC provider (IAM roles for service accounts, IRSA), with the
 * policies it is granted.
 *
 * - The trust is pinned to `system:serviceaccount:<namespace>:<name>` and the `sts.amazonaws.com`
 *   audience, both `StringEquals`: no other service account, namespace or token audience.
 * - The role starts with no permission; `policies` adds inline policies, typically the documents
 *   the producing construct or module builds for exactly the resources the workload uses (a job
 *   queue module's consume policy, a bucket's read policy).
 *
 * `serviceAccountRole` builds the trust and the role; EksCluster.addServiceAccountRole uses it for
 * the cluster's own roles (in the cluster's scope, so their state addresses stay as they were).
 */
import { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { idPart } from "../../lib/naming";
import { PropPaths, PropProblems, checkProps } from "../../lib/prop-checks";
import { Problems, isRecord } from "../../lib/problems";
import { known } from "../../lib/token-values";

/** A Kubernetes service account an IRSA role is pinned to. */
export interface ServiceAccountRef {
  /** Namespace of the service account. */
  readonly namespace: string;
  /** Name of the service account. */
  readonly name: string;
}

/** What the trust of a service-account role names. */
export interface ServiceAccountTrust {
  /** Role name. */
  readonly roleName: string;
  /** Name of the cluster (in the role's description). */
  readonly clusterName: string;
  /** ARN of the cluster's IAM OIDC provider. */
  readonly oidcProviderArn: string;
  /** The cluster's OIDC issuer without `https://`, as IAM names its claims (`oidc.eks.<region>.amazonaws.com/id/<id>`). */
  readonly oidcIssuer: string;
  /** The one service account that may assume the role. */
  readonly serviceAccount: ServiceAccountRef;
}

export interface WorkloadIdentityProps extends ServiceAccountTrust {
  /**
   * Inline policies of the role, by policy name: IAM policy documents (JSON).
   * @default - none: the role may do nothing until granted
   */
  readonly policies?: Readonly<Record<string, string>>;
}

/**
 * The trust document (`<id>Trust`) and the role (`<id>`), created directly in `scope`. Only the
 * service account `trust.serviceAccount` of the cluster behind `trust.oidcProviderArn` may assume it.
 */
export function serviceAccountRole(scope: Construct, id: string, trust: ServiceAccountTrust): IamRole {
  const { serviceAccount } = trust;
  const document = new DataAwsIamPolicyDocument(scope, `${id}Trust`, {
    statement: [
      {
        sid: "ServiceAccount",
        effect: "Allow",
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: [trust.oidcProviderArn] }],
        condition: [
          { test: "StringEquals", variable: `${trust.oidcIssuer}:sub`, values: [`system:serviceaccount:${serviceAccount.namespace}:${serviceAccount.name}`] },
          { test: "StringEquals", variable: `${trust.oidcIssuer}:aud`, values: ["sts.amazonaws.com"] },
        ],
      },
    ],
  });
  return new IamRole(scope, id, {
    name: trust.roleName,
    description: `IRSA: ${serviceAccount.namespace}/${serviceAccount.name} in ${trust.clusterName}`,
    assumeRolePolicy: document.json,
    maxSessionDuration: 3600,
  });
}

export class WorkloadIdentity extends Construct {
  /** The role the service account assumes. */
  public readonly role: IamRole;
  /** ARN of the role (the service account's `eks.amazonaws.com/role-arn` annotation). */
  public readonly roleArn: string;
  /** The inline policies, by policy name. */
  public readonly policies: Readonly<Record<string, IamRolePolicy>>;

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    checkProps(`WorkloadIdentity ${props.roleName}`, props, validateWorkloadIdentityProps);
    this.role = serviceAccountRole(this, "Role", props);
    this.roleArn = this.role.arn;
    const policies: Record<string, IamRolePolicy> = {};
    for (const [name, document] of Object.entries(props.policies ?? {})) {
      policies[name] = new IamRolePolicy(this, `${idPart(name)}Policy`, { name, role: this.role.id, policy: document });
    }
    this.policies = policies;
  }
}

/** IAM role names: 1 to 64 of letters, digits and `+=,.@_-`. */
export const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
/** Inline policy names: 1 to 128 of letters, digits and `+=,.@_-`. */
export const POLICY_NAME_PATTERN = /^[\w+=,.@-]{1,128}$/;
/** Kubernetes namespaces (RFC 1123 labels). */
export const NAMESPACE_PATTERN = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Kubernetes service account names (RFC 1123 subdomains). */
export const SERVICE_ACCOUNT_PATTERN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Reports every problem of WorkloadIdentityProps through `problems`. */
export function validateWorkloadIdentityProps(props: WorkloadIdentityProps, problems: Problems, paths: PropPaths = ""): void {
  const p = new PropProblems(problems, paths);
  if (p.text("roleName", props.roleName, "an IAM role name", "pass the role's name") && known(props.roleName) && !ROLE_NAME_PATTERN.test(props.roleName)) {
    p.add("roleName", props.roleName, "is not an IAM role name", "1 to 64 letters, digits and +=,.@_-", 'rename it, e.g. "team-a-dev-report-worker"');
  }
  p.text("clusterName", props.clusterName, "the EKS cluster's name", "pass the name of the cluster the service account runs in");
  if (
    p.text("oidcProviderArn", props.oidcProviderArn, "an IAM OIDC provider ARN", "pass the cluster's OIDC provider ARN") &&
    known(props.oidcProviderArn) &&
    !/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/\S+$/.test(props.oidcProviderArn)
  ) {
    p.add("oidcProviderArn", props.oidcProviderArn, "is not an IAM OIDC provider ARN", "arn:aws:iam::<account>:oidc-provider/<issuer>", "pass the cluster's OIDC provider ARN (the platform stack's cluster_oidc_provider_arn output)");
  }
  if (p.text("oidcIssuer", props.oidcIssuer, "the OIDC issuer host and path", "pass the cluster's OIDC issuer without https://") && known(props.oidcIssuer) && !/^[a-z0-9.-]+(\/\S*)?$/.test(props.oidcIssuer)) {
    p.add("oidcIssuer", props.oidcIssuer, "is not an OIDC issuer host and path", "the issuer URL without https://, e.g. oidc.eks.ap-southeast-2.amazonaws.com/id/EXAMPLE", "remove the https:// prefix");
  }
  if (!isRecord(props.serviceAccount)) {
    p.add("serviceAccount", props.serviceAccount, "is not a service account", "{ namespace, name }", "pass the namespace and name of the Kubernetes service account");
  } else {
    const { namespace, name } = props.serviceAccount;
    if (p.text("serviceAccount.namespace", namespace, "a Kubernetes namespace", "pass the service account's namespace") && known(namespace) && !NAMESPACE_PATTERN.test(namespace)) {
      p.add("serviceAccount.namespace", namespace, "is not a Kubernetes namespace", "1 to 63 lower-case letters, digits and hyphens, starting and ending with a letter or digit", 'use the namespace the workload runs in, e.g. "team-a"');
    }
    if (p.text("serviceAccount.name", name, "a Kubernetes service account name", "pass the service account's name") && known(name) && !SERVICE_ACCOUNT_PATTERN.test(name)) {
      p.add("serviceAccount.name", name, "is not a Kubernetes service account name", "lower-case letters, digits, hyphens and dots, starting and ending with a letter or digit", 'use the name of the pod\'s service account, e.g. "report-worker"');
    }
  }
  const policies: unknown = props.policies ?? {};
  if (!isRecord(policies)) {
    p.add("policies", policies, "is not a map of policies", "{ <policy name>: <policy document JSON> }", "pass a map, or leave policies unset");
    return;
  }
  for (const [policyName, document] of Object.entries(policies)) {
    if (known(policyName) && !POLICY_NAME_PATTERN.test(policyName)) {
      p.add(`policies.${policyName}`, policyName, "is not an inline policy name", "1 to 128 letters, digits and +=,.@_-", 'rename it, e.g. "consume-queues"');
    }
    if (typeof document !== "string" || (known(document) && !isPolicyDocument(document))) {
      p.add(`policies.${policyName}`, document, "is not an IAM policy document", 'JSON with "Version" and "Statement"', "pass the policy JSON, e.g. a job-queue module's consume_policy_json output");
    }
  }
}

function isPolicyDocument(text: string): boolean {
  try {
    const doc: unknown = JSON.parse(text);
    return isRecord(doc) && "Statement" in doc;
  } catch {
    return false;
  }
}
