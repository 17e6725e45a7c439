/**
 * Atlas facts the AtlasDatabase construct validates against, as data: the order of the dedicated
 * AWS tiers (the tiers themselves are ATLAS_INSTANCE_SIZES in lib/types/atlas.ts), the AWS regions
 * Atlas runs clusters in, and the port range of its AWS private endpoints.
 */
import { ATLAS_INSTANCE_SIZES } from "../../../lib/types/atlas";

/** Position of a tier in ATLAS_INSTANCE_SIZES (-1 when it is not a dedicated tier). */
export function tierRank(size: string): number {
  return (ATLAS_INSTANCE_SIZES as readonly string[]).indexOf(size);
}

/** True for the shared tiers below M10 (M0, M2, M5) and Flex. */
export function isSharedTier(size: string): boolean {
  const m = /^M(\d+)$/.exec(size);
  return size.toUpperCase() === "FLEX" || (m !== null && Number(m[1]) < 10);
}

/**
 * AWS regions (AWS spelling) in which Atlas deploys dedicated clusters and private endpoints. Atlas
 * names a region by upper-casing the AWS name and replacing hyphens with underscores
 * (`ap-southeast-2` -> `AP_SOUTHEAST_2`); the list only decides which regions are accepted.
 */
export const ATLAS_AWS_REGIONS: readonly string[] = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ca-central-1",
  "sa-east-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "ap-east-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "me-south-1",
  "me-central-1",
  "af-south-1",
  "il-central-1",
];

/** Atlas's name of an AWS region: `ap-southeast-2` -> `AP_SOUTHEAST_2`. */
export function atlasRegionName(awsRegion: string): string {
  return awsRegion.toUpperCase().replace(/-/g, "_");
}

/**
 * TCP ports clients use to reach an Atlas cluster through an AWS private endpoint: Atlas maps each
 * node of the cluster to its own port on the endpoint service's load balancer, anywhere in this
 * range, so the endpoint's security group must accept the whole range (27017 alone is not enough).
 */
export const PRIVATE_ENDPOINT_PORTS = { from: 1024, to: 65535 } as const;

/** Databases MongoDB reserves for itself; the application's database may not be one of them. */
export const RESERVED_DATABASES: readonly string[] = ["admin", "local", "config"];
