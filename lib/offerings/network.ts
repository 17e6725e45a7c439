/**
 * Network settings AWS refuses, or that leave an EKS cluster unable to start, at apply:
 * - a CIDR listed twice in `platform.privateEndpointClientCidrs`, which becomes one security group
 *   rule (EC2 refuses it: "The same permission must not appear multiple times");
 * - `network.nat` "none" with a `platform`: the nodes' subnets have no route to the internet, so
 *   they pull images through the ecr.api and ecr.dkr interface endpoints (layers through the S3
 *   gateway endpoint, which constructs/network always creates) and get credentials through sts.
 * AZ IDs where EKS cannot place the cluster, and reserved Lambda concurrency against the account's
 * quota, are checked in lib/validate.ts already.
 */
import { formatCidr, parseCidr } from "../cidr";
import { EnvironmentConfig, INTERFACE_ENDPOINT_SERVICES } from "../config";
import { Problems } from "../problems";
import { quoted } from "./suggest";
import { asRecord } from "./values";

/** Interface endpoints EKS nodes need when their subnets have no NAT gateway. */
export const NODE_BOOT_ENDPOINTS = ["ecr.api", "ecr.dkr", "sts"] as const;

export function checkDuplicateRuleCidrs(problems: Problems, env: EnvironmentConfig): void {
  const cidrs = asRecord(env.platform).privateEndpointClientCidrs;
  if (!Array.isArray(cidrs)) {
    return;
  }
  const path = `${env.name}.platform.privateEndpointClientCidrs`;
  const seen = new Map<string, number>();
  cidrs.forEach((cidr: unknown, i) => {
    const parsed = parseCidr(String(cidr));
    if (typeof parsed === "string") {
      return; // reported by lib/validate-platform.ts
    }
    const block = formatCidr(parsed);
    const first = seen.get(block);
    if (first === undefined) {
      seen.set(block, i);
      return;
    }
    problems.add(
      `${path}[${i}]`,
      cidr,
      `repeats ${path}[${first}]: the list becomes one security group rule, and EC2 refuses a rule that names a CIDR twice`,
      "each CIDR once",
      `remove ${path}[${i}]`,
    );
  });
}

export function checkNatNoneWithCluster(problems: Problems, env: EnvironmentConfig): void {
  const network = asRecord(env.network);
  if (env.platform === undefined || env.platform === null || network.nat !== "none") {
    return;
  }
  const base = `${env.name}.network`;
  const endpoints = network.interfaceEndpoints ?? INTERFACE_ENDPOINT_SERVICES;
  if (Array.isArray(endpoints)) {
    const missing = NODE_BOOT_ENDPOINTS.filter((e) => !endpoints.includes(e));
    if (missing.length > 0) {
      problems.add(
        `${base}.interfaceEndpoints`,
        endpoints,
        `leaves out ${quoted(missing)}, which the EKS nodes need while ${base}.nat is "none": without them they cannot pull their images (ecr.api, ecr.dkr) or get credentials (sts), and never join the cluster`,
        `${quoted(NODE_BOOT_ENDPOINTS)} among the interface endpoints of an environment with a platform and nat "none" (S3, for image layers, is a gateway endpoint the network always has)`,
        `add ${quoted(missing)} to ${base}.interfaceEndpoints, or remove ${base}.interfaceEndpoints for all of them`,
      );
    }
  }
}
