/**
 * `<env>-observability`: what it watches comes from the other stacks' state (no cycle), the data
 * stack's DLQ alarms keep their topic and reach the same subscribers, the edge input adds the
 * ALB alarms and the us-east-1 CloudFront alarm, and each environment's budget covers what
 * `npm run cost` estimates for it.
 */
import * as fs from "fs";
import * as path from "path";
import { App, TerraformStack, Testing } from "cdktf";
import { ENVIRONMENTS, SHARED, STATE } from "../environments";
import { addEnvironment, addSharedStacks, buildApp, BuildAppProps } from "../stacks";
import { ObservabilityStack } from "../stacks/observability-stack";
import { EnvironmentConfig } from "../lib/config";
import { environmentLayers } from "../lib/terraform-cloud";
import { CdktfOut } from "../tools/lib/cdktf-out";
import { costStack, groupStacks } from "../tools/cost/grouping";
import { loadPrices } from "../tools/cost/prices";
import { priceAll } from "../tools/cost/pricing";
import { backendSettings, resources, synthStack, TfJson } from "./helpers";

const byName = (name: string): EnvironmentConfig => ENVIRONMENTS.find((e) => e.name === name)!;
const appProps = (environments: readonly EnvironmentConfig[]): BuildAppProps => ({ environments, allEnvironments: ENVIRONMENTS, shared: SHARED, backendSettings, state: STATE });

/** The whole app synthesized (cross-stack references resolved), as stack name -> JSON, plus the output directory. */
function synthAll(): { stacks: Map<string, TfJson>; outdir: string; manifest: any } {
  const app = Testing.app();
  buildApp(app, appProps(ENVIRONMENTS));
  app.synth();
  const stacks = new Map<string, TfJson>();
  for (const child of app.node.children) {
    if (child instanceof TerraformStack) {
      stacks.set(child.node.id, JSON.parse(fs.readFileSync(path.join(app.outdir, "stacks", child.node.id, "cdk.tf.json"), "utf8")));
    }
  }
  return { stacks, outdir: app.outdir, manifest: JSON.parse(fs.readFileSync(path.join(app.outdir, "manifest.json"), "utf8")) };
}
const ALL = synthAll();
afterAll(() => fs.rmSync(ALL.outdir, { recursive: true, force: true }));

/** The observability stack of an environment with literal edge inputs (what the lead wires from `<env>-edge`). */
function withEdge(envName: string, edge: ConstructorParameters<typeof ObservabilityStack>[1]["edge"]): TfJson {
  const app: App = Testing.app();
  const env = byName(envName);
  const props = appProps([env]);
  const built = addEnvironment(app, env, props, addSharedStacks(app, props));
  return synthStack(new ObservabilityStack(app, { env: { ...env, name: `${env.name}x` }, backendSettings, state: STATE, observability: env.observability!, serverless: built.serverless.api, data: built.data, edge }));
}

/** An environment's observability stack built as the app does, but for the environment without an edge section. */
function withoutEdge(envName: string): TfJson {
  const app: App = Testing.app();
  const env = { ...byName(envName), edge: undefined };
  const props = appProps([env]);
  const built = addEnvironment(app, env, props, addSharedStacks(app, props));
  return synthStack(built.observability!);
}

