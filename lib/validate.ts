/**
 * Validates every environment before any construct exists. All problems are collected and thrown
 * together as one ConfigError; each names the dotted path, the value, what is allowed and the fix.
 */
import { blockSize, formatCidr, overlaps, parseCidr, Ipv4Block, contains } from "./cidr";
import {
  BACKEND_KINDS,
  EnvironmentConfig,
  FLOW_LOG_TRAFFIC_TYPES,
  INTERFACE_ENDPOINT_SERVICES,
  LOG_RETENTION_DAYS,
  NAT_MODES,
} from "./config";
import { ConfigError, ConfigProblem } from "./errors";
import { REGION_AZ_SUFFIXES } from "./regions";
import { SUBNET_TIERS, MAX_AZ_SLOTS, requiredAddresses } from "./subnet-plan";
import { defaultSubnetMasks } from "./defaults";

export const ENV_NAME_PATTERN = /^[a-z][a-z0-9]{1,11}$/;
export const MIN_AZS = 2;
export const MAX_AZS = 6;
export const MIN_VPC_PREFIX = 16;
export const MAX_VPC_PREFIX = 20;

const PRIVATE_RANGES: readonly Ipv4Block[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(
  (c) => parseCidr(c) as Ipv4Block,
);

/** Collects problems; `check` adds one when a condition fails. */
class Problems {
  readonly list: ConfigProblem[] = [];
  add(path: string, value: unknown, problem: string, allowed: string, fix: string): void {
    this.list.push({ path, value, problem, allowed, fix });
  }
}

function oneOf(values: readonly unknown[]): string {
  return `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;
}

function isPort(p: unknown): boolean {
  return typeof p === "number" && Number.isInteger(p) && p >= 1 && p <= 65535;
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

function validateNetwork(problems: Problems, env: EnvironmentConfig): Ipv4Block | undefined {
  const base = `${env.name}.network`;
  const net = env.network;
  if (net === undefined || net === null) {
    problems.add(base, net, "is missing", "a NetworkConfig object", `add a network section to environments/${env.name}.ts`);
    return undefined;
  }

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

  // AZ count.
  const regionAzs = REGION_AZ_SUFFIXES[env.region]?.length;
  if (typeof net.azCount !== "number" || !Number.isInteger(net.azCount) || net.azCount < MIN_AZS || net.azCount > MAX_AZS) {
    problems.add(`${base}.azCount`, net.azCount, `is outside ${MIN_AZS}..${MAX_AZS}`, `an integer from ${MIN_AZS} (high availability needs two AZs) to ${MAX_AZS}`, `set ${base}.azCount to 2 or 3`);
  } else if (regionAzs !== undefined && net.azCount > regionAzs) {
    problems.add(`${base}.azCount`, net.azCount, `is more than the ${regionAzs} AZs of ${env.region}`, `at most ${regionAzs} in ${env.region} (lib/regions.ts)`, `set ${base}.azCount to ${regionAzs} or less`);
  }

  // NAT mode.
  if (!(NAT_MODES as readonly unknown[]).includes(net.nat)) {
    problems.add(`${base}.nat`, net.nat, "is not a NAT mode", oneOf(NAT_MODES), `set ${base}.nat to "single" (dev, staging) or "perAz" (prod)`);
  }

  // Subnet masks.
  if (vpc) {
    const masks = net.subnetMasks ?? defaultSubnetMasks(net.cidr);
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
    if (masksValid && requiredAddresses(masks) > blockSize(vpc)) {
      problems.add(maskPath, masks, `needs ${requiredAddresses(masks)} addresses (${MAX_AZ_SLOTS} subnets per tier) but ${net.cidr} has ${blockSize(vpc)}`, `masks whose ${MAX_AZ_SLOTS} subnets per tier fit the VPC together`, `use longer prefixes (smaller subnets) in ${maskPath} or a larger ${base}.cidr`);
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
  const fl = net.flowLogs;
  if (fl === undefined || fl === null) {
    problems.add(`${base}.flowLogs`, fl, "is missing", "{ retentionDays, trafficType? }", `add ${base}.flowLogs; VPC flow logs are required`);
  } else {
    if (!(LOG_RETENTION_DAYS as readonly unknown[]).includes(fl.retentionDays)) {
      problems.add(`${base}.flowLogs.retentionDays`, fl.retentionDays, "is not a CloudWatch Logs retention period", oneOf(LOG_RETENTION_DAYS), `set ${base}.flowLogs.retentionDays to e.g. 90 or 365`);
    }
    if (fl.trafficType !== undefined && !(FLOW_LOG_TRAFFIC_TYPES as readonly unknown[]).includes(fl.trafficType)) {
      problems.add(`${base}.flowLogs.trafficType`, fl.trafficType, "is not a flow log traffic type", oneOf(FLOW_LOG_TRAFFIC_TYPES), `set ${base}.flowLogs.trafficType to "ALL"`);
    }
  }
  return vpc;
}

function validateEnvironment(problems: Problems, env: EnvironmentConfig): void {
  const name = env.name;
  if (!/^\d{12}$/.test(String(env.accountId))) {
    problems.add(`${name}.accountId`, env.accountId, "is not an AWS account id", "exactly 12 digits, as a string", `set ${name}.accountId to the account the environment is deployed to`);
  }
  if (!(env.region in REGION_AZ_SUFFIXES)) {
    problems.add(`${name}.region`, env.region, "is not a supported region", oneOf(Object.keys(REGION_AZ_SUFFIXES)), `use a listed region, or add the region and its AZs to lib/regions.ts`);
  }
  const tags = env.tags ?? {};
  for (const [key, value] of Object.entries(tags)) {
    if (key.length === 0 || key.length > 128 || key.toLowerCase().startsWith("aws:")) {
      problems.add(`${name}.tags`, key, "is not a usable tag key", "1 to 128 characters, not starting with aws:", `rename the tag key`);
    } else if (typeof value !== "string" || value.length > 256) {
      problems.add(`${name}.tags.${key}`, value, "is not a usable tag value", "a string of at most 256 characters", `shorten the value of tag ${key}`);
    }
  }
  const backend = env.backend;
  if (!backend || !BACKEND_KINDS.includes(backend.kind)) {
    problems.add(`${name}.backend.kind`, backend?.kind, "is not a backend kind", oneOf(BACKEND_KINDS), `set ${name}.backend to { kind: "s3" } (the shared state bucket of backend.tf.json)`);
  } else if (backend.kind === "s3" && backend.dynamodbLocking === false && backend.useLockfile !== true) {
    problems.add(`${name}.backend`, backend, "turns off every form of state locking", "dynamodbLocking (the default) or useLockfile: true, or both", `remove dynamodbLocking: false from ${name}.backend, or add useLockfile: true (Terraform/OpenTofu >= 1.10)`);
  } else if (backend.kind === "cloud" && !/^[A-Za-z0-9_-]{3,40}$/.test(String(backend.organization))) {
    problems.add(`${name}.backend.organization`, backend.organization, "is not a Terraform Cloud organization name", "3 to 40 letters, digits, '-' or '_'", `set ${name}.backend.organization to your organization's name`);
  }
}

