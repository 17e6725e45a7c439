/**
 * ClusterApps: what runs inside the EKS cluster (reference 001), applied after the cluster exists.
 *
 * - platform services as Helm releases with pinned chart versions: AWS Load Balancer Controller
 *   (ALB/NLB for Services and Ingresses, reference 003), metrics-server (HPA metrics), Cluster
 *   Autoscaler (node groups' sizes), Argo CD (GitOps delivery of the application manifests);
 * - values built from typed props (IRSA role ARNs, cluster name, VPC id, region) and encoded by
 *   Terraform (`jsonencode`), never YAML written by hand;
 * - a default gp3 StorageClass encrypted with the cluster's volume key;
 * - one namespace per application with the `restricted` Pod Security Standard, a ResourceQuota and
 *   default container limits; in the backend's namespace its IRSA service account and the
 *   HorizontalPodAutoscaler policy (2-10 replicas at 70% CPU in reference 001).
 *
 * The Deployment itself comes from Argo CD (the app repository owns it); it must not set
 * `replicas`, which belong to the autoscaler defined here.
 *
 * With a public load balancer in front of the backend (constructs/public-load-balancer, owned by
 * Terraform in `<env>-edge`), a TargetGroupBinding of the load balancer controller binds the
 * backend's Service to that load balancer's IP target group: the controller registers the Service's
 * ready pods by IP and opens the pods' security group (the cluster security group) to the load
 * balancer's group on the target port. It is a `kubernetes_manifest`, which needs the CRD at plan
 * time: the controller's chart (which installs it) must have been applied once before the binding
 * is added (docs/load-balancer-and-auth.md).
 *
 * The construct uses the stack's kubernetes and helm providers; the stack configures them from the
 * platform stack's outputs, never from a cluster created in the same stack.
 */
import { Construct } from "constructs";
import { Fn, ITerraformDependable } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { HorizontalPodAutoscalerV2 } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { idPart } from "../../lib/naming";
import { PropPaths, PropProblems, checkProps } from "../../lib/prop-checks";
import { Problems } from "../../lib/problems";
import type { AppNamespaceProps } from "../../lib/types/app-namespace";
import { JsonManifest } from "./private/json-manifest";

export type { AppNamespaceProps } from "../../lib/types/app-namespace";

/** The Helm charts the construct installs, with their repositories. */
export const CHARTS = {
  awsLoadBalancerController: { chart: "aws-load-balancer-controller", repository: "https://aws.github.io/eks-charts", namespace: "kube-system" },
  metricsServer: { chart: "metrics-server", repository: "https://kubernetes-sigs.github.io/metrics-server/", namespace: "kube-system" },
  clusterAutoscaler: { chart: "cluster-autoscaler", repository: "https://kubernetes.github.io/autoscaler", namespace: "kube-system" },
  argoCd: { chart: "argo-cd", repository: "https://argoproj.github.io/argo-helm", namespace: "argocd" },
} as const;
export type ChartName = keyof typeof CHARTS;

/** A Kubernetes Service name (DNS-1035 label). */
const SERVICE_NAME = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Annotation that binds a service account to its IRSA role. */
const IRSA_ANNOTATION = "eks.amazonaws.com/role-arn";

/** An IRSA role and the service account it is pinned to. */
export interface IrsaBinding {
  /** ARN of the IRSA role (annotated on the service account). */
  readonly roleArn: string;
  /** Name of the service account the role trusts. */
  readonly serviceAccountName: string;
}

/** The backend Service bound to an existing load balancer target group (TargetGroupBinding). */
export interface BackendTargetGroupBindingProps {
  /** ARN of the IP target group the backend's pods are registered in (PublicLoadBalancer.targetGroupArn). */
  readonly targetGroupArn: string;
  /** Security group of the load balancer: the controller lets it reach the pods on `targetPort`. */
  readonly loadBalancerSecurityGroupId: string;
  /** Namespace of the backend Service (one of `namespaces`); the binding is created there. */
  readonly serviceNamespace: string;
  /** Name of the backend Service (created by the application's manifests, not here). */
  readonly serviceName: string;
  /** Port of the Service the binding refers to (`serviceRef.port`). */
  readonly servicePort: number;
  /** Port the pods listen on (the Service's targetPort): the port opened to the load balancer. */
  readonly targetPort: number;
}

