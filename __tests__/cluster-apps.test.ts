import { TerraformStack, Testing } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ClusterApps, ClusterAppsProps } from "../constructs/cluster-apps";
import { loadBalancerControllerStatements } from "../constructs/eks/private/controller-policies";
import { ENVIRONMENTS, SHARED, STATE } from "../environments";
import { EnvironmentConfig } from "../lib/config";
import { addEnvironment, addSharedStacks } from "../stacks";
import { AppsStack, BackendLoadBalancer } from "../stacks/apps-stack";
import { DeliveryStack } from "../stacks/delivery-stack";
import { NetworkStack } from "../stacks/network-stack";
import { PlatformStack } from "../stacks/platform-stack";
import { ServerlessStack } from "../stacks/serverless-stack";
import { TfJson, backendSettings, resources, scrub, synthHcl } from "./helpers";
import { EXAMPLE_LOAD_BALANCER, exampleEdge } from "./helpers/edge-example";

const ns = (name: string) => ({
  name,
  requestsCpu: "4",
  requestsMemory: "8Gi",
  limitsCpu: "8",
  limitsMemory: "16Gi",
  pods: 40,
  containerDefaults: { requestCpu: "250m", requestMemory: "512Mi", limitCpu: "1", limitMemory: "1Gi" },
});

const props: ClusterAppsProps = {
  clusterName: "chatbot-test-eks",
  region: "ap-southeast-2",
  vpcId: "vpc-0123",
  chartVersions: { awsLoadBalancerController: "1.14.0", metricsServer: "3.13.0", clusterAutoscaler: "9.50.1", argoCd: "8.5.8" },
  loadBalancerController: { roleArn: "arn:aws:iam::123456789012:role/lbc", serviceAccountName: "aws-load-balancer-controller" },
  clusterAutoscaler: { roleArn: "arn:aws:iam::123456789012:role/ca", serviceAccountName: "cluster-autoscaler" },
  backend: { roleArn: "arn:aws:iam::123456789012:role/backend", serviceAccountName: "chatbot-backend" },
  migrations: { roleArn: "arn:aws:iam::123456789012:role/migrations", serviceAccountName: "chatbot-migrations" },
  volumesKeyArn: "arn:aws:kms:ap-southeast-2:123456789012:key/abc",
  namespaces: [ns("chatbot"), ns("chatbot-ml")],
  backendScaling: { minReplicas: 2, maxReplicas: 10, targetCpuPercent: 70 },
};

