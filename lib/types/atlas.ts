/**
 * MongoDB Atlas: the settings an environment's `data.atlas` holds and AtlasDatabase
 * (constructs/atlas) takes with its placement.
 *
 * Imports go one way: constructs/ import lib/, never the reverse. This shape is needed by both
 * lib/config.ts and a construct's props, so it lives here in lib/types/, which imports no construct.
 */

/**
 * Dedicated general-class tiers on AWS, smallest first (the order auto-scaling moves in). M0, M2, M5
 * and Flex are shared tiers: they support neither private endpoints nor cloud backup, so they are
 * not listed. Low-CPU (`R40`...) and NVMe (`M40_NVME`...) variants are left out on purpose.
 */
export const ATLAS_INSTANCE_SIZES = ["M10", "M20", "M30", "M40", "M50", "M60", "M80", "M140", "M200", "M300", "M400", "M700"] as const;
export type AtlasInstanceSize = (typeof ATLAS_INSTANCE_SIZES)[number];

/** On or off, for the protections that differ per environment. */
export type AtlasProtection = "enabled" | "disabled";

/** Auto-scaling of the cluster: compute between two tiers, and optionally the disk. */
export interface AtlasAutoScalingProps {
  /** Smallest tier Atlas may scale down to (M10 or larger, at most `instanceSize`). */
  readonly minInstanceSize: AtlasInstanceSize;
  /** Largest tier Atlas may scale up to (at least `instanceSize`, above `minInstanceSize`). */
  readonly maxInstanceSize: AtlasInstanceSize;
  /** Whether Atlas grows the disk when it is 90% full (it never shrinks it). */
  readonly diskGbEnabled: boolean;
}

/** What an environment chooses for its Atlas cluster (AtlasDatabaseProps adds placement, database and users). */
export interface AtlasSettings {
  /** Atlas organization that owns the project (24 hexadecimal characters). */
  readonly organizationId: string;
  /** Tier of the three electable nodes, M10 or larger (shared tiers have neither PrivateLink nor backup). */
  readonly instanceSize: AtlasInstanceSize;
  /**
   * Compute (and optionally disk) auto-scaling. While enabled, Terraform ignores the tier (and the disk
   * size) Atlas has scaled to; change them by hand only with the ignore lifted.
   * @default - no auto-scaling: the tier and the disk stay as configured
   */
  readonly autoScaling?: AtlasAutoScalingProps;
  /** MongoDB major version, e.g. `7.0` (Atlas keeps the cluster on its latest patch). */
  readonly mongoDbMajorVersion: string;
  /** Disk of each node in GB, 10 to 4096. */
  readonly diskSizeGb: number;
  /** Continuous cloud backup (restore to any second in the window); cloud backup itself is always on. */
  readonly pointInTimeRecovery: AtlasProtection;
  /** Whether Atlas refuses to delete the cluster (a destroy fails until it is disabled). */
  readonly terminationProtection: AtlasProtection;
}
