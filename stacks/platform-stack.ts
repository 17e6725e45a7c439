/**
 * `<env>-platform`: the EKS cluster (constructs/eks), its node groups, IRSA roles and add-ons, and
 * the backend's IRSA role the data stack grants access to. Nothing runs inside the cluster from
 * here: that is `<env>-apps`, a separate apply.
 *
 * Who gets in besides `platform.access`: the role that applies the environment's stacks
 * (`operators.applyRoleArn`) as cluster-admin, since it applies `<env>-apps`; and the pull-request
 * plan role of `<env>-delivery` with `view`, for plans of `<env>-apps` (see docs/ci-cd.md).
 */
import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { DataAwsIamRole } from "@cdktf/provider-aws/lib/data-aws-iam-role";
import { EksCluster, ServiceAccountRole } from "../constructs/eks";
import { GithubDeployRole } from "../constructs/github-deploy-role";
import { Network } from "../constructs/network";
import { PlatformConfig } from "../lib/config";
import { BACKEND_SERVICE_ACCOUNT, MIGRATIONS_SERVICE_ACCOUNT, clusterName, idPart, roleNames } from "../lib/naming";
import { terraformCloudSettings } from "../lib/terraform-cloud";
import { EnvironmentStack, EnvironmentStackProps, environmentTags } from "./environment-stack";

export interface PlatformStackProps extends EnvironmentStackProps {
  readonly platform: PlatformConfig;
  readonly network: Network;
  /** The pull-request plan role (`<env>-delivery`): let in with `view` for plans of `<env>-apps`. */
  readonly planRole: GithubDeployRole;
}

export class PlatformStack extends EnvironmentStack {
  public readonly cluster: EksCluster;
  /** IRSA role of the backend pods (`<backend namespace>:chatbot-backend`). */
  public readonly backendRole: ServiceAccountRole;
  /** IRSA role of the schema migrations (`<backend namespace>:chatbot-migrations`): the only reader of the database's master secret. */
  public readonly migrationsRole: ServiceAccountRole;
  /** The role that applies the environment's stacks (`operators.applyRoleArn`), looked up by name. */
  public readonly applyRole: DataAwsIamRole;

  constructor(scope: Construct, props: PlatformStackProps) {
    super(scope, "platform", props);
    const p = props.platform;
    this.cluster = new EksCluster(this, "Eks", {
      namePrefix: this.namePrefix,
      clusterName: clusterName(this.namePrefix),
      accountId: props.env.accountId,
      region: props.env.region,
      kubernetesVersion: p.kubernetesVersion,
      vpcId: props.network.vpcId,
      subnetIds: props.network.privateAppSubnetIds,
      publicEndpointCidrs: p.publicEndpointCidrs,
      privateEndpointClientCidrs: p.privateEndpointClientCidrs,
      nodeTags: environmentTags(props.env, "platform"),
      logRetentionDays: p.logRetentionDays,
      accessEntries: p.access.map((a) => ({ principalArn: a.roleArn, access: a.access, namespaces: a.namespaces })),
      nodeGroups: p.nodeGroups,
      addonVersions: p.addons,
      roleName: (component) => roleNames.workload(this.namePrefix, component),
    });
    // The apply role applies <env>-apps, so it is the cluster-admin. Looked up by name: when it does
    // not exist, the plan fails naming it, before the cluster is created. Its entry id comes from
    // the configured name (the id it had when platform.access listed it), so state keeps it.
    const applyRoleName = props.env.operators.applyRoleArn.split("/").pop()!;
    this.applyRole = new DataAwsIamRole(this, "ApplyRole", { name: applyRoleName });
    this.cluster.addAccessEntry(`Access${idPart(applyRoleName)}`, { principalArn: this.applyRole.arn, access: "cluster-admin" });
    // Pull-request plans of <env>-apps read the cluster; `view` cannot read Secrets, so those plans
    // run with -refresh=false (docs/ci-cd.md).
    this.cluster.addAccessEntry(`Access${idPart(roleNames.githubPlan(this.namePrefix))}`, { principalArn: props.planRole.roleArn, access: "view" });
    // Terraform Cloud plans of <env>-apps likewise (the role is the account's shared stack's).
    const cloud = terraformCloudSettings(props.env);
    if (cloud) {
      this.cluster.addAccessEntry(`Access${idPart(cloud.planRoleName)}`, { principalArn: cloud.planRoleArn, access: "view" });
    }

    this.backendRole = this.cluster.addServiceAccountRole("BackendRole", roleNames.backendIrsa(this.namePrefix), {
      namespace: p.apps.namespaces[0].name,
      name: BACKEND_SERVICE_ACCOUNT,
    });
    this.migrationsRole = this.cluster.addServiceAccountRole("MigrationsRole", roleNames.workload(this.namePrefix, "irsa-migrations"), {
      namespace: p.apps.namespaces[0].name,
      name: MIGRATIONS_SERVICE_ACCOUNT,
    });

    const c = this.cluster;
    const outputs: Record<string, { value: unknown; description: string }> = {
      cluster_name: { value: c.cluster.name, description: "EKS cluster name" },
      cluster_endpoint: { value: c.clusterEndpoint, description: "Kubernetes API endpoint (private; public only from the configured CIDRs)" },
      cluster_certificate_authority: { value: c.clusterCertificateAuthority, description: "Base64 CA certificate of the API server" },
      cluster_security_group_id: { value: c.clusterSecurityGroupId, description: "Security group of the control plane and the managed nodes" },
      oidc_provider_arn: { value: c.clusterOidcProviderArn, description: "IAM OIDC provider of the cluster (IRSA)" },
      node_role_arn: { value: c.nodeRole.arn, description: "IAM role of the managed nodes" },
      volumes_key_arn: { value: c.volumesKey.keyArn, description: "KMS key for EBS volumes (node roots and persistent volumes)" },
      backend_role_arn: { value: this.backendRole.role.arn, description: "IRSA role of the backend service account" },
      migrations_role_arn: { value: this.migrationsRole.role.arn, description: "IRSA role of the schema migrations' service account" },
    };
    for (const [name, role] of Object.entries(c.systemRoles)) {
      outputs[`${name.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`)}_role_arn`] = { value: role.role.arn, description: `IRSA role of ${role.serviceAccount.namespace}/${role.serviceAccount.name}` };
    }
    for (const [id, o] of Object.entries(outputs)) {
      new TerraformOutput(this, id, { value: o.value, description: o.description });
    }
  }
}
