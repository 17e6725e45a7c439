/**
 * Versions every cluster runs, kept in one place so environments move together: a change here is
 * applied to dev first by the ordered pipeline. Check a new Kubernetes version's add-on builds with
 * `aws eks describe-addon-versions --kubernetes-version <v> --addon-name <name>` and chart versions
 * with `helm search repo <chart> --versions` before changing them.
 */
import { AddonVersionsConfig, ClusterAppsConfig } from "../lib/config";

export const KUBERNETES_VERSION = "1.34";

export const ADDON_VERSIONS: AddonVersionsConfig = {
  vpcCni: "v1.20.4-eksbuild.1",
  coredns: "v1.12.4-eksbuild.1",
  kubeProxy: "v1.34.0-eksbuild.5",
  ebsCsiDriver: "v1.48.0-eksbuild.2",
};

export const CHART_VERSIONS: ClusterAppsConfig["charts"] = {
  awsLoadBalancerController: { version: "1.14.0" },
  metricsServer: { version: "3.13.0" },
  clusterAutoscaler: { version: "9.50.1" },
  argoCd: { version: "8.5.8" },
};

/** Reference 001: the backend scales from 2 to 10 replicas at 70% CPU. */
export const BACKEND_SCALING: ClusterAppsConfig["backendScaling"] = { minReplicas: 2, maxReplicas: 10, targetCpuPercent: 70 };
