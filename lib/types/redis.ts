/**
 * ElastiCache for Redis OSS: the settings an environment's `data.redis` holds and RedisCache
 * (constructs/redis) takes with its placement.
 *
 * Imports go one way: constructs/ import lib/, never the reverse. This shape is needed by both
 * lib/config.ts and a construct's props, so it lives here in lib/types/, which imports no construct.
 */

/**
 * How the group survives the loss of its primary:
 * - `none`: it does not; a new primary must be created (single node or manual promotion);
 * - `automatic`: a replica is promoted automatically (needs at least one replica);
 * - `multiAz`: automatic failover with the replicas placed in other AZs than the primary.
 */
export type RedisFailover = "none" | "automatic" | "multiAz";

/** What an environment chooses for its cache (RedisCacheProps adds placement and the application user). */
export interface RedisSettings {
  /**
   * Redis OSS version `<major>.<minor>`, 7.0 or later (IAM authentication needs 7), e.g. `7.1`;
   * the parameter group family is `redis<major>`.
   */
  readonly engineVersion: string;
  /** Node type, e.g. `cache.t4g.micro` (dev), `cache.t4g.small` (staging), `cache.r7g.large` (prod). */
  readonly nodeType: string;
  /** Read replicas next to the primary, 0 to 5 (nodes = 1 + replicas). */
  readonly replicas: number;
  /** Failover of the primary; anything but `none` needs at least one replica. */
  readonly failover: RedisFailover;
  /** Days automatic snapshots are kept, 0 (no snapshots) to 35. */
  readonly snapshotRetentionDays: number;
  /**
   * Daily snapshot window, `hh24:mi-hh24:mi` UTC, at least 60 minutes, outside the maintenance
   * window. Required even without snapshots: AWS would otherwise pick one that may overlap.
   */
  readonly snapshotWindow: string;
  /** Weekly maintenance window, `ddd:hh24:mi-ddd:hh24:mi` UTC, at least 60 minutes. */
  readonly maintenanceWindow: string;
  /** Days the slow log is kept; one of LOG_RETENTION_DAYS. */
  readonly slowLogRetentionDays: number;
}
