/**
 * Least-privilege policy statements of the in-cluster controllers that call AWS, as typed data.
 *
 * They follow the upstream policies of the AWS Load Balancer Controller and the Cluster
 * Autoscaler, narrowed to this cluster: writes are limited to resources carrying the cluster's
 * ownership tags, to the cluster's VPC, and to the environment's account and region. Read-only
 * `Describe*` calls stay on `*` because those APIs support no resource-level permissions.
 */
import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";

export interface ControllerScope {
  readonly accountId: string;
  readonly region: string;
  readonly clusterName: string;
  /** ARN of the cluster's VPC (`arn:aws:ec2:<region>:<account>:vpc/<id>`). */
  readonly vpcArn: string;
  /** ARN of the cluster security group (the nodes'), whose ingress the controller opens to its load balancers. */
  readonly clusterSecurityGroupArn: string;
}

/** Tag the load balancer controller puts on everything it creates. */
const LBC_CLUSTER_TAG = "elbv2.k8s.aws/cluster";

type Condition = { test: string; variable: string; values: string[] };
const tagged = (present: "request" | "resource"): Condition[] => [
  { test: "Null", variable: `aws:${present === "request" ? "RequestTag" : "ResourceTag"}/${LBC_CLUSTER_TAG}`, values: ["false"] },
];

export function loadBalancerControllerStatements(s: ControllerScope): DataAwsIamPolicyDocumentStatement[] {
  const elb = (resource: string): string => `arn:aws:elasticloadbalancing:${s.region}:${s.accountId}:${resource}`;
  const sg = `arn:aws:ec2:${s.region}:${s.accountId}:security-group/*`;
  const balancers = [elb("targetgroup/*/*"), elb("loadbalancer/net/*/*"), elb("loadbalancer/app/*/*")];
  const listeners = [elb("listener/net/*/*/*"), elb("listener/app/*/*/*"), elb("listener-rule/net/*/*/*"), elb("listener-rule/app/*/*/*")];
  return [
    {
      sid: "CreateElbServiceLinkedRole",
      actions: ["iam:CreateServiceLinkedRole"],
      resources: ["*"],
      condition: [{ test: "StringEquals", variable: "iam:AWSServiceName", values: ["elasticloadbalancing.amazonaws.com"] }],
    },
    {
      sid: "Describe",
      actions: [
        "ec2:DescribeAccountAttributes",
        "ec2:DescribeAddresses",
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeInternetGateways",
        "ec2:DescribeVpcs",
        "ec2:DescribeVpcPeeringConnections",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeInstances",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeTags",
        "ec2:DescribeRouteTables",
        "ec2:GetCoipPoolUsage",
        "ec2:DescribeCoipPools",
        "ec2:GetSecurityGroupsForVpc",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeListenerAttributes",
        "elasticloadbalancing:DescribeListenerCertificates",
        "elasticloadbalancing:DescribeSSLPolicies",
        "elasticloadbalancing:DescribeRules",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
        "elasticloadbalancing:DescribeTargetHealth",
        "elasticloadbalancing:DescribeTags",
        "elasticloadbalancing:DescribeTrustStores",
        "elasticloadbalancing:DescribeCapacityReservation",
      ],
      resources: ["*"],
    },
    {
      sid: "CertificatesWafShield",
      actions: [
        "acm:ListCertificates",
        "acm:DescribeCertificate",
        "wafv2:GetWebACL",
        "wafv2:GetWebACLForResource",
        "wafv2:AssociateWebACL",
        "wafv2:DisassociateWebACL",
        "shield:GetSubscriptionState",
        "shield:DescribeProtection",
        "shield:CreateProtection",
        "shield:DeleteProtection",
      ],
      resources: ["*"],
    },
    {
      // Security groups are created in the cluster's VPC only, and only tagged for this cluster.
      sid: "CreateSecurityGroupsInClusterVpc",
      actions: ["ec2:CreateSecurityGroup"],
      resources: [s.vpcArn],
    },
    {
      sid: "CreateTaggedSecurityGroups",
      actions: ["ec2:CreateSecurityGroup"],
      resources: [sg],
      condition: tagged("request"),
    },
    {
      // The nodes' group: the controller lets its load balancers' traffic in. No other group it
      // did not create (the data tier's among them) can be changed.
      sid: "OpenNodesToLoadBalancers",
      actions: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
      resources: [s.clusterSecurityGroupArn],
    },
    {
      sid: "TagNewSecurityGroups",
      actions: ["ec2:CreateTags"],
      resources: [sg],
      condition: [{ test: "StringEquals", variable: "ec2:CreateAction", values: ["CreateSecurityGroup"] }, ...tagged("request")],
    },
    {
      sid: "RetagOwnSecurityGroups",
      actions: ["ec2:CreateTags", "ec2:DeleteTags"],
      resources: [sg],
      condition: [{ test: "Null", variable: `aws:RequestTag/${LBC_CLUSTER_TAG}`, values: ["true"] }, ...tagged("resource")],
    },
    {
      sid: "ManageOwnSecurityGroups",
      actions: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"],
      resources: [sg],
      condition: tagged("resource"),
    },
    {
      sid: "CreateTaggedLoadBalancers",
      actions: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
      resources: ["*"],
      condition: tagged("request"),
    },
    {
      sid: "ListenersAndRules",
      actions: ["elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule"],
      resources: [...balancers, ...listeners],
    },
    {
      sid: "RetagOwnLoadBalancers",
      actions: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      resources: balancers,
      condition: [{ test: "Null", variable: `aws:RequestTag/${LBC_CLUSTER_TAG}`, values: ["true"] }, ...tagged("resource")],
    },
    {
      sid: "TagListeners",
      actions: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      resources: listeners,
    },
    {
      sid: "ModifyOwnLoadBalancers",
      actions: [
        "elasticloadbalancing:ModifyLoadBalancerAttributes",
        "elasticloadbalancing:SetIpAddressType",
        "elasticloadbalancing:SetSecurityGroups",
        "elasticloadbalancing:SetSubnets",
        "elasticloadbalancing:DeleteLoadBalancer",
        "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        "elasticloadbalancing:DeleteTargetGroup",
        "elasticloadbalancing:ModifyListenerAttributes",
        "elasticloadbalancing:ModifyCapacityReservation",
      ],
      resources: balancers,
      condition: tagged("resource"),
    },
    {
      sid: "TagOnCreate",
      actions: ["elasticloadbalancing:AddTags"],
      resources: balancers,
      condition: [{ test: "StringEquals", variable: "elasticloadbalancing:CreateAction", values: ["CreateTargetGroup", "CreateLoadBalancer"] }, ...tagged("request")],
    },
    {
      sid: "Targets",
      actions: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
      resources: [elb("targetgroup/*/*")],
    },
    {
      sid: "ListenerSettings",
      actions: [
        "elasticloadbalancing:SetWebAcl",
        "elasticloadbalancing:ModifyListener",
        "elasticloadbalancing:AddListenerCertificates",
        "elasticloadbalancing:RemoveListenerCertificates",
        "elasticloadbalancing:ModifyRule",
        "elasticloadbalancing:SetRulePriorities",
      ],
      resources: [...balancers, ...listeners],
    },
  ].map((statement) => ({ effect: "Allow", ...statement }));
}

