/**
 * Regions the app deploys to and their availability zones, by AZ ID.
 *
 * Subnets are placed by AZ ID (`use1-az1`), never by AZ name (`us-east-1a`): in the older regions
 * AWS maps names to physical zones per account, so `ap-southeast-2a` of one account can be a
 * different data centre than `ap-southeast-2a` of another. An AZ ID is the same zone in every
 * account.
 *
 * Zones are listed here instead of read from the `aws_availability_zones` data source so that the
 * synthesized JSON (and so the plan) does not change when AWS opens a new zone, and so that
 * validation can check `network.azCount` / `network.azIds` before synth. Add a region here to
 * deploy to it.
 */

/** Where the AZ IDs below come from, and when they were last checked. */
export const AZ_ID_SOURCES = {
  azIds: {
    url: "https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html",
    checked: "2026-12",
    note: "Only zones that accept new subnets in every account are listed: apne1-az3 is not offered to newer accounts, so it is left out.",
  },
  eksUnsupported: {
    url: "https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html#cluster-subnets",
    checked: "2026-12",
    note: "Subnet requirements for clusters: the subnets can't reside in these Availability Zone IDs (us-east-1 use1-az3, us-west-1 usw1-az2, ca-central-1 cac1-az3).",
  },
} as const;

export interface RegionAzs {
  /** AZ IDs that accept new subnets in every account, in the order environments take them by default. */
  readonly azIds: readonly string[];
  /**
   * AZ IDs where EKS cannot create a cluster's control-plane network interfaces (the cluster's
   * subnets are the private app subnets, one per AZ, so an environment with a cluster must avoid them).
   */
  readonly eksUnsupportedAzIds: readonly string[];
}

/** Supported regions and their zones; see AZ_ID_SOURCES. */
export const REGION_AZS: Readonly<Record<string, RegionAzs>> = {
  "ap-southeast-2": { azIds: ["apse2-az1", "apse2-az2", "apse2-az3"], eksUnsupportedAzIds: [] },
  "ap-southeast-1": { azIds: ["apse1-az1", "apse1-az2", "apse1-az3"], eksUnsupportedAzIds: [] },
  "ap-northeast-1": { azIds: ["apne1-az1", "apne1-az2", "apne1-az4"], eksUnsupportedAzIds: [] },
  "ap-northeast-2": { azIds: ["apne2-az1", "apne2-az2", "apne2-az3", "apne2-az4"], eksUnsupportedAzIds: [] },
  "eu-central-1": { azIds: ["euc1-az1", "euc1-az2", "euc1-az3"], eksUnsupportedAzIds: [] },
  "eu-west-1": { azIds: ["euw1-az1", "euw1-az2", "euw1-az3"], eksUnsupportedAzIds: [] },
  "eu-west-2": { azIds: ["euw2-az1", "euw2-az2", "euw2-az3"], eksUnsupportedAzIds: [] },
  "us-east-1": { azIds: ["use1-az1", "use1-az2", "use1-az3", "use1-az4", "use1-az5", "use1-az6"], eksUnsupportedAzIds: ["use1-az3"] },
  "us-east-2": { azIds: ["use2-az1", "use2-az2", "use2-az3"], eksUnsupportedAzIds: [] },
  "us-west-2": { azIds: ["usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"], eksUnsupportedAzIds: [] },
};

/** The supported regions. */
export const REGIONS: readonly string[] = Object.keys(REGION_AZS);

export function isSupportedRegion(region: unknown): region is string {
  return typeof region === "string" && Object.prototype.hasOwnProperty.call(REGION_AZS, region);
}

/**
 * What the environment's subnets must hold: `cluster` when it has an EKS cluster (a `platform`
 * section), so AZ IDs EKS cannot use are excluded.
 */
export type AzUse = "cluster" | "noCluster";

/** AZ IDs of a region an environment may use, in default order. */
export function usableAzIds(region: string, use: AzUse): readonly string[] {
  const zones = REGION_AZS[region];
  if (!zones) {
    return [];
  }
  return use === "cluster" ? zones.azIds.filter((id) => !zones.eksUnsupportedAzIds.includes(id)) : zones.azIds;
}

/** How an environment picks its zones: the first `azCount` usable ones, or exactly `azIds`. */
export interface AzSelection {
  readonly azCount?: number;
  readonly azIds?: readonly string[];
}

/**
 * The AZ IDs an environment's subnets go to, in subnet order (validated before this is called):
 * `azIds` as listed, else the first `azCount` usable AZ IDs of the region.
 */
export function environmentAzIds(region: string, selection: AzSelection, use: AzUse): string[] {
  if (selection.azIds !== undefined) {
    return [...selection.azIds];
  }
  const usable = usableAzIds(region, use);
  const count = selection.azCount ?? 0;
  if (count < 1 || count > usable.length) {
    throw new Error(`region ${region} does not have ${count} usable availability zones`);
  }
  return usable.slice(0, count);
}
