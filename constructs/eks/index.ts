/**
 * EksCluster: the environment's Kubernetes cluster (references 001 and 003).
 *
 * - the control plane in the private app subnets, private endpoint always on, the public one off
 *   or limited to named CIDRs; secrets envelope-encrypted with a customer-managed key; every
 *   control-plane log type to a KMS-encrypted log group created (with retention) before the
 *   cluster, so EKS never creates an unencrypted one that lives forever;
 * - authentication mode API: access entries only (no aws-auth ConfigMap), and the identity that
 *   creates the cluster gets no implicit admin rights;
 * - managed node groups on launch templates with IMDSv2 required (hop limit 1: pods use IRSA, never
 *   the node's role) and root volumes encrypted with a key of their own;
 * - IRSA: the cluster's OIDC provider and roles whose trust is pinned to one service account;
 * - EKS add-ons (vpc-cni, kube-proxy before the nodes; coredns and the EBS CSI driver after them),
 *   versions pinned by the caller. AWS's self-managed copies are not installed, so Terraform owns
 *   every add-on.
 *
 * The construct creates nothing inside the cluster: Helm releases and Kubernetes objects live in
 * a separate stack (constructs/cluster-apps), applied after this one.
 */
import { Construct } from "constructs";
import { Fn, ITerraformDependable } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster as EksClusterResource } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { ServiceAccountRef, serviceAccountRole } from "../workload-identity";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { EncryptionKey } from "../encryption-key";
import { idPart } from "../../lib/naming";
import { PropPaths, PropProblems, checkProps } from "../../lib/prop-checks";
import { Problems } from "../../lib/problems";
import type { NodeGroupProps } from "../../lib/types/node-group";
import { clusterAutoscalerStatements, loadBalancerControllerStatements } from "./private/controller-policies";

export type { NodeGroupProps, NodeTaintProps } from "../../lib/types/node-group";

/** Control-plane log types; all of them are shipped. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

/** EKS access policies by access level. */
export const ACCESS_POLICIES = {
  "cluster-admin": "AmazonEKSClusterAdminPolicy",
  admin: "AmazonEKSAdminPolicy",
  edit: "AmazonEKSEditPolicy",
  view: "AmazonEKSViewPolicy",
} as const;
export type AccessLevel = keyof typeof ACCESS_POLICIES;

/** Instance families that need the NVIDIA AMI. */
const GPU_FAMILIES = ["g4dn", "g5", "g6", "p3", "p4d", "p5"];

/** An IAM role let into the cluster through an access entry. */
export interface AccessEntryProps {
  /** IAM role ARN let into the cluster. */
  readonly principalArn: string;
  /** The EKS access policy it gets (see ACCESS_POLICIES). */
  readonly access: AccessLevel;
  /**
   * Namespaces the access is limited to.
   * @default - the whole cluster
   */
  readonly namespaces?: readonly string[];
}

/** Pinned versions of the EKS add-ons (`aws eks describe-addon-versions`). */
export interface AddonVersionsProps {
  /** Amazon VPC CNI (pod networking), e.g. `v1.20.4-eksbuild.1`. */
  readonly vpcCni: string;
  /** CoreDNS (cluster DNS). */
  readonly coredns: string;
  /** kube-proxy; its minor version must match the cluster's. */
  readonly kubeProxy: string;
  /** Amazon EBS CSI driver (persistent volumes). */
  readonly ebsCsiDriver: string;
}

