/**
 * Module `workload-identity`: constructs/workload-identity (an IAM role one Kubernetes service
 * account of one EKS cluster may assume through the cluster's OIDC provider, with inline policies).
 */
import { WorkloadIdentity, WorkloadIdentityProps, validateWorkloadIdentityProps } from "../../constructs/workload-identity";
import { Problems } from "../../lib/problems";
import { TAGS_VARIABLE, type ModuleDefinition, type Probe } from "./definition";
import { Hcl } from "./hcl";
import { elementRule, variableRule } from "./messages";

const POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sqs:ReceiveMessage", Resource: "*" }] });
const BASE: WorkloadIdentityProps = {
  roleName: "team-a-dev-report-worker",
  clusterName: "chatbot-dev",
  oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.ap-southeast-2.amazonaws.com/id/EXAMPLE",
  oidcIssuer: "oidc.eks.ap-southeast-2.amazonaws.com/id/EXAMPLE",
  serviceAccount: { namespace: "team-a", name: "report-worker" },
  policies: { "consume-queues": POLICY },
};

export const probeWorkloadIdentity: Probe = (mistake) => {
  const problems = new Problems();
  validateWorkloadIdentityProps({ ...BASE, ...mistake } as WorkloadIdentityProps, problems, "");
  return problems.list;
};

export const WORKLOAD_IDENTITY_PROPS = ["roleName", "clusterName", "oidcProviderArn", "oidcIssuer", "serviceAccount", "policies"];

const probe = probeWorkloadIdentity;
const props = WORKLOAD_IDENTITY_PROPS;
const NAMESPACE = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";
const SERVICE_ACCOUNT = "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$";

export const workloadIdentity: ModuleDefinition = {
  name: "workload-identity",
  version: "1.0.0",
  construct: "constructs/workload-identity",
  summary: "An IAM role that exactly one Kubernetes service account of an EKS cluster may assume (IRSA), with the policies it is granted.",
  details: [
    "The role's trust names the cluster's IAM OIDC provider and accepts only tokens whose `sub` is `system:serviceaccount:<namespace>:<name>` and whose `aud` is `sts.amazonaws.com` (both `StringEquals`). It is the same role the app creates for its own workloads (`EksCluster.addServiceAccountRole`).",
    "The role starts with no permission: `policies` adds inline policies, one per entry (`for_each`), typically documents a producing module outputs for exactly the resources the workload uses, such as the job-queue module's `consume_policy_json`.",
    "Annotate the service account with the `service_account_annotations` output (`eks.amazonaws.com/role-arn`).",
  ].join("\n\n"),
  e2e: true,
  template: { local: "policies", value: "var.policies" },
  variables: [
    {
      name: "role_name",
      type: "string",
      description: "Name of the IAM role, 1 to 64 letters, digits and `+=,.@_-`.",
      example: "team-a-dev-report-worker",
      validation: [variableRule(probe, "role_name", props, { mistake: { roleName: "team a worker" }, path: "roleName", condition: 'can(regex("^[\\\\w+=,.@-]{1,64}$", var.role_name))' })],
    },
    {
      name: "cluster_name",
      type: "string",
      description: "Name of the EKS cluster the service account runs in (in the role's description).",
      example: "chatbot-dev",
    },
    {
      name: "oidc_provider_arn",
      type: "string",
      description: "ARN of the cluster's IAM OIDC provider (the app's platform stack outputs it as `cluster_oidc_provider_arn`).",
      example: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.ap-southeast-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
      validation: [
        variableRule(probe, "oidc_provider_arn", props, {
          mistake: { oidcProviderArn: "oidc.eks.ap-southeast-2.amazonaws.com/id/EXAMPLE" },
          path: "oidcProviderArn",
          condition: 'can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/\\\\S+$", var.oidc_provider_arn))',
        }),
      ],
    },
    {
      name: "oidc_issuer",
      type: "string",
      description: "The cluster's OIDC issuer URL without `https://` (`oidc.eks.<region>.amazonaws.com/id/<id>`), as IAM names its claims.",
      example: "oidc.eks.ap-southeast-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
      validation: [
        variableRule(probe, "oidc_issuer", props, {
          mistake: { oidcIssuer: "https://oidc.eks.ap-southeast-2.amazonaws.com/id/EXAMPLE" },
          path: "oidcIssuer",
          condition: 'can(regex("^[a-z0-9.-]+(/\\\\S*)?$", var.oidc_issuer))',
        }),
      ],
    },
    {
      name: "service_account",
      type: "object({ namespace = string, name = string })",
      description: "The Kubernetes service account that may assume the role: its namespace (an RFC 1123 label) and name.",
      example: { namespace: "team-a", name: "report-worker" },
      validation: [
        variableRule(probe, "service_account", props, {
          mistake: { serviceAccount: { namespace: "Team_A", name: "report-worker" } },
          path: "serviceAccount.namespace",
          value: "var.service_account.namespace",
          condition: `can(regex("${NAMESPACE}", var.service_account.namespace))`,
        }),
        variableRule(probe, "service_account", props, {
          mistake: { serviceAccount: { namespace: "team-a", name: "Report_Worker" } },
          path: "serviceAccount.name",
          value: "var.service_account.name",
          condition: `can(regex("${SERVICE_ACCOUNT}", var.service_account.name))`,
        }),
      ],
    },
    {
      name: "policies",
      type: "map(string)",
      description: "Inline policies of the role: policy name (1 to 128 letters, digits and `+=,.@_-`) to IAM policy document (JSON), e.g. a job-queue module's `consume_policy_json`. Empty: the role may do nothing.",
      default: {},
      example: new Hcl('{\n  "read-reports" = jsonencode({\n    Version   = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::team-a-dev-reports/*" }]\n  })\n}'),
      validation: [
        elementRule(probe, "policies", "policies", props, {
          mistake: { policies: { "consume queues": POLICY } },
          prop: "",
          key: "consume queues",
          value: "i",
          condition: 'can(regex("^[\\\\w+=,.@-]{1,128}$", i))',
        }),
        elementRule(probe, "policies", "policies", props, {
          mistake: { policies: { "consume-queues": "[]" } },
          prop: "",
          key: "consume-queues",
          condition: 'can(jsondecode(x)["Statement"])',
        }),
      ],
    },
    TAGS_VARIABLE,
  ],
  outputs: [
    { name: "role_arn", description: "ARN of the role.", value: "aws_iam_role.role.arn" },
    { name: "role_name", description: "Name of the role.", value: "aws_iam_role.role.name" },
    {
      name: "service_account_annotations",
      description: "Annotations for the Kubernetes service account so that its pods get the role's credentials.",
      value: '{ "eks.amazonaws.com/role-arn" = aws_iam_role.role.arn }',
    },
  ],
  build(scope, ctx) {
    return new WorkloadIdentity(scope, "Identity", {
      roleName: ctx.str("role_name"),
      clusterName: ctx.str("cluster_name"),
      oidcProviderArn: ctx.str("oidc_provider_arn"),
      oidcIssuer: ctx.str("oidc_issuer"),
      serviceAccount: { namespace: ctx.str("service_account.namespace"), name: ctx.str("service_account.name") },
      policies: { [ctx.eachKey()]: ctx.eachValue() },
    });
  },
};