function json(p: Partial<ClusterAppsProps> = {}): TfJson {
  return JSON.parse(
    Testing.synthScope((scope) => {
      new ClusterApps(scope, "ClusterApps", { ...props, ...p });
    }),
  );
}
const release = (j: TfJson, chart: string): any => resources(j, "helm_release").find((r) => r.chart === chart);
/** The values document of a release, decoded from its `jsonencode({...})` HCL object expression. */
function values(r: any): any {
  const expr = /^\$\{jsonencode\((.*)\)\}$/s.exec(r.values[0])![1];
  return JSON.parse(expr.replace(/" = /g, '": '));
}

describe("ClusterApps", () => {
  const j = json();

  test("every platform chart is installed at its pinned version from its upstream repository", () => {
    const found = resources(j, "helm_release").map((r) => [r.chart, r.version, r.repository, r.namespace]);
    expect(found.sort()).toEqual([
      ["argo-cd", "8.5.8", "https://argoproj.github.io/argo-helm", "argocd"],
      ["aws-load-balancer-controller", "1.14.0", "https://aws.github.io/eks-charts", "kube-system"],
      ["cluster-autoscaler", "9.50.1", "https://kubernetes.github.io/autoscaler", "kube-system"],
      ["metrics-server", "3.13.0", "https://kubernetes-sigs.github.io/metrics-server/", "kube-system"],
    ]);
    expect(resources(j, "helm_release").every((r) => r.atomic === true && r.wait === true)).toBe(true);
  });

  test("controller values come from typed props: cluster, region, VPC and the IRSA role on the service account", () => {
    expect(values(release(j, "aws-load-balancer-controller"))).toEqual({
      clusterName: "chatbot-test-eks",
      region: "ap-southeast-2",
      vpcId: "vpc-0123",
      replicaCount: 2,
      serviceAccount: { create: true, name: "aws-load-balancer-controller", annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/lbc" } },
    });
    const autoscaler = values(release(j, "cluster-autoscaler"));
    expect(autoscaler.autoDiscovery).toEqual({ clusterName: "chatbot-test-eks" });
    expect(autoscaler.rbac.serviceAccount.annotations).toEqual({ "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/ca" });
  });

  test("the Cluster Autoscaler runs the given image tag, the chart's own image when none is given", () => {
    expect(values(release(json({ clusterAutoscalerImageTag: "v1.34.0" }), "cluster-autoscaler")).image).toEqual({ tag: "v1.34.0" });
    expect(values(release(j, "cluster-autoscaler")).image).toBeUndefined();
  });

  test("every other chart waits for the load balancer controller, whose webhook intercepts new Services", () => {
    const lbc = Object.keys(j.resource.helm_release).find((k) => k.includes("AwsLoadBalancerController"))!;
    for (const chart of ["metrics-server", "cluster-autoscaler", "argo-cd"]) {
      expect(release(j, chart).depends_on).toContain(`helm_release.${lbc}`);
    }
    expect(release(j, "aws-load-balancer-controller").depends_on ?? []).toEqual([]);
  });

  test("Argo CD is never exposed through a load balancer", () => {
    expect(values(release(j, "argo-cd")).server.service.type).toBe("ClusterIP");
  });

  test("each application namespace enforces the restricted pod security standard, a quota and default limits", () => {
    const names = resources(j, "kubernetes_namespace_v1").map((n) => n.metadata.name).sort();
    expect(names).toEqual(["argocd", "chatbot", "chatbot-ml"]);
    const chatbot = resources(j, "kubernetes_namespace_v1").find((n) => n.metadata.name === "chatbot");
    expect(chatbot.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    const quotas = resources(j, "kubernetes_resource_quota_v1");
    expect(quotas).toHaveLength(2);
    expect(quotas[0].spec.hard).toEqual({ "requests.cpu": "4", "requests.memory": "8Gi", "limits.cpu": "8", "limits.memory": "16Gi", pods: "40" });
    const limits = resources(j, "kubernetes_limit_range_v1")[0].spec.limit[0];
    expect(limits).toEqual({ type: "Container", default: { cpu: "1", memory: "1Gi" }, default_request: { cpu: "250m", memory: "512Mi" } });
  });

  test("the backend's autoscaler follows reference 001 and its service account carries the IRSA role", () => {
    const hpa = resources(j, "kubernetes_horizontal_pod_autoscaler_v2")[0];
    expect(hpa.spec).toMatchObject({ min_replicas: 2, max_replicas: 10, scale_target_ref: { kind: "Deployment", name: "chatbot-backend" } });
    expect(hpa.spec.metric[0].resource).toEqual({ name: "cpu", target: { type: "Utilization", average_utilization: 70 } });
    const sa = resources(j, "kubernetes_service_account_v1").find((a) => a.metadata.name === "chatbot-backend");
    expect(sa.metadata).toMatchObject({ name: "chatbot-backend", annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/backend" } });
    const migrations = resources(j, "kubernetes_service_account_v1").find((a) => a.metadata.name === "chatbot-migrations");
    expect(migrations.metadata.annotations).toEqual({ "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/migrations" });
    expect(sa.metadata.namespace).toMatch(/kubernetes_namespace_v1\.ClusterApps_ChatbotNamespace/);
  });

  test("the default storage class encrypts volumes with the cluster's volume key", () => {
    const sc = resources(j, "kubernetes_storage_class_v1")[0];
    expect(sc.parameters).toEqual({ type: "gp3", encrypted: "true", kmsKeyId: "arn:aws:kms:ap-southeast-2:123456789012:key/abc" });
    expect(sc.metadata.annotations["storageclass.kubernetes.io/is-default-class"]).toBe("true");
  });

  test("snapshot", () => {
    expect(scrub(j)).toMatchSnapshot();
  });

  describe("errors", () => {
    test("no namespace", () => {
      expect(() => json({ namespaces: [] })).toThrow(
        [
          "ClusterApps: 1 invalid prop; nothing was created:",
          "  - namespaces: [] is empty",
          "    allowed: at least the backend's namespace (the first one)",
          "    fix: list the backend's namespace first",
        ].join("\n"),
      );
    });
    test("a replica range upside down", () => {
      expect(() => json({ backendScaling: { minReplicas: 5, maxReplicas: 2, targetCpuPercent: 70 } })).toThrow(
        [
          "ClusterApps: 1 invalid prop; nothing was created:",
          '  - backendScaling: {"minReplicas":5,"maxReplicas":2,"targetCpuPercent":70} is not a replica range',
          "    allowed: 1 <= minReplicas <= maxReplicas",
          "    fix: raise maxReplicas or lower minReplicas",
        ].join("\n"),
      );
    });
  });
});

/**
 * The HCL form `cdktf synth --hcl` writes (scripts/validate.sh validates it): the real helm and
 * kubernetes providers are not available to the tests, so its shape is asserted here.
 */
describe("HCL form of dev-platform and dev-apps", () => {
  const hcl = (() => {
    const dev = ENVIRONMENTS.find((e) => e.name === "dev")!;
    const props = { environments: [dev], allEnvironments: ENVIRONMENTS, shared: SHARED, backendSettings, state: STATE };
    const files = synthHcl((app) => addEnvironment(app, dev, props, addSharedStacks(app, props)));
    return { apps: files.get("dev-apps")!, platform: files.get("dev-platform")! };
  })();
  /** The body of the first `<header> {` block, up to its matching brace. */
  const block = (text: string, header: string): string => {
    const start = text.indexOf(`${header} {\n`);
    expect(start).toBeGreaterThanOrEqual(0);
    let depth = 0;
    for (let i = start; i < text.length; i++) {
      if (text[i] === "{") depth++;
      if (text[i] === "}" && --depth === 0) return text.slice(start, i + 1);
    }
    throw new Error(`unterminated block ${header}`);
  };

  test("the helm provider gets kubernetes and its exec as attributes, as helm 3 requires", () => {
    const helm = block(hcl.apps, 'provider "helm"');
    expect(helm).toMatch(/^kubernetes = \{$/m);
    expect(helm).toMatch(/^exec = \{$/m);
    expect(helm).not.toMatch(/^(kubernetes|exec) \{$/m);
    expect(helm).toContain('command = "aws"');
    expect(helm).toMatch(/^host = "\$\{data\.terraform_remote_state\.cross-stack-reference-input-dev-platform\.outputs\./m);
    expect(helm).not.toContain("undefined");
  });

  test("the kubernetes provider keeps exec as a block, as kubernetes 2.x requires", () => {
    expect(block(hcl.apps, 'provider "kubernetes"')).toMatch(/^exec \{$/m);
  });

  test("depends_on and ignore_changes name bare references, never quoted addresses", () => {
    for (const text of [hcl.apps, hcl.platform]) {
      const lists = text.split("\n").filter((l) => l.startsWith("depends_on = [") && l !== "depends_on = [");
      expect(lists.length).toBeGreaterThan(0);
      expect(text).not.toMatch(/depends_on = \[\s*"/);
    }
    expect(hcl.apps).toContain("depends_on = [kubernetes_namespace_v1.ClusterApps_ArgocdNamespace_1DA014BC, helm_release.ClusterApps_AwsLoadBalancerController_B5B89071]");
    expect(hcl.platform).toContain("ignore_changes = [scaling_config[0].desired_size]");
    expect(hcl.platform).not.toMatch(/ignore_changes = \[\s*"/);
  });
});

describe("TargetGroupBinding of the backend behind the public load balancer", () => {
  const binding = {
    targetGroupArn: "arn:aws:elasticloadbalancing:ap-southeast-2:123456789012:targetgroup/chatbot-test-backend/0123456789abcdef",
    loadBalancerSecurityGroupId: "sg-0alb",
    serviceNamespace: "chatbot",
    serviceName: "chatbot-backend",
    servicePort: 80,
    targetPort: 8000,
  };
  const withBinding = json({ backendTargetGroupBinding: binding });
  const manifests = resources(withBinding, "kubernetes_manifest");

  test("none without a load balancer", () => {
    expect(resources(json(), "kubernetes_manifest")).toEqual([]);
  });

  test("binds the Service to the target group by pod IP, in the Service's namespace, with the keys the CRD expects", () => {
    expect(manifests).toHaveLength(1);
    expect(manifests[0].manifest).toEqual({
      apiVersion: "elbv2.k8s.aws/v1beta1",
      kind: "TargetGroupBinding",
      metadata: { name: "chatbot-backend", namespace: "chatbot" },
      spec: {
        targetGroupARN: binding.targetGroupArn,
        targetType: "ip",
        vpcID: "vpc-0123",
        ipAddressType: "ipv4",
        serviceRef: { name: "chatbot-backend", port: 80 },
        networking: { ingress: [{ from: [{ securityGroup: { groupID: "sg-0alb" } }], ports: [{ protocol: "TCP", port: 8000 }] }] },
      },
    });
  });

  test("waits for the load balancer controller (CRD and webhook) and the namespace", () => {
    expect(manifests[0].depends_on).toEqual([
      expect.stringMatching(/^helm_release\.ClusterApps_AwsLoadBalancerController_[0-9A-F]+$/),
      expect.stringMatching(/^kubernetes_namespace_v1\.ClusterApps_ChatbotNamespace_[0-9A-F]+$/),
    ]);
    expect(manifests[0].computed_fields).toEqual(["metadata.labels", "metadata.annotations", "metadata.finalizers"]);
    const other = resources(json({ backendTargetGroupBinding: { ...binding, serviceNamespace: "chatbot-ml" } }), "kubernetes_manifest")[0];
    expect(other.depends_on[1]).toMatch(/^kubernetes_namespace_v1\.ClusterApps_ChatbotMlNamespace_/);
  });

  test("the controller's IAM policy covers what a binding to a target group it did not create needs", () => {
    const statements = loadBalancerControllerStatements({
      accountId: "123456789012",
      region: "ap-southeast-2",
      clusterName: "chatbot-test-eks",
      vpcArn: "arn:aws:ec2:ap-southeast-2:123456789012:vpc/vpc-0123",
      clusterSecurityGroupArn: "arn:aws:ec2:ap-southeast-2:123456789012:security-group/sg-cluster",
    });
    const allowing = (action: string) => statements.filter((st) => st.actions!.includes(action));
    // Registering pods: on any target group of the account and region, with no ownership-tag condition (Terraform made this one).
    const targets = allowing("elasticloadbalancing:RegisterTargets");
    expect(targets).toEqual([expect.objectContaining({ resources: ["arn:aws:elasticloadbalancing:ap-southeast-2:123456789012:targetgroup/*/*"] })]);
    expect(targets[0].condition).toBeUndefined();
    expect(allowing("elasticloadbalancing:DeregisterTargets")).toEqual(targets);
    for (const action of ["elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth", "ec2:DescribeSecurityGroups", "ec2:DescribeNetworkInterfaces", "ec2:DescribeInstances"]) {
      expect(allowing(action).length).toBeGreaterThan(0);
    }
    // Opening the pods' group (the cluster security group) to the load balancer's.
    const open = allowing("ec2:AuthorizeSecurityGroupIngress").find((st) => st.condition === undefined)!;
    expect(open.resources).toEqual(["arn:aws:ec2:ap-southeast-2:123456789012:security-group/sg-cluster"]);
    expect(open.actions).toContain("ec2:RevokeSecurityGroupIngress");
  });

  test("its HCL form keeps the lists of the manifest as lists (the renderer would turn them into objects keyed 0, 1, ...)", () => {
    const hcl = synthHcl((app) => {
      const stack = new TerraformStack(app, "binding");
      new KubernetesProvider(stack, "Kubernetes", {});
      new HelmProvider(stack, "Helm", {});
      new ClusterApps(stack, "ClusterApps", { ...props, backendTargetGroupBinding: binding });
    }).get("binding")!;
    const start = hcl.indexOf('resource "kubernetes_manifest"');
    const end = hcl.indexOf("\nresource ", start + 1);
    const body = hcl.slice(start, end < 0 ? undefined : end);
    expect(body).toMatch(/^ingress = \[$/m);
    expect(body).toMatch(/^from = \[$/m);
    expect(body).toMatch(/^ports = \[$/m);
    expect(body).not.toMatch(/^\s*0 = /m);
    expect(body).toContain('targetGroupARN = "arn:aws:elasticloadbalancing:ap-southeast-2:123456789012:targetgroup/chatbot-test-backend/0123456789abcdef"');
    expect(body).toMatch(/^port = 8000$/m);
  });

  describe("errors", () => {
    test("a binding outside the application namespaces, with names and ports Kubernetes refuses", () => {
      expect(() => json({ backendTargetGroupBinding: { ...binding, serviceNamespace: "kube-system", serviceName: "Backend", servicePort: 0, targetPort: 70000 } })).toThrow(
        [
          "ClusterApps: 4 invalid props; nothing was created:",
          '  - backendTargetGroupBinding.serviceNamespace: "kube-system" is not one of the application namespaces',
          '    allowed: "chatbot", "chatbot-ml"',
          "    fix: bind the Service in one of the application namespaces",
          '  - backendTargetGroupBinding.serviceName: "Backend" is not a Kubernetes Service name',
          "    allowed: a DNS-1035 label: lower-case letters, digits and '-', starting with a letter, at most 63 characters",
          '    fix: use the Service\'s name, e.g. "chatbot-backend"',
          "  - backendTargetGroupBinding.servicePort: 0 is out of range",
          "    allowed: an integer from 1 to 65535",
          "    fix: pass the Service's port",
          "  - backendTargetGroupBinding.targetPort: 70000 is out of range",
          "    allowed: an integer from 1 to 65535",
          "    fix: pass the port the pods listen on",
        ].join("\n"),
      );
    });
  });
});

describe("apps stack with the edge's load balancer", () => {
  const dev = ENVIRONMENTS.find((e) => e.name === "dev")!;
  const LB: BackendLoadBalancer = { targetGroupArn: "arn:aws:elasticloadbalancing:ap-southeast-2:111111111111:targetgroup/chatbot-dev-backend/abc", securityGroupId: "sg-0123alb" };

  /** The apps stack of `env` as the app builds it, with `loadBalancer` passed in. */
  function appsJson(env: EnvironmentConfig, loadBalancer?: BackendLoadBalancer): TfJson {
    const app = Testing.app();
    const props = { environments: [env], allEnvironments: ENVIRONMENTS, shared: SHARED, backendSettings, state: STATE };
    const shared = addSharedStacks(app, props);
    const common = { env, backendSettings, state: STATE };
    const network = new NetworkStack(app, common);
    const serverless = new ServerlessStack(app, { ...common, network: network.network });
    const delivery = new DeliveryStack(app, { ...common, oidcProviderArn: shared.get(env.accountId)!.githubOidc!.providerArn, registry: shared.get(SHARED.registryAccountId)!.registry!, serverless: serverless.api });
    const platform = new PlatformStack(app, { ...common, platform: env.platform!, network: network.network, planRole: delivery.planRole });
    return JSON.parse(Testing.synth(new AppsStack(app, { ...common, platform: env.platform!, platformStack: platform, network: network.network, loadBalancer })));
  }

  test("binds the backend Service named in edge.loadBalancer to the given target group, opening the app port to the given group", () => {
    const env = { ...dev, network: { ...dev.network, appPort: 8080 }, edge: exampleEdge({ ...EXAMPLE_LOAD_BALANCER, backendService: { namespace: "chatbot", name: "api", port: 8081 } }) };
    const [m] = resources(appsJson(env, LB), "kubernetes_manifest");
    expect(m.manifest.metadata).toEqual({ name: "api", namespace: "chatbot" });
    expect(m.manifest.spec.targetGroupARN).toBe(LB.targetGroupArn);
    expect(m.manifest.spec.serviceRef).toEqual({ name: "api", port: 8081 });
    expect(m.manifest.spec.networking.ingress).toEqual([{ from: [{ securityGroup: { groupID: "sg-0123alb" } }], ports: [{ protocol: "TCP", port: 8080 }] }]);
    expect(m.manifest.spec.vpcID).toMatch(/aws_vpc\.Network_Vpc_/);
  });

  test("the target port defaults to the network's default app port", () => {
    const [m] = resources(appsJson({ ...dev, edge: exampleEdge() }, LB), "kubernetes_manifest");
    expect(m.manifest.spec.networking.ingress[0].ports).toEqual([{ protocol: "TCP", port: 8000 }]);
  });

  test("no binding, and no change, without edge.loadBalancer", () => {
    expect(resources(appsJson({ ...dev, edge: exampleEdge(null) }), "kubernetes_manifest")).toEqual([]);
  });

  test("a load balancer and edge.loadBalancer come together (a wiring mistake is an error, not a silent omission)", () => {
    expect(() => appsJson({ ...dev, edge: exampleEdge() })).toThrow("AppsStack dev: dev.edge.loadBalancer is set but no loadBalancer was passed; pass the edge stack's PublicLoadBalancer");
    expect(() => appsJson(dev, LB)).toThrow("AppsStack dev: a loadBalancer was passed but dev.edge.loadBalancer is not set");
  });
});