export interface EksClusterProps {
  /** Prefix of every physical name, e.g. `chatbot-dev`. */
  readonly namePrefix: string;
  /** Cluster name (lib/naming clusterName: other stacks refer to it before it exists). */
  readonly clusterName: string;
  /** Account of the cluster (key policies, role ARNs the controllers may touch). */
  readonly accountId: string;
  /** Region of the cluster. */
  readonly region: string;
  /** Kubernetes minor version, e.g. `1.34`. */
  readonly kubernetesVersion: string;
  /** VPC of the cluster (the load balancer controller may manage security groups only there). */
  readonly vpcId: string;
  /** Private app subnets: control-plane network interfaces and nodes. */
  readonly subnetIds: readonly string[];
  /** CIDRs allowed to the public endpoint; empty turns it off. */
  readonly publicEndpointCidrs: readonly string[];
  /**
   * CIDRs inside the VPC or connected to it (VPN, self-hosted CI runners, a bastion) that may reach
   * the private endpoint on 443, through a security group of their own on the control plane.
   * @default - none: only the nodes (the cluster security group) reach the private endpoint
   */
  readonly privateEndpointClientCidrs?: readonly string[];
  /**
   * Tags for the nodes' EC2 instances and volumes, which the tagging Aspect cannot reach (they are
   * created by Auto Scaling from the launch template).
   * @default - only Name
   */
  readonly nodeTags?: Readonly<Record<string, string>>;
  /** Days the control-plane logs are kept. */
  readonly logRetentionDays: number;
  /** Roles let into the cluster. */
  readonly accessEntries: readonly AccessEntryProps[];
  /** Managed node groups by name (`general`, `ml`). */
  readonly nodeGroups: Readonly<Record<string, NodeGroupProps>>;
  /** Versions of the add-ons. */
  readonly addonVersions: AddonVersionsProps;
  /**
   * Physical name of every IAM role the construct creates: `roleName("cluster")`, `roleName("node")`,
   * `roleName("irsa-<component>")`. Roles must match the environment's workload-role pattern.
   */
  readonly roleName: (component: string) => string;
}

export type { ServiceAccountRef } from "../workload-identity";

/** The trust of a role to exactly one service account of the cluster. */
export interface ServiceAccountRole {
  readonly role: IamRole;
  readonly serviceAccount: ServiceAccountRef;
}

/** Service accounts of the components whose IRSA roles the construct creates. */
export const SYSTEM_SERVICE_ACCOUNTS = {
  vpcCni: { namespace: "kube-system", name: "aws-node" },
  ebsCsiDriver: { namespace: "kube-system", name: "ebs-csi-controller-sa" },
  loadBalancerController: { namespace: "kube-system", name: "aws-load-balancer-controller" },
  clusterAutoscaler: { namespace: "kube-system", name: "cluster-autoscaler" },
} as const satisfies Record<string, ServiceAccountRef>;

const managedPolicy = (path: string): string => `arn:aws:iam::aws:policy/${path}`;

export class EksCluster extends Construct {
  public readonly cluster: EksClusterResource;
  public readonly clusterName: string;
  public readonly clusterEndpoint: string;
  /** Base64 certificate authority of the API server. */
  public readonly clusterCertificateAuthority: string;
  /** Security group EKS creates for the control plane and attaches to managed nodes. */
  public readonly clusterSecurityGroupId: string;
  public readonly clusterRole: IamRole;
  public readonly nodeRole: IamRole;
  public readonly secretsKey: EncryptionKey;
  public readonly logsKey: EncryptionKey;
  /** Key of the nodes' root volumes and of the EBS CSI driver's volumes. */
  public readonly volumesKey: EncryptionKey;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly oidcProvider: IamOpenidConnectProvider;
  public readonly clusterOidcProviderArn: string;
  /** Issuer without `https://`, the prefix of the `:sub` and `:aud` condition keys. */
  public readonly clusterOidcIssuer: string;
  public readonly nodeGroups: Readonly<Record<string, EksNodeGroup>>;
  public readonly addons: Readonly<Record<keyof AddonVersionsProps, EksAddon>>;
  /** IRSA roles of the system components, by component. */
  public readonly systemRoles: Readonly<Record<keyof typeof SYSTEM_SERVICE_ACCOUNTS, ServiceAccountRole>>;
  private readonly props: EksClusterProps;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    this.props = props;
    checkProps(`EksCluster ${props.clusterName}`, props, validateEksClusterProps);
    const { accountId, region } = props;
    this.clusterName = props.clusterName;
    const logGroupName = `/aws/eks/${props.clusterName}/cluster`;

