/**
 * Data buckets: what an environment's `data.buckets` holds and DataBuckets (constructs/data-buckets)
 * takes as `buckets`.
 *
 * Imports go one way: constructs/ import lib/, never the reverse. This shape is needed by both
 * lib/config.ts and a construct's props, so it lives here in lib/types/, which imports no construct.
 */

/**
 * Storage class current objects move to. `GLACIER_IR` (Instant Retrieval) keeps objects readable
 * in milliseconds; `GLACIER` (Flexible Retrieval) and `DEEP_ARCHIVE` need a restore (minutes to
 * hours) before GetObject works. All three bill at least 90 days (`DEEP_ARCHIVE`: 180) of storage
 * per object.
 */
export type ArchiveStorageClass = "GLACIER_IR" | "GLACIER" | "DEEP_ARCHIVE";

/** One data bucket. */
export interface DataBucketSpec {
  /** Name without prefix and account, e.g. `uploads`, `exports`, `ml-artifacts`. */
  readonly name: string;
  /**
   * Days after creation a current object moves to `archiveStorageClass`.
   * @default 90
   */
  readonly transitionToGlacierDays?: number;
  /**
   * Archive storage class of the transition.
   * @default "GLACIER_IR"
   */
  readonly archiveStorageClass?: ArchiveStorageClass;
  /**
   * Days a replaced or deleted version is kept before it is deleted for good.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Days after creation a current object expires (becomes a noncurrent version, deleted
   * `noncurrentVersionExpirationDays` later); more than `transitionToGlacierDays`.
   * @default - never
   */
  readonly expireCurrentObjectsDays?: number;
}
