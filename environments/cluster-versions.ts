/**
 * Versions every cluster runs, kept in one place so environments move together: a change here is
 * applied to dev first by the ordered pipeline. Check a new Kubernetes version's add-on builds with
 * `aws eks describe-addon-versions --kubernetes-version <v> --addon-name <name>` and chart versions
 * with `helm search repo <chart> --versions` before changing them.
 */
import { AddonVersionsConfig, ClusterAppsConfig, KubernetesVersion } from "../lib/config";

export const KUBERNETES_VERSION: KubernetesVersion = "1.34";

export const ADDON_VERSIONS: AddonVersionsConfig = {
  vpcCni: "v1.20.4-eksbuild.1",
  coredns: "v1.12.4-eksbuild.1",
  kubeProxy: "v1.34.0-eksbuild.5",
  ebsCsiDriver: "v1.48.0-eksbuild.2",
};

/**
 * Cluster Autoscaler supports only the Kubernetes minor it was released for, and its chart's own
 * image (the chart's appVersion) often trails the clusters: chart 9.50.1 ships 1.33.0 while the
 * clusters run 1.34. So the image is pinned per Kubernetes minor (`image.tag`), and validation
 * (lib/validate-platform.ts) refuses a chart/image whose minor is not the cluster's.
 *
 * Sources: the `APP VERSION` column of
 * `helm search repo autoscaler/cluster-autoscaler --versions` (repository
 * https://kubernetes.github.io/autoscaler), and the `cluster-autoscaler-1.<minor>.<patch>` releases of
 * github.com/kubernetes/autoscaler (images `registry.k8s.io/autoscaling/cluster-autoscaler:v1.<minor>.<patch>`).
 * Recorded 2026-12-02 without network access: entries marked UNVERIFIED were not checked against those
 * sources. Check one with the helm command above and
 * `crane ls registry.k8s.io/autoscaling/cluster-autoscaler` (or the release page), then remove its
 * mark. Once a chart version whose appVersion is the clusters' minor is listed, prefer it (the
 * chart's RBAC then matches the image it was released with) and drop the image pin.
 */
export const CLUSTER_AUTOSCALER_CHART_APP_VERSIONS: Readonly<Record<string, string>> = {
  "9.50.1": "1.33.0",
};

/** Cluster Autoscaler image tag per Kubernetes minor (see above). */
export const CLUSTER_AUTOSCALER_IMAGE_TAGS: Readonly<Partial<Record<KubernetesVersion, string>>> = {
  "1.33": "v1.33.0", // the appVersion of chart 9.50.1
  "1.34": "v1.34.0", // UNVERIFIED: the first 1.34 release; a later v1.34.x patch may exist
};

export const CHART_VERSIONS: ClusterAppsConfig["charts"] = {
  awsLoadBalancerController: { version: "1.14.0" },
  metricsServer: { version: "3.13.0" },
  clusterAutoscaler: { version: "9.50.1", imageTag: CLUSTER_AUTOSCALER_IMAGE_TAGS[KUBERNETES_VERSION] },
  argoCd: { version: "8.5.8" },
};

/** Reference 001: the backend scales from 2 to 10 replicas at 70% CPU. */
export const BACKEND_SCALING: ClusterAppsConfig["backendScaling"] = { minReplicas: 2, maxReplicas: 10, targetCpuPercent: 70 };
