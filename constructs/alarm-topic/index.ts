/**
 * AlarmTopic: the SNS topic an environment's alarms, budget and cost anomaly detection notify, and
 * its subscribers (references 001 and 004: "nobody is told when anything fails" otherwise).
 *
 * - The topic is encrypted with a customer-managed key of its own. A KMS-encrypted topic only
 *   receives from the AWS services the key policy lets generate data keys, so the key and the
 *   topic policy name the same publishers: CloudWatch alarms, AWS Budgets and Cost Anomaly
 *   Detection. The topic policy pins each to the account (`aws:SourceAccount`) and to its own kind
 *   of source (`aws:SourceArn`: alarms of the region, budgets, anomaly subscriptions of the
 *   account), which all three set when they publish; the key policy pins the account.
 * - The topic policy also refuses publishing without TLS.
 * - Subscribers come from the configuration (email or HTTPS). Email subscriptions stay "pending
 *   confirmation" until the recipient clicks the link SNS mails; Terraform cannot confirm them.
 * - `subscribeAlso` subscribes the same people to another topic (e.g. one whose alarms another
 *   stack owns), so one list of subscribers serves every topic of the environment.
 * - `provider` places everything in another region (the us-east-1 topic CloudFront's alarms need).
 */
import { Construct, IConstruct } from "constructs";
import { TerraformDataSource, TerraformProvider, TerraformResource, Token } from "cdktf";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { EncryptionKey, KeyServiceUser } from "../encryption-key";
import { PropPaths, PropProblems, checkProps } from "../../lib/prop-checks";
import { Problems, isRecord } from "../../lib/problems";
import type { AlarmSubscription } from "../../lib/types/observability";
import { ALARM_SUBSCRIPTION_PROTOCOLS } from "../../lib/types/observability";

export type { AlarmSubscription } from "../../lib/types/observability";

/** AWS services that may publish to the topic. */
export const ALARM_PUBLISHERS = ["cloudWatchAlarms", "budgets", "costAnomalyDetection"] as const;
export type AlarmPublisher = (typeof ALARM_PUBLISHERS)[number];

/** An e-mail address SNS accepts: one @, a dotted domain, no spaces. */
export const EMAIL_PATTERN = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
/** An HTTPS endpoint: https://host[:port][/path], no spaces. */
export const HTTPS_ENDPOINT_PATTERN = /^https:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/\S*)?$/;
/** SNS topic names: 1 to 256 letters, digits, hyphens and underscores. */
export const TOPIC_NAME_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

export interface AlarmTopicProps {
  /** Topic name, e.g. `chatbot-dev-alarms` (also the alias of its key). */
  readonly topicName: string;
  /** Account of the topic (administers its key; the publishers' source account). */
  readonly accountId: string;
  /** Region of the topic (the CloudWatch alarms' source ARNs). */
  readonly region: string;
  /** Who is told. */
  readonly subscriptions: readonly AlarmSubscription[];
  /**
   * AWS services allowed to publish.
   * @default - every one of ALARM_PUBLISHERS
   */
  readonly publishers?: readonly AlarmPublisher[];
  /**
   * Provider of another region for every resource of the construct.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

interface PublisherPolicy {
  readonly sid: string;
  readonly principal: string;
  readonly sourceArn: string;
}

function publisherPolicy(publisher: AlarmPublisher, accountId: string, region: string): PublisherPolicy {
  switch (publisher) {
    case "cloudWatchAlarms":
      return { sid: "CloudWatchAlarms", principal: "cloudwatch.amazonaws.com", sourceArn: `arn:aws:cloudwatch:${region}:${accountId}:alarm:*` };
    case "budgets":
      return { sid: "Budgets", principal: "budgets.amazonaws.com", sourceArn: `arn:aws:budgets::${accountId}:*` };
    case "costAnomalyDetection":
      return { sid: "CostAnomalyDetection", principal: "costalerts.amazonaws.com", sourceArn: `arn:aws:ce::${accountId}:anomalysubscription/*` };
  }
}

export class AlarmTopic extends Construct {
  public readonly topic: SnsTopic;
  /** ARN of the topic: what alarm actions, budget notifications and anomaly subscriptions name. */
  public readonly topicArn: string;
  public readonly key: EncryptionKey;
  /** The topic policy (publishers need it before they can be pointed at the topic). */
  public readonly policy: SnsTopicPolicy;
  /** The subscriptions, in the order of the props. */
  public readonly subscriptions: readonly SnsTopicSubscription[];

