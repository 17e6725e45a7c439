/**
 * Module `job-queue`: constructs/job-queues (SQS queues, each with a dead-letter queue, a DLQ alarm
 * and TLS-only queue policies, all encrypted with one customer-managed key).
 */
import { JobQueues, JobQueuesProps, validateJobQueuesProps } from "../../constructs/job-queues";
import { Problems } from "../../lib/problems";
import { hclIntIn } from "./hcl";
import { TAGS_VARIABLE, type ModuleDefinition, type Probe } from "./definition";
import { elementRule, variableRule } from "./messages";

/** Valid props the probes start from; each probe changes one thing. */
const BASE_QUEUE = { name: "jobs", visibilityTimeoutSeconds: 60, messageRetentionDays: 4, maxReceiveCount: 5 };
const BASE: JobQueuesProps = { namePrefix: "chatbot-dev", accountId: "123456789012", region: "ap-southeast-2", queues: [BASE_QUEUE] };

export const probeJobQueues: Probe = (mistake) => {
  const problems = new Problems();
  validateJobQueuesProps({ ...BASE, ...mistake } as JobQueuesProps, problems, "");
  return problems.list;
};

/** camelCase props that appear in the messages (written snake_case in the module). */
export const JOB_QUEUE_PROPS = [
  "namePrefix", "alarmActions", "kmsDataKeyReuseSeconds", "queues",
  "visibilityTimeoutSeconds", "messageRetentionDays", "maxReceiveCount", "dlqRetentionDays", "dlqAlarmThreshold",
];

const probe = probeJobQueues;
const props = JOB_QUEUE_PROPS;
const queue = (change: Record<string, unknown>): Record<string, unknown> => ({ queues: [{ ...BASE_QUEUE, ...change }] });
const ints = {
  visibility: hclIntIn("x.visibility_timeout_seconds", 0, 43200),
  retention: hclIntIn("x.message_retention_days", 1, 14),
  receives: hclIntIn("x.max_receive_count", 1, 1000),
  dlqRetention: hclIntIn("x.dlq_retention_days", 1, 14),
  threshold: hclIntIn("x.dlq_alarm_threshold", 1, 1000000),
};