describe("<env>-observability", () => {
  test("every environment with an observability section gets the stack, and its Terraform Cloud layer", () => {
    for (const env of ENVIRONMENTS) {
      expect(ALL.stacks.has(`${env.name}-observability`)).toBe(env.observability !== undefined);
      expect(environmentLayers(env).includes("observability")).toBe(env.observability !== undefined);
    }
  });

  test("it reads the serverless, data and edge stacks' state and depends on them; no stack reads its state", () => {
    const prod = ALL.stacks.get("prod-observability")!;
    expect(Object.keys(prod.data!.terraform_remote_state).sort()).toEqual([
      "cross-stack-reference-input-prod-data",
      "cross-stack-reference-input-prod-edge",
      "cross-stack-reference-input-prod-serverless",
    ]);
    expect(ALL.manifest.stacks["prod-observability"].dependencies.sort()).toEqual(["prod-data", "prod-edge", "prod-serverless"]);
    for (const [name, json] of ALL.stacks) {
      expect(Object.keys(json.data?.terraform_remote_state ?? {}).filter((k) => k.endsWith("-observability"))).toEqual([]);
      expect(ALL.manifest.stacks[name].dependencies.filter((d: string) => d.endsWith("-observability"))).toEqual([]);
    }
  });

  test("the alarms name the watched resources through the other stacks' outputs, not copies of their names", () => {
    const prod = ALL.stacks.get("prod-observability")!;
    const alarms = resources(prod, "aws_cloudwatch_metric_alarm");
    const remote = /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-prod-(serverless|data|edge)\.outputs\./;
    for (const a of alarms) {
      for (const [key, value] of Object.entries(a.dimensions as Record<string, string>)) {
        // Node ids are derived from the group's id; CloudFront's Region dimension is the constant "Global".
        if (key === "Region") expect(value).toBe("Global");
        else if (key !== "CacheNodeId") expect(value).toMatch(remote);
      }
    }
    // prod's Redis has 2 replicas: 3 nodes, 3 alarms each.
    expect(alarms.filter((a) => a.namespace === "AWS/ElastiCache")).toHaveLength(9);
    expect(alarms.find((a) => a.metric_name === "Duration").threshold).toBe(byName("prod").serverless.timeoutSeconds * 1000 * 0.8);
  });

  test("the data stack keeps its alerts topic and DLQ alarms; its subscribers are the configured ones", () => {
    const data = ALL.stacks.get("prod-data")!;
    expect(resources(data, "aws_sns_topic").map((t) => t.name)).toEqual(["chatbot-prod-alerts"]);
    const dlqAlarms = resources(data, "aws_cloudwatch_metric_alarm").filter((a) => a.metric_name === "ApproximateNumberOfMessagesVisible");
    expect(dlqAlarms).toHaveLength(byName("prod").data!.queues.length);
    const subs = resources(ALL.stacks.get("prod-observability")!, "aws_sns_topic_subscription");
    const configured = byName("prod").observability!.subscriptions.map((s) => s.endpoint);
    const toData = subs.filter((s) => /cross-stack-reference-input-prod-data/.test(s.topic_arn));
    const toOwn = subs.filter((s) => /^\$\{aws_sns_topic\./.test(s.topic_arn) && s.provider === undefined);
    expect(toData.map((s) => s.endpoint)).toEqual(configured);
    expect(toOwn.map((s) => s.endpoint)).toEqual(configured);
  });

  test("without an edge there is no us-east-1 provider and no ALB or CloudFront alarm", () => {
    const dev = withoutEdge("dev");
    expect(dev.provider!.aws).toHaveLength(1);
    expect(resources(dev, "aws_cloudwatch_metric_alarm").filter((a) => /ApplicationELB|CloudFront/.test(a.namespace))).toEqual([]);
  });

  test("the environments' edges are watched: prod's ALB and distribution through edge's state, dev's distribution only (no ALB)", () => {
    const namespaces = (name: string): string[] => [...new Set(resources(ALL.stacks.get(name)!, "aws_cloudwatch_metric_alarm").map((a) => a.namespace as string))].sort();
    expect(namespaces("prod-observability")).toEqual(expect.arrayContaining(["AWS/ApplicationELB", "AWS/CloudFront"]));
    expect(namespaces("dev-observability")).toContain("AWS/CloudFront");
    expect(namespaces("dev-observability")).not.toContain("AWS/ApplicationELB");
    const cf = resources(ALL.stacks.get("prod-observability")!, "aws_cloudwatch_metric_alarm").find((a) => a.namespace === "AWS/CloudFront");
    expect(cf.dimensions.DistributionId).toMatch(/cross-stack-reference-input-prod-edge\.outputs\./);
  });

  test("with an edge: ALB alarms in the region, the CloudFront alarm and its own topic in us-east-1 through the us_east_1 provider", () => {
    const j = withEdge("staging", { loadBalancerArnSuffix: "app/chatbot-staging-alb/0123456789abcdef", targetGroupArnSuffix: "targetgroup/chatbot-staging-backend/0123456789abcdef", distributionId: "E2EXAMPLE12345" });
    const [home, global] = j.provider!.aws;
    expect(home.alias).toBeUndefined();
    expect(global).toMatchObject({ alias: "us_east_1", region: "us-east-1", allowed_account_ids: [byName("staging").accountId] });
    const alarms = resources(j, "aws_cloudwatch_metric_alarm");
    const cf = alarms.find((a) => a.namespace === "AWS/CloudFront");
    expect(cf.provider).toBe("aws.us_east_1");
    const globalTopic = Object.entries(j.resource.aws_sns_topic).find(([, t]) => t.provider === "aws.us_east_1")!;
    expect(cf.alarm_actions).toEqual([`\${aws_sns_topic.${globalTopic[0]}.arn}`]);
    expect(resources(j, "aws_sns_topic_subscription").filter((s) => s.provider === "aws.us_east_1").map((s) => s.endpoint)).toEqual(byName("staging").observability!.subscriptions.map((s) => s.endpoint));
    expect(alarms.filter((a) => a.namespace === "AWS/ApplicationELB").map((a) => a.provider)).toEqual([undefined, undefined, undefined]);
  });

  test("the budget and anomaly subscription wait for the topic policy that lets them publish", () => {
    const j = ALL.stacks.get("dev-observability")!;
    const policy = Object.keys(j.resource.aws_sns_topic_policy)[0];
    expect(resources(j, "aws_budgets_budget")[0].depends_on).toEqual([`aws_sns_topic_policy.${policy}`]);
    expect(resources(j, "aws_ce_anomaly_subscription")[0].depends_on).toEqual([`aws_sns_topic_policy.${policy}`]);
  });

  test("each priced environment's budget is at least the high end of npm run cost's estimate for it", () => {
    const out = CdktfOut.read(ALL.outdir);
    const report = priceAll(groupStacks(out.stacks().map(costStack)), loadPrices(path.join(__dirname, "..", "pricing", "ap-southeast-2.json"), "pricing/ap-southeast-2.json"));
    const priced = report.groups.filter((g) => byName(g.env)?.observability);
    expect(priced.map((g) => g.env).sort()).toEqual(["dev", "prod", "staging"]);
    for (const group of priced) {
      const limit = byName(group.env).observability!.budget.monthlyLimitUsd;
      // An actionable budget: above the estimate, and not so far above that it never alerts.
      expect({ env: group.env, coversEstimate: limit >= group.high, withinTwiceEstimate: limit <= 2 * group.high }).toEqual({ env: group.env, coversEstimate: true, withinTwiceEstimate: true });
    }
  });
});
