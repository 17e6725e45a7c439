/**
 * The job queues and buckets every environment has (reference 001), and the alarm thresholds the
 * development environments share, kept in one place so the environments carry the same set;
 * sizes that differ per environment live in the environment files.
 */
import { DataConfig, ObservabilityConfig } from "../lib/config";

/**
 * Visibility timeouts are a little above the longest run of each consumer; retraining triggers
 * only start a job, so their consumer is short, but a failed start is retried fewer times.
 */
export const JOB_QUEUES: DataConfig["queues"] = [
  { name: "conversation-logging", visibilityTimeoutSeconds: 60, messageRetentionDays: 4, maxReceiveCount: 5 },
  { name: "analytics", visibilityTimeoutSeconds: 300, messageRetentionDays: 4, maxReceiveCount: 5 },
  { name: "retraining-triggers", visibilityTimeoutSeconds: 900, messageRetentionDays: 14, maxReceiveCount: 3 },
  { name: "notifications", visibilityTimeoutSeconds: 60, messageRetentionDays: 4, maxReceiveCount: 5 },
];

/** Uploads, exports/backups and ML artifacts: to Glacier after 90 days, old versions expire. */
export const DATA_BUCKETS: DataConfig["buckets"] = [
  { name: "uploads", transitionToGlacierDays: 90, noncurrentVersionExpirationDays: 90 },
  { name: "exports", transitionToGlacierDays: 90, noncurrentVersionExpirationDays: 90 },
  { name: "ml-artifacts", transitionToGlacierDays: 90, noncurrentVersionExpirationDays: 180 },
];

/**
 * Alarm thresholds of the development environments (dev, and local, which mirrors it on the fake
 * cloud): loose enough that a developer's experiments do not page anyone.
 */
export const DEVELOPMENT_ALARM_THRESHOLDS: ObservabilityConfig["thresholds"] = {
  lambdaErrors: 10,
  lambdaThrottles: 10,
  lambdaDurationPercentOfTimeout: 80,
  api5xx: 10,
  apiLatencyMs: 15000,
  alb5xx: 10,
  cloudFront5xxRatePercent: 5,
  rdsCpuPercent: 90,
  rdsFreeStorageGb: 2,
  rdsConnections: 80,
  redisCpuPercent: 90,
  redisMemoryPercent: 90,
  redisEvictions: 100,
  queueOldestMessageSeconds: 3600,
};
