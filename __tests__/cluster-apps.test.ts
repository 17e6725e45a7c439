import { Testing } from "cdktf";
import { ClusterApps, ClusterAppsProps } from "../constructs/cluster-apps";
import { ENVIRONMENTS, SHARED, STATE } from "../environments";
import { addEnvironment, addSharedStacks } from "../stacks";
import { TfJson, backendSettings, resources, scrub, synthHcl } from "./helpers";

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
