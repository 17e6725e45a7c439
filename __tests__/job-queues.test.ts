import { TerraformOutput, Testing } from "cdktf";
import { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { JobQueues, JobQueuesProps } from "../constructs/job-queues";
import { TfJson, resources, scrub } from "./helpers";

const ONCALL = "arn:aws:sns:ap-southeast-2:123456789012:chatbot-test-oncall";

const props: JobQueuesProps = {
  namePrefix: "chatbot-test",
  accountId: "123456789012",
  region: "ap-southeast-2",
  queues: [
    { name: "conversation-logging", visibilityTimeoutSeconds: 60, messageRetentionDays: 4, maxReceiveCount: 5 },
    { name: "analytics", visibilityTimeoutSeconds: 120, messageRetentionDays: 14, maxReceiveCount: 3, dlqAlarmThreshold: 10 },
  ],
  alarmActions: [ONCALL],
};

type Grants = (queues: JobQueues, roles: { api: IamRole; worker: IamRole }) => void;

function synth(p: Partial<JobQueuesProps> = {}, grants?: Grants): string {
  return Testing.synthScope((scope: Construct) => {
    const queues = new JobQueues(scope, "JobQueues", { ...props, ...p });
    const role = (id: string, name: string): IamRole => new IamRole(scope, id, { name, assumeRolePolicy: "{}" });
    grants?.(queues, { api: role("ApiRole", "chatbot-test-api"), worker: role("WorkerRole", "chatbot-test-worker") });
  });
}
const json = (p: Partial<JobQueuesProps> = {}, grants?: Grants): TfJson => JSON.parse(synth(p, grants));
/**
 * The document a `${jsonencode({...})}` expression encodes, with the references it holds written
 * back as "${...}" strings (the form `ref` returns).
 */
function decode(expression: string): unknown {
  const body = /^\$\{jsonencode\((.*)\)\}$/s.exec(expression)![1];
  const quoted = body.replace(/([=\[,] ?)((?:data\.)?aws_[A-Za-z0-9_.]+)/g, (_m, before: string, ref: string) => `${before}"\${${ref}}"`);
  return JSON.parse(quoted.replace(/" = /g, '": '));
}
const queueNamed = (j: TfJson, name: string): [string, any] => Object.entries(j.resource.aws_sqs_queue).find(([, q]) => q.name === name)!;
const ref = (j: TfJson, name: string, attr: string): string => `\${aws_sqs_queue.${queueNamed(j, name)[0]}.${attr}}`;
/** The policy document an aws_iam_role_policy points at. */
const docOf = (j: TfJson, policy: any): any => j.data!.aws_iam_policy_document[/aws_iam_policy_document\.([^.]+)\.json/.exec(policy.policy)![1]];

/** Throws the construct's error for these props. */
const errorOf = (p: Partial<JobQueuesProps>): string => {
  try {
    synth(p);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("no error thrown");
};

describe("JobQueues", () => {
  test("each queue has a dead-letter queue named after it, and both are named under the prefix", () => {
    const names = resources(json(), "aws_sqs_queue").map((q) => q.name).sort();
    expect(names).toEqual(["chatbot-test-analytics", "chatbot-test-analytics-dlq", "chatbot-test-conversation-logging", "chatbot-test-conversation-logging-dlq"]);
  });

  test("a queue takes its timeouts from its spec and redrives to its own DLQ after maxReceiveCount receives", () => {
    const j = json();
    const [, queue] = queueNamed(j, "chatbot-test-conversation-logging");
    expect(queue.visibility_timeout_seconds).toBe(60);
    expect(queue.message_retention_seconds).toBe(4 * 86400);
    expect(decode(queue.redrive_policy)).toEqual({ deadLetterTargetArn: ref(j, "chatbot-test-conversation-logging-dlq", "arn"), maxReceiveCount: 5 });
    const [, analytics] = queueNamed(j, "chatbot-test-analytics");
    expect((decode(analytics.redrive_policy) as any).maxReceiveCount).toBe(3);
  });

  test("a DLQ keeps messages 14 days by default and accepts redrives only from its source queue", () => {
    const j = json();
    expect(queueNamed(j, "chatbot-test-conversation-logging-dlq")[1].message_retention_seconds).toBe(14 * 86400);
    expect(queueNamed(j, "chatbot-test-conversation-logging-dlq")[1].redrive_policy).toBeUndefined();
    const allow = resources(j, "aws_sqs_queue_redrive_allow_policy").find((p) => p.queue_url === ref(j, "chatbot-test-conversation-logging-dlq", "url"));
    expect(decode(allow.redrive_allow_policy)).toEqual({ redrivePermission: "byQueue", sourceQueueArns: [ref(j, "chatbot-test-conversation-logging", "arn")] });
    expect(resources(j, "aws_sqs_queue_redrive_allow_policy")).toHaveLength(2);
  });

  test("the DLQ retention can be set per queue", () => {
    const j = json({ queues: [{ ...props.queues[0], dlqRetentionDays: 7 }] });
    expect(queueNamed(j, "chatbot-test-conversation-logging-dlq")[1].message_retention_seconds).toBe(7 * 86400);
  });

  test("every queue is encrypted with the construct's one customer-managed key and long-polled", () => {
    const j = json();
    expect(resources(j, "aws_kms_key")).toHaveLength(1);
    expect(synth()).toHaveResourceWithProperties(KmsAlias, { name: "alias/chatbot-test-queues" });
    const [keyId] = Object.keys(j.resource.aws_kms_key);
    for (const q of resources(j, "aws_sqs_queue")) {
      expect(q.kms_master_key_id).toBe(`\${aws_kms_key.${keyId}.arn}`);
      expect(q.kms_data_key_reuse_period_seconds).toBe(300);
      expect(q.receive_wait_time_seconds).toBe(20);
      expect(q.sqs_managed_sse_enabled).toBeUndefined();
    }
    expect(resources(json({ kmsDataKeyReuseSeconds: 3600 }), "aws_sqs_queue").every((q) => q.kms_data_key_reuse_period_seconds === 3600)).toBe(true);
  });

  test("every queue and DLQ has a policy that denies requests without TLS", () => {
    const j = json();
    const policies = resources(j, "aws_sqs_queue_policy");
    expect(policies.map((p) => p.queue_url).sort()).toEqual(resources(j, "aws_sqs_queue").map((q) => ref(j, q.name, "url")).sort());
    for (const p of policies) {
      const [deny] = docOf(j, p).statement;
      expect(deny).toEqual({
        sid: "DenyInsecureTransport",
        effect: "Deny",
        principals: [{ type: "AWS", identifiers: ["*"] }],
        actions: ["sqs:*"],
        resources: [p.queue_url.replace(/\.url\}$/, ".arn}")],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      });
    }
  });

  test("each DLQ has an alarm on visible messages that notifies the alarm actions", () => {
    const j = json();
    expect(synth()).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: "chatbot-test-conversation-logging-dlq-messages-visible",
      namespace: "AWS/SQS",
      metric_name: "ApproximateNumberOfMessagesVisible",
      comparison_operator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      treat_missing_data: "notBreaching",
      alarm_actions: [ONCALL],
    });
    const alarms = resources(j, "aws_cloudwatch_metric_alarm");
    expect(alarms.map((a) => a.dimensions.QueueName).sort()).toEqual([ref(j, "chatbot-test-analytics-dlq", "name"), ref(j, "chatbot-test-conversation-logging-dlq", "name")].sort());
    expect(alarms.find((a) => a.alarm_name === "chatbot-test-analytics-dlq-messages-visible").threshold).toBe(10);
  });

  test("without alarm actions the alarms only change state", () => {
    const alarms = resources(json({ alarmActions: undefined }), "aws_cloudwatch_metric_alarm");
    expect(alarms).toHaveLength(2);
    expect(alarms.every((a) => a.alarm_actions.length === 0)).toBe(true);
  });

  test("public attributes expose each queue with its DLQ, URL and ARN, and the key", () => {
    let queues: JobQueues | undefined;
    const j: TfJson = JSON.parse(
      Testing.synthScope((scope) => {
        queues = new JobQueues(scope, "JobQueues", props);
        const logging = queues.queues["conversation-logging"];
        new TerraformOutput(scope, "Url", { value: logging.url });
        new TerraformOutput(scope, "Arn", { value: logging.arn });
        new TerraformOutput(scope, "DlqName", { value: logging.dlq.name });
        new TerraformOutput(scope, "KeyArn", { value: queues.key.keyArn });
      }),
    );
    expect(Object.keys(queues!.queues)).toEqual(["conversation-logging", "analytics"]);
    expect(queues!.queues.analytics.queue).toBeInstanceOf(SqsQueue);
    expect(queues!.queues.analytics.dlqAlarm).toBeInstanceOf(CloudwatchMetricAlarm);
    expect(j.output).toEqual({
      Url: { value: ref(j, "chatbot-test-conversation-logging", "url") },
      Arn: { value: ref(j, "chatbot-test-conversation-logging", "arn") },
      DlqName: { value: ref(j, "chatbot-test-conversation-logging-dlq", "name") },
      KeyArn: { value: `\${aws_kms_key.${Object.keys(j.resource.aws_kms_key)[0]}.arn}` },
    });
    expect(queues!.key.aliasName).toBe("alias/chatbot-test-queues");
  });

  describe("grants", () => {
    test("grantSend allows sending to exactly the named queues and encrypting through SQS only", () => {
      const j = json({}, (q, r) => q.grantSend(r.api, "conversation-logging", "analytics"));
      const [policy] = resources(j, "aws_iam_role_policy");
      expect(policy.role).toBe("${aws_iam_role.ApiRole.name}");
      expect(policy.name).toBe("chatbot-test-sqs-send-analytics-conversation-logging");
      const [send, kms] = docOf(j, policy).statement;
      expect(send.actions).toEqual(["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]);
      expect(send.resources).toEqual([ref(j, "chatbot-test-analytics", "arn"), ref(j, "chatbot-test-conversation-logging", "arn")]);
      expect(kms.actions).toEqual(["kms:GenerateDataKey", "kms:Decrypt"]);
      expect(kms.resources).toEqual([`\${aws_kms_key.${Object.keys(j.resource.aws_kms_key)[0]}.arn}`]);
      expect(kms.condition).toEqual([{ test: "StringEquals", variable: "kms:ViaService", values: ["sqs.ap-southeast-2.amazonaws.com"] }]);
    });

    test("grantConsume allows receiving, deleting and extending visibility on the named queue, and decrypting only", () => {
      const j = json({}, (q, r) => q.grantConsume(r.worker, "analytics"));
      const [policy] = resources(j, "aws_iam_role_policy");
      expect(policy.name).toBe("chatbot-test-sqs-consume-analytics");
      const [consume, kms] = docOf(j, policy).statement;
      expect(consume.actions).toEqual(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]);
      expect(consume.resources).toEqual([ref(j, "chatbot-test-analytics", "arn")]);
      expect(kms.actions).toEqual(["kms:Decrypt"]);
      expect(kms.condition[0].values).toEqual(["sqs.ap-southeast-2.amazonaws.com"]);
    });

    test("grants name no wildcard action and no DLQ", () => {
      const j = json({}, (q, r) => {
        q.grantSend(r.api, "conversation-logging");
        q.grantConsume(r.worker, "conversation-logging", "analytics");
      });
      const statements = resources(j, "aws_iam_role_policy").flatMap((p) => docOf(j, p).statement);
      expect(statements.flatMap((s: any) => s.actions).filter((a: string) => a.includes("*"))).toEqual([]);
      expect(statements.flatMap((s: any) => s.resources).filter((r: string) => r.includes("DeadLetter") || r === "*")).toEqual([]);
    });

    test("several roles can be granted the same queues; each gets its own policy", () => {
      const j = json({}, (q, r) => {
        q.grantConsume(r.api, "analytics");
        q.grantConsume(r.worker, "analytics");
      });
      const policies = resources(j, "aws_iam_role_policy");
      expect(policies.map((p) => p.role).sort()).toEqual(["${aws_iam_role.ApiRole.name}", "${aws_iam_role.WorkerRole.name}"]);
      expect(Object.keys(j.resource.aws_iam_role_policy).map((id) => id.replace(/_[0-9A-F]{8}$/, "")).sort()).toEqual(["JobQueues_ConsumeAnalytics2Policy", "JobQueues_ConsumeAnalyticsPolicy"]);
    });

    test("granting the same queues to the same role again returns the first policy", () => {
      const returned: unknown[] = [];
      const j = json({}, (q, r) => {
        returned.push(q.grantSend(r.api, "analytics", "conversation-logging"));
        returned.push(q.grantSend(r.api, "conversation-logging", "analytics", "analytics"));
      });
      expect(resources(j, "aws_iam_role_policy")).toHaveLength(1);
      expect(returned[0]).toBe(returned[1]);
    });

    test("an unknown queue name is refused with the known names", () => {
      expect(() => synth({}, (q, r) => q.grantSend(r.api, "analytics", "chatbot-test-analytics"))).toThrow(
        'JobQueues chatbot-test: grantSend: queue "chatbot-test-analytics" is not one of "conversation-logging", "analytics"; pass one of those names (without the "chatbot-test-" prefix)',
      );
      expect(() => synth({}, (q, r) => q.grantConsume(r.worker))).toThrow(
        'JobQueues chatbot-test: grantConsume was given no queue name; pass the names of the queues the role consumes, e.g. "conversation-logging"',
      );
    });
  });

  test("snapshot", () => {
    expect(scrub(json({}, (q, r) => q.grantConsume(r.worker, "conversation-logging")))).toMatchSnapshot();
  });

  describe("errors", () => {
    test("a queue name that is not lower-case letters, digits and hyphens", () => {
      expect(errorOf({ queues: [{ ...props.queues[0], name: "Conversation_Logging" }] })).toBe(
        [
          "JobQueues chatbot-test: 1 invalid prop; nothing was created:",
          '  - queues[0].name: "Conversation_Logging" is not a valid queue name',
          "    allowed: a lower-case letter, then 1 to 40 lower-case letters, digits or hyphens",
          '    fix: rename it, e.g. "conversation-logging"',
        ].join("\n"),
      );
    });

    test("two queues with the same name", () => {
      expect(errorOf({ queues: [props.queues[0], { ...props.queues[1], name: "conversation-logging" }] })).toBe(
        [
          "JobQueues chatbot-test: 1 invalid prop; nothing was created:",
          '  - queues[1].name: "conversation-logging" repeats queues[0].name',
          "    allowed: each queue name once",
          "    fix: remove the duplicate or rename one of them",
        ].join("\n"),
      );
    });

    test("numbers out of range are all reported at once", () => {
      expect(errorOf({ queues: [{ name: "analytics", visibilityTimeoutSeconds: 43_201, messageRetentionDays: 15, maxReceiveCount: 0, dlqRetentionDays: 0, dlqAlarmThreshold: 0 }] })).toBe(
        [
          "JobQueues chatbot-test: 5 invalid props; nothing was created:",
          "  - queues[0].visibilityTimeoutSeconds: 43201 is out of range",
          "    allowed: an integer from 0 to 43200",
          "    fix: set it to at least the consumer's longest processing time, at most 43200 (12 hours)",
          "  - queues[0].messageRetentionDays: 15 is out of range",
          "    allowed: an integer from 1 to 14",
          "    fix: pick 1 to 14 days (SQS keeps a message at most 14 days)",
          "  - queues[0].maxReceiveCount: 0 is out of range",
          "    allowed: an integer from 1 to 1000",
          "    fix: pick how many failed attempts a job gets before it moves to the dead-letter queue, e.g. 5",
          "  - queues[0].dlqRetentionDays: 0 is out of range",
          "    allowed: an integer from 1 to 14",
          "    fix: leave it unset for 14 days, or pick 1 to 14",
          "  - queues[0].dlqAlarmThreshold: 0 is out of range",
          "    allowed: an integer from 1 to 1000000",
          "    fix: leave it unset to alarm on the first failed message",
        ].join("\n"),
      );
    });

    test("a visibility timeout that lets a failing job expire before it reaches the DLQ", () => {
      expect(errorOf({ queues: [{ name: "analytics", visibilityTimeoutSeconds: 43_200, messageRetentionDays: 1, maxReceiveCount: 2 }] })).toBe(
        [
          "JobQueues chatbot-test: 1 invalid prop; nothing was created:",
          "  - queues[0].visibilityTimeoutSeconds: 43200 times maxReceiveCount (2) is 86400 s, not less than the 86400 s a message is retained: a job that keeps timing out expires before it reaches the dead-letter queue",
          "    allowed: maxReceiveCount × visibilityTimeoutSeconds < messageRetentionDays × 86400",
          "    fix: lower visibilityTimeoutSeconds or maxReceiveCount, or raise messageRetentionDays",
        ].join("\n"),
      );
    });

    test("a DLQ that keeps messages for less time than its source queue", () => {
      expect(errorOf({ queues: [{ ...props.queues[1], dlqRetentionDays: 7 }] })).toBe(
        [
          "JobQueues chatbot-test: 1 invalid prop; nothing was created:",
          "  - queues[0].dlqRetentionDays: 7 is shorter than messageRetentionDays (14): SQS keeps a message's original enqueue time when it moves it to the dead-letter queue, which would delete failed messages before anyone sees them",
          "    allowed: at least 14",
          "    fix: leave dlqRetentionDays unset (14) or raise it",
        ].join("\n"),
      );
    });

    test("a queue name that makes the DLQ name longer than SQS allows", () => {
      const name = `a${"b".repeat(40)}`;
      const namePrefix = "chatbot-staging-in-a-second-region-x";
      expect(errorOf({ namePrefix, queues: [{ ...props.queues[0], name: "conversation-logging" }, { ...props.queues[0], name }] })).toBe(
        [
          `JobQueues ${namePrefix}: 1 invalid prop; nothing was created:`,
          `  - queues[1].name: "${name}" makes the dead-letter queue name "${namePrefix}-${name}-dlq" 82 characters long`,
          "    allowed: queue names of at most 80 characters",
          "    fix: shorten the queue name",
        ].join("\n"),
      );
    });

    test("no queues, a bad alarm action and a bad data key reuse period", () => {
      expect(errorOf({ queues: [], alarmActions: ["arn:aws:sqs:ap-southeast-2:123456789012:oncall"], kmsDataKeyReuseSeconds: 30 })).toBe(
        [
          "JobQueues chatbot-test: 3 invalid props; nothing was created:",
          "  - kmsDataKeyReuseSeconds: 30 is out of range",
          "    allowed: an integer from 60 to 86400",
          "    fix: leave it unset for 300, or pick a value in range",
          '  - alarmActions[0]: "arn:aws:sqs:ap-southeast-2:123456789012:oncall" is not an SNS topic ARN',
          "    allowed: arn:aws:sns:<region>:<account>:<topic>",
          "    fix: pass the ARN of the topic that pages the on-call, or leave alarmActions unset",
          "  - queues: [] is empty",
          "    allowed: at least one queue",
          '    fix: add a queue, e.g. { name: "conversation-logging", ... }, or do not create JobQueues',
        ].join("\n"),
      );
    });

    test("an account id or region that is not one", () => {
      expect(errorOf({ accountId: "12345", region: "Sydney" })).toBe(
        [
          "JobQueues chatbot-test: 2 invalid props; nothing was created:",
          '  - accountId: "12345" is not an AWS account id',
          "    allowed: 12 digits",
          "    fix: pass the account id of the queues' account",
          '  - region: "Sydney" is not an AWS region name',
          '    allowed: a region name such as "ap-southeast-2"',
          "    fix: pass the region of the queues",
        ].join("\n"),
      );
    });
  });
});
