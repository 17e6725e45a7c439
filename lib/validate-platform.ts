/**
 * Validation of an environment's `platform` section (EKS cluster, node groups, add-ons and the
 * apps stack), reported through the same collector as every other section.
 */
import { parseCidr } from "./cidr";
import {
  AddonVersionsConfig,
  AppNamespaceConfig,
  CAPACITY_TYPES,
  ClusterAppsConfig,
  CLUSTER_ACCESS_LEVELS,
  ClusterAutoscalerChartConfig,
  EnvironmentConfig,
  KUBERNETES_VERSIONS,
  KubernetesVersion,
  LOG_RETENTION_DAYS,
  NODE_GROUP_INSTANCE_FAMILIES,
  NODE_GROUP_NAMES,
  NodeGroupConfig,
  NodeGroupName,
  TAINT_EFFECTS,
} from "./config";
import { namePrefix, roleNames } from "./naming";
import { Problems, isInt, isRecord, isText, listAt, oneOf, section } from "./problems";
import { validateEksClusterProps } from "../constructs/eks";
import { validateClusterAppsProps } from "../constructs/cluster-apps";
import { CLUSTER_AUTOSCALER_CHART_APP_VERSIONS, CLUSTER_AUTOSCALER_IMAGE_TAGS } from "../environments/cluster-versions";