/** The TargetGroupBinding custom resource's API version and kind (AWS Load Balancer Controller v2). */
export const TARGET_GROUP_BINDING_API_VERSION = "elbv2.k8s.aws/v1beta1";
export const TARGET_GROUP_BINDING_KIND = "TargetGroupBinding";

export interface ClusterAppsProps {
  /** Name of the EKS cluster (autoscaler discovery, load balancer controller). */
  readonly clusterName: string;
  /** Region of the cluster. */
  readonly region: string;
  /** VPC of the cluster (the load balancer controller does not query instance metadata). */
  readonly vpcId: string;
  /** Exact chart versions. */
  readonly chartVersions: Readonly<Record<ChartName, string>>;
  /** IRSA role and service account of the AWS Load Balancer Controller. */
  readonly loadBalancerController: IrsaBinding;
  /** IRSA role and service account of the Cluster Autoscaler. */
  readonly clusterAutoscaler: IrsaBinding;
  /**
   * Cluster Autoscaler image tag (`image.tag`), e.g. `v1.34.0`: upstream supports only the
   * cluster's own Kubernetes minor, which the chart's default image may trail.
   * @default - the chart's appVersion
   */
  readonly clusterAutoscalerImageTag?: string;
  /** The backend's service account in the first namespace. */
  readonly backend: IrsaBinding;
  /** The schema migrations' service account in the first namespace (reads the database's master secret). */
  readonly migrations: IrsaBinding;
  /** KMS key of persistent volumes. */
  readonly volumesKeyArn: string;
  /** Application namespaces; the first is the backend's. */
  readonly namespaces: readonly AppNamespaceProps[];
  /** Replica range and CPU target of the backend's HorizontalPodAutoscaler. */
  readonly backendScaling: { readonly minReplicas: number; readonly maxReplicas: number; readonly targetCpuPercent: number };
  /**
   * Name of the backend Deployment the autoscaler scales.
   * @default "chatbot-backend"
   */
  readonly backendDeploymentName?: string;
  /**
   * Bind the backend's Service to the target group of a public load balancer.
   * @default - no binding (no public load balancer in front of the backend)
   */
  readonly backendTargetGroupBinding?: BackendTargetGroupBindingProps;
}

export class ClusterApps extends Construct {
  public readonly releases: Readonly<Record<ChartName, Release>>;
  public readonly namespaces: Readonly<Record<string, NamespaceV1>>;
  public readonly backendServiceAccount: ServiceAccountV1;
  public readonly migrationsServiceAccount: ServiceAccountV1;
  public readonly backendAutoscaler: HorizontalPodAutoscalerV2;
  public readonly storageClass: StorageClassV1;
  /** The backend's TargetGroupBinding, when the backend sits behind a public load balancer. */
  public readonly backendTargetGroupBinding?: Manifest;

