/**
 * JobQueues: the SQS standard queues of the platform's asynchronous jobs (reference 001, part 4:
 * conversation logging, analytics updates, retraining triggers, notifications). The API puts a
 * message on a queue and answers at once; worker pods consume it in the background.
 *
 * - Each queue `<namePrefix>-<name>` has a dead-letter queue `<namePrefix>-<name>-dlq`: after
 *   `maxReceiveCount` failed receives a message moves there instead of blocking or being lost;
 *   the DLQ accepts redrives from its own source queue only.
 * - Every queue is encrypted with one customer-managed key of the construct, is read by long
 *   polling (20 s), and has a queue policy that refuses requests without TLS.
 * - A CloudWatch alarm per DLQ fires as soon as failed messages are waiting there.
 * - Producers and consumers get access only through `grantSend` / `grantConsume`: the queue
 *   actions on the named queues and the key use SQS makes on their behalf, nothing else.
 *
 * Standard queues deliver at least once and may reorder; consumers must be idempotent (reference
 * 001: "Analytics duplicates don't hurt").
 */
import { Construct } from "constructs";
import { Fn, Token } from "cdktf";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { SqsQueueRedriveAllowPolicy } from "@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy";
import { EncryptionKey } from "../encryption-key";
import { idPart } from "../../lib/naming";
import { policyName } from "../../lib/policy-name";
import { PropPaths, PropProblems, checkProps } from "../../lib/prop-checks";
import { Problems, isRecord } from "../../lib/problems";
import { InlineGrants } from "../../lib/inline-grants";
import { known, numberText, times } from "../../lib/token-values";
import type { JobQueueSpec } from "../../lib/types/job-queue";

export type { JobQueueSpec } from "../../lib/types/job-queue";

/** Queue names (without the prefix): a lower-case letter, then 1 to 40 lower-case letters, digits or hyphens. */
export const QUEUE_NAME_PATTERN = /^[a-z][a-z0-9-]{1,40}$/;
/** SQS limits a queue name to 80 characters. */
export const MAX_SQS_NAME_LENGTH = 80;
/** Seconds SQS waits for messages on a receive (the maximum: fewer empty, billed receives). */
export const RECEIVE_WAIT_SECONDS = 20;
const SECONDS_PER_DAY = 86_400;

export interface JobQueuesProps {
  /** Prefix of every physical name, e.g. `chatbot-dev`. */
  readonly namePrefix: string;
  /** Account of the queues (administers their key). */
  readonly accountId: string;
  /** Region of the queues (the `kms:ViaService` condition of the grants). */
  readonly region: string;
  /** The queues, at least one; names are unique. */
  readonly queues: readonly JobQueueSpec[];
  /**
   * SNS topic ARNs notified when a dead-letter queue alarm fires.
   * @default - none: the alarms only change state
   */
  readonly alarmActions?: readonly string[];
  /**
   * Seconds SQS reuses a data key before calling KMS again, 60 to 86400 (longer: fewer KMS
   * requests, a data key protects more messages).
   * @default 300
   */
  readonly kmsDataKeyReuseSeconds?: number;
}

/** A job queue as consumers compose with it. */
export interface JobQueue {
  /** The queue producers send to and workers consume from. */
  readonly queue: SqsQueue;
  /** Its dead-letter queue. */
  readonly dlq: SqsQueue;
  /** The alarm on messages waiting in the dead-letter queue. */
  readonly dlqAlarm: CloudwatchMetricAlarm;
  /** URL of the queue (what SDK calls take). */
  readonly url: string;
  /** ARN of the queue. */
  readonly arn: string;
}

const SEND_ACTIONS = ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"];
const CONSUME_ACTIONS = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"];

/** What a grant lets a role do with the queues. */
export type GrantKind = "send" | "consume";

export class JobQueues extends Construct {
  /** The queues by name (without the prefix). */
  public readonly queues: Readonly<Record<string, JobQueue>>;
  /** The key that encrypts every queue of the construct. */
  public readonly key: EncryptionKey;

