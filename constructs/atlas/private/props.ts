/**
 * The props of AtlasDatabase (re-exported by ../index.ts, where callers import them from). They
 * are declared here so that validate-props.ts, which index.ts calls, reads them without importing
 * index.ts.
 */
import { DataPlacementProps } from "../../data-placement";
import type { AtlasSettings } from "../../../lib/types/atlas";

/**
 * The cluster's settings (AtlasSettings in lib/types/atlas.ts: tier, version, disk, protections),
 * its placement, and its database and users. `namePrefix` is also the Atlas project's name; the
 * cluster and the private endpoint go to `region`; the interface endpoint gets an ENI in each of
 * `subnetIds` (one per AZ); backend role ARNs are checked against `accountId`; clients connect on
 * PRIVATE_ENDPOINT_PORTS.
 */
export interface AtlasDatabaseProps extends DataPlacementProps, AtlasSettings {
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
