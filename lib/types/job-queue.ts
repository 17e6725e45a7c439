/**
 * Job queues: what an environment's `data.queues` holds and JobQueues (constructs/job-queues) takes
 * as `queues`.
 *
 * Imports go one way: constructs/ import lib/, never the reverse. This shape is needed by both
 * lib/config.ts and a construct's props, so it lives here in lib/types/, which imports no construct.
 */

/** One job queue and its dead-letter queue. */
export interface JobQueueSpec {
  /** Name without the prefix, e.g. `conversation-logging`; the queue is `<namePrefix>-<name>`. */
  readonly name: string;
  /** Seconds a received message stays hidden from other consumers, 0 to 43200; at least the consumer's longest processing time. */
  readonly visibilityTimeoutSeconds: number;
  /** Days an unprocessed message is kept, 1 to 14. */
  readonly messageRetentionDays: number;
  /** Receives after which a message moves to the dead-letter queue, 1 to 1000. */
  readonly maxReceiveCount: number;
  /**
   * Days the dead-letter queue keeps a message, 1 to 14, at least `messageRetentionDays` (SQS
   * keeps a message's original enqueue time when it moves it to the DLQ).
   * @default 14
   */
  readonly dlqRetentionDays?: number;
  /**
   * Visible messages in the dead-letter queue at which its alarm fires, 1 to 1000000.
   * @default 1
   */
  readonly dlqAlarmThreshold?: number;
}