  private readonly namePrefix: string;
  private readonly region: string;
  /** Policies already created, per role and grant, so a repeated grant returns the same policy. */
  private readonly grants = new InlineGrants(this);

  constructor(scope: Construct, id: string, props: JobQueuesProps) {
    super(scope, id);
    checkProps(`JobQueues ${props.namePrefix}`, props, validateJobQueuesProps);
    const alarmActions = props.alarmActions ?? [];
    const dataKeyReuse = props.kmsDataKeyReuseSeconds ?? 300;
    const specs = props.queues.map(resolveSpec);
    this.namePrefix = props.namePrefix;
    this.region = props.region;

    this.key = new EncryptionKey(this, "Key", {
      aliasName: `${props.namePrefix}-queues`,
      description: `Encrypts the job queues of ${props.namePrefix}`,
      accountId: props.accountId,
      // No service users: producers and consumers use the key through SQS with their own
      // permissions (grantSend / grantConsume), and the DLQ alarms read SQS metrics, not messages.
    });

    const queues: Record<string, JobQueue> = {};
    for (const spec of specs) {
      const label = idPart(spec.name);
      const queueName = `${props.namePrefix}-${spec.name}`;
      const dlqName = `${queueName}-dlq`;
      const encryption = { kmsMasterKeyId: this.key.keyArn, kmsDataKeyReusePeriodSeconds: dataKeyReuse };

      const dlq = new SqsQueue(this, `${label}DeadLetterQueue`, {
        name: dlqName,
        messageRetentionSeconds: times(spec.dlqRetentionDays, SECONDS_PER_DAY),
        // Whoever inspects or redrives failed messages works under the same time budget.
        visibilityTimeoutSeconds: spec.visibilityTimeoutSeconds,
        receiveWaitTimeSeconds: RECEIVE_WAIT_SECONDS,
        ...encryption,
      });
      const queue = new SqsQueue(this, `${label}Queue`, {
        name: queueName,
        visibilityTimeoutSeconds: spec.visibilityTimeoutSeconds,
        messageRetentionSeconds: times(spec.messageRetentionDays, SECONDS_PER_DAY),
        receiveWaitTimeSeconds: RECEIVE_WAIT_SECONDS,
        redrivePolicy: Fn.jsonencode({ deadLetterTargetArn: dlq.arn, maxReceiveCount: spec.maxReceiveCount }),
        ...encryption,
      });
      // A resource of its own: inline on the DLQ it would need the source queue's ARN, which
      // needs the DLQ first.
      new SqsQueueRedriveAllowPolicy(this, `${label}RedriveAllowPolicy`, {
        queueUrl: dlq.url,
        redriveAllowPolicy: Fn.jsonencode({ redrivePermission: "byQueue", sourceQueueArns: [queue.arn] }),
      });
      this.denyInsecureTransport(`${label}Queue`, queue);
      this.denyInsecureTransport(`${label}DeadLetterQueue`, dlq);

      const dlqAlarm = new CloudwatchMetricAlarm(this, `${label}DeadLetterAlarm`, {
        alarmName: `${dlqName}-messages-visible`,
        alarmDescription:
          `Jobs of ${queueName} failed ${numberText(spec.maxReceiveCount)} receive(s) and wait in ${dlqName}; ` +
          `fix the consumer, then redrive them to the source queue`,
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: dlq.name },
        statistic: "Maximum",
        period: 300,
        evaluationPeriods: 1,
        threshold: spec.dlqAlarmThreshold,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        // SQS stops publishing metrics of an empty queue nobody calls; no data means no messages.
        treatMissingData: "notBreaching",
        alarmActions: [...alarmActions],
      });

      queues[spec.name] = { queue, dlq, dlqAlarm, url: queue.url, arn: queue.arn };
    }
    this.queues = queues;
  }

  /**
   * Lets `grantee` send messages to the named queues (and look them up): `sqs:SendMessage`,
   * `GetQueueAttributes`, `GetQueueUrl` on those queues, and `kms:GenerateDataKey` + `kms:Decrypt`
   * on the queues' key through SQS only. Returns the inline policy it adds to the role; granting
   * the same queues to the same role again returns that policy.
   */
  public grantSend(grantee: IamRole, ...queueNames: string[]): IamRolePolicy {
    return this.grant("send", grantee, queueNames);
  }

  /**
   * Lets `grantee` consume the named queues: `sqs:ReceiveMessage`, `DeleteMessage`,
   * `ChangeMessageVisibility`, `GetQueueAttributes`, `GetQueueUrl` on those queues, and
   * `kms:Decrypt` on the queues' key through SQS only. Returns the inline policy it adds to the
   * role; granting the same queues to the same role again returns that policy.
   */
  public grantConsume(grantee: IamRole, ...queueNames: string[]): IamRolePolicy {
    return this.grant("consume", grantee, queueNames);
  }

  private grant(kind: GrantKind, grantee: IamRole, queueNames: readonly string[]): IamRolePolicy {
    const method = kind === "send" ? "grantSend" : "grantConsume";
    const owner = `JobQueues ${this.namePrefix}: ${method}`;
    if (queueNames.length === 0) {
      throw new Error(`${owner} was given no queue name; pass the names of the queues the role ${kind === "send" ? "sends to" : "consumes"}, e.g. "${Object.keys(this.queues)[0]}"`);
    }
    const known = Object.keys(this.queues);
    for (const name of queueNames) {
      if (!(name in this.queues)) {
        throw new Error(`${owner}: queue "${name}" is not one of ${known.map((k) => `"${k}"`).join(", ")}; pass one of those names (without the "${this.namePrefix}-" prefix)`);
      }
    }
    const names = [...new Set(queueNames)].sort();
    const signature = `${kind}:${names.join(",")}`;
    const existing = this.grants.existing(grantee, signature);
    if (existing) {
      return existing;
    }

    return this.grants.add(
      grantee,
      signature,
      `${kind === "send" ? "Send" : "Consume"}${names.map(idPart).join("")}`,
      policyName([this.namePrefix, "sqs", kind, ...names]),
      this.statements(kind, names),
    );
  }

  /**
   * The policy document `grantSend` / `grantConsume` would attach, on its own (id `id` in this
   * construct), for a role this app does not create: the generated job-queue module outputs it
   * for the callers' roles (e.g. a workload-identity module's `policies`).
   */
  public policyDocument(id: string, kind: GrantKind, ...queueNames: string[]): DataAwsIamPolicyDocument {
    const unknown = queueNames.filter((n) => !(n in this.queues));
    if (queueNames.length === 0 || unknown.length > 0) {
      throw new Error(`JobQueues ${this.namePrefix}: policyDocument needs names of this construct's queues (${Object.keys(this.queues).join(", ")}); got ${JSON.stringify(queueNames)}`);
    }
    return new DataAwsIamPolicyDocument(this, id, { statement: this.statements(kind, [...new Set(queueNames)].sort()) });
  }

  /** The statements of a send or consume grant on the named queues: queue actions, and the key through SQS only. */
  private statements(kind: GrantKind, names: readonly string[]): DataAwsIamPolicyDocumentStatement[] {
    const queues = names.map((n) => this.queues[n]);
    const viaSqs = [{ test: "StringEquals", variable: "kms:ViaService", values: [`sqs.${this.region}.amazonaws.com`] }];
    return kind === "send"
      ? [
          { sid: "SendMessages", effect: "Allow", actions: SEND_ACTIONS, resources: queues.map((q) => q.arn) },
          { sid: "EncryptMessages", effect: "Allow", actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: [this.key.keyArn], condition: viaSqs },
        ]
      : [
          { sid: "ConsumeMessages", effect: "Allow", actions: CONSUME_ACTIONS, resources: queues.map((q) => q.arn) },
          { sid: "DecryptMessages", effect: "Allow", actions: ["kms:Decrypt"], resources: [this.key.keyArn], condition: viaSqs },
        ];
  }

  private denyInsecureTransport(label: string, queue: SqsQueue): void {
    const doc = new DataAwsIamPolicyDocument(this, `${label}PolicyDocument`, {
      statement: [
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          // {"AWS": "*"} is documented as equivalent to "*" in resource policies.
          principals: [{ type: "AWS", identifiers: ["*"] }],
          actions: ["sqs:*"],
          resources: [queue.arn],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ],
    });
    new SqsQueuePolicy(this, `${label}Policy`, { queueUrl: queue.url, policy: doc.json });
  }
}

