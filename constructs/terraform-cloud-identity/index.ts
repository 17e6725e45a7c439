/**
 * Terraform Cloud workload identity in an AWS account: the account's OIDC provider for the
 * Terraform Cloud (or Enterprise) host, and per environment the two roles its workspaces'
 * dynamic credentials assume.
 *
 * - `plan` (`TFC_AWS_PLAN_ROLE_ARN`): trusted only for `run_phase:plan` tokens of the environment's
 *   workspaces; AWS `ReadOnlyAccess` with every secret read denied, as the GitHub pull-request
 *   plan role: a plan runs code from any branch a workspace is pointed at.
 * - `apply` (`TFC_AWS_APPLY_ROLE_ARN`): trusted only for `run_phase:apply` tokens; the services
 *   the environment's stacks manage (APPLY_SERVICES), and never the identity it runs as: it may
 *   not change the Terraform Cloud or GitHub roles or OIDC providers of the account, nor create
 *   IAM users or access keys.
 *
 * Both may read the shared stacks' state (their outputs feed the environment's stacks) through
 * `grantState`; the environment's own state lives in Terraform Cloud.
 */
import { Construct } from "constructs";
import { DataAwsIamOpenidConnectProvider } from "@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { FederatedRole, StateLocation } from "../federated-role";
import { GITHUB_OIDC_HOST, GithubOidcProviderSource } from "../github-oidc";

/**
 * IAM service prefixes the apply role may use: every service whose resources the environment
 * stacks declare (RESOURCE_SERVICES), plus what AWS calls on the caller's behalf while creating
 * them (RDS stores a managed master password in Secrets Manager). Not `sts`: the provider's
 * account check needs no permission, and `sts:AssumeRole` would reach every role that trusts
 * this one (the shared stacks' state roles among them).
 */
export const APPLY_SERVICES = ["acm", "apigateway", "budgets", "ce", "cloudfront", "cloudwatch", "ec2", "eks", "elasticache", "elasticloadbalancing", "iam", "kms", "lambda", "logs", "rds", "s3", "route53", "secretsmanager", "sns", "sqs", "ssm", "wafv2"] as const;

/**
 * The IAM service of each AWS resource or data source type prefix the stacks use. A type no entry
 * covers fails the test that checks every synthesized stack against APPLY_SERVICES: a new resource
 * kind must be added here, and its service to APPLY_SERVICES, before an apply role can create it.
 */
export const RESOURCE_SERVICES: readonly (readonly [prefix: string, service: string | undefined])[] = [
  ["aws_iam_policy_document", undefined], // rendered locally, no API call
  ["aws_acm_", "acm"],
  ["aws_apigatewayv2_", "apigateway"],
  ["aws_budgets_", "budgets"],
  ["aws_ce_", "ce"],
  ["aws_cloudwatch_dashboard", "cloudwatch"],
  ["aws_cloudfront_", "cloudfront"],
  ["aws_cloudwatch_log_", "logs"],
  ["aws_cloudwatch_metric_alarm", "cloudwatch"],
  ["aws_db_", "rds"],
  ["aws_default_", "ec2"],
  ["aws_ec2_", "ec2"],
  ["aws_eip", "ec2"],
  ["aws_eks_", "eks"],
  ["aws_elasticache_", "elasticache"],
  ["aws_elb_service_account", undefined], // the provider's table of ELB log-delivery accounts, no API call
  ["aws_flow_log", "ec2"],
  ["aws_iam_", "iam"],
  ["aws_internet_gateway", "ec2"],
  ["aws_kms_", "kms"],
  ["aws_lambda_", "lambda"],
  ["aws_launch_template", "ec2"],
  ["aws_lb", "elasticloadbalancing"],
  ["aws_nat_gateway", "ec2"],
  ["aws_network_acl", "ec2"],
  ["aws_route", "ec2"],
  ["aws_route53_", "route53"],
  ["aws_s3_", "s3"],
  ["aws_secretsmanager_", "secretsmanager"],
  ["aws_security_group", "ec2"],
  ["aws_sns_", "sns"],
  ["aws_sqs_", "sqs"],
  ["aws_ssm_", "ssm"],
  ["aws_subnet", "ec2"],
  ["aws_vpc", "ec2"],
  ["aws_wafv2_", "wafv2"],
];

/** The IAM service of a resource or data source type, `null` when it calls none, `undefined` when unknown. */
export function serviceOfResourceType(type: string): string | null | undefined {
  const entry = RESOURCE_SERVICES.filter(([prefix]) => type.startsWith(prefix)).sort((a, b) => b[0].length - a[0].length)[0];
  return entry === undefined ? undefined : (entry[1] ?? null);
}

export interface TerraformCloudOidcProps {
  /** The Terraform Cloud / Enterprise host, e.g. `app.terraform.io`. */
  readonly hostname: string;
  /** Every audience the account's roles trust (the provider's client IDs). */
  readonly audiences: readonly string[];
  /**
   * Create the provider, or use the account's existing one for the same URL.
   * @default "create"
   */
  readonly source?: GithubOidcProviderSource;
}

/** The account's OIDC provider for a Terraform Cloud host: created, or looked up and checked. */
export class TerraformCloudOidc extends Construct {
  public readonly providerArn: string;
  public readonly hostname: string;

