/**
 * `<env>-apps`: what runs in the cluster (constructs/cluster-apps). The kubernetes and helm
 * providers are configured from the platform stack's outputs (endpoint, CA) with a short-lived
 * token from `aws eks get-token` on every run, so the cluster and its workloads are separate
 * applies and a long apply never outlives its credentials. Applying needs the AWS CLI on PATH and
 * credentials of the environment's apply role (`operators.applyRoleArn`), which `<env>-platform`
 * makes cluster-admin. Pull-request plans (the plan role, `view`) must run with -refresh=false:
 * refreshing a helm_release reads Helm's release Secrets (docs/ci-cd.md). On Terraform Cloud the
 * token comes from the ephemeral `aws_eks_cluster_auth` instead (no AWS CLI on its runners).
 */
import { Construct } from "constructs";
import { Fn } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ClusterApps } from "../constructs/cluster-apps";
import { SYSTEM_SERVICE_ACCOUNTS } from "../constructs/eks";
import { Network } from "../constructs/network";
import { PlatformConfig } from "../lib/config";
import { DEFAULT_APP_PORT } from "../lib/defaults";
import { clusterName } from "../lib/naming";
import { terraformCloudSettings } from "../lib/terraform-cloud";
import { requireTerraform } from "../lib/terraform-version";
import { EnvironmentStack, EnvironmentStackProps } from "./environment-stack";
import { PlatformStack } from "./platform-stack";

/**
 * The helm provider 3.x takes `kubernetes` as an attribute (`kubernetes = { ..., exec = { ... } }`),
 * but these bindings (12.x) still describe it as a block: harmless in JSON, where both are an
 * object, while cdktf's HCL renderer writes `kubernetes { ... }`, which helm 3 rejects ("Blocks of
 * type "kubernetes" are not expected here"). The renderer writes an attribute of type `any` as
 * `name = <object>`, so the HCL form gets the JSON form's object.
 */
class Helm3Provider extends HelmProvider {
  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attributes = super.synthesizeHclAttributes();
    const kubernetes = this.synthesizeAttributes().kubernetes;
    return kubernetes === undefined ? attributes : { ...attributes, kubernetes: { value: withoutUndefined(kubernetes), isBlock: false, type: "any" } };
  }
}

/** A plain object without its undefined fields, at every depth (the renderer would print them). */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutUndefined);
  }
  if (value !== null && typeof value === "object" && value.constructor === Object) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, withoutUndefined(v)]));
  }
  return value;
}

/**
 * What the apps stack needs of the public load balancer in front of the backend (`<env>-edge`);
 * constructs/public-load-balancer's PublicLoadBalancer is one. Read across stacks (remote state).
 */
export interface BackendLoadBalancer {
  /** The IP target group the backend's pods are registered in. */
  readonly targetGroupArn: string;
  /** The load balancer's security group, let in to the pods on the app port. */
  readonly securityGroupId: string;
}

export interface AppsStackProps extends EnvironmentStackProps {
  readonly platform: PlatformConfig;
  readonly platformStack: PlatformStack;
  readonly network: Network;
  /**
   * The public load balancer of the environment's edge; required exactly when the environment has
   * `edge.loadBalancer` (the backend's Service is bound to its target group).
   * @default - none
   */
  readonly loadBalancer?: BackendLoadBalancer;
}

export class AppsStack extends EnvironmentStack {
  public readonly apps: ClusterApps;

  constructor(scope: Construct, props: AppsStackProps) {
    super(scope, "apps", props);
    const cluster = props.platformStack.cluster;
    const connection = {
      host: cluster.clusterEndpoint,
      clusterCaCertificate: Fn.base64decode(cluster.clusterCertificateAuthority),
    };
    const exec = {
      apiVersion: "client.authentication.k8s.io/v1beta1",
      command: "aws",
      args: ["eks", "get-token", "--cluster-name", cluster.cluster.name, "--region", props.env.region, "--output", "json"],
    };
    if (terraformCloudSettings(props.env)) {
      // Terraform Cloud's runners have no AWS CLI: the token comes from an ephemeral resource,
      // created anew in every plan and apply and never written to state or plan (Terraform 1.10).
      requireTerraform(this, "1.10");
      // By name (the platform stack names the cluster so): an override is not resolved across stacks.
      this.addOverride("ephemeral.aws_eks_cluster_auth.cluster", { name: clusterName(this.namePrefix) });
      const token = "${ephemeral.aws_eks_cluster_auth.cluster.token}";
      new KubernetesProvider(this, "Kubernetes", { ...connection, token });
      new Helm3Provider(this, "Helm", { kubernetes: { ...connection, token } });
    } else {
      new KubernetesProvider(this, "Kubernetes", { ...connection, exec: [exec] });
      new Helm3Provider(this, "Helm", { kubernetes: { ...connection, exec } });
    }

    const p = props.platform;
    const roles = cluster.systemRoles;
    const lbConfig = props.env.edge?.loadBalancer;
    if ((lbConfig === undefined) !== (props.loadBalancer === undefined)) {
      throw new Error(
        lbConfig
          ? `AppsStack ${props.env.name}: ${props.env.name}.edge.loadBalancer is set but no loadBalancer was passed; pass the edge stack's PublicLoadBalancer`
          : `AppsStack ${props.env.name}: a loadBalancer was passed but ${props.env.name}.edge.loadBalancer is not set`,
      );
    }
    this.apps = new ClusterApps(this, "ClusterApps", {
      clusterName: cluster.cluster.name,
      region: props.env.region,
      vpcId: props.network.vpcId,
      chartVersions: {
        awsLoadBalancerController: p.apps.charts.awsLoadBalancerController.version,
        metricsServer: p.apps.charts.metricsServer.version,
        clusterAutoscaler: p.apps.charts.clusterAutoscaler.version,
        argoCd: p.apps.charts.argoCd.version,
      },
      loadBalancerController: { roleArn: roles.loadBalancerController.role.arn, serviceAccountName: SYSTEM_SERVICE_ACCOUNTS.loadBalancerController.name },
      clusterAutoscaler: { roleArn: roles.clusterAutoscaler.role.arn, serviceAccountName: SYSTEM_SERVICE_ACCOUNTS.clusterAutoscaler.name },
      clusterAutoscalerImageTag: p.apps.charts.clusterAutoscaler.imageTag,
      backend: { roleArn: props.platformStack.backendRole.role.arn, serviceAccountName: props.platformStack.backendRole.serviceAccount.name },
      migrations: { roleArn: props.platformStack.migrationsRole.role.arn, serviceAccountName: props.platformStack.migrationsRole.serviceAccount.name },
      volumesKeyArn: cluster.volumesKey.keyArn,
      namespaces: p.apps.namespaces,
      backendScaling: p.apps.backendScaling,
      backendTargetGroupBinding:
        lbConfig && props.loadBalancer
          ? {
              targetGroupArn: props.loadBalancer.targetGroupArn,
              loadBalancerSecurityGroupId: props.loadBalancer.securityGroupId,
              serviceNamespace: lbConfig.backendService.namespace,
              serviceName: lbConfig.backendService.name,
              servicePort: lbConfig.backendService.port,
              targetPort: props.env.network.appPort ?? DEFAULT_APP_PORT,
            }
          : undefined,
    });
  }
}
