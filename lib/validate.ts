/**
 * Validates every environment before any construct exists. All problems are collected and thrown
 * together as one ConfigError; each names the dotted path, the value, what is allowed and the fix.
 */
import { blockSize, formatCidr, overlaps, parseCidr, Ipv4Block, contains } from "./cidr";
import {
  BACKEND_KINDS,
  CRITICALITIES,
  EnvironmentConfig,
  SharedConfig,
  StateConfig,
  BOOTSTRAP_STATE_LOCATIONS,
  STATE_LOCKINGS,
  FLOW_LOG_TRAFFIC_TYPES,
  GITHUB_OIDC_PROVIDER_SOURCES,
  INTERFACE_ENDPOINT_SERVICES,
  LOG_RETENTION_DAYS,
  NAT_MODES,
  ServerlessConfig,
  CloudBackendConfig,
  DEFAULT_FUNCTION_NAME,
} from "./config";
import { environmentLayers, TERRAFORM_CLOUD_AUDIENCE, TERRAFORM_CLOUD_HOST, TERRAFORM_CLOUD_VERSION, terraformCloudSettings, workspaceName } from "./terraform-cloud";
import { ConfigError } from "./errors";
import { Problems, isInt, isRecord, isText, listAt, oneOf, section } from "./problems";
import { AZ_ID_SOURCES, AzUse, REGIONS, REGION_AZS, environmentAzIds, isSupportedRegion, usableAzIds } from "./regions";
import { SUBNET_TIERS, MAX_AZ_SLOTS, requiredAddresses } from "./subnet-plan";
import { validateNetworkProps } from "../constructs/network";
import { defaultSubnetMasks } from "./defaults";
import { validateData } from "./validate-data";
import { validateEdge } from "./validate-edge";
import { validatePlatform } from "./validate-platform";
import { validateObservability } from "./validate-observability";
import { validateOfferings } from "./offerings";
import { ORIGIN_PATTERN, ServerlessApiProps, validateServerlessApiProps } from "../constructs/serverless-api";
import { validateEdgeLoadBalancer } from "./validate-load-balancer";