  constructor(scope: Construct, id: string, props: TerraformCloudOidcProps) {
    super(scope, id);
    if (props.audiences.length === 0) {
      throw new Error(`TerraformCloudOidc ${props.hostname}: audiences is empty`);
    }
    this.hostname = props.hostname;
    const url = `https://${props.hostname}`;
    const audiences = [...new Set(props.audiences)].sort();
    if ((props.source ?? "create") === "existing") {
      const existing = new DataAwsIamOpenidConnectProvider(this, "ExistingProvider", {
        url,
        lifecycle: {
          postcondition: audiences.map((audience) => ({
            condition: `\${contains(self.client_id_list, "${audience}")}`,
            errorMessage: `The account's existing OIDC provider for ${url} does not accept the audience ${audience}, which the Terraform Cloud workspaces request: add it with aws iam add-client-id-to-open-id-connect-provider --client-id ${audience} --open-id-connect-provider-arn arn:aws:iam::<account>:oidc-provider/${props.hostname}.`,
          })),
        },
      });
      this.providerArn = existing.arn;
      return;
    }
    // No thumbprint: IAM verifies the host's certificate against its own trusted CAs. A
    // Terraform Enterprise host with a private CA needs one added by hand (docs/terraform-cloud.md).
    const provider = new IamOpenidConnectProvider(this, "Provider", { url, clientIdList: audiences });
    this.providerArn = provider.arn;
  }
}

export interface TerraformCloudRolesProps {
  /** The environment, for descriptions. */
  readonly envName: string;
  /** The account the roles are created in. */
  readonly accountId: string;
  readonly oidc: TerraformCloudOidc;
  /** The audience the environment's tokens carry. */
  readonly audience: string;
  readonly planRoleName: string;
  readonly applyRoleName: string;
  /** `run_phase:plan` subjects of the environment's workspaces. */
  readonly planSubjects: readonly string[];
  /** `run_phase:apply` subjects of the environment's workspaces. */
  readonly applySubjects: readonly string[];
  /** Subjects are patterns (`*`): never in production (validated by the caller). */
  readonly subjectPatterns: boolean;
  /** The shared stacks' state both roles read. */
  readonly sharedState: StateLocation;
}

/** The plan and apply roles of one environment's Terraform Cloud workspaces. */
export class TerraformCloudRoles extends Construct {
  public readonly plan: FederatedRole;
  public readonly apply: FederatedRole;

  constructor(scope: Construct, id: string, props: TerraformCloudRolesProps) {
    super(scope, id);
    const trust = {
      oidcProviderArn: props.oidc.providerArn,
      issuerHost: props.oidc.hostname,
      audience: props.audience,
      subjectPatterns: props.subjectPatterns,
      trustSid: "TerraformCloudRuns",
    };
    this.plan = new FederatedRole(this, "Plan", {
      ...trust,
      roleName: props.planRoleName,
      description: `Terraform Cloud plans of ${props.envName} (read only)`,
      subjects: props.planSubjects,
    });
    // A plan reads every resource's configuration, never a secret value; shared state is read
    // through a state-access role (or, in the state account, with the state key only).
    this.plan.denySecretReads(props.sharedState.accessRoleArns?.length ? undefined : props.sharedState.keyAlias);
    new IamRolePolicyAttachment(this, "PlanReadOnly", { role: this.plan.role.name, policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" });
    this.plan.grantState(props.sharedState, "read");

    // Applies run for up to two hours by default in Terraform Cloud: a cluster or a Multi-AZ
    // database can take most of it.
    this.apply = new FederatedRole(this, "Apply", {
      ...trust,
      roleName: props.applyRoleName,
      description: `Terraform Cloud applies of ${props.envName}`,
      subjects: props.applySubjects,
      maxSessionSeconds: 7200,
    });
    const account = props.accountId;
    const policy = new DataAwsIamPolicyDocument(this, "ApplyPolicyDocument", {
      statement: [
        { sid: "ManageStackServices", effect: "Allow", actions: APPLY_SERVICES.map((s) => `${s}:*`), resources: ["*"] },
        {
          // The identities runs and pipelines sign in with stay as the shared stack made them.
          sid: "DenyIdentityChanges",
          effect: "Deny",
          actions: [
            "iam:AttachRolePolicy",
            "iam:DeleteRole",
            "iam:DeleteRolePermissionsBoundary",
            "iam:DeleteRolePolicy",
            "iam:DetachRolePolicy",
            "iam:PutRolePermissionsBoundary",
            "iam:PutRolePolicy",
            "iam:UpdateAssumeRolePolicy",
            "iam:UpdateRole",
            "iam:UpdateRoleDescription",
          ],
          resources: [`arn:aws:iam::${account}:role/*-tfc-plan`, `arn:aws:iam::${account}:role/*-tfc-apply`, `arn:aws:iam::${account}:role/*-github-plan`, `arn:aws:iam::${account}:role/*-github-deploy`],
        },
        {
          sid: "DenyIdentityProviderChanges",
          effect: "Deny",
          actions: [
            "iam:AddClientIDToOpenIDConnectProvider",
            "iam:CreateOpenIDConnectProvider",
            "iam:DeleteOpenIDConnectProvider",
            "iam:RemoveClientIDFromOpenIDConnectProvider",
            "iam:TagOpenIDConnectProvider",
            "iam:UntagOpenIDConnectProvider",
            "iam:UpdateOpenIDConnectProviderThumbprint",
          ],
          resources: [`arn:aws:iam::${account}:oidc-provider/${props.oidc.hostname}`, `arn:aws:iam::${account}:oidc-provider/${GITHUB_OIDC_HOST}`],
        },
        {
          // The stacks create roles only; long-lived credentials never.
          sid: "DenyLongLivedCredentials",
          effect: "Deny",
          actions: ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:AttachUserPolicy", "iam:PutUserPolicy", "iam:AddUserToGroup"],
          resources: ["*"],
        },
      ],
    });
    new IamRolePolicy(this, "ApplyPolicy", { name: "terraform-cloud-apply", role: this.apply.role.id, policy: policy.json });
    this.apply.grantState(props.sharedState, "read");
  }
}