  constructor(scope: Construct, id: string, props: ClusterAppsProps) {
    super(scope, id);
    checkProps("ClusterApps", props, validateClusterAppsProps);
    const deploymentName = props.backendDeploymentName ?? "chatbot-backend";

    this.storageClass = new StorageClassV1(this, "EncryptedGp3", {
      metadata: { name: "gp3-encrypted", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      storageProvisioner: "ebs.csi.aws.com",
      parameters: { type: "gp3", encrypted: "true", kmsKeyId: props.volumesKeyArn },
      reclaimPolicy: "Delete",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
    });

    // Namespaces of the applications.
    const namespaces: Record<string, NamespaceV1> = {};
    for (const ns of props.namespaces) {
      namespaces[ns.name] = this.appNamespace(ns);
    }
    const argocd = new NamespaceV1(this, "ArgocdNamespace", {
      metadata: { name: CHARTS.argoCd.namespace, labels: { "pod-security.kubernetes.io/enforce": "baseline" } },
    });
    this.namespaces = namespaces;
    const backendNs = namespaces[props.namespaces[0].name];

    this.backendServiceAccount = new ServiceAccountV1(this, "BackendServiceAccount", {
      metadata: { name: props.backend.serviceAccountName, namespace: backendNs.metadata.name, annotations: { [IRSA_ANNOTATION]: props.backend.roleArn } },
      automountServiceAccountToken: true,
    });
    this.migrationsServiceAccount = new ServiceAccountV1(this, "MigrationsServiceAccount", {
      metadata: { name: props.migrations.serviceAccountName, namespace: backendNs.metadata.name, annotations: { [IRSA_ANNOTATION]: props.migrations.roleArn } },
      automountServiceAccountToken: true,
    });
    const s = props.backendScaling;
    this.backendAutoscaler = new HorizontalPodAutoscalerV2(this, "BackendAutoscaler", {
      metadata: { name: deploymentName, namespace: backendNs.metadata.name },
      spec: {
        minReplicas: s.minReplicas,
        maxReplicas: s.maxReplicas,
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deploymentName },
        metric: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: s.targetCpuPercent } } }],
      },
    });

    // Platform services. The load balancer controller comes first: its webhook (failurePolicy
    // Fail) intercepts every Service created after it, so the other charts wait until it serves.
    const release = (name: ChartName, values: Record<string, unknown>, dependsOn: ITerraformDependable[] = []): Release =>
      new Release(this, idPart(CHARTS[name].chart), {
        name: CHARTS[name].chart,
        chart: CHARTS[name].chart,
        repository: CHARTS[name].repository,
        version: props.chartVersions[name],
        namespace: CHARTS[name].namespace,
        values: [Fn.jsonencode(values)],
        atomic: true,
        cleanupOnFail: true,
        wait: true,
        timeout: 600,
        maxHistory: 10,
        dependsOn,
      });
    const irsaServiceAccount = (b: IrsaBinding) => ({ create: true, name: b.serviceAccountName, annotations: { [IRSA_ANNOTATION]: b.roleArn } });
    const loadBalancerController = release("awsLoadBalancerController", {
      clusterName: props.clusterName,
      region: props.region,
      vpcId: props.vpcId,
      replicaCount: 2,
      serviceAccount: irsaServiceAccount(props.loadBalancerController),
    });
    this.releases = {
      awsLoadBalancerController: loadBalancerController,
      metricsServer: release("metricsServer", { replicas: 2 }, [loadBalancerController]),
      clusterAutoscaler: release(
        "clusterAutoscaler",
        {
          cloudProvider: "aws",
          awsRegion: props.region,
          ...(props.clusterAutoscalerImageTag === undefined ? {} : { image: { tag: props.clusterAutoscalerImageTag } }),
          autoDiscovery: { clusterName: props.clusterName },
          rbac: { serviceAccount: irsaServiceAccount(props.clusterAutoscaler) },
          extraArgs: { "balance-similar-node-groups": true, expander: "least-waste", "skip-nodes-with-system-pods": false },
        },
        [loadBalancerController],
      ),
      argoCd: release(
        "argoCd",
        {
          // Reached through `kubectl port-forward` or an internal ingress added by the platform team:
          // never a public load balancer.
          server: { service: { type: "ClusterIP" } },
          configs: { params: { "server.insecure": false } },
        },
        [argocd, loadBalancerController],
      ),
    };

    const binding = props.backendTargetGroupBinding;
    if (binding) {
      this.backendTargetGroupBinding = new JsonManifest(this, "BackendTargetGroupBinding", {
        manifest: {
          apiVersion: TARGET_GROUP_BINDING_API_VERSION,
          kind: TARGET_GROUP_BINDING_KIND,
          metadata: { name: binding.serviceName, namespace: binding.serviceNamespace },
          spec: {
            targetGroupARN: binding.targetGroupArn,
            targetType: "ip",
            // Set rather than left to the controller's mutating webhook, which would otherwise fill
            // them in and make the applied object differ from the planned one.
            vpcID: props.vpcId,
            ipAddressType: "ipv4",
            serviceRef: { name: binding.serviceName, port: binding.servicePort },
            networking: {
              ingress: [
                {
                  from: [{ securityGroup: { groupID: binding.loadBalancerSecurityGroupId } }],
                  ports: [{ protocol: "TCP", port: binding.targetPort }],
                },
              ],
            },
          },
        },
        // The controller adds its finalizer once it manages the binding.
        computedFields: ["metadata.labels", "metadata.annotations", "metadata.finalizers"],
        // The controller's chart installs the CRD and serves the webhook the binding goes through;
        // the namespace must exist first.
        dependsOn: [loadBalancerController, namespaces[binding.serviceNamespace] ?? backendNs],
      });
    }
  }

  private appNamespace(ns: AppNamespaceProps): NamespaceV1 {
    const id = idPart(ns.name);
    const namespace = new NamespaceV1(this, `${id}Namespace`, {
      metadata: { name: ns.name, labels: { "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/warn": "restricted" } },
    });
    new ResourceQuotaV1(this, `${id}Quota`, {
      metadata: { name: "quota", namespace: namespace.metadata.name },
      spec: {
        hard: {
          "requests.cpu": ns.requestsCpu,
          "requests.memory": ns.requestsMemory,
          "limits.cpu": ns.limitsCpu,
          "limits.memory": ns.limitsMemory,
          pods: String(ns.pods),
        },
      },
    });
    const d = ns.containerDefaults;
    new LimitRangeV1(this, `${id}Limits`, {
      metadata: { name: "container-defaults", namespace: namespace.metadata.name },
      spec: {
        limit: [
          {
            type: "Container",
            default: { cpu: d.limitCpu, memory: d.limitMemory },
            defaultRequest: { cpu: d.requestCpu, memory: d.requestMemory },
          },
        ],
      },
    });
    return namespace;
  }
}

