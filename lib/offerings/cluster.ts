/**
 * The EKS cluster's versions and Kubernetes objects: add-on versions EKS offers for the cluster's
 * Kubernetes minor, published chart versions, node group labels and taints as EKS and the kubelet
 * accept them, and namespace LimitRanges Kubernetes accepts. lib/validate-platform.ts checks the
 * formats (vX.Y.Z-eksbuild.N, MAJOR.MINOR.PATCH, quantities); values it rejects are not checked again.
 */
import { EnvironmentConfig, KUBERNETES_VERSIONS, NODE_GROUP_NAMES } from "../config";
import { Problems } from "../problems";
import { AWS_API_RULES, DATA_FILES, EKS_ADDON_VERSIONS, HELM_CHART_VERSIONS } from "./data";
import { quoted } from "./suggest";
import { asRecord, isRecord } from "./values";

/** The EKS add-on each key of `platform.addons` installs (constructs/eks). */
export const ADDON_NAMES: Readonly<Record<string, string>> = {
  vpcCni: "vpc-cni",
  coredns: "coredns",
  kubeProxy: "kube-proxy",
  ebsCsiDriver: "aws-ebs-csi-driver",
};

const ADDON_VERSION = /^v(\d+)\.(\d+)\.\d+-eksbuild\.\d+$/;
const CHART_VERSION = /^\d+\.\d+\.\d+$/;
/** Kubernetes resource quantities as lib/validate-platform.ts accepts them. */
const QUANTITY = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti)?$/;
const QUANTITY_UNITS: Readonly<Record<string, number>> = { "": 1, m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** A label value (also the name part of a key): alphanumerics, '-', '_', '.', starting and ending alphanumeric. */
const LABEL_NAME = /^[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/** The optional prefix of a label or taint key: a DNS subdomain. */
const DNS_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;
const MAX_NAME = 63;
const MAX_PREFIX = 253;
/**
 * Labels in the kubernetes.io and k8s.io namespaces the kubelet sets on itself (`--node-labels`,
 * which EKS passes a node group's labels to); it refuses to start with any other label there.
 * Source: k8s.io/kubelet/pkg/apis (KubeletLabels, KubeletLabelNamespaces).
 */
const KUBELET_LABELS = [
  "kubernetes.io/hostname",
  "kubernetes.io/arch",
  "kubernetes.io/os",
  "beta.kubernetes.io/arch",
  "beta.kubernetes.io/os",
  "beta.kubernetes.io/instance-type",
  "node.kubernetes.io/instance-type",
  "failure-domain.beta.kubernetes.io/region",
  "failure-domain.beta.kubernetes.io/zone",
  "topology.kubernetes.io/region",
  "topology.kubernetes.io/zone",
];
const KUBELET_LABEL_NAMESPACES = ["kubelet.kubernetes.io", "node.kubernetes.io"];

export function checkAddonVersions(problems: Problems, env: EnvironmentConfig): void {
  const platform = asRecord(env.platform);
  const k8s = platform.kubernetesVersion;
  if (typeof k8s !== "string" || !(KUBERNETES_VERSIONS as readonly string[]).includes(k8s)) {
    return; // reported by lib/validate-platform.ts
  }
  const minor = k8s.split(".")[1];
  const recorded = EKS_ADDON_VERSIONS.values[k8s];
  const addons = asRecord(platform.addons);
  for (const [key, name] of Object.entries(ADDON_NAMES)) {
    const version = addons[key];
    const match = typeof version === "string" ? ADDON_VERSION.exec(version) : null;
    if (!match || (key === "kubeProxy" && (match[1] !== "1" || match[2] !== minor))) {
      continue; // format and kube-proxy's minor are reported by lib/validate-platform.ts
    }
    const path = `${env.name}.platform.addons.${key}`;
    const describe = `aws eks describe-addon-versions --kubernetes-version ${k8s} --addon-name ${name}`;
    const versions = recorded?.[name] ?? [];
    if (versions.includes(version as string)) {
      continue;
    }
    problems.add(
      path,
      version,
      versions.length > 0 ? `is not a version of the ${name} add-on EKS offers for Kubernetes ${k8s}` : `cannot be checked: no version of the ${name} add-on is recorded for Kubernetes ${k8s}`,
      versions.length > 0 ? `one of ${quoted(versions)} (${DATA_FILES.eksAddonVersions})` : `a version of the ${name} add-on recorded for Kubernetes ${k8s} in ${DATA_FILES.eksAddonVersions} (none yet)`,
      versions.length > 0
        ? `set ${path} to "${versions[versions.length - 1]}"; if \`${describe}\` lists ${version}, add it to ${DATA_FILES.eksAddonVersions}`
        : `add the builds \`${describe}\` lists to ${DATA_FILES.eksAddonVersions} under "${k8s}"`,
    );
  }
}

export function checkChartVersions(problems: Problems, env: EnvironmentConfig): void {
  const charts = asRecord(asRecord(asRecord(env.platform).apps).charts);
  for (const [chart, spec] of Object.entries(HELM_CHART_VERSIONS.values)) {
    const version = asRecord(charts[spec.configKey]).version;
    if (typeof version !== "string" || !CHART_VERSION.test(version) || spec.versions.includes(version)) {
      continue; // a missing or inexact version is reported by lib/validate-platform.ts
    }
    const path = `${env.name}.platform.apps.charts.${spec.configKey}.version`;
    problems.add(
      path,
      version,
      `is not a published version of the ${chart} chart (${spec.repository})`,
      `one of ${quoted(spec.versions)} (${DATA_FILES.helmChartVersions})`,
      `set ${path} to "${spec.versions[spec.versions.length - 1]}"; if \`helm search repo ${chart} --versions\` (repository ${spec.repository}) lists ${version}, add it to ${DATA_FILES.helmChartVersions}`,
    );
  }
}

/** Why a label or taint key is refused, or undefined when it is accepted. */
function keyProblem(key: string, maxLength: number, label: boolean): { problem: string; allowed: string } | undefined {
  const slash = key.indexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const syntax = `[prefix/]name: an optional DNS subdomain prefix, then a name of at most ${MAX_NAME} letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  if (key.length < 1 || key.length > maxLength) {
    return { problem: `is ${key.length} characters long: EKS takes ${label ? "label" : "taint"} keys of 1 to ${maxLength}`, allowed: `${syntax}; at most ${maxLength} characters in all (EKS, ${DATA_FILES.awsApiRules})` };
  }
  if ((prefix !== undefined && (prefix.length > MAX_PREFIX || !DNS_SUBDOMAIN.test(prefix))) || name.length > MAX_NAME || !LABEL_NAME.test(name)) {
    return { problem: `is not a Kubernetes ${label ? "label" : "taint"} key`, allowed: syntax };
  }
  if (label && prefix !== undefined && /(^|\.)(kubernetes\.io|k8s\.io)$/.test(prefix) && !KUBELET_LABELS.includes(key) && !KUBELET_LABEL_NAMESPACES.some((ns) => prefix === ns || prefix.endsWith(`.${ns}`))) {
    return {
      problem: "is in the kubernetes.io namespace, where the kubelet refuses labels it does not set itself: the nodes would never start",
      allowed: `keys outside kubernetes.io and k8s.io (e.g. "example.com/${name}" or "${name}"), or under ${KUBELET_LABEL_NAMESPACES.join(" or ")}`,
    };
  }
  return undefined;
}

/** Why a label or taint value is refused, or undefined when it is accepted. */
function valueProblem(value: unknown, min: number, max: number, label: boolean): { problem: string; allowed: string } | undefined {
  const what = label ? "label" : "taint";
  const allowed = `${min > 0 ? `${min}` : "0"} to ${max} letters, digits, '-', '_' or '.', starting and ending with a letter or digit (Kubernetes; lengths: EKS, ${DATA_FILES.awsApiRules})`;
  if (typeof value !== "string") {
    return { problem: `is not a ${what} value`, allowed };
  }
  if (value.length < min || value.length > max) {
    return { problem: `is ${value.length} characters long: EKS takes ${what} values of ${min} to ${max}`, allowed };
  }
  if (value !== "" && !LABEL_NAME.test(value)) {
    return { problem: `is not a Kubernetes ${what} value`, allowed };
  }
  return undefined;
}

export function checkLabelsAndTaints(problems: Problems, env: EnvironmentConfig): void {
  const limits = AWS_API_RULES.values.eksNodeGroups;
  const groups = asRecord(asRecord(env.platform).nodeGroups);
  for (const groupName of NODE_GROUP_NAMES) {
    const group = asRecord(groups[groupName]);
    const base = `${env.name}.platform.nodeGroups.${groupName}`;
    for (const [key, value] of Object.entries(asRecord(group.labels))) {
      const path = `${base}.labels[${JSON.stringify(key)}]`;
      const bad = keyProblem(key, limits.labelKey.max, true);
      if (bad) {
        problems.add(path, key, bad.problem, bad.allowed, `rename the label key in ${base}.labels`);
      }
      const badValue = valueProblem(value, limits.labelValue.min, limits.labelValue.max, true);
      if (badValue) {
        problems.add(path, value, badValue.problem, badValue.allowed, `correct the value of label ${key} in ${base}.labels`);
      }
    }
    const taints = Array.isArray(group.taints) ? group.taints : [];
    const seen = new Map<string, number>();
    taints.forEach((taint: unknown, i) => {
      if (!isRecord(taint)) {
        return;
      }
      const path = `${base}.taints[${i}]`;
      if (typeof taint.key === "string") {
        const bad = keyProblem(taint.key, limits.taintKey.max, false);
        if (bad) {
          problems.add(`${path}.key`, taint.key, bad.problem, bad.allowed, `rename ${path}.key`);
        }
      }
      const badValue = valueProblem(taint.value ?? "", limits.taintValue.min, limits.taintValue.max, false);
      if (badValue) {
        problems.add(`${path}.value`, taint.value, badValue.problem, badValue.allowed, `correct ${path}.value`);
      }
      const id = `${String(taint.key)}:${String(taint.effect)}`;
      const first = seen.get(id);
      if (first !== undefined) {
        problems.add(path, taint, `repeats the key and effect of ${base}.taints[${first}]: Kubernetes allows one taint per key and effect`, "each key and effect pair once", `remove ${path}, or merge it with ${base}.taints[${first}]`);
      } else {
        seen.set(id, i);
      }
    });
  }
}

/** A quantity in base units (cores, bytes), or undefined for a value lib/validate-platform.ts rejects. */
export function parseQuantity(value: unknown): number | undefined {
  const match = typeof value === "string" ? QUANTITY.exec(value) : null;
  return match ? Number(match[1]) * QUANTITY_UNITS[match[2] ?? ""] : undefined;
}

export function checkLimitRanges(problems: Problems, env: EnvironmentConfig): void {
  const namespaces = asRecord(asRecord(env.platform).apps).namespaces;
  if (!Array.isArray(namespaces)) {
    return;
  }
  namespaces.forEach((ns: unknown, i) => {
    const defaults = asRecord(asRecord(ns).containerDefaults);
    const base = `${env.name}.platform.apps.namespaces[${i}].containerDefaults`;
    for (const [request, limit, what] of [
      ["requestCpu", "limitCpu", "CPU"],
      ["requestMemory", "limitMemory", "memory"],
    ] as const) {
      const req = parseQuantity(defaults[request]);
      const lim = parseQuantity(defaults[limit]);
      if (req !== undefined && lim !== undefined && req > lim) {
        problems.add(
          `${base}.${request}`,
          defaults[request],
          `is more than ${limit} (${JSON.stringify(defaults[limit])}): Kubernetes refuses a LimitRange whose default ${what} request exceeds its default limit`,
          `at most ${limit}${what === "CPU" ? " (1 CPU = 1000m)" : " (1Gi = 1024Mi)"}`,
          `lower ${base}.${request} to ${JSON.stringify(defaults[limit])} or less, or raise ${base}.${limit}`,
        );
      }
    }
  });
}
