import { Testing } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AlarmTopic, AlarmTopicProps } from "../constructs/alarm-topic";
import { TfJson, resources } from "./helpers";

const props: AlarmTopicProps = {
  topicName: "chatbot-test-alarms",
  accountId: "123456789012",
  region: "ap-southeast-2",
  subscriptions: [
    { protocol: "email", endpoint: "oncall@example.com" },
    { protocol: "https", endpoint: "https://hooks.example.com/alarms" },
  ],
};

function json(p: Partial<AlarmTopicProps> = {}, also?: string): TfJson {
  return JSON.parse(
    Testing.synthScope((scope: Construct) => {
      const provider = p.provider ? new AwsProvider(scope, "Global", { alias: "us_east_1", region: "us-east-1" }) : undefined;
      const topic = new AlarmTopic(scope, "AlarmTopic", { ...props, ...p, ...(provider ? { provider } : {}) });
      if (also) topic.subscribeAlso("Other", also);
    }),
  );
}
const errorOf = (p: Partial<AlarmTopicProps>): string => {
  try {
    json(p);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("no error thrown");
};
const statements = (j: TfJson, doc: string): any[] => Object.entries(j.data!.aws_iam_policy_document).find(([id]) => id.includes(doc))![1].statement;

describe("AlarmTopic", () => {
  test("the topic is encrypted with its own key, which rotates", () => {
    const j = json();
    const [topic] = resources(j, "aws_sns_topic");
    expect(topic.name).toBe("chatbot-test-alarms");
    expect(topic.kms_master_key_id).toMatch(/^\$\{aws_kms_key\.AlarmTopic_Key_[A-F0-9]+\.arn\}$/);
    expect(resources(j, "aws_kms_key")[0].enable_key_rotation).toBe(true);
    expect(resources(j, "aws_kms_alias")[0].name).toBe("alias/chatbot-test-alarms");
  });

  test("CloudWatch, Budgets and Cost Anomaly Detection may publish, each pinned to the account and its kind of source", () => {
    const publish = statements(json(), "AlarmTopic_PolicyDocument").filter((s) => s.effect === "Allow");
    expect(publish.map((s) => [s.principals[0].identifiers[0], s.actions, s.condition.find((c: any) => c.variable === "aws:SourceArn").values[0]])).toEqual([
      ["cloudwatch.amazonaws.com", ["sns:Publish"], "arn:aws:cloudwatch:ap-southeast-2:123456789012:alarm:*"],
      ["budgets.amazonaws.com", ["sns:Publish"], "arn:aws:budgets::123456789012:*"],
      ["costalerts.amazonaws.com", ["sns:Publish"], "arn:aws:ce::123456789012:anomalysubscription/*"],
    ]);
    for (const s of publish) {
      expect(s.condition).toContainEqual({ test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] });
    }
  });

  test("the key lets the same publishers use it, from the account only", () => {
    const key = statements(json(), "AlarmTopic_Key_Policy").filter((s) => s.sid !== "AccountAdministration");
    expect(key.map((s) => s.principals[0].identifiers[0])).toEqual(["cloudwatch.amazonaws.com", "budgets.amazonaws.com", "costalerts.amazonaws.com"]);
    for (const s of key) {
      expect(s.actions).toContain("kms:GenerateDataKey*");
      expect(s.condition).toEqual([{ test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] }]);
    }
  });

  test("publishers can be narrowed: a topic for alarms alone lets no budget in", () => {
    const j = json({ publishers: ["cloudWatchAlarms"] });
    expect(statements(j, "AlarmTopic_PolicyDocument").filter((s) => s.effect === "Allow").map((s) => s.sid)).toEqual(["CloudWatchAlarms"]);
  });

  test("publishing without TLS is refused", () => {
    const deny = statements(json(), "AlarmTopic_PolicyDocument").find((s) => s.effect === "Deny");
    expect(deny.condition).toEqual([{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }]);
  });

  test("each subscriber is subscribed; HTTPS endpoints confirm themselves, e-mail waits for its recipient", () => {
    const subs = resources(json(), "aws_sns_topic_subscription");
    expect(subs.map((s) => [s.protocol, s.endpoint, s.endpoint_auto_confirms])).toEqual([
      ["email", "oncall@example.com", undefined],
      ["https", "https://hooks.example.com/alarms", true],
    ]);
  });

  test("subscribeAlso subscribes the same people to another topic", () => {
    const other = "arn:aws:sns:ap-southeast-2:123456789012:chatbot-test-alerts";
    const subs = resources(json({}, other), "aws_sns_topic_subscription").filter((s) => s.topic_arn === other);
    expect(subs.map((s) => s.endpoint)).toEqual(["oncall@example.com", "https://hooks.example.com/alarms"]);
  });

  test("with a provider every resource and data source of the construct uses it", () => {
    const j = json({ provider: {} as never }, "arn:aws:sns:us-east-1:123456789012:other");
    const all = [...Object.values(j.resource).flatMap((r) => Object.values(r)), ...Object.values(j.data!).flatMap((d) => Object.values(d))];
    expect(all.length).toBeGreaterThan(5);
    for (const r of all) expect(r.provider).toBe("aws.us_east_1");
  });

  describe("errors", () => {
    test("a plain HTTP endpoint, given as protocol or as URL", () => {
      expect(errorOf({ subscriptions: [{ protocol: "http" as never, endpoint: "http://hooks.example.com" }, { protocol: "https", endpoint: "http://hooks.example.com" }] })).toBe(
        [
          "AlarmTopic chatbot-test-alarms: 2 invalid props; nothing was created:",
          '  - subscriptions[0].protocol: "http" is not a subscription protocol this platform uses: notifications would cross the internet unencrypted',
          '    allowed: one of "email", "https"',
          '    fix: serve the endpoint over HTTPS and set subscriptions[0].protocol to "https"',
          '  - subscriptions[1].endpoint: "http://hooks.example.com" is a plain HTTP URL: notifications would cross the internet unencrypted',
          "    allowed: https://host[:port][/path], no spaces",
          "    fix: serve the endpoint over HTTPS and use its https:// URL",
        ].join("\n"),
      );
    });

    test("an address that is not one, and a subscriber listed twice (case aside)", () => {
      expect(errorOf({ subscriptions: [{ protocol: "email", endpoint: "On-Call <oncall@example.com>" }, { protocol: "email", endpoint: "oncall@example.com" }, { protocol: "email", endpoint: "ONCALL@example.com" }] })).toBe(
        [
          "AlarmTopic chatbot-test-alarms: 2 invalid props; nothing was created:",
          '  - subscriptions[0].endpoint: "On-Call <oncall@example.com>" is not an e-mail address',
          '    allowed: an address such as "platform-oncall@example.com" (no name, no spaces, no mailto:)',
          "    fix: set subscriptions[0].endpoint to the address alone",
          '  - subscriptions[2]: {"protocol":"email","endpoint":"ONCALL@example.com"} repeats subscriptions[1]',
          "    allowed: each subscriber once (SNS would keep one subscription and Terraform would fight over it)",
          "    fix: remove subscriptions[2]",
        ].join("\n"),
      );
    });
  });
});