/**
 * Reports the contradictions in ClusterAppsProps through `problems` (the construct may be reused
 * without this app's config validation). lib/validate-platform.ts runs it on each environment
 * whose apps section passed the config's own (stricter) rules, so no rule of the construct first
 * shows once constructs exist.
 */
export function validateClusterAppsProps(props: Pick<ClusterAppsProps, "namespaces" | "backendScaling" | "backendTargetGroupBinding">, problems: Problems, paths: PropPaths = ""): void {
  const p = new PropProblems(problems, paths);
  if (props.namespaces.length === 0) {
    p.add("namespaces", props.namespaces, "is empty", "at least the backend's namespace (the first one)", "list the backend's namespace first");
  }
  const s = props.backendScaling;
  if (!(s.minReplicas >= 1 && s.minReplicas <= s.maxReplicas)) {
    p.add("backendScaling", s, "is not a replica range", "1 <= minReplicas <= maxReplicas", "raise maxReplicas or lower minReplicas");
  }
  const b = props.backendTargetGroupBinding;
  if (b !== undefined) {
    const names = props.namespaces.map((n) => n.name);
    if (!names.includes(b.serviceNamespace)) {
      p.add("backendTargetGroupBinding.serviceNamespace", b.serviceNamespace, "is not one of the application namespaces", names.length > 0 ? names.map((n) => JSON.stringify(n)).join(", ") : "a namespace listed in namespaces", "bind the Service in one of the application namespaces");
    }
    if (typeof b.serviceName !== "string" || !SERVICE_NAME.test(b.serviceName)) {
      p.add("backendTargetGroupBinding.serviceName", b.serviceName, "is not a Kubernetes Service name", "a DNS-1035 label: lower-case letters, digits and '-', starting with a letter, at most 63 characters", 'use the Service\'s name, e.g. "chatbot-backend"');
    }
    p.integer("backendTargetGroupBinding.servicePort", b.servicePort, 1, 65535, "pass the Service's port");
    p.integer("backendTargetGroupBinding.targetPort", b.targetPort, 1, 65535, "pass the port the pods listen on");
  }
}