/** A DNS host name: labels of letters, digits and '-', at least one dot. */
const HOSTNAME_PATTERN = /^(?=.{4,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

export const ENV_NAME_PATTERN = /^[a-z][a-z0-9]{1,11}$/;
/** Names of the stacks and state-key prefixes that serve every environment. */
export const RESERVED_NAMES = ["shared", "bootstrap"];
export const MIN_AZS = 2;
export const MAX_AZS = 6;
export const MIN_VPC_PREFIX = 16;
export const MAX_VPC_PREFIX = 20;

const PRIVATE_RANGES: readonly Ipv4Block[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(
  (c) => parseCidr(c) as Ipv4Block,
);

function isPort(p: unknown): boolean {
  return isInt(p, 1, 65535);
}

function checkPorts(problems: Problems, path: string, ports: unknown): void {
  if (ports === undefined) {
    return;
  }
  if (!Array.isArray(ports) || ports.length === 0 || !ports.every(isPort)) {
    problems.add(path, ports, "is not a non-empty list of TCP ports", "a non-empty list of integers from 1 to 65535", `set ${path} to e.g. [443]`);
    return;
  }
  if (new Set(ports).size !== ports.length) {
    problems.add(path, ports, "lists a port twice", "each port once", `remove the duplicates from ${path}`);
  }
}

/**
 * `network.azCount` or `network.azIds` (exactly one): within 2..6, AZ IDs of the region, each once,
 * and none where EKS cannot place the cluster when the environment has one.
 */
function validateAzPlacement(problems: Problems, env: EnvironmentConfig, network: EnvironmentConfig["network"]): void {
  const base = `${env.name}.network`;
  // Read loosely: the union forbids both and neither at compile time, configs may still hold them.
  const net: { readonly azCount?: unknown; readonly azIds?: unknown } = network;
  const region = isSupportedRegion(env.region) ? env.region : undefined;
  const use: AzUse = env.platform ? "cluster" : "noCluster";
  const usable = region ? usableAzIds(region, use) : [];
  const excluded = region && use === "cluster" ? REGION_AZS[region].eksUnsupportedAzIds : [];
  const describe = `aws ec2 describe-availability-zones --region ${env.region} --query "AvailabilityZones[].[ZoneName,ZoneId]"`;

  if (net.azCount !== undefined && net.azIds !== undefined) {
    problems.add(`${base}.azIds`, net.azIds, "is set together with azCount", "either azCount (the first N usable AZ IDs of the region) or azIds (exactly these AZ IDs), not both", `remove ${base}.azCount; azIds sets the number of AZs`);
    return;
  }
  if (net.azCount === undefined && net.azIds === undefined) {
    problems.add(`${base}.azCount`, net.azCount, "is missing and so is azIds", `azCount (an integer from ${MIN_AZS} to ${MAX_AZS}) or azIds (${MIN_AZS} to ${MAX_AZS} AZ IDs of the region)`, `set ${base}.azCount to 2 or 3`);
    return;
  }

  if (net.azIds === undefined) {
    if (typeof net.azCount !== "number" || !Number.isInteger(net.azCount) || net.azCount < MIN_AZS || net.azCount > MAX_AZS) {
      problems.add(`${base}.azCount`, net.azCount, `is outside ${MIN_AZS}..${MAX_AZS}`, `an integer from ${MIN_AZS} (high availability needs two AZs) to ${MAX_AZS}`, `set ${base}.azCount to 2 or 3`);
    } else if (region && net.azCount > usable.length) {
      if (excluded.length === 0) {
        problems.add(`${base}.azCount`, net.azCount, `is more than the ${usable.length} AZs of ${region}`, `at most ${usable.length} in ${region} (lib/regions.ts)`, `set ${base}.azCount to ${usable.length} or less`);
      } else {
        problems.add(`${base}.azCount`, net.azCount, `is more than the ${usable.length} AZs of ${region} an EKS cluster can use`, `at most ${usable.length} in ${region} with a platform section (EKS cannot use ${excluded.join(", ")}; lib/regions.ts)`, `set ${base}.azCount to ${usable.length} or less`);
      }
    }
    return;
  }

  const path = `${base}.azIds`;
  const ids = net.azIds;
  if (!Array.isArray(ids)) {
    problems.add(path, ids, "is not a list", `a list of ${MIN_AZS} to ${MAX_AZS} AZ IDs${region ? ` of ${region}` : ""}, e.g. ${JSON.stringify(usable.slice(0, 2))}`, `set ${path} to a list of AZ IDs, or use ${base}.azCount instead`);
    return;
  }
  if (ids.length < MIN_AZS || ids.length > MAX_AZS) {
    problems.add(path, ids, `lists ${ids.length} AZ ID${ids.length === 1 ? "" : "s"}`, `${MIN_AZS} (high availability needs two AZs) to ${MAX_AZS} AZ IDs`, ids.length < MIN_AZS ? `add AZ IDs to ${path}` : `remove AZ IDs from ${path}`);
  }
  if (region) {
    const zones = REGION_AZS[region].azIds;
    ids.forEach((id, i) => {
      if (typeof id === "string" && id.startsWith(region) && /^[a-z]$/.test(id.slice(region.length))) {
        problems.add(`${path}[${i}]`, id, "is an AZ name, not an AZ ID (names map to different zones in each account)", oneOf(usable), `replace it with the AZ ID this zone has in account ${env.accountId}: ${describe}`);
      } else if (!zones.includes(id)) {
        problems.add(`${path}[${i}]`, id, `is not an AZ ID of ${region}`, oneOf(usable), `use an AZ ID of ${region} (${describe}), or add it to lib/regions.ts (source: ${AZ_ID_SOURCES.azIds.url})`);
      } else if (excluded.includes(id)) {
        problems.add(`${path}[${i}]`, id, "is an AZ where EKS cannot create the cluster's network interfaces (the cluster uses the private app subnet of every AZ)", oneOf(usable), `choose another AZ ID for ${path}[${i}] (source: ${AZ_ID_SOURCES.eksUnsupported.url})`);
      }
    });
  }
  if (new Set(ids).size !== ids.length) {
    problems.add(path, ids, "lists an AZ ID twice", "each AZ ID once (one subnet per tier and AZ)", `remove the duplicates from ${path}`);
  }
}

function validateNetwork(problems: Problems, env: EnvironmentConfig): Ipv4Block | undefined {
  const base = `${env.name}.network`;
  const net = section(problems, base, env.network, { allowed: "a NetworkConfig object", fix: `add a network section to environments/${env.name}.ts` });
  if (net === undefined) {
    return undefined;
  }
  const before = problems.list.length;

  // VPC CIDR.
  let vpc: Ipv4Block | undefined;
  const parsed = typeof net.cidr === "string" ? parseCidr(net.cidr) : "is not a string";
  if (typeof parsed === "string") {
    problems.add(`${base}.cidr`, net.cidr, parsed, `an RFC 1918 IPv4 CIDR block with a prefix from /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX}, e.g. "10.20.0.0/16"`, `correct ${base}.cidr`);
  } else if (parsed.prefix < MIN_VPC_PREFIX || parsed.prefix > MAX_VPC_PREFIX) {
    problems.add(`${base}.cidr`, net.cidr, `has prefix /${parsed.prefix}`, `a prefix from /${MIN_VPC_PREFIX} (the largest VPC AWS allows) to /${MAX_VPC_PREFIX} (the smallest that holds three tiers of ${MAX_AZ_SLOTS} subnets)`, `choose a /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX} block for ${base}.cidr`);
  } else if (!PRIVATE_RANGES.some((r) => contains(r, parsed))) {
    problems.add(`${base}.cidr`, net.cidr, "is not a private (RFC 1918) range", "a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16", `choose a private range for ${base}.cidr`);
  } else {
    vpc = parsed;
  }

  validateAzPlacement(problems, env, net);

  // NAT mode.
  if (!(NAT_MODES as readonly unknown[]).includes(net.nat)) {
    problems.add(`${base}.nat`, net.nat, "is not a NAT mode", oneOf(NAT_MODES), `set ${base}.nat to "single" (dev, staging) or "perAz" (prod)`);
  }

  // Subnet masks.
  const masks: unknown = net.subnetMasks ?? defaultSubnetMasks(net.cidr);
  if (vpc && !isRecord(masks)) {
    problems.add(`${base}.subnetMasks`, masks, "is not an object", "{ public, privateApp, data } prefix lengths", `set ${base}.subnetMasks to e.g. { public: 24, privateApp: 20, data: 24 }, or remove it for the defaults`);
  } else if (vpc && isRecord(masks)) {
    const maskPath = `${base}.subnetMasks`;
    let masksValid = true;
    for (const tier of SUBNET_TIERS) {
      const m = (masks as Record<string, unknown>)[tier];
      const min = vpc.prefix + Math.log2(MAX_AZ_SLOTS);
      if (typeof m !== "number" || !Number.isInteger(m) || m < min || m > 28) {
        masksValid = false;
        problems.add(`${maskPath}.${tier}`, m, `does not fit ${MAX_AZ_SLOTS} ${tier} subnets in ${net.cidr}`, `an integer from /${min} (${MAX_AZ_SLOTS} subnets per tier inside the /${vpc.prefix} VPC) to /28 (the smallest subnet AWS allows)`, `set ${maskPath}.${tier} between ${min} and 28`);
      }
    }
    if (masksValid && requiredAddresses(masks as never) > blockSize(vpc)) {
      problems.add(maskPath, masks, `needs ${requiredAddresses(masks as never)} addresses (${MAX_AZ_SLOTS} subnets per tier) but ${net.cidr} has ${blockSize(vpc)}`, `masks whose ${MAX_AZ_SLOTS} subnets per tier fit the VPC together`, `use longer prefixes (smaller subnets) in ${maskPath} or a larger ${base}.cidr`);
    }
  }

  // Interface endpoints.
  const endpoints = net.interfaceEndpoints;
  if (endpoints !== undefined) {
    const path = `${base}.interfaceEndpoints`;
    if (!Array.isArray(endpoints)) {
      problems.add(path, endpoints, "is not a list", `a list of ${oneOf(INTERFACE_ENDPOINT_SERVICES)}`, `set ${path} to a list, or remove it for all of them`);
    } else {
      endpoints.forEach((e, i) => {
        if (!(INTERFACE_ENDPOINT_SERVICES as readonly unknown[]).includes(e)) {
          problems.add(`${path}[${i}]`, e, "is not a supported interface endpoint", oneOf(INTERFACE_ENDPOINT_SERVICES), `remove it or correct the service name`);
        }
      });
      if (new Set(endpoints).size !== endpoints.length) {
        problems.add(path, endpoints, "lists a service twice", "each service once", `remove the duplicates from ${path}`);
      }
    }
  }

  if (net.appPort !== undefined && !isPort(net.appPort)) {
    problems.add(`${base}.appPort`, net.appPort, "is not a TCP port", "an integer from 1 to 65535", `set ${base}.appPort to the port the application listens on, e.g. 8000`);
  }
  checkPorts(problems, `${base}.dataPorts`, net.dataPorts);
  checkPorts(problems, `${base}.egressPorts`, net.egressPorts);

  // Flow logs.
  const fl = section(problems, `${base}.flowLogs`, net.flowLogs, { allowed: "{ retentionDays, trafficType? }", fix: `add ${base}.flowLogs; VPC flow logs are required` });
  if (fl) {
    if (!(LOG_RETENTION_DAYS as readonly unknown[]).includes(fl.retentionDays)) {
      problems.add(`${base}.flowLogs.retentionDays`, fl.retentionDays, "is not a CloudWatch Logs retention period", oneOf(LOG_RETENTION_DAYS), `set ${base}.flowLogs.retentionDays to e.g. 90 or 365`);
    }
    if (fl.trafficType !== undefined && !(FLOW_LOG_TRAFFIC_TYPES as readonly unknown[]).includes(fl.trafficType)) {
      problems.add(`${base}.flowLogs.trafficType`, fl.trafficType, "is not a flow log traffic type", oneOf(FLOW_LOG_TRAFFIC_TYPES), `set ${base}.flowLogs.trafficType to "ALL"`);
    }
  }

  // The Network construct's own rules, on what the network stack would pass it: stricter rules
  // above cover them, so they run only on a section that passed those (and so report nothing
  // twice); no rule of the construct can first show once constructs exist.
  if (problems.list.length === before && isSupportedRegion(env.region)) {
    const use: AzUse = env.platform ? "cluster" : "noCluster";
    validateNetworkProps({ availabilityZoneIds: environmentAzIds(env.region, net, use) }, problems, {
      base,
      props: { availabilityZoneIds: net.azIds !== undefined ? `${base}.azIds` : `${base}.azCount` },
    });
  }
  return vpc;
}

const GITHUB_OWNER_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const GITHUB_REPO_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;
/** Characters GitHub allows in environment and branch names, minus anything IAM treats as a wildcard. */
const GITHUB_NAME_PATTERN = /^[A-Za-z0-9._/-]{1,255}$/;

/**
 * `<env>.serverless`: the function's and the API's rules are the construct's own
 * (validateServerlessApiProps, reported at the config's paths); the rules that depend on the
 * environment (criticality, the account's concurrency quota) are here.
 */
function validateServerless(problems: Problems, env: EnvironmentConfig): void {
  const base = `${env.name}.serverless`;
  const s = section(problems, base, env.serverless, { allowed: "a ServerlessConfig object", fix: `add a serverless section to environments/${env.name}.ts` });
  if (!s) {
    return;
  }
  // Props the stack derives (names, placement, code) are not the config's: not reported here.
  const derived = ["namePrefix", "accountId", "region", "environmentLabel", "parameterPath", "parameters", "roleName", "placeholderCodeZip", "vpc", "originVerification"];
  validateServerlessApiProps(
    { ...(s as unknown as ServerlessApiProps), functionName: s.functionName ?? DEFAULT_FUNCTION_NAME },
    problems,
    { base, props: Object.fromEntries(derived.map((prop) => [prop, null])) },
  );
  validateReservedConcurrency(problems, env, base, s);
  if (s.inVpc !== undefined && typeof s.inVpc !== "boolean") {
    problems.add(`${base}.inVpc`, s.inVpc, "is not a boolean", "true or false", `set ${base}.inVpc to true (private subnets, egress through NAT) or false, or remove it`);
  }
  if (Array.isArray(s.allowedOrigins)) {
    s.allowedOrigins.forEach((origin, i) => {
      if (origin === "*") {
        if (env.criticality !== "development" && env.criticality !== "test") {
          problems.add(`${base}.allowedOrigins[${i}]`, origin, `lets any website call the ${env.criticality} API from its users' browsers`, "exact origins (scheme://host[:port]); \"*\" only in development environments", `replace "*" with the frontend's origins, e.g. "https://chatbot.example.com"`);
        }
      } else if (env.criticality === "production" && typeof origin === "string" && ORIGIN_PATTERN.test(origin) && origin.startsWith("http://")) {
        problems.add(`${base}.allowedOrigins[${i}]`, origin, "is plain HTTP", "https:// origins in production", "serve the production frontend over HTTPS and list its https:// origin");
      }
    });
  }
}

/** Executions AWS keeps unreserved in every account and region: a reservation may not dip into them. */
export const LAMBDA_UNRESERVED_MINIMUM = 100;

/**
 * A reservation must fit the account's Lambda concurrency quota: AWS refuses one that leaves fewer
 * than 100 executions unreserved, and new accounts often have a quota of only 10.
 */
function validateReservedConcurrency(problems: Problems, env: EnvironmentConfig, base: string, s: ServerlessConfig): void {
  const quota = s.accountConcurrencyQuota;
  const quotaPath = `${base}.accountConcurrencyQuota`;
  const path = `${base}.reservedConcurrency`;
  const quotaValid = isInt(quota, 1, Number.MAX_SAFE_INTEGER);
  if (quota !== undefined && !quotaValid) {
    problems.add(quotaPath, quota, "is not a Lambda concurrency quota", "a positive integer: the account's \"Concurrent executions\" quota (new accounts often start at 10, the standard is 1000)", `set ${quotaPath} to the quota Service Quotas shows for AWS Lambda in ${env.region}`);
  }
  const reserved = s.reservedConcurrency;
  if (reserved === undefined) {
    return;
  }
  if (!isInt(reserved, 1, Number.MAX_SAFE_INTEGER)) {
    // Reported by the construct's rules (validateServerlessApiProps).
    return;
  }
  const removeIt = `remove ${path} to use the unreserved pool`;
  const increase = `request a Lambda "Concurrent executions" quota increase in Service Quotas (${env.region}) and set ${quotaPath} to the new quota`;
  if (quota === undefined) {
    problems.add(
      path,
      reserved,
      `reserves concurrency without ${quotaPath}: AWS refuses a reservation that leaves fewer than ${LAMBDA_UNRESERVED_MINIMUM} executions unreserved, and new accounts often have a quota of only 10`,
      `at most ${quotaPath} - ${LAMBDA_UNRESERVED_MINIMUM}, with the quota stated`,
      `set ${quotaPath} to the account's "Concurrent executions" quota (Service Quotas > AWS Lambda in ${env.region}; the standard is 1000), or ${removeIt}`,
    );
    return;
  }
  if (!quotaValid) {
    return;
  }
  const max = (quota as number) - LAMBDA_UNRESERVED_MINIMUM;
  if (reserved > max) {
    const most = max > 0 ? `so at most ${max} can be reserved` : "so nothing can be reserved";
    problems.add(
      path,
      reserved,
      `is more than the account can reserve: ${quotaPath} is ${quota} and AWS keeps ${LAMBDA_UNRESERVED_MINIMUM} executions unreserved, ${most}`,
      max > 0 ? `1 to ${max} (the quota minus ${LAMBDA_UNRESERVED_MINIMUM}), or no reservation` : `no reservation while the quota is ${LAMBDA_UNRESERVED_MINIMUM} or less`,
      max > 0 ? `lower ${path} to ${max} or less, ${increase}, or ${removeIt}` : `${increase}, or ${removeIt}`,
    );
  }
}

/** A function in the VPC needs a way to Parameter Store and to the AI providers. */
function validateServerlessPlacement(problems: Problems, env: EnvironmentConfig): void {
  if (!isRecord(env.serverless) || env.serverless.inVpc !== true || !isRecord(env.network)) {
    return;
  }
  const path = `${env.name}.serverless.inVpc`;
  if (env.network.nat === "none") {
    problems.add(path, true, `puts the function in subnets with no route to the internet (${env.name}.network.nat is "none"), so every call to the AI providers would time out`, `inVpc: true with ${env.name}.network.nat "single" or "perAz"`, `set ${env.name}.network.nat to "single", or inVpc to false`);
  }
  if (Array.isArray(env.network.interfaceEndpoints) && !env.network.interfaceEndpoints.includes("ssm")) {
    problems.add(path, true, "puts the function in the VPC without the ssm interface endpoint it reads its parameters through", `"ssm" in ${env.name}.network.interfaceEndpoints`, `add "ssm" to ${env.name}.network.interfaceEndpoints`);
  }
}

function validateDelivery(problems: Problems, env: EnvironmentConfig): void {
  const base = `${env.name}.delivery`;
  const d = section(problems, base, env.delivery, { allowed: "a DeliveryConfig object", fix: `add a delivery section to environments/${env.name}.ts` });
  if (!d) {
    return;
  }
  const wildcard = "contains a wildcard or a character GitHub does not allow";
  const owners = { allowed: "a GitHub organization or user name: letters, digits and '-', no wildcards", fix: `set ${base}.githubOwner to the exact owner of the repository` };
  const repositories = { allowed: "a repository name: letters, digits, '.', '-' and '_', no wildcards", fix: `set ${base}.githubRepository to the exact repository name` };
  if (isText(problems, `${base}.githubOwner`, d.githubOwner, owners) && !GITHUB_OWNER_PATTERN.test(d.githubOwner)) {
    problems.add(`${base}.githubOwner`, d.githubOwner, wildcard, "a GitHub organization or user name: letters, digits and '-', no wildcards", `set ${base}.githubOwner to the exact owner of the repository`);
  }
  if (isText(problems, `${base}.githubRepository`, d.githubRepository, repositories) && !GITHUB_REPO_PATTERN.test(d.githubRepository)) {
    problems.add(`${base}.githubRepository`, d.githubRepository, wildcard, "a repository name: letters, digits, '.', '-' and '_', no wildcards", `set ${base}.githubRepository to the exact repository name`);
  }
  const subjects = "at least one { kind: \"environment\" | \"branch\", name }";
  const deploySubjects = listAt(problems, `${base}.deploySubjects`, d.deploySubjects, { allowed: subjects, fix: `name the GitHub environment (or branch) that deploys ${env.name}` });
  if (deploySubjects?.length === 0) {
    problems.add(`${base}.deploySubjects`, deploySubjects, "is empty", subjects, `name the GitHub environment (or branch) that deploys ${env.name}`);
  }
  const planSubjects = listAt(problems, `${base}.planSubjects`, d.planSubjects, { allowed: "a list of { kind, name } subjects", fix: `remove ${base}.planSubjects`, optional: true });
  if (!deploySubjects || deploySubjects.length === 0) {
    return;
  }
  if (planSubjects?.length === 0) {
    problems.add(`${base}.planSubjects`, planSubjects, "is empty, so no workflow could plan", "at least one { kind, name } subject, or no planSubjects (any pull request of the repository)", `name the GitHub environment that plans ${env.name}, or remove ${base}.planSubjects`);
  }
  // Left out (undefined or null): any pull request. Not a list: reported above.
  const anyPullRequest = d.planSubjects === undefined || d.planSubjects === null;
  if (env.criticality === "production" && (anyPullRequest || (planSubjects ?? []).some((p) => !isRecord(p) || p.kind !== "environment"))) {
    problems.add(
      `${base}.planSubjects`,
      d.planSubjects ?? null,
      "lets any pull request assume the production plan role, which reads the whole account and its state",
      'only { kind: "environment" } subjects in production',
      `create a protected GitHub environment (e.g. "${env.name}-plan") and set ${base}.planSubjects to [{ kind: "environment", name: "${env.name}-plan" }]`,
    );
  }
  (planSubjects ?? []).forEach((subject, i) => {
    if (!isRecord(subject)) {
      problems.add(`${base}.planSubjects[${i}]`, subject, "is not a subject", '{ kind: "environment" | "branch", name }', `replace ${base}.planSubjects[${i}] with a subject, or remove it`);
    } else if (typeof subject.name !== "string" || !GITHUB_NAME_PATTERN.test(subject.name)) {
      problems.add(`${base}.planSubjects[${i}].name`, subject.name, wildcard, "an exact GitHub environment or branch name: letters, digits, '.', '_', '-', '/'", `set ${base}.planSubjects[${i}].name to one exact name`);
    }
  });
  deploySubjects.forEach((subject, i) => {
    const path = `${base}.deploySubjects[${i}]`;
    if (!isRecord(subject)) {
      problems.add(path, subject, "is not a subject", '{ kind: "environment" | "branch", name }', `replace ${path} with a subject, or remove it`);
    } else if (subject.kind !== "environment" && subject.kind !== "branch") {
      problems.add(`${path}.kind`, (subject as { kind: unknown }).kind, "is not a subject kind", 'one of "environment", "branch"', `set ${path}.kind`);
    } else if (typeof subject.name !== "string" || !GITHUB_NAME_PATTERN.test(subject.name)) {
      problems.add(`${path}.name`, subject.name, wildcard, "an exact GitHub environment or branch name: letters, digits, '.', '_', '-', '/'", `set ${path}.name to one exact name; list several subjects instead of a pattern`);
    } else if (env.criticality === "production" && subject.kind === "branch") {
      problems.add(
        path,
        subject,
        "lets any workflow run on that branch deploy to production",
        "only { kind: \"environment\" } subjects in production, so GitHub's environment protection rules (required reviewers, branch restrictions) gate every deploy",
        `create a protected GitHub environment (e.g. "${env.name}") and use { kind: "environment", name: "${env.name}" }`,
      );
    }
  });
}

/** An IAM role ARN in the given account (no wildcards, paths allowed). */
export function iamRoleArnPattern(accountId: string): RegExp {
  return new RegExp(`^arn:aws(?:-[a-z]+)*:iam::${accountId}:role/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}$`);
}

function validateOperators(problems: Problems, env: EnvironmentConfig): void {
  const base = `${env.name}.operators`;
  const o = section(problems, base, env.operators, { allowed: "{ applyRoleArn }", fix: `add an operators section to environments/${env.name}.ts naming the role that applies its stacks` });
  if (!o) {
    return;
  }
  const roles = `arn:aws:iam::${env.accountId}:role/<name>, no wildcards`;
  if (!isText(problems, `${base}.applyRoleArn`, o.applyRoleArn, { allowed: roles, fix: `set ${base}.applyRoleArn to the role your CI applies ${env.name}'s stacks with` })) {
    return;
  }
  if (!iamRoleArnPattern(String(env.accountId)).test(o.applyRoleArn)) {
    problems.add(`${base}.applyRoleArn`, o.applyRoleArn, "is not an IAM role ARN of the environment's account", `arn:aws:iam::${env.accountId}:role/<name>, no wildcards`, `set ${base}.applyRoleArn to the role your CI applies ${env.name}'s stacks with (AWS_APPLY_ROLE_ARN_${env.name.toUpperCase()})`);
  }
}

/** Validates the state account settings (environments/accounts.ts). */
function validateState(value: StateConfig, problems: Problems): void {
  const state = section(problems, "state", value, { allowed: "a StateConfig object", fix: "export STATE from environments/accounts.ts" });
  if (!state) {
    return;
  }
  const accounts = { allowed: "exactly 12 digits, as a string", fix: "set STATE.accountId in environments/accounts.ts" };
  if (isText(problems, "state.accountId", state.accountId, accounts) && !/^\d{12}$/.test(state.accountId)) {
    problems.add("state.accountId", state.accountId, "is not an AWS account id", "exactly 12 digits, as a string", "set STATE.accountId in environments/accounts.ts");
  }
  const admins = state.administratorArns;
  if (!Array.isArray(admins) || admins.length === 0) {
    problems.add("state.administratorArns", admins, "is empty", "at least one IAM role or user ARN", "name the role your platform administrators use, so that someone can repair state by hand");
  } else {
    admins.forEach((arn, i) => {
      if (!/^arn:aws(?:-[a-z]+)*:iam::\d{12}:(?:role|user)\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/.test(String(arn))) {
        problems.add(`state.administratorArns[${i}]`, arn, "is not an IAM role or user ARN", "arn:aws:iam::<account>:role/<name> or :user/<name>, no wildcards", "use the exact ARN of the administrators' role");
      }
    });
  }
  if (!(BOOTSTRAP_STATE_LOCATIONS as readonly unknown[]).includes(state.bootstrapState)) {
    problems.add("state.bootstrapState", state.bootstrapState, "is not a state location", oneOf(BOOTSTRAP_STATE_LOCATIONS), 'set STATE.bootstrapState to "local" before the first bootstrap apply and to "s3" after it');
  }
}

/** Validates the shared settings (registry, GitHub OIDC providers) against the environments' accounts. */
function validateShared(value: SharedConfig, problems: Problems, envs: readonly EnvironmentConfig[]): void {
  const shared = section(problems, "shared", value, { allowed: "a SharedConfig object", fix: "export shared from environments/shared.ts" });
  if (!shared) {
    return;
  }
  const accounts = { allowed: "exactly 12 digits, as a string", fix: "set shared.registryAccountId in environments/shared.ts" };
  if (isText(problems, "shared.registryAccountId", shared.registryAccountId, accounts) && !/^\d{12}$/.test(shared.registryAccountId)) {
    problems.add("shared.registryAccountId", shared.registryAccountId, "is not an AWS account id", "exactly 12 digits, as a string", "set shared.registryAccountId in environments/shared.ts");
  }
  if (!isSupportedRegion(shared.region)) {
    problems.add("shared.region", shared.region, "is not a supported region", oneOf(REGIONS), "use a listed region, or add it to lib/regions.ts");
  }
  const repos = listAt(problems, "shared.repositories", shared.repositories, { allowed: "at least one repository name", fix: "list the images the platform builds, e.g. chatbot-backend" });
  if (repos?.length === 0) {
    problems.add("shared.repositories", shared.repositories, "is empty", "at least one repository name", "list the images the platform builds, e.g. chatbot-backend");
  }
  (repos ?? []).forEach((r, i) => {
    if (typeof r !== "string" || !/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(r) || r.length > 256) {
      problems.add(`shared.repositories[${i}]`, r, "is not an ECR repository name", "lower-case letters, digits, '.', '_', '-', '/' separated names, at most 256 characters", "rename the repository");
    }
  });
  if (!isInt(shared.keepReleaseImages, 1, 10000)) {
    problems.add("shared.keepReleaseImages", shared.keepReleaseImages, "is not a count of images", "an integer from 1 to 10000", "set shared.keepReleaseImages to e.g. 30");
  }
  if (!isInt(shared.untaggedImageDays, 1, 3650)) {
    problems.add("shared.untaggedImageDays", shared.untaggedImageDays, "is not a number of days", "an integer from 1 to 3650", "set shared.untaggedImageDays to e.g. 7");
  }
  if (!Array.isArray(shared.releaseTagPrefixes) || shared.releaseTagPrefixes.length === 0 || shared.releaseTagPrefixes.some((p) => typeof p !== "string" || !/^[A-Za-z0-9._-]+$/.test(p))) {
    problems.add("shared.releaseTagPrefixes", shared.releaseTagPrefixes, "is not a list of tag prefixes", "a non-empty list of prefixes such as \"v\"", "set shared.releaseTagPrefixes to [\"v\"]");
  }
  validateTags(problems, "shared.tags", shared.tags, "set shared.tags in environments/shared.ts");
  validateOidcProviderSources(problems, "shared.githubOidcProviders", shared.githubOidcProviders, [...new Set(envs.map((e) => e.accountId))], {
    name: "GitHub",
    host: "token.actions.githubusercontent.com",
    needs: "environment",
  });
  const cloud = envs.filter((e) => e.backend?.kind === "cloud");
  validateOidcProviderSources(problems, "shared.terraformCloudOidcProviders", shared.terraformCloudOidcProviders, [...new Set(cloud.map((e) => e.accountId))], {
    name: "Terraform Cloud",
    host: [...new Set(cloud.map((e) => terraformCloudSettings(e)!.hostname))].join(", ") || TERRAFORM_CLOUD_HOST,
    needs: "environment on Terraform Cloud",
  });
}

/**
 * Each entry of an OIDC provider map names an account that needs the provider, and a provider
 * source: `shared.githubOidcProviders` (accounts hosting environments) and
 * `shared.terraformCloudOidcProviders` (accounts hosting environments on Terraform Cloud).
 */
function validateOidcProviderSources(problems: Problems, base: string, providers: unknown, accounts: readonly string[], issuer: { readonly name: string; readonly host: string; readonly needs: string }): void {
  if (providers === undefined) {
    return;
  }
  if (providers === null || typeof providers !== "object" || Array.isArray(providers)) {
    problems.add(base, providers, "is not a map of account ids to provider sources", `{ "<account id>": ${GITHUB_OIDC_PROVIDER_SOURCES.map((v) => JSON.stringify(v)).join(" | ")} }`, `set ${base} to e.g. { "111111111111": "existing" }, or remove it to create the provider in every account`);
    return;
  }
  for (const [accountId, source] of Object.entries(providers)) {
    const path = `${base}.${accountId}`;
    if (!/^\d{12}$/.test(accountId)) {
      problems.add(path, accountId, "is not an AWS account id", "exactly 12 digits, as a string", "use the accountId of an environment as the key");
    } else if (!accounts.includes(accountId)) {
      problems.add(path, accountId, `hosts no ${issuer.needs}, so no ${issuer.name} OIDC provider is created or looked up there`, accounts.length > 0 ? `an account that hosts an ${issuer.needs}: ${oneOf(accounts)}` : `no entry (no account hosts an ${issuer.needs})`, `correct the account id, or remove the entry`);
    }
    if (!(GITHUB_OIDC_PROVIDER_SOURCES as readonly unknown[]).includes(source)) {
      problems.add(path, source, `is not a ${issuer.name} OIDC provider source`, oneOf(GITHUB_OIDC_PROVIDER_SOURCES), `set ${path} to "existing" if the account already has an OIDC provider for ${issuer.host} (IAM allows only one), otherwise to "create"`);
    }
  }
}

/** Tags of every resource: keys and values AWS accepts on every taggable resource. */
function validateTags(problems: Problems, path: string, value: Readonly<Record<string, string>>, fix: string): void {
  const tags = section(problems, path, value, { allowed: "an object of tag keys to string values", fix });
  for (const [key, tag] of Object.entries(tags ?? {})) {
    if (key.length === 0 || key.length > 128 || key.toLowerCase().startsWith("aws:")) {
      problems.add(path, key, "is not a usable tag key", "1 to 128 characters, not starting with aws:", `rename the tag key`);
    } else if (typeof tag !== "string" || tag.length > 256) {
      problems.add(`${path}.${key}`, tag, typeof tag === "string" ? "is not a usable tag value" : "is not a string", "a string of at most 256 characters", typeof tag === "string" ? `shorten the value of tag ${key}` : `write the value of tag ${key} as a string`);
    }
  }
}

function validateEnvironment(problems: Problems, env: EnvironmentConfig): void {
  const name = env.name;
  if (!(CRITICALITIES as readonly unknown[]).includes(env.criticality)) {
    problems.add(`${name}.criticality`, env.criticality, "is not a criticality", oneOf(CRITICALITIES), `set ${name}.criticality to "production" for environments real users depend on`);
  }
  const accounts = { allowed: "exactly 12 digits, as a string", fix: `set ${name}.accountId to the account the environment is deployed to` };
  if (isText(problems, `${name}.accountId`, env.accountId, accounts) && !/^\d{12}$/.test(env.accountId)) {
    problems.add(`${name}.accountId`, env.accountId, "is not an AWS account id", "exactly 12 digits, as a string", `set ${name}.accountId to the account the environment is deployed to`);
  }
  const regions = { allowed: oneOf(REGIONS), fix: `set ${name}.region to a listed region` };
  if (isText(problems, `${name}.region`, env.region, regions) && !isSupportedRegion(env.region)) {
    problems.add(`${name}.region`, env.region, "is not a supported region", oneOf(REGIONS), `use a listed region, or add the region and its AZ IDs to lib/regions.ts`);
  }
  validateTags(problems, `${name}.tags`, env.tags, `set ${name}.tags in environments/${name}.ts`);
  const backend = section(problems, `${name}.backend`, env.backend, { allowed: `{ kind: ${BACKEND_KINDS.map((k) => JSON.stringify(k)).join(" | ")}, ... }`, fix: `set ${name}.backend to { kind: "s3" } (the shared state bucket of backend.tf.json)` });
  if (!backend) {
    return;
  }
  if (!BACKEND_KINDS.includes(backend.kind)) {
    problems.add(`${name}.backend.kind`, backend.kind, "is not a backend kind", oneOf(BACKEND_KINDS), `set ${name}.backend to { kind: "s3" } (the shared state bucket of backend.tf.json)`);
  } else if (backend.kind === "s3" && backend.locking !== undefined && !(STATE_LOCKINGS as readonly unknown[]).includes(backend.locking)) {
    problems.add(`${name}.backend.locking`, backend.locking, "is not a locking mode", oneOf(STATE_LOCKINGS), `set ${name}.backend.locking to "dynamodb" (the default), or "lockfile" with Terraform/OpenTofu >= 1.10`);
  } else if (backend.kind === "cloud") {
    validateCloudBackend(problems, env);
  }
}

/** Terraform Cloud's limit on workspace names. */
export const MAX_WORKSPACE_NAME = 90;

/** A Terraform Cloud backend: names Terraform Cloud accepts, trust that names no stranger, and the apply role it creates. */
function validateCloudBackend(problems: Problems, env: EnvironmentConfig): void {
  const base = `${env.name}.backend`;
  const b = env.backend as CloudBackendConfig;
  const production = env.criticality === "production";
  // Whether a field is a string to check further; reports another type ("is not a string"). An
  // optional field left out is not.
  const text = (field: "organization" | "hostname" | "project" | "workspacePrefix" | "terraformVersion" | "audience", allowed: string, fix: string): boolean =>
    (b[field] !== undefined || field === "organization") && isText(problems, `${base}.${field}`, b[field], { allowed, fix });
  if (text("organization", "3 to 40 letters, digits, '-' or '_'", `set ${base}.organization to your organization's name as Terraform Cloud shows it`) && !/^[A-Za-z0-9_-]{3,40}$/.test(b.organization)) {
    problems.add(`${base}.organization`, b.organization, "is not a Terraform Cloud organization name", "3 to 40 letters, digits, '-' or '_'", `set ${base}.organization to your organization's name as Terraform Cloud shows it`);
  }
  if (text("hostname", "a DNS name such as app.terraform.io or tfe.example.com", `remove ${base}.hostname`) && !HOSTNAME_PATTERN.test(String(b.hostname))) {
    const hint = /^[a-z]+:\/\//i.test(String(b.hostname)) || String(b.hostname).includes("/") ? " (without https:// or a path)" : "";
    problems.add(`${base}.hostname`, b.hostname, `is not a host name${hint}`, "a DNS name such as app.terraform.io or tfe.example.com", `set ${base}.hostname to your Terraform Enterprise host${hint}, or remove it for Terraform Cloud (${TERRAFORM_CLOUD_HOST})`);
  }
  if (text("project", "3 to 40 letters, digits, '-' or '_'", `remove ${base}.project`) && !/^[A-Za-z0-9_-]{3,40}$/.test(String(b.project))) {
    problems.add(`${base}.project`, b.project, "is not a Terraform Cloud project name this platform uses", "3 to 40 letters, digits, '-' or '_' (it is part of every token's subject)", `set ${base}.project to e.g. "chatbot-${env.name}", or remove it for that default`);
  }
  const prefixText = text("workspacePrefix", "letters, digits, '-' or '_'", `remove ${base}.workspacePrefix`);
  const prefixOk = b.workspacePrefix === undefined || (prefixText && /^[A-Za-z0-9_-]*$/.test(b.workspacePrefix));
  if (prefixText && !prefixOk) {
    problems.add(`${base}.workspacePrefix`, b.workspacePrefix, "is not a workspace name prefix", "letters, digits, '-' or '_'", `set ${base}.workspacePrefix to e.g. "chatbot-", or remove it`);
  }
  const settings = terraformCloudSettings(env)!;
  if (prefixOk) {
    for (const layer of environmentLayers(env)) {
      const workspace = workspaceName(settings, env.name, layer);
      if (workspace.length > MAX_WORKSPACE_NAME) {
        problems.add(`${base}.workspacePrefix`, b.workspacePrefix, `makes the workspace name ${workspace} ${workspace.length} characters long`, `workspace names of at most ${MAX_WORKSPACE_NAME} characters (Terraform Cloud's limit)`, `shorten ${base}.workspacePrefix by ${workspace.length - MAX_WORKSPACE_NAME} characters`);
        break;
      }
    }
  }
  if (text("terraformVersion", "a release such as 1.12.2", `remove ${base}.terraformVersion`) && !/^\d+\.\d+\.\d+$/.test(String(b.terraformVersion))) {
    problems.add(`${base}.terraformVersion`, b.terraformVersion, "is not an exact Terraform release", "a release such as 1.12.2 (no constraint: every run of every workspace uses exactly this one)", `set ${base}.terraformVersion to a release Terraform Cloud offers, or remove it for ${TERRAFORM_CLOUD_VERSION}`);
  }
  if (text("audience", "1 to 255 letters, digits, '.', '_', ':', '/', '-'", `remove ${base}.audience`) && !/^[A-Za-z0-9._:/-]{1,255}$/.test(String(b.audience))) {
    problems.add(`${base}.audience`, b.audience, "is not a token audience", "1 to 255 letters, digits, '.', '_', ':', '/', '-'", `set ${base}.audience to the value of TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE, or remove it for ${TERRAFORM_CLOUD_AUDIENCE}`);
  }
  if (b.autoApply !== undefined && typeof b.autoApply !== "boolean") {
    problems.add(`${base}.autoApply`, b.autoApply, "is not a boolean", "true or false", `set ${base}.autoApply to false, or remove it`);
  } else if (production && b.autoApply === true) {
    problems.add(`${base}.autoApply`, b.autoApply, "applies production plans without anyone confirming them", "false (the default for production)", `remove ${base}.autoApply: a person confirms every production apply`);
  }
  const extra = b.additionalWorkspaces;
  if (extra !== undefined && !Array.isArray(extra)) {
    problems.add(`${base}.additionalWorkspaces`, extra, "is not a list", "a list of workspace names", `set ${base}.additionalWorkspaces to e.g. ["team-jobs"], or remove it`);
  } else {
    (extra ?? []).forEach((w, i) => {
      const path = `${base}.additionalWorkspaces[${i}]`;
      if (typeof w !== "string" || !/^[A-Za-z0-9_*-]{1,90}$/.test(w)) {
        problems.add(path, w, "is not a workspace name", `1 to ${MAX_WORKSPACE_NAME} letters, digits, '-' or '_'${production ? "" : " ('*' as a wildcard)"}`, `rename it as the workspace is named in project ${settings.project}`);
      } else if (String(w).includes("*") && production) {
        problems.add(path, w, "is a wildcard: a production role would trust workspaces nobody has reviewed yet", "an exact workspace name in production", `list each workspace of project ${settings.project} that may apply ${env.name} by its exact name`);
      } else if (/^\**$/.test(String(w))) {
        problems.add(path, w, "matches every workspace of the project", "a name, or a pattern with a fixed part such as team-*", "name the workspaces, or give the pattern a fixed prefix");
      }
    });
  }
  if (isRecord(env.operators) && env.operators.applyRoleArn !== settings.applyRoleArn) {
    problems.add(`${env.name}.operators.applyRoleArn`, env.operators.applyRoleArn, "is not the role the Terraform Cloud workspaces apply with", settings.applyRoleArn, `set ${env.name}.operators.applyRoleArn to "${settings.applyRoleArn}" (created by shared-${env.accountId}; it becomes the cluster admin)`);
  }
}

/** Environments sharing an organization must agree on its host, and not share projects or workspaces. */
function validateCloudOrganizations(problems: Problems, envs: readonly EnvironmentConfig[]): void {
  const hosts = new Map<string, { host: string; env: string }>();
  const projects = new Map<string, string>();
  const workspaces = new Map<string, string>();
  for (const env of envs) {
    const s = env.backend?.kind === "cloud" ? terraformCloudSettings(env) : undefined;
    if (!s) {
      continue;
    }
    const host = hosts.get(s.organization);
    if (host && host.host !== s.hostname) {
      problems.add(`${env.name}.backend.hostname`, s.hostname, `differs from ${host.env}'s host ${host.host} for the same organization ${s.organization}`, `${host.host}, or another organization name`, `set ${env.name}.backend.hostname to ${host.host}, or use the organization's name on ${s.hostname}`);
    } else {
      hosts.set(s.organization, { host: s.hostname, env: env.name });
    }
    const projectKey = `${s.organization}/${s.project}`;
    const owner = projects.get(projectKey);
    if (owner !== undefined) {
      problems.add(`${env.name}.backend.project`, s.project, `is already ${owner}'s project in ${s.organization}`, "a project of its own per environment (each project carries the environment's credentials)", `set ${env.name}.backend.project to "chatbot-${env.name}", or remove it`);
    } else {
      projects.set(projectKey, env.name);
    }
    for (const layer of environmentLayers(env)) {
      const key = `${s.organization}/${workspaceName(s, env.name, layer)}`;
      const other = workspaces.get(key);
      if (other !== undefined && other !== env.name) {
        problems.add(`${env.name}.backend.workspacePrefix`, s.workspacePrefix, `names workspace ${workspaceName(s, env.name, layer)}, which ${other} also uses`, "workspace names no other environment uses", `change ${env.name}.backend.workspacePrefix`);
      }
      workspaces.set(key, env.name);
    }
  }
}

/**
 * Validates a set of environments, each on its own and against each other (names, CIDR overlap).
 * Throws a ConfigError listing every problem; returns normally when there is none.
 */
export function validateEnvironments(list: readonly EnvironmentConfig[], shared?: SharedConfig, state?: StateConfig): void {
  const problems = new Problems();
  const envs = listAt(problems, "environments", list, { allowed: "a list of EnvironmentConfig objects", fix: "export ENVIRONMENTS from environments/index.ts" }) ?? [];
  const seen = new Map<string, number>();
  const vpcs: { name: string; cidr: string; block: Ipv4Block }[] = [];

  envs.forEach((env, index) => {
    if (!isRecord(env)) {
      problems.add(`environments[${index}]`, env, "is not an environment", "an EnvironmentConfig object", "list the environment files' exports in environments/index.ts");
      return;
    }
    const label = typeof env.name === "string" && env.name ? env.name : `environments[${index}]`;
    if (RESERVED_NAMES.includes(env.name)) {
      problems.add(`${label}.name`, env.name, "is reserved", `any other name: ${RESERVED_NAMES.map((n) => JSON.stringify(n)).join(" and ")} name the stacks and state keys shared by every environment`, "rename the environment");
    } else if (typeof env.name !== "string" || !ENV_NAME_PATTERN.test(env.name)) {
      problems.add(`${label}.name`, env.name, "is not a valid environment name", "2 to 12 lower-case letters and digits, starting with a letter", "rename the environment, e.g. \"dev\" or \"prod2\"");
    } else if (seen.has(env.name)) {
      problems.add(`${label}.name`, env.name, `is used by environments[${seen.get(env.name)}] and environments[${index}]`, "each environment name once", "give each environment file its own name");
    } else {
      seen.set(env.name, index);
    }
    validateEnvironment(problems, { ...env, name: label });
    validateServerless(problems, { ...env, name: label });
    validateDelivery(problems, { ...env, name: label });
    validateOperators(problems, { ...env, name: label });
    validateServerlessPlacement(problems, { ...env, name: label });
    validatePlatform(problems, { ...env, name: label });
    validateData(problems, { ...env, name: label });
    validateEdge(problems, { ...env, name: label });
    validateObservability(problems, { ...env, name: label }, envs);
    validateOfferings(problems, { ...env, name: label });
    validateEdgeLoadBalancer({ ...env, name: label }, problems);
    const vpc = validateNetwork(problems, { ...env, name: label });
    if (vpc) {
      for (const other of vpcs) {
        if (overlaps(other.block, vpc)) {
          problems.add(`${label}.network.cidr`, env.network.cidr, `overlaps ${other.name}.network.cidr (${other.cidr})`, "a VPC CIDR no other environment uses, so that peering and Atlas PrivateLink never collide", `move ${label}.network.cidr to a free range, e.g. ${suggestFree(vpc.prefix, [...vpcs.map((v) => v.block), vpc])}`);
        }
      }
      vpcs.push({ name: label, cidr: env.network.cidr, block: vpc });
    }
  });

  // Lambda function names are unique per account and region.
  const functions = new Map<string, string>();
  const valid = envs.filter(isRecord);
  for (const env of valid) {
    const fn = (isRecord(env.serverless) ? env.serverless.functionName : undefined) ?? "chatbot-backend-lambda";
    const key = `${env.accountId}/${env.region}/${fn}`;
    const other = functions.get(key);
    if (other !== undefined) {
      problems.add(`${env.name}.serverless.functionName`, fn, `is already used by ${other} in account ${env.accountId} (${env.region})`, "a function name no other environment in the same account and region uses", `set ${env.name}.serverless.functionName to e.g. "chatbot-${env.name}-backend-lambda"`);
    } else {
      functions.set(key, env.name);
    }
  }
  validateCloudOrganizations(problems, valid);
  if (shared !== undefined) {
    validateShared(shared, problems, valid);
  }
  if (state !== undefined) {
    validateState(state, problems);
  }

  if (problems.list.length > 0) {
    throw new ConfigError(problems.list);
  }
}

/** A free 10.x block of the given prefix, for the fix text of an overlap. */
function suggestFree(prefix: number, taken: readonly Ipv4Block[]): string {
  const size = 2 ** (32 - prefix);
  for (let network = (10 << 24) >>> 0; network < ((11 << 24) >>> 0); network += size) {
    const candidate = { network, prefix };
    if (!taken.some((t) => overlaps(t, candidate))) {
      return formatCidr(candidate);
    }
  }
  return "an unused 10.x range";
}

/**
 * Picks environments by name for `--env`. Unknown names are a ConfigError that lists the known ones.
 */
export function selectEnvironments(all: readonly EnvironmentConfig[], names: readonly string[]): EnvironmentConfig[] {
  if (!Array.isArray(all)) {
    return []; // reported by validateEnvironments
  }
  if (names.length === 0) {
    return [...all];
  }
  const named = all.filter((e) => isRecord(e) && typeof e.name === "string");
  const known = named.map((e) => e.name);
  const problems = new Problems();
  for (const name of names) {
    if (!known.includes(name)) {
      problems.add("--env", name, "is not a known environment", oneOf(known), `pass one of the names above, or add environments/${name}.ts and list it in environments/index.ts`);
    }
  }
  if (problems.list.length > 0) {
    throw new ConfigError(problems.list);
  }
  return named.filter((e) => names.includes(e.name));
}