    // Keys: secrets, control-plane logs, volumes.
    this.secretsKey = new EncryptionKey(this, "SecretsKey", {
      aliasName: `${props.namePrefix}-eks-secrets`,
      description: `Envelope encryption of Kubernetes secrets of ${props.clusterName}`,
      accountId,
    });
    this.logsKey = new EncryptionKey(this, "LogsKey", {
      aliasName: `${props.namePrefix}-eks-logs`,
      description: `Control-plane logs of ${props.clusterName}`,
      accountId,
      serviceUsers: [
        {
          sid: "CloudWatchLogs",
          servicePrincipal: `logs.${region}.amazonaws.com`,
          conditions: [{ test: "ArnEquals", variable: "kms:EncryptionContext:aws:logs:arn", values: [`arn:aws:logs:${region}:${accountId}:log-group:${logGroupName}`] }],
        },
      ],
    });
    this.volumesKey = new EncryptionKey(this, "VolumesKey", {
      aliasName: `${props.namePrefix}-eks-volumes`,
      description: `EBS volumes of ${props.clusterName}'s nodes and persistent volumes`,
      accountId,
      // Managed node groups launch instances through Auto Scaling, whose service-linked role must
      // use the key to create the encrypted root volumes.
      principalUsers: [
        { sid: "AutoScalingVolumes", principalArns: [`arn:aws:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`] },
      ],
    });

    this.logGroup = new CloudwatchLogGroup(this, "ControlPlaneLogs", {
      name: logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: this.logsKey.keyArn,
    });

