/**
 * RDS for PostgreSQL: the settings an environment's `data.postgres` holds and PostgresDatabase
 * (constructs/postgres) takes with its placement.
 *
 * Imports go one way: constructs/ import lib/, never the reverse. This shape is needed by both
 * lib/config.ts and a construct's props, so it lives here in lib/types/, which imports no construct.
 */

/**
 * - `singleAz`: one instance; an AZ failure means a restore.
 * - `multiAz`: a synchronous standby in another AZ and automatic failover (twice the instance cost).
 */
export type PostgresDeployment = "singleAz" | "multiAz";

/**
 * What happens to the data when Terraform destroys the instance:
 * - `keep`: a final snapshot `<namePrefix>-postgres-final-<creation time, YYYYMMDDhhmmss UTC>` is
 *   taken first (one name per instance, so a recreated instance never collides with the snapshot
 *   its predecessor left behind);
 * - `skip`: no final snapshot (throw-away environments).
 */
export type PostgresFinalSnapshot = "keep" | "skip";

/** Whether the instance refuses to be deleted until the setting is turned off. */
export type PostgresDeletionProtection = "enabled" | "disabled";

/** What an environment chooses for its database (PostgresDatabaseProps adds placement, names and tuning). */
export interface PostgresSettings {
  /**
   * PostgreSQL version, `<major>` or `<major>.<minor>`, e.g. `16` or `16.6`; the parameter group
   * family is `postgres<major>`. With a full version, Terraform wants to undo the minor upgrades
   * AWS applies (`auto_minor_version_upgrade`); give the major only to let them through.
   */
  readonly engineVersion: string;
  /** Instance class, e.g. `db.t3.micro` (dev), `db.t3.small` (staging), `db.t3.medium` or larger (prod). */
  readonly instanceClass: string;
  /** Single instance or Multi-AZ standby. */
  readonly deployment: PostgresDeployment;
  /** Initial gp3 storage in GiB, 20 to 65536. */
  readonly allocatedStorageGb: number;
  /** Ceiling of storage autoscaling in GiB; at least 10% above `allocatedStorageGb` (AWS's rule). */
  readonly maxAllocatedStorageGb: number;
  /** Days automated backups (and point-in-time recovery) reach back, 1 to 35. */
  readonly backupRetentionDays: number;
  /** Daily backup window, `hh24:mi-hh24:mi` UTC, at least 30 minutes, outside the maintenance window. */
  readonly backupWindow: string;
  /** Weekly maintenance window, `ddd:hh24:mi-ddd:hh24:mi` UTC, at least 30 minutes. */
  readonly maintenanceWindow: string;
  /** Deletion protection of the instance. */
  readonly deletionProtection: PostgresDeletionProtection;
  /** Final snapshot on destroy. */
  readonly finalSnapshot: PostgresFinalSnapshot;
  /**
   * Days Performance Insights keeps its data: 7 (free), a multiple of 31 up to 713, or 731.
   * @default - Performance Insights off
   */
  readonly performanceInsightsRetentionDays?: number;
  /** Days the exported logs are kept; one of LOG_RETENTION_DAYS. */
  readonly logRetentionDays: number;
}
