/**
 * The job queues and buckets every environment has (reference 001), kept in one place so all
 * environments carry the same set; sizes that differ per environment live in the environment files.
 */
import { DataConfig } from "../lib/config";

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