    // Cluster role: the EKS service's own managed policy plus the secrets key.
    const clusterRole = this.serviceRole("ClusterRole", props.roleName("eks-cluster"), "eks.amazonaws.com", [managedPolicy("AmazonEKSClusterPolicy")]);
    this.clusterRole = clusterRole.role;
    const secretsUse = new IamRolePolicy(this, "ClusterRoleSecretsKey", {
      name: "secrets-encryption",
      role: this.clusterRole.name,
      policy: this.policy("ClusterRoleSecretsKeyPolicy", [
        { sid: "SecretsEnvelopeEncryption", effect: "Allow", actions: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], resources: [this.secretsKey.keyArn] },
      ]),
    });

    const publicCidrs = [...props.publicEndpointCidrs];
    // Who may reach the private endpoint besides the nodes: a group of its own on the control plane.
    const apiClientCidrs = [...(props.privateEndpointClientCidrs ?? [])];
    const apiClients =
      apiClientCidrs.length > 0
        ? new SecurityGroup(this, "ApiClientsSecurityGroup", {
            name: `${props.namePrefix}-eks-api-clients`,
            description: "EKS private API endpoint: HTTPS from the listed client networks",
            vpcId: props.vpcId,
            tags: { Name: `${props.namePrefix}-eks-api-clients` },
          })
        : undefined;
    if (apiClients) {
      new SecurityGroupRule(this, "ApiClientsIngress", {
        type: "ingress",
        securityGroupId: apiClients.id,
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrBlocks: apiClientCidrs,
        description: "Kubernetes API from VPN, CI runners or bastions",
      });
    }
    this.cluster = new EksClusterResource(this, "Cluster", {
      name: props.clusterName,
      version: props.kubernetesVersion,
      roleArn: this.clusterRole.arn,
      vpcConfig: {
        subnetIds: [...props.subnetIds],
        endpointPrivateAccess: true,
        endpointPublicAccess: publicCidrs.length > 0,
        publicAccessCidrs: publicCidrs.length > 0 ? publicCidrs : undefined,
        securityGroupIds: apiClients ? [apiClients.id] : undefined,
      },
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: this.secretsKey.keyArn } },
      enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
      bootstrapSelfManagedAddons: false,
      // Standard support only: extended support costs six times as much per cluster hour.
      upgradePolicy: { supportType: "STANDARD" },
      // The role's policies exist before the cluster and outlive it: without the dependency a
      // destroy may detach them while EKS still needs them to delete the cluster's ENIs.
      dependsOn: [this.logGroup, secretsUse, ...clusterRole.attachments],
    });
    this.clusterEndpoint = this.cluster.endpoint;
    this.clusterCertificateAuthority = this.cluster.certificateAuthority.get(0).data;
    this.clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;

    // IRSA.
    const issuerUrl = this.cluster.identity.get(0).oidc.get(0).issuer;
    this.oidcProvider = new IamOpenidConnectProvider(this, "OidcProvider", {
      url: issuerUrl,
      clientIdList: ["sts.amazonaws.com"],
    });
    this.clusterOidcProviderArn = this.oidcProvider.arn;
    this.clusterOidcIssuer = Fn.replace(issuerUrl, "https://", "");

    // Access entries: one per role, with its access policy; ids come from the role's name so that
    // reordering the list never replaces an entry.
    props.accessEntries.forEach((entry) => this.addAccessEntry(`Access${idPart(entry.principalArn.split("/").pop()!)}`, entry));

    // Node role: only what kubelet needs; the CNI's permissions go to the vpc-cni add-on's IRSA role.
    const nodeRole = this.serviceRole("NodeRole", props.roleName("eks-node"), "ec2.amazonaws.com", [
      managedPolicy("AmazonEKSWorkerNodePolicy"),
      managedPolicy("AmazonEC2ContainerRegistryPullOnly"),
    ]);
    this.nodeRole = nodeRole.role;

    // System IRSA roles.
    const controllerScope = {
      accountId,
      region,
      clusterName: props.clusterName,
      vpcArn: `arn:aws:ec2:${region}:${accountId}:vpc/${props.vpcId}`,
      clusterSecurityGroupArn: `arn:aws:ec2:${region}:${accountId}:security-group/${this.clusterSecurityGroupId}`,
    };
    const vpcCni = this.addServiceAccountRole("VpcCniRole", props.roleName("irsa-vpc-cni"), SYSTEM_SERVICE_ACCOUNTS.vpcCni);
    const vpcCniPolicy = this.attach(vpcCni.role, "VpcCniPolicy", managedPolicy("AmazonEKS_CNI_Policy"));
    const ebsCsi = this.addServiceAccountRole("EbsCsiRole", props.roleName("irsa-ebs-csi"), SYSTEM_SERVICE_ACCOUNTS.ebsCsiDriver);
    const ebsCsiPolicy = this.attach(ebsCsi.role, "EbsCsiPolicy", managedPolicy("service-role/AmazonEBSCSIDriverPolicy"));
    const ebsCsiKey = this.inlinePolicy(ebsCsi.role, "EbsCsiVolumesKey", "volumes-key", [
      { sid: "UseVolumesKey", effect: "Allow", actions: ["kms:Decrypt", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:DescribeKey"], resources: [this.volumesKey.keyArn] },
      {
        sid: "GrantsForVolumes",
        effect: "Allow",
        actions: ["kms:CreateGrant"],
        resources: [this.volumesKey.keyArn],
        condition: [{ test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }],
      },
    ]);
    const lbc = this.addServiceAccountRole("LoadBalancerControllerRole", props.roleName("irsa-lb-controller"), SYSTEM_SERVICE_ACCOUNTS.loadBalancerController);
    this.inlinePolicy(lbc.role, "LoadBalancerControllerPolicy", "load-balancer-controller", loadBalancerControllerStatements(controllerScope));
    const autoscaler = this.addServiceAccountRole("ClusterAutoscalerRole", props.roleName("irsa-cluster-autoscaler"), SYSTEM_SERVICE_ACCOUNTS.clusterAutoscaler);
    this.inlinePolicy(autoscaler.role, "ClusterAutoscalerPolicy", "cluster-autoscaler", clusterAutoscalerStatements(controllerScope));
    this.systemRoles = { vpcCni, ebsCsiDriver: ebsCsi, loadBalancerController: lbc, clusterAutoscaler: autoscaler };

    // Add-ons the nodes need to become Ready come first.
    // An add-on with an IRSA role waits for the role's policies, so its pods never start without them.
    const addon = (addonId: string, name: string, version: string, dependsOn: ITerraformDependable[], role?: IamRole): EksAddon =>
      new EksAddon(this, addonId, {
        clusterName: this.cluster.name,
        addonName: name,
        addonVersion: version,
        serviceAccountRoleArn: role?.arn,
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        dependsOn,
      });
    const v = props.addonVersions;
    const vpcCniAddon = addon("VpcCniAddon", "vpc-cni", v.vpcCni, [vpcCniPolicy], vpcCni.role);
    const kubeProxyAddon = addon("KubeProxyAddon", "kube-proxy", v.kubeProxy, []);

    const groups: Record<string, EksNodeGroup> = {};
    for (const [name, group] of Object.entries(props.nodeGroups)) {
      groups[name] = this.nodeGroup(name, group, [vpcCniAddon, kubeProxyAddon], nodeRole.attachments);
    }
    this.nodeGroups = groups;
    const nodes = Object.values(groups);
    this.addons = {
      vpcCni: vpcCniAddon,
      kubeProxy: kubeProxyAddon,
      coredns: addon("CorednsAddon", "coredns", v.coredns, nodes),
      ebsCsiDriver: addon("EbsCsiDriverAddon", "aws-ebs-csi-driver", v.ebsCsiDriver, [...nodes, ebsCsiPolicy, ebsCsiKey], ebsCsi.role),
    };
  }

  /**
   * An IAM role only the given service account of this cluster can assume (IRSA): the trust is
   * pinned to `system:serviceaccount:<namespace>:<name>` and the `sts.amazonaws.com` audience.
   */
  public addServiceAccountRole(id: string, roleName: string, serviceAccount: ServiceAccountRef): ServiceAccountRole {
    const role = serviceAccountRole(this, id, {
      roleName,
      clusterName: this.props.clusterName,
      oidcProviderArn: this.oidcProvider.arn,
      oidcIssuer: this.clusterOidcIssuer,
      serviceAccount,
    });
    return { role, serviceAccount };
  }

  /** Lets an IAM role into the cluster with an EKS access policy, cluster-wide or in namespaces. */
  public addAccessEntry(id: string, entry: AccessEntryProps): EksAccessPolicyAssociation {
    const accessEntry = new EksAccessEntry(this, id, { clusterName: this.cluster.name, principalArn: entry.principalArn, type: "STANDARD" });
    const namespaces = entry.namespaces ?? [];
    return new EksAccessPolicyAssociation(this, `${id}Policy`, {
      clusterName: this.cluster.name,
      principalArn: accessEntry.principalArn,
      policyArn: `arn:aws:eks::aws:cluster-access-policy/${ACCESS_POLICIES[entry.access]}`,
      accessScope: namespaces.length > 0 ? { type: "namespace", namespaces: [...namespaces] } : { type: "cluster" },
    });
  }

  /**
   * A node group on its own launch template. Both wait for the node role's policies (as
   * terraform-aws-modules/eks does), so nodes never join without them and a destroy detaches them
   * only after the nodes are gone.
   */
  private nodeGroup(name: string, group: NodeGroupProps, addons: EksAddon[], nodeRolePolicies: readonly IamRolePolicyAttachment[]): EksNodeGroup {
    const id = idPart(name);
    const family = group.instanceTypes[0].split(".")[0];
    const template = new LaunchTemplate(this, `${id}LaunchTemplate`, {
      namePrefix: `${this.props.namePrefix}-eks-${name}-`,
      description: `Nodes of the ${name} group of ${this.props.clusterName}`,
      updateDefaultVersion: true,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: { volumeSize: group.diskSizeGb, volumeType: "gp3", encrypted: "true", kmsKeyId: this.volumesKey.keyArn, deleteOnTermination: "true" },
        },
      ],
      tagSpecifications: ["instance", "volume"].map((resourceType) => ({
        resourceType,
        tags: { ...(this.props.nodeTags ?? {}), Name: `${this.props.clusterName}-${name}` },
      })),
      dependsOn: [...nodeRolePolicies],
    });
    return new EksNodeGroup(this, `${id}NodeGroup`, {
      clusterName: this.cluster.name,
      // A prefix, not a fixed name, and create-before-destroy: changing instance types, image or
      // capacity type replaces the group, and the new one must run before the old one drains.
      nodeGroupNamePrefix: `${name}-`,
      nodeRoleArn: this.nodeRole.arn,
      subnetIds: [...this.props.subnetIds],
      instanceTypes: [...group.instanceTypes],
      capacityType: group.capacityType ?? "ON_DEMAND",
      amiType: GPU_FAMILIES.includes(family) ? "AL2023_x86_64_NVIDIA" : "AL2023_x86_64_STANDARD",
      scalingConfig: { minSize: group.minSize, desiredSize: group.desiredSize, maxSize: group.maxSize },
      updateConfig: { maxUnavailable: 1 },
      labels: { ...group.labels },
      taint: (group.taints ?? []).map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
      launchTemplate: { id: template.id, version: `${template.latestVersion}` },
      // The cluster autoscaler owns the node count once the group exists.
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"], createBeforeDestroy: true },
      dependsOn: [...addons, ...nodeRolePolicies],
    });
  }

  /** A role an AWS service assumes, with its managed policies; resources using it depend on the attachments. */
  private serviceRole(id: string, name: string, service: string, policies: readonly string[]): { role: IamRole; attachments: IamRolePolicyAttachment[] } {
    const trust = new DataAwsIamPolicyDocument(this, `${id}Trust`, {
      statement: [{ effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: [service] }] }],
    });
    const role = new IamRole(this, id, { name, assumeRolePolicy: trust.json });
    const attachments = policies.map((arn) => this.attach(role, `${id}${idPart(arn.split("/").pop()!.replace(/_/g, "-"))}`, arn));
    return { role, attachments };
  }

  private attach(role: IamRole, id: string, policyArn: string): IamRolePolicyAttachment {
    return new IamRolePolicyAttachment(this, id, { role: role.name, policyArn });
  }

  private policy(id: string, statement: DataAwsIamPolicyDocumentStatement[]): string {
    return new DataAwsIamPolicyDocument(this, id, { statement }).json;
  }

  private inlinePolicy(role: IamRole, id: string, name: string, statement: DataAwsIamPolicyDocumentStatement[]): IamRolePolicy {
    return new IamRolePolicy(this, id, { name, role: role.name, policy: this.policy(`${id}Document`, statement) });
  }
}