  private readonly props: AlarmTopicProps;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    checkProps(`AlarmTopic ${props.topicName}`, props, validateAlarmTopicProps);
    this.props = props;
    const publishers = (props.publishers ?? ALARM_PUBLISHERS).map((p) => publisherPolicy(p, props.accountId, props.region));
    const conditions = (p: PublisherPolicy) => [
      { test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] },
      { test: "ArnLike", variable: "aws:SourceArn", values: [p.sourceArn] },
    ];

    // The key policy pins the source account only: whether a service passes its source ARN on to
    // KMS (it does to SNS) is not documented for all three, and a condition key that is absent
    // would silently drop every notification. The topic policy pins both.
    const serviceUsers: KeyServiceUser[] = publishers.map((p) => ({ sid: p.sid, servicePrincipal: p.principal, conditions: [conditions(p)[0]] }));
    this.key = new EncryptionKey(this, "Key", {
      aliasName: props.topicName,
      description: `Encrypts the notifications of ${props.topicName}`,
      accountId: props.accountId,
      serviceUsers,
    });
    this.topic = new SnsTopic(this, "Topic", { name: props.topicName, kmsMasterKeyId: this.key.keyArn });
    this.topicArn = this.topic.arn;

    const statements: DataAwsIamPolicyDocumentStatement[] = [
      ...publishers.map((p) => ({
        sid: p.sid,
        effect: "Allow",
        principals: [{ type: "Service", identifiers: [p.principal] }],
        actions: ["sns:Publish"],
        resources: [this.topic.arn],
        condition: conditions(p),
      })),
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        principals: [{ type: "AWS", identifiers: ["*"] }],
        actions: ["sns:Publish"],
        resources: [this.topic.arn],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
    ];
    const policy = new DataAwsIamPolicyDocument(this, "PolicyDocument", { statement: statements });
    this.policy = new SnsTopicPolicy(this, "Policy", { arn: this.topic.arn, policy: policy.json });

    this.subscriptions = this.subscribe("Subscription", this.topic.arn);
    if (props.provider) {
      useProvider(this, props.provider);
    }
  }

  /**
   * Subscribes this topic's subscribers to another topic as well (one subscription each, ids
   * `<idPrefix>0..n`), e.g. a topic whose alarms another stack owns. Returns the subscriptions.
   */
  public subscribeAlso(idPrefix: string, topicArn: string): SnsTopicSubscription[] {
    const created = this.subscribe(idPrefix, topicArn);
    if (this.props.provider) {
      created.forEach((s) => (s.provider = this.props.provider));
    }
    return created;
  }

  private subscribe(idPrefix: string, topicArn: string): SnsTopicSubscription[] {
    return this.props.subscriptions.map(
      (s, i) =>
        new SnsTopicSubscription(this, `${idPrefix}${i}`, {
          topicArn,
          protocol: s.protocol,
          endpoint: s.endpoint,
          // An HTTPS endpoint confirms itself; the provider waits for it before it carries on.
          ...(s.protocol === "https" ? { endpointAutoConfirms: true } : {}),
        }),
    );
  }
}

/** Puts every resource and data source under `scope` on `provider`. */
function useProvider(scope: IConstruct, provider: TerraformProvider): void {
  for (const node of scope.node.findAll()) {
    if (node instanceof TerraformResource || node instanceof TerraformDataSource) {
      node.provider = provider;
    }
  }
}

/**
 * Reports every problem of AlarmTopicProps through `problems`: the topic name, account, the
 * subscriptions (protocol, e-mail address or HTTPS endpoint, each once) and the publishers. The
 * construct runs it on its own props; lib/validate-observability.ts runs it on each environment's
 * `observability.subscriptions`.
 */
