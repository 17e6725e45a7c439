/**
 * The props of AtlasDatabase (re-exported by ../index.ts, where callers import them from). They
 * are declared here so that validate-props.ts, which index.ts calls, reads them without importing
 * index.ts.
 */
import { DataPlacementProps } from "../../data-placement";
import { AtlasInstanceSize } from "./atlas-values";

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

/**
 * `namePrefix` is also the Atlas project's name; the cluster and the private endpoint go to
 * `region`; the interface endpoint gets an ENI in each of `subnetIds` (one per AZ); backend role
 * ARNs are checked against `accountId`; clients connect on PRIVATE_ENDPOINT_PORTS.
 */
export interface AtlasDatabaseProps extends DataPlacementProps {
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
  /** The application's database; the users get `readWrite` on it and nothing else. */
  readonly databaseName: string;
  /** ARNs of the backend's IAM roles; each becomes a database user authenticating with AWS IAM. */
  readonly iamRoleArns: readonly string[];
  /**
   * Tags of the Atlas project and cluster (AWS resources get the stack's tags from the tagging Aspect).
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
}