export const jobQueue: ModuleDefinition = {
  name: "job-queue",
  version: "1.1.0",
  construct: "constructs/job-queues",
  summary: "SQS job queues, each with a dead-letter queue and an alarm on it, encrypted with a customer-managed KMS key.",
  details: [
    "Each queue `<name_prefix>-<name>` gets a dead-letter queue `<name_prefix>-<name>-dlq` that only its own source queue may redrive into, a queue policy refusing requests without TLS on both, long polling (20 s) and a CloudWatch alarm that fires as soon as failed messages wait in the dead-letter queue.",
    "All queues share one customer-managed KMS key with rotation on (alias `<name_prefix>-queues`).",
    "The queues are created with `for_each` over `var.queues` keyed by name: adding or removing a queue touches only that queue.",
    "Standard queues deliver at least once and may reorder: consumers must be idempotent.",
  ].join("\n\n"),
  e2e: true,
  template: { local: "queues", value: "{ for q in var.queues : q.name => q }" },
  variables: [
    {
      name: "name_prefix",
      type: "string",
      description: "Prefix of every physical name, e.g. `chatbot-dev`: the queues are `<name_prefix>-<name>`.",
      example: "team-a-dev",
      validation: [
        variableRule(probe, "name_prefix", props, { mistake: { namePrefix: "Chatbot_Dev" }, path: "namePrefix", condition: 'can(regex("^[a-z][a-z0-9-]*[a-z0-9]$", var.name_prefix))' }),
      ],
    },
    {
      name: "queues",
      type: "list(object({ name = string, visibility_timeout_seconds = number, message_retention_days = number, max_receive_count = number, dlq_retention_days = optional(number, 14), dlq_alarm_threshold = optional(number, 1) }))",
      description:
        "The queues, at least one, names unique. `name`: a lower-case letter, then 1 to 40 lower-case letters, digits or hyphens. `visibility_timeout_seconds`: 0 to 43200, at least the consumer's longest processing time. `message_retention_days`: 1 to 14. `max_receive_count`: receives before a message moves to the dead-letter queue, 1 to 1000. `dlq_retention_days` (default 14): 1 to 14, at least `message_retention_days`. `dlq_alarm_threshold` (default 1): visible DLQ messages at which the alarm fires.",
      example: [{ name: "report-export", visibility_timeout_seconds: 300, message_retention_days: 4, max_receive_count: 5 }],
      validation: [
        variableRule(probe, "queues", props, { mistake: { queues: [] }, path: "queues", condition: "length(var.queues) > 0" }),
        elementRule(probe, "queues", "queues", props, { mistake: queue({ name: "Bad_Name" }), prop: "name", condition: 'can(regex("^[a-z][a-z0-9-]{1,40}$", x.name))' }),
        elementRule(probe, "queues", "queues", props, {
          mistake: { queues: [BASE_QUEUE, BASE_QUEUE] },
          prop: "name",
          index: 1,
          condition: "index([for y in var.queues : y.name], x.name) == i",
          substitutions: [["queues[0].name", 'format("queues[%d].name", index([for y in var.queues : y.name], x.name))']],
        }),
        elementRule(probe, "queues", "queues", props, { mistake: queue({ visibilityTimeoutSeconds: 50000 }), prop: "visibilityTimeoutSeconds", condition: ints.visibility }),
        elementRule(probe, "queues", "queues", props, { mistake: queue({ messageRetentionDays: 15 }), prop: "messageRetentionDays", condition: ints.retention }),
        elementRule(probe, "queues", "queues", props, { mistake: queue({ maxReceiveCount: 0 }), prop: "maxReceiveCount", condition: ints.receives }),
        elementRule(probe, "queues", "queues", props, { mistake: queue({ dlqRetentionDays: 20, messageRetentionDays: 1 }), prop: "dlqRetentionDays", condition: ints.dlqRetention }),
        elementRule(probe, "queues", "queues", props, { mistake: queue({ dlqAlarmThreshold: 0 }), prop: "dlqAlarmThreshold", condition: ints.threshold }),
        elementRule(probe, "queues", "queues", props, {
          mistake: queue({ messageRetentionDays: 7, dlqRetentionDays: 3 }),
          prop: "dlqRetentionDays",
          condition: `!(${ints.retention} && ${ints.dlqRetention}) || x.dlq_retention_days >= x.message_retention_days`,
          substitutions: [["(7)", 'format("(%d)", x.message_retention_days)'], ["at least 7", 'format("at least %d", x.message_retention_days)']],
        }),
        elementRule(probe, "queues", "queues", props, {
          mistake: queue({ visibilityTimeoutSeconds: 43200, maxReceiveCount: 100, messageRetentionDays: 4 }),
          prop: "visibilityTimeoutSeconds",
          condition: `!(${ints.visibility} && ${ints.retention} && ${ints.receives}) || x.max_receive_count * x.visibility_timeout_seconds < x.message_retention_days * 86400`,
          substitutions: [
            ["(100)", 'format("(%d)", x.max_receive_count)'],
            ["4320000", 'format("%d", x.max_receive_count * x.visibility_timeout_seconds)'],
            ["345600", 'format("%d", x.message_retention_days * 86400)'],
          ],
        }),
      ],
    },
    {
      name: "alarm_actions",
      type: "list(string)",
      description: "SNS topic ARNs notified when a dead-letter queue alarm fires; empty: the alarms only change state.",
      default: [],
      example: [],
      validation: [
        elementRule(probe, "alarm_actions", "alarmActions", props, {
          mistake: { alarmActions: ["not-an-arn"] },
          prop: "",
          condition: 'can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$", x))',
        }),
      ],
    },
    {
      name: "kms_data_key_reuse_seconds",
      type: "number",
      description: "Seconds SQS reuses a data key before calling KMS again, 60 to 86400 (longer: fewer KMS requests).",
      default: 300,
      example: 300,
      validation: [
        variableRule(probe, "kms_data_key_reuse_seconds", props, {
          mistake: { kmsDataKeyReuseSeconds: 5 },
          path: "kmsDataKeyReuseSeconds",
          condition: hclIntIn("var.kms_data_key_reuse_seconds", 60, 86400),
        }),
      ],
    },
    TAGS_VARIABLE,
  ],
  outputs: [
    { name: "queue_urls", description: "URL of each queue, by name (what SDK calls take).", value: "{ for k, q in aws_sqs_queue.queue : k => q.url }" },
    { name: "queue_arns", description: "ARN of each queue, by name (for IAM policies).", value: "{ for k, q in aws_sqs_queue.queue : k => q.arn }" },
    { name: "dead_letter_queue_urls", description: "URL of each queue's dead-letter queue, by queue name (for inspection and redrive).", value: "{ for k, q in aws_sqs_queue.dead_letter_queue : k => q.url }" },
    { name: "dead_letter_queue_arns", description: "ARN of each queue's dead-letter queue, by queue name.", value: "{ for k, q in aws_sqs_queue.dead_letter_queue : k => q.arn }" },
    { name: "dead_letter_alarm_arns", description: "ARN of the alarm on each dead-letter queue, by queue name.", value: "{ for k, a in aws_cloudwatch_metric_alarm.dead_letter_alarm : k => a.arn }" },
    {
      name: "send_policy_json",
      description: "IAM policy document (JSON) that lets a role send to every queue of the module: the statements the app's grantSend gives its producers (queue actions, the key through SQS only).",
      value: "data.aws_iam_policy_document.send_policy.json",
    },
    {
      name: "consume_policy_json",
      description: "IAM policy document (JSON) that lets a role consume every queue of the module: the statements the app's grantConsume gives its workers (e.g. for a workload-identity module's policies).",
      value: "data.aws_iam_policy_document.consume_policy.json",
    },
    { name: "key_arn", description: "ARN of the KMS key of the queues: producers need kms:GenerateDataKey and kms:Decrypt, consumers kms:Decrypt on it.", value: "aws_kms_key.key.arn" },
  ],
  build(scope, ctx) {
    const name = ctx.eachStr("name");
    const queues = new JobQueues(scope, "Queues", {
      namePrefix: ctx.str("name_prefix"),
      accountId: ctx.accountId(),
      region: ctx.region(),
      alarmActions: ctx.list("alarm_actions"),
      kmsDataKeyReuseSeconds: ctx.num("kms_data_key_reuse_seconds"),
      queues: [
        {
          name,
          visibilityTimeoutSeconds: ctx.eachNum("visibility_timeout_seconds"),
          messageRetentionDays: ctx.eachNum("message_retention_days"),
          maxReceiveCount: ctx.eachNum("max_receive_count"),
          dlqRetentionDays: ctx.eachNum("dlq_retention_days"),
          dlqAlarmThreshold: ctx.eachNum("dlq_alarm_threshold"),
        },
      ],
    });
    // The grants the app gives its own roles (grantSend / grantConsume), as documents for the
    // callers' roles, on every queue of the module.
    queues.policyDocument("SendPolicy", "send", name);
    queues.policyDocument("ConsumePolicy", "consume", name);
    return queues;
  },
};