const ADDON_VERSION = /^v(\d+)\.(\d+)\.(\d+)-eksbuild\.\d+$/;
const CHART_VERSION = /^\d+\.\d+\.\d+$/;
/** Cluster Autoscaler image tags, e.g. `v1.34.0`. */
const AUTOSCALER_IMAGE_TAG = /^v1\.(\d+)\.\d+$/;
const DNS_LABEL = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** Kubernetes resource quantities such as `500m`, `2`, `8Gi`. */
const QUANTITY = /^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/;
const INSTANCE_TYPE = /^([a-z][a-z0-9-]*)\.([a-z0-9]+)$/;
/** Namespaces the platform owns; applications get their own. */
const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease", "argocd"];
/** Kubernetes label keys and values (what EKS accepts for a taint's key and value). */
const TAINT_KEY = /^(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const TAINT_VALUE = /^(?:[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
/** Add-ons and charts every cluster has (AddonVersionsConfig, ClusterAppsConfig["charts"]). */
const ADDON_NAMES = ["vpcCni", "coredns", "kubeProxy", "ebsCsiDriver"] as const satisfies readonly (keyof AddonVersionsConfig)[];
const CHART_NAMES = ["awsLoadBalancerController", "metricsServer", "clusterAutoscaler", "argoCd"] as const satisfies readonly (keyof ClusterAppsConfig["charts"])[];
/** The widest public-endpoint CIDR production accepts. */
const PRODUCTION_MIN_ENDPOINT_PREFIX = 24;

export function validatePlatform(problems: Problems, env: EnvironmentConfig): void {
  const base = `${env.name}.platform`;
  const p = section(problems, base, env.platform, {
    allowed: `a PlatformConfig for every ${env.criticality} environment (only "test" environments run without a cluster)`,
    fix: `add a platform section to environments/${env.name}.ts (copy the one of dev.ts)`,
    replace: `make ${base} an object like the platform section of dev.ts`,
    optional: env.criticality === "test",
  });
  if (p === undefined) {
    return;
  }
  const production = env.criticality === "production";
  const before = problems.list.length;

  const versions = { allowed: oneOf(KUBERNETES_VERSIONS), fix: `set ${base}.kubernetesVersion to "${KUBERNETES_VERSIONS[KUBERNETES_VERSIONS.length - 1]}"` };
  if (isText(problems, `${base}.kubernetesVersion`, p.kubernetesVersion, versions) && !(KUBERNETES_VERSIONS as readonly string[]).includes(p.kubernetesVersion)) {
    problems.add(`${base}.kubernetesVersion`, p.kubernetesVersion, "is not a Kubernetes version in EKS standard support", oneOf(KUBERNETES_VERSIONS), `set ${base}.kubernetesVersion to "${KUBERNETES_VERSIONS[KUBERNETES_VERSIONS.length - 1]}"`);
  }

  const publicCidrs = listAt(problems, `${base}.publicEndpointCidrs`, p.publicEndpointCidrs, { allowed: "a list of IPv4 CIDR blocks; empty for no public endpoint", fix: `set ${base}.publicEndpointCidrs to [] for a private-only endpoint` }) ?? [];
  const privateCidrs = listAt(problems, `${base}.privateEndpointClientCidrs`, p.privateEndpointClientCidrs, { allowed: "a list of IPv4 CIDR blocks", fix: `remove ${base}.privateEndpointClientCidrs`, optional: true }) ?? [];
  publicCidrs.forEach((cidr, i) => {
    const path = `${base}.publicEndpointCidrs[${i}]`;
    const parsed = typeof cidr === "string" ? parseCidr(cidr) : "is not a string";
    if (typeof parsed === "string") {
      problems.add(path, cidr, parsed, "an IPv4 CIDR block such as 203.0.113.0/24", `correct ${path}`);
    } else if (parsed.prefix === 0) {
      problems.add(path, cidr, "opens the Kubernetes API to the whole internet", "the CIDRs of your VPN or CI egress, or no public endpoint at all", `remove ${path}; reach the private endpoint from inside the VPC, or list your egress CIDRs`);
    } else if (production && parsed.prefix < PRODUCTION_MIN_ENDPOINT_PREFIX) {
      problems.add(path, cidr, "is too wide for a production API endpoint", `a block of /${PRODUCTION_MIN_ENDPOINT_PREFIX} or narrower`, `list the exact egress CIDRs of your VPN or CI in ${path}`);
    }
  });

  privateCidrs.forEach((cidr, i) => {
    const path = `${base}.privateEndpointClientCidrs[${i}]`;
    const parsed = typeof cidr === "string" ? parseCidr(cidr) : "is not a string";
    if (typeof parsed === "string") {
      problems.add(path, cidr, parsed, "an IPv4 CIDR block such as 10.10.0.0/16", `correct ${path}`);
    } else if (parsed.prefix < 8) {
      problems.add(path, cidr, "is wider than any VPC or VPN", "a block of /8 or narrower: your VPC, VPN or runner subnets", `list the exact networks in ${path}`);
    }
  });
  if (Array.isArray(p.publicEndpointCidrs) && p.publicEndpointCidrs.length === 0 && privateCidrs.length === 0) {
    problems.add(
      `${base}.privateEndpointClientCidrs`,
      p.privateEndpointClientCidrs,
      "leaves the private-only API endpoint reachable by the nodes alone, so nothing could apply <env>-apps",
      "the networks of your VPN, self-hosted CI runners or bastion (or publicEndpointCidrs)",
      `set ${base}.privateEndpointClientCidrs to e.g. ["${(isRecord(env.network) && typeof env.network.cidr === "string" && env.network.cidr) || "10.0.0.0/16"}"] for runners in the VPC`,
    );
  }

  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(p.logRetentionDays)) {
    problems.add(`${base}.logRetentionDays`, p.logRetentionDays, "is not a retention CloudWatch Logs accepts", oneOf(LOG_RETENTION_DAYS), `set ${base}.logRetentionDays to e.g. 365`);
  }

  const rolePattern = new RegExp(`^arn:aws:iam::${env.accountId}:role/[A-Za-z0-9+=,.@_/-]+$`);
  // Roles the platform stack lets in itself; a second entry for one would fail the apply.
  const roleName = (arn: unknown) => String(arn).split("/").pop()!.toLowerCase();
  const ownEntries: Readonly<Record<string, string>> = {
    [roleName(isRecord(env.operators) ? env.operators.applyRoleArn : undefined)]: "the environment's apply role (operators.applyRoleArn), which the platform stack makes cluster-admin itself",
    [roleName(roleNames.githubPlan(namePrefix(env.name)))]: `the pull-request plan role (${roleNames.githubPlan(namePrefix(env.name))}), which the platform stack lets in with view access itself`,
  };
  const access = listAt(problems, `${base}.access`, p.access, { allowed: "a list of { roleArn, access, namespaces? } (empty: only the apply and plan roles)", fix: `set ${base}.access to []` }) ?? [];
  access.forEach((a, i) => {
    const path = `${base}.access[${i}]`;
    if (!isRecord(a)) {
      problems.add(path, a, "is not an access entry", "{ roleArn, access, namespaces? }", `replace ${path} with an access entry, or remove it`);
      return;
    }
    const namespaces = listAt(problems, `${path}.namespaces`, a.namespaces, { allowed: "a list of namespace names", fix: `remove ${path}.namespaces for the whole cluster`, optional: true }) ?? [];
    if (typeof a.roleArn !== "string" || !rolePattern.test(a.roleArn)) {
      problems.add(`${path}.roleArn`, a.roleArn, "is not an IAM role ARN of the environment's account", `arn:aws:iam::${env.accountId}:role/<name>, no wildcards`, `use the exact ARN of the role (e.g. the SSO permission set's role)`);
    } else if (ownEntries[roleName(a.roleArn)] !== undefined) {
      problems.add(`${path}.roleArn`, a.roleArn, `is ${ownEntries[roleName(a.roleArn)]}`, "roles other than the apply role and the pull-request plan role", `remove ${path}`);
    }
    if (!(CLUSTER_ACCESS_LEVELS as readonly string[]).includes(a.access)) {
      problems.add(`${path}.access`, a.access, "is not an access level", oneOf(CLUSTER_ACCESS_LEVELS), `set ${path}.access to "view" for read-only access`);
    } else if (a.access === "cluster-admin" && namespaces.length > 0) {
      problems.add(`${path}.namespaces`, a.namespaces, "limits cluster-admin to namespaces, which EKS does not allow", `no namespaces with "cluster-admin"; "admin", "edit" or "view" with namespaces`, `use access "admin" for namespace-scoped administration`);
    }
  });

  const groups: Partial<Record<string, NodeGroupConfig>> =
    section(problems, `${base}.nodeGroups`, p.nodeGroups, { allowed: `{ ${NODE_GROUP_NAMES.join(", ")} } node groups`, fix: `add ${base}.nodeGroups (copy the ones of dev.ts)` }) ?? {};
  for (const name of Object.keys(groups)) {
    if (!(NODE_GROUP_NAMES as readonly string[]).includes(name)) {
      problems.add(`${base}.nodeGroups.${name}`, name, "is not a node group of the platform", oneOf(NODE_GROUP_NAMES), `remove ${base}.nodeGroups.${name} or rename it`);
    }
  }
  for (const name of isRecord(p.nodeGroups) ? NODE_GROUP_NAMES : []) {
    validateNodeGroup(problems, `${base}.nodeGroups.${name}`, name, groups[name], production);
  }

  const a = section(problems, `${base}.addons`, p.addons, { allowed: "the EKS add-on versions { vpcCni, coredns, kubeProxy, ebsCsiDriver }", fix: `set ${base}.addons to ADDON_VERSIONS (environments/cluster-versions.ts)` });
  const k8sMinor = typeof p.kubernetesVersion === "string" ? /^1\.(\d+)$/.exec(p.kubernetesVersion)?.[1] : undefined;
  for (const key of a ? ADDON_NAMES : []) {
    if (a![key] === undefined || a![key] === null) {
      problems.add(`${base}.addons.${key}`, undefined, "is missing", "vX.Y.Z-eksbuild.N, as `aws eks describe-addon-versions` prints", `set ${base}.addons.${key} to a version listed for Kubernetes ${p.kubernetesVersion}`);
    }
  }
  for (const [key, version] of Object.entries(a ?? {})) {
    const match = ADDON_VERSION.exec(String(version));
    if (!match) {
      problems.add(`${base}.addons.${key}`, version, "is not an EKS add-on version", "vX.Y.Z-eksbuild.N, as `aws eks describe-addon-versions` prints", `set ${base}.addons.${key} to a version listed for Kubernetes ${p.kubernetesVersion}`);
    } else if (key === "kubeProxy" && k8sMinor !== undefined && (match[1] !== "1" || match[2] !== k8sMinor)) {
      problems.add(`${base}.addons.kubeProxy`, version, `does not match the cluster's Kubernetes version ${p.kubernetesVersion}`, `a v1.${k8sMinor}.x-eksbuild.N build`, `set ${base}.addons.kubeProxy to the v1.${k8sMinor} build \`aws eks describe-addon-versions --addon-name kube-proxy --kubernetes-version ${p.kubernetesVersion}\` lists`);
    }
  }

  const apps = section(problems, `${base}.apps`, p.apps, { allowed: "a ClusterAppsConfig { charts, namespaces, backendScaling }", fix: `add ${base}.apps (copy the one of dev.ts)` });
  if (!apps) {
    return;
  }
  const charts = section(problems, `${base}.apps.charts`, apps.charts, { allowed: `the chart versions { ${CHART_NAMES.join(", ")} }`, fix: `set ${base}.apps.charts to CHART_VERSIONS (environments/cluster-versions.ts)` });
  for (const chart of charts ? CHART_NAMES : []) {
    if (charts![chart] === undefined || charts![chart] === null) {
      problems.add(`${base}.apps.charts.${chart}`, charts![chart], "is missing", "{ version: MAJOR.MINOR.PATCH }", `add ${base}.apps.charts.${chart} (CHART_VERSIONS in environments/cluster-versions.ts)`);
    }
  }
  for (const [chart, c] of Object.entries(charts ?? {})) {
    if (c === undefined || c === null) {
      continue; // reported above
    }
    if (typeof c.version !== "string" || !CHART_VERSION.test(c.version)) {
      problems.add(`${base}.apps.charts.${chart}.version`, c?.version, "is not an exact chart version", "MAJOR.MINOR.PATCH (no ranges, no 'latest')", `pin ${base}.apps.charts.${chart}.version to a version \`helm search repo --versions\` lists`);
    }
  }
  if (k8sMinor !== undefined && (KUBERNETES_VERSIONS as readonly string[]).includes(p.kubernetesVersion) && isRecord(charts?.clusterAutoscaler)) {
    validateClusterAutoscaler(problems, `${base}.apps.charts.clusterAutoscaler`, p.kubernetesVersion, k8sMinor, charts!.clusterAutoscaler);
  }
  const namespaces = listAt(problems, `${base}.apps.namespaces`, apps.namespaces, { allowed: "at least one namespace; the first is the backend's", fix: `add { name: "chatbot", ... } to ${base}.apps.namespaces` }) ?? [{}];
  if (namespaces.length === 0) {
    problems.add(`${base}.apps.namespaces`, namespaces, "is empty", "at least one namespace; the first is the backend's", `add { name: "chatbot", ... } to ${base}.apps.namespaces`);
  }
  const seen = new Set<string>();
  namespaces.forEach((entry: unknown, i) => {
    const path = `${base}.apps.namespaces[${i}]`;
    if (!isRecord(entry)) {
      problems.add(path, entry, "is not a namespace", "{ name, requestsCpu, requestsMemory, limitsCpu, limitsMemory, pods, containerDefaults }", `replace ${path} with a namespace, or remove it`);
      return;
    }
    const ns = entry as unknown as AppNamespaceConfig;
    if (typeof ns.name !== "string" || !DNS_LABEL.test(ns.name) || SYSTEM_NAMESPACES.includes(ns.name)) {
      problems.add(`${path}.name`, ns.name, "is not an application namespace name", `a DNS label (lower-case letters, digits, '-'), not one of ${SYSTEM_NAMESPACES.join(", ")}`, `rename it, e.g. "chatbot"`);
    } else if (seen.has(ns.name)) {
      problems.add(`${path}.name`, ns.name, "is listed twice", "each namespace once", `remove the second entry`);
    }
    seen.add(ns.name);
    const defaults = section(problems, `${path}.containerDefaults`, ns.containerDefaults, {
      allowed: "{ requestCpu, requestMemory, limitCpu, limitMemory }",
      fix: `add ${path}.containerDefaults, e.g. { requestCpu: "250m", requestMemory: "512Mi", limitCpu: "1", limitMemory: "1Gi" }`,
    });
    const quantities: [string, unknown][] = [
      ["requestsCpu", ns.requestsCpu],
      ["requestsMemory", ns.requestsMemory],
      ["limitsCpu", ns.limitsCpu],
      ["limitsMemory", ns.limitsMemory],
      ...(defaults ? (["requestCpu", "requestMemory", "limitCpu", "limitMemory"] as const).map((k) => [`containerDefaults.${k}`, defaults[k]] as [string, unknown]) : []),
    ];
    for (const [field, value] of quantities) {
      if (typeof value !== "string" || !QUANTITY.test(value)) {
        problems.add(`${path}.${field}`, value, "is not a Kubernetes quantity", "a number with an optional unit: m for CPU, Mi or Gi for memory (e.g. \"500m\", \"2Gi\")", `correct ${path}.${field}`);
      }
    }
    if (!isInt(ns.pods, 1, 10000)) {
      problems.add(`${path}.pods`, ns.pods, "is not a pod count", "an integer from 1 to 10000", `set ${path}.pods`);
    }
  });
  const s = isRecord(apps.backendScaling) ? apps.backendScaling : undefined;
  if (!s || !isInt(s.minReplicas, 1, 1000) || !isInt(s.maxReplicas, 1, 1000) || s.minReplicas > s.maxReplicas) {
    problems.add(`${base}.apps.backendScaling`, apps.backendScaling, "is not a replica range", "integers with 1 <= minReplicas <= maxReplicas", `set ${base}.apps.backendScaling to { minReplicas: 2, maxReplicas: 10, targetCpuPercent: 70 } (reference 001)`);
  } else if (production && s.minReplicas < 2) {
    problems.add(`${base}.apps.backendScaling.minReplicas`, s.minReplicas, "leaves production on a single backend replica", "2 or more in production", `set ${base}.apps.backendScaling.minReplicas to 2`);
  }
  if (s && !isInt(s.targetCpuPercent, 10, 100)) {
    problems.add(`${base}.apps.backendScaling.targetCpuPercent`, s.targetCpuPercent, "is not a CPU target", "an integer from 10 to 100", `set it to 70 (reference 001)`);
  }

  // The EksCluster and ClusterApps constructs' own rules, on what the platform and apps stacks
  // pass them: the stricter rules above cover them, so they run only on a section that passed
  // those (and so report nothing twice); no rule of a construct can first show once constructs exist.
  if (problems.list.length === before) {
    validateEksClusterProps(p, problems, base);
    validateClusterAppsProps(apps, problems, `${base}.apps`);
  }
}

/**
 * Cluster Autoscaler supports only its own Kubernetes minor: the image tag, or without one the
 * chart's appVersion (environments/cluster-versions.ts), must be a 1.<cluster minor> release.
 */
function validateClusterAutoscaler(problems: Problems, path: string, kubernetesVersion: string, minor: string, chart: ClusterAutoscalerChartConfig | undefined): void {
  if (chart === undefined || !CHART_VERSION.test(String(chart.version))) {
    return; // reported with the other chart versions
  }
  const known = CLUSTER_AUTOSCALER_IMAGE_TAGS[kubernetesVersion as KubernetesVersion];
  const setTag = known
    ? `set ${path}.imageTag to "${known}" (CLUSTER_AUTOSCALER_IMAGE_TAGS in environments/cluster-versions.ts)`
    : `add the latest v1.${minor}.x release to CLUSTER_AUTOSCALER_IMAGE_TAGS in environments/cluster-versions.ts (check it exists: \`crane ls registry.k8s.io/autoscaling/cluster-autoscaler\`) and set ${path}.imageTag to it`;
  const allowed = `a Cluster Autoscaler v1.${minor}.x image (upstream supports only the cluster's minor)`;
  if (chart.imageTag !== undefined) {
    const tagMinor = AUTOSCALER_IMAGE_TAG.exec(String(chart.imageTag))?.[1];
    if (tagMinor !== minor) {
      problems.add(`${path}.imageTag`, chart.imageTag, `is not a Cluster Autoscaler release for the cluster's Kubernetes version ${kubernetesVersion}`, allowed, setTag);
    }
    return;
  }
  const appVersion = CLUSTER_AUTOSCALER_CHART_APP_VERSIONS[chart.version];
  if (appVersion === undefined) {
    problems.add(
      `${path}.version`,
      chart.version,
      "is a chart version whose Cluster Autoscaler version is not recorded, so its match with the cluster cannot be checked",
      `${oneOf(Object.keys(CLUSTER_AUTOSCALER_CHART_APP_VERSIONS))}, or any version with ${path}.imageTag set`,
      `add it with its APP VERSION (\`helm search repo autoscaler/cluster-autoscaler --versions\`) to CLUSTER_AUTOSCALER_CHART_APP_VERSIONS in environments/cluster-versions.ts, or ${setTag}`,
    );
  } else if (appVersion.split(".")[1] !== minor || appVersion.split(".")[0] !== "1") {
    problems.add(`${path}.version`, chart.version, `ships Cluster Autoscaler ${appVersion}, which does not support the cluster's Kubernetes version ${kubernetesVersion}`, allowed, setTag);
  }
}

function validateNodeGroup(problems: Problems, path: string, name: NodeGroupName, group: NodeGroupConfig | undefined, production: boolean): void {
  const g = section(problems, path, group, { allowed: `a NodeGroupConfig (both ${NODE_GROUP_NAMES.join(" and ")} groups are required)`, fix: `add ${path}` });
  if (g === undefined) {
    return;
  }
  const families = NODE_GROUP_INSTANCE_FAMILIES[name];
  if (!Array.isArray(g.instanceTypes) || g.instanceTypes.length === 0) {
    problems.add(`${path}.instanceTypes`, g.instanceTypes, "is empty", "at least one instance type", `set ${path}.instanceTypes to e.g. ["${families[0]}.${name === "ml" ? "xlarge" : "medium"}"]`);
  } else {
    g.instanceTypes.forEach((t, i) => {
      const family = INSTANCE_TYPE.exec(String(t))?.[1];
      if (family === undefined || !families.includes(family)) {
        problems.add(`${path}.instanceTypes[${i}]`, t, `is not an instance type allowed in the ${name} node group`, `a size of the families ${families.join(", ")}`, `use e.g. "${families[0]}.${name === "ml" ? "xlarge" : "medium"}", or move the workload to the group whose families fit it`);
      }
    });
    const used = new Set(g.instanceTypes.map((t) => String(t).split(".")[0]));
    if (used.size > 1) {
      problems.add(`${path}.instanceTypes`, g.instanceTypes, "mixes instance families", "types of one family (the node image is chosen per family)", `keep one family in ${path}.instanceTypes`);
    }
  }
  const sizes = isInt(g.minSize, 0, 100) && isInt(g.desiredSize, 0, 100) && isInt(g.maxSize, 1, 100);
  if (!sizes) {
    problems.add(path, { minSize: g.minSize, desiredSize: g.desiredSize, maxSize: g.maxSize }, "has sizes that are not node counts", "integers from 0 to 100, maxSize at least 1", `correct the sizes of ${path}`);
  } else if (g.minSize > g.maxSize) {
    problems.add(`${path}.minSize`, g.minSize, `is greater than maxSize (${g.maxSize})`, "minSize <= desiredSize <= maxSize", `lower ${path}.minSize or raise ${path}.maxSize`);
  } else if (g.desiredSize < g.minSize || g.desiredSize > g.maxSize) {
    problems.add(`${path}.desiredSize`, g.desiredSize, `is outside minSize..maxSize (${g.minSize}..${g.maxSize})`, "minSize <= desiredSize <= maxSize", `set ${path}.desiredSize to ${g.minSize}`);
  } else if (name === "general" && g.minSize < (production ? 2 : 1)) {
    problems.add(`${path}.minSize`, g.minSize, production ? "leaves production's system pods on fewer than two nodes" : "leaves the cluster without a node for its system pods", production ? "2 or more in production" : "1 or more", `set ${path}.minSize to ${production ? 2 : 1}`);
  }
  if (!isInt(g.diskSizeGb, 20, 1000)) {
    problems.add(`${path}.diskSizeGb`, g.diskSizeGb, "is not a root volume size", "an integer from 20 to 1000 (GiB)", `set ${path}.diskSizeGb to e.g. 50`);
  }
  if (g.capacityType !== undefined && !(CAPACITY_TYPES as readonly string[]).includes(g.capacityType)) {
    problems.add(`${path}.capacityType`, g.capacityType, "is not a capacity type", oneOf(CAPACITY_TYPES), `remove ${path}.capacityType for on-demand nodes`);
  }
  const labels = section(problems, `${path}.labels`, g.labels, { allowed: "an object of Kubernetes label keys to string values", fix: `add ${path}.labels, e.g. { workload: "${name}" }` });
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (typeof value !== "string") {
      problems.add(`${path}.labels.${key}`, value, "is not a string", "a label value: a string", `write it in quotes: "${String(value)}"`);
    }
  }
  const taintList = listAt(problems, `${path}.taints`, g.taints, { allowed: "a list of { key, value, effect }", fix: `remove ${path}.taints`, optional: true }) ?? [];
  taintList.forEach((t, i) => {
    if (!isRecord(t)) {
      problems.add(`${path}.taints[${i}]`, t, "is not a taint", "{ key, value, effect }", `replace ${path}.taints[${i}] with a taint, or remove it`);
    } else {
      if (!(TAINT_EFFECTS as readonly string[]).includes(t.effect)) {
        problems.add(`${path}.taints[${i}].effect`, t.effect, "is not a taint effect", oneOf(TAINT_EFFECTS), `use "NO_SCHEDULE"`);
      }
      if (typeof t.key !== "string" || !TAINT_KEY.test(t.key)) {
        problems.add(`${path}.taints[${i}].key`, t.key, "is not a taint key", "a Kubernetes label key: up to 63 letters, digits, '-', '_', '.', optionally prefixed by a DNS name and '/'", `set ${path}.taints[${i}].key, e.g. "workload"`);
      }
      if (typeof t.value !== "string" || !TAINT_VALUE.test(t.value)) {
        problems.add(`${path}.taints[${i}].value`, t.value, "is not a taint value", "a string of up to 63 letters, digits, '-', '_', '.'", `set ${path}.taints[${i}].value, e.g. "${name}"`);
      }
    }
  });
  const taints = taintList.filter(isRecord);
  if (name === "ml" && !taints.some((t) => t.effect === "NO_SCHEDULE" || t.effect === "NO_EXECUTE")) {
    problems.add(`${path}.taints`, g.taints, "lets any pod onto the ML nodes", "at least one NO_SCHEDULE or NO_EXECUTE taint, tolerated only by ML pods", `add { key: "workload", value: "ml", effect: "NO_SCHEDULE" } to ${path}.taints`);
  }
}