/**
 * Validates a set of environments, each on its own and against each other (names, CIDR overlap).
 * Throws a ConfigError listing every problem; returns normally when there is none.
 */
export function validateEnvironments(envs: readonly EnvironmentConfig[]): void {
  const problems = new Problems();
  const seen = new Map<string, number>();
  const vpcs: { name: string; cidr: string; block: Ipv4Block }[] = [];

  envs.forEach((env, index) => {
    const label = typeof env.name === "string" && env.name ? env.name : `environments[${index}]`;
    if (typeof env.name !== "string" || !ENV_NAME_PATTERN.test(env.name)) {
      problems.add(`${label}.name`, env.name, "is not a valid environment name", "2 to 12 lower-case letters and digits, starting with a letter", "rename the environment, e.g. \"dev\" or \"prod2\"");
    } else if (seen.has(env.name)) {
      problems.add(`${label}.name`, env.name, `is used by environments[${seen.get(env.name)}] and environments[${index}]`, "each environment name once", "give each environment file its own name");
    } else {
      seen.set(env.name, index);
    }
    validateEnvironment(problems, { ...env, name: label });
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
  if (names.length === 0) {
    return [...all];
  }
  const known = all.map((e) => e.name);
  const problems = new Problems();
  for (const name of names) {
    if (!known.includes(name)) {
      problems.add("--env", name, "is not a known environment", oneOf(known), `pass one of the names above, or add environments/${name}.ts and list it in environments/index.ts`);
    }
  }
  if (problems.list.length > 0) {
    throw new ConfigError(problems.list);
  }
  return all.filter((e) => names.includes(e.name));
}