/** Cluster Autoscaler: scale only the Auto Scaling groups of this cluster's managed node groups. */
export function clusterAutoscalerStatements(s: ControllerScope): DataAwsIamPolicyDocumentStatement[] {
  return [
    {
      sid: "ScaleOwnGroups",
      effect: "Allow",
      actions: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
      resources: [`arn:aws:autoscaling:${s.region}:${s.accountId}:autoScalingGroup:*:autoScalingGroupName/*`],
      // EKS tags the Auto Scaling groups of its managed node groups with this key.
      condition: [{ test: "StringEquals", variable: `aws:ResourceTag/k8s.io/cluster-autoscaler/${s.clusterName}`, values: ["owned"] }],
    },
    {
      sid: "Describe",
      effect: "Allow",
      actions: [
        "autoscaling:DescribeAutoScalingGroups",
        "autoscaling:DescribeAutoScalingInstances",
        "autoscaling:DescribeLaunchConfigurations",
        "autoscaling:DescribeScalingActivities",
        "autoscaling:DescribeTags",
        "ec2:DescribeImages",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplateVersions",
        "ec2:GetInstanceTypesFromInstanceRequirements",
      ],
      resources: ["*"],
    },
    {
      sid: "DescribeOwnNodeGroups",
      effect: "Allow",
      actions: ["eks:DescribeNodegroup"],
      resources: [`arn:aws:eks:${s.region}:${s.accountId}:nodegroup/${s.clusterName}/*/*`],
    },
  ];
}