/**
 * Reports the contradictions in EksClusterProps through `problems` (the construct may be reused
 * without this app's config validation). lib/validate-platform.ts runs it on each environment
 * whose platform section passed the config's own (stricter) rules, so no rule of the construct
 * first shows once constructs exist.
 */
export function validateEksClusterProps(
  props: Pick<EksClusterProps, "nodeGroups" | "publicEndpointCidrs" | "privateEndpointClientCidrs">,
  problems: Problems,
  paths: PropPaths = "",
): void {
  const p = new PropProblems(problems, paths);
  for (const [name, group] of Object.entries(props.nodeGroups)) {
    const path = `nodeGroups.${name}`;
    if (!(group.minSize <= group.desiredSize && group.desiredSize <= group.maxSize && group.maxSize >= 1)) {
      p.add(path, { minSize: group.minSize, desiredSize: group.desiredSize, maxSize: group.maxSize }, "has sizes out of order", "minSize <= desiredSize <= maxSize and maxSize >= 1", `correct the sizes of ${path}`);
    }
    if (group.instanceTypes.length === 0) {
      p.add(`${path}.instanceTypes`, group.instanceTypes, "is empty", "at least one instance type", "name at least one, e.g. t3.medium");
    }
    const families = new Set(group.instanceTypes.map((t) => t.split(".")[0]));
    if (families.size > 1) {
      p.add(`${path}.instanceTypes`, group.instanceTypes, `mixes instance families ${[...families].join(", ")}`, "types of one family (one AMI serves one family)", "split the group");
    }
  }
  for (const [prop, cidrs] of [
    ["publicEndpointCidrs", props.publicEndpointCidrs],
    ["privateEndpointClientCidrs", props.privateEndpointClientCidrs ?? []],
  ] as const) {
    cidrs.forEach((cidr, i) => {
      if (cidr === "0.0.0.0/0") {
        p.add(`${prop}[${i}]`, cidr, "opens the API endpoint to the whole internet", "the CIDRs of your VPN or CI egress", "name those CIDRs, or leave the list empty for a private-only endpoint");
      }
    });
  }
}