export function validateAlarmTopicProps(props: AlarmTopicProps, problems: Problems, paths: PropPaths = ""): void {
  const p = new PropProblems(problems, paths);
  if (p.text("topicName", props.topicName, "1 to 256 letters, digits, '-' or '_'", "pass the topic's name, e.g. \"chatbot-dev-alarms\"") && !TOPIC_NAME_PATTERN.test(props.topicName)) {
    p.add("topicName", props.topicName, "is not an SNS topic name", "1 to 256 letters, digits, '-' or '_'", "rename the topic, e.g. \"chatbot-dev-alarms\"");
  }
  if (p.text("accountId", props.accountId, "12 digits, as a string", "pass the account id of the topic's account") && !Token.isUnresolved(props.accountId) && !/^\d{12}$/.test(props.accountId)) {
    p.add("accountId", props.accountId, "is not an AWS account id", "12 digits", "pass the account id of the topic's account");
  }
  if (p.text("region", props.region, 'a region name such as "ap-southeast-2"', "pass the region of the topic") && !Token.isUnresolved(props.region) && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(props.region)) {
    p.add("region", props.region, "is not an AWS region name", 'a region name such as "ap-southeast-2"', "pass the region of the topic");
  }
  const publishers: unknown = props.publishers ?? ALARM_PUBLISHERS;
  if (p.list("publishers", publishers, `a list of ${ALARM_PUBLISHERS.map((v) => JSON.stringify(v)).join(", ")}`, "leave publishers unset for all of them")) {
    publishers.forEach((v, i) => {
      if (!(ALARM_PUBLISHERS as readonly unknown[]).includes(v)) {
        p.add(`publishers[${i}]`, v, "is not a publisher", `one of ${ALARM_PUBLISHERS.map((x) => JSON.stringify(x)).join(", ")}`, "remove it, or leave publishers unset for all of them");
      }
    });
  }
  validateSubscriptions(props.subscriptions, p);
}

function validateSubscriptions(subscriptions: unknown, p: PropProblems): void {
  const shape = '{ protocol: "email", endpoint: "oncall@example.com" } or { protocol: "https", endpoint: "https://hooks.example.com/alarms" }';
  if (!p.list("subscriptions", subscriptions, `a list of subscribers, each ${shape}`, `add subscriptions: [${shape}]`)) {
    return;
  }
  const seen = new Map<string, number>();
  subscriptions.forEach((s: unknown, i) => {
    const path = `subscriptions[${i}]`;
    if (!isRecord(s)) {
      p.add(path, s, "is not a subscriber", shape, `replace ${p.name(path)} with a subscriber, or remove it`);
      return;
    }
    if (!(ALARM_SUBSCRIPTION_PROTOCOLS as readonly unknown[]).includes(s.protocol)) {
      const hint = s.protocol === "http" ? ": notifications would cross the internet unencrypted" : "";
      p.add(`${path}.protocol`, s.protocol, `is not a subscription protocol this platform uses${hint}`, `one of ${ALARM_SUBSCRIPTION_PROTOCOLS.map((x) => JSON.stringify(x)).join(", ")}`, s.protocol === "http" ? `serve the endpoint over HTTPS and set ${p.name(path)}.protocol to "https"` : `set ${p.name(path)}.protocol to "email" or "https"`);
      return;
    }
    if (!p.text(`${path}.endpoint`, s.endpoint, s.protocol === "email" ? "an e-mail address" : "an https:// URL", `set ${p.name(path)}.endpoint`)) {
      return;
    }
    const endpoint = s.endpoint as string;
    if (s.protocol === "email" && !EMAIL_PATTERN.test(endpoint)) {
      p.add(`${path}.endpoint`, endpoint, "is not an e-mail address", "an address such as \"platform-oncall@example.com\" (no name, no spaces, no mailto:)", `set ${p.name(path)}.endpoint to the address alone`);
      return;
    }
    if (s.protocol === "https" && !HTTPS_ENDPOINT_PATTERN.test(endpoint)) {
      const plain = /^http:\/\//i.test(endpoint);
      p.add(
        `${path}.endpoint`,
        endpoint,
        plain ? "is a plain HTTP URL: notifications would cross the internet unencrypted" : "is not an https:// URL",
        "https://host[:port][/path], no spaces",
        plain ? `serve the endpoint over HTTPS and use its https:// URL` : `set ${p.name(path)}.endpoint to the endpoint's https:// URL`,
      );
      return;
    }
    const key = `${s.protocol}:${s.protocol === "email" ? endpoint.toLowerCase() : endpoint}`;
    if (seen.has(key)) {
      p.add(path, s, `repeats ${p.name(`subscriptions[${seen.get(key)}]`)}`, "each subscriber once (SNS would keep one subscription and Terraform would fight over it)", `remove ${p.name(path)}`);
    } else {
      seen.set(key, i);
    }
  });
}