type ResolvedSpec = JobQueueSpec & { readonly dlqRetentionDays: number; readonly dlqAlarmThreshold: number };

function resolveSpec(q: JobQueueSpec): ResolvedSpec {
  return { ...q, dlqRetentionDays: q.dlqRetentionDays ?? 14, dlqAlarmThreshold: q.dlqAlarmThreshold ?? 1 };
}

/**
 * Reports every problem of JobQueuesProps through `problems`. The construct runs it on its own
 * props; the config validation (lib/validate-data.ts) runs it on each environment's `data.queues`
 * before any construct exists.
 */
export function validateJobQueuesProps(props: JobQueuesProps, problems: Problems, paths: PropPaths = ""): void {
  const p = new PropProblems(problems, paths);
  if (typeof props.namePrefix !== "string" || (known(props.namePrefix) && !/^[a-z][a-z0-9-]*[a-z0-9]$/.test(props.namePrefix))) {
    p.add("namePrefix", props.namePrefix, "is not a valid name prefix", "lower-case letters, digits and hyphens, starting with a letter", 'use the naming helper, e.g. "chatbot-dev"');
  }
  if (p.text("accountId", props.accountId, "12 digits, as a string", "pass the account id of the queues' account") && !Token.isUnresolved(props.accountId) && !/^\d{12}$/.test(props.accountId)) {
    p.add("accountId", props.accountId, "is not an AWS account id", "12 digits", "pass the account id of the queues' account");
  }
  if (p.text("region", props.region, 'a region name such as "ap-southeast-2"', "pass the region of the queues") && !Token.isUnresolved(props.region) && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(props.region)) {
    p.add("region", props.region, "is not an AWS region name", 'a region name such as "ap-southeast-2"', "pass the region of the queues");
  }
  p.integer("kmsDataKeyReuseSeconds", props.kmsDataKeyReuseSeconds ?? 300, 60, 86_400, "leave it unset for 300, or pick a value in range");
  const alarmActions: unknown = props.alarmActions ?? [];
  if (p.list("alarmActions", alarmActions, "a list of SNS topic ARNs", "pass a list, or leave alarmActions unset") && known(alarmActions)) {
    alarmActions.forEach((arn, i) => {
      if (typeof arn !== "string" || (!Token.isUnresolved(arn) && !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(arn))) {
        p.add(`alarmActions[${i}]`, arn, "is not an SNS topic ARN", "arn:aws:sns:<region>:<account>:<topic>", "pass the ARN of the topic that pages the on-call, or leave alarmActions unset");
      }
    });
  }
  if (!p.list("queues", props.queues, "a list of queues", 'pass a list of queues, e.g. [{ name: "conversation-logging", ... }]')) {
    return;
  }
  if (props.queues.length === 0) {
    p.add("queues", [], "is empty", "at least one queue", 'add a queue, e.g. { name: "conversation-logging", ... }, or do not create JobQueues');
  }

  const seenNames = new Map<string, number>();
  const seenIds = new Map<string, number>();
  props.queues.forEach((spec: unknown, i) => {
    const path = `queues[${i}]`;
    if (!isRecord(spec)) {
      p.add(path, spec, "is not a queue", "{ name, visibilityTimeoutSeconds, messageRetentionDays, maxReceiveCount }", "replace it with a queue, or remove it");
      return;
    }
    const q = resolveSpec(spec as unknown as JobQueueSpec);
    if (!known(q.name)) {
      // A Terraform expression (the generated module): its validation blocks check it at plan time.
    } else if (typeof q.name !== "string" || !QUEUE_NAME_PATTERN.test(q.name)) {
      p.add(`${path}.name`, q.name, "is not a valid queue name", "a lower-case letter, then 1 to 40 lower-case letters, digits or hyphens", 'rename it, e.g. "conversation-logging"');
    } else {
      const dlqName = `${props.namePrefix}-${q.name}-dlq`;
      if (dlqName.length > MAX_SQS_NAME_LENGTH) {
        p.add(`${path}.name`, q.name, `makes the dead-letter queue name "${dlqName}" ${dlqName.length} characters long`, `queue names of at most ${MAX_SQS_NAME_LENGTH} characters`, "shorten the queue name");
      }
      if (seenNames.has(q.name)) {
        p.add(`${path}.name`, q.name, `repeats queues[${seenNames.get(q.name)}].name`, "each queue name once", "remove the duplicate or rename one of them");
      } else if (seenIds.has(idPart(q.name))) {
        p.add(`${path}.name`, q.name, `maps to the same construct id as queues[${seenIds.get(idPart(q.name))}].name (${idPart(q.name)})`, "names that differ in more than hyphens before digits", "rename one of them");
      }
      seenNames.set(q.name, seenNames.get(q.name) ?? i);
      seenIds.set(idPart(q.name), seenIds.get(idPart(q.name)) ?? i);
    }
    const visibilityOk = p.integer(`${path}.visibilityTimeoutSeconds`, q.visibilityTimeoutSeconds, 0, 43_200, "set it to at least the consumer's longest processing time, at most 43200 (12 hours)");
    const retentionOk = p.integer(`${path}.messageRetentionDays`, q.messageRetentionDays, 1, 14, "pick 1 to 14 days (SQS keeps a message at most 14 days)");
    const receivesOk = p.integer(`${path}.maxReceiveCount`, q.maxReceiveCount, 1, 1000, "pick how many failed attempts a job gets before it moves to the dead-letter queue, e.g. 5");
    const dlqRetentionOk = p.integer(`${path}.dlqRetentionDays`, q.dlqRetentionDays, 1, 14, "leave it unset for 14 days, or pick 1 to 14");
    p.integer(`${path}.dlqAlarmThreshold`, q.dlqAlarmThreshold, 1, 1_000_000, "leave it unset to alarm on the first failed message");

    if (retentionOk && dlqRetentionOk && known(q.dlqRetentionDays, q.messageRetentionDays) && q.dlqRetentionDays < q.messageRetentionDays) {
      p.add(
        `${path}.dlqRetentionDays`,
        q.dlqRetentionDays,
        `is shorter than messageRetentionDays (${q.messageRetentionDays}): SQS keeps a message's original enqueue time when it moves it to the dead-letter queue, which would delete failed messages before anyone sees them`,
        `at least ${q.messageRetentionDays}`,
        "leave dlqRetentionDays unset (14) or raise it",
      );
    }
    if (visibilityOk && retentionOk && receivesOk && known(q.maxReceiveCount, q.visibilityTimeoutSeconds, q.messageRetentionDays)) {
      const toDlq = q.maxReceiveCount * q.visibilityTimeoutSeconds;
      const retention = q.messageRetentionDays * SECONDS_PER_DAY;
      if (toDlq >= retention) {
        p.add(
          `${path}.visibilityTimeoutSeconds`,
          q.visibilityTimeoutSeconds,
          `times maxReceiveCount (${q.maxReceiveCount}) is ${toDlq} s, not less than the ${retention} s a message is retained: a job that keeps timing out expires before it reaches the dead-letter queue`,
          `maxReceiveCount × visibilityTimeoutSeconds < messageRetentionDays × 86400`,
          "lower visibilityTimeoutSeconds or maxReceiveCount, or raise messageRetentionDays",
        );
      }
    }
  });
}
