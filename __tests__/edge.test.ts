import * as fs from "fs";
import * as path from "path";
import { App, TerraformStack, Testing } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { ENVIRONMENTS, SHARED, STATE } from "../environments";
import { EnvironmentConfig } from "../lib/config";
import { environmentLayers } from "../lib/terraform-cloud";
import { addEnvironment, addSharedStacks, BuildAppProps } from "../stacks";
import { EdgeStack, loadBalancerOriginName } from "../stacks/edge-stack";
import { NetworkStack } from "../stacks/network-stack";
import { ServerlessStack } from "../stacks/serverless-stack";
import { backendSettings, resources, synthStack, testEnv, TfJson } from "./helpers";

const byName = (name: string): EnvironmentConfig => ENVIRONMENTS.find((e) => e.name === name)!;

/** The stacks of the given environments, synthesized as the app does (cross-stack references resolved). */
function synthEnvironments(envs: readonly EnvironmentConfig[]): { stacks: Map<string, TfJson>; manifest: any } {
  const app = Testing.app();
  const props: BuildAppProps = { environments: envs, allEnvironments: ENVIRONMENTS, shared: SHARED, backendSettings, state: STATE };
  const shared = addSharedStacks(app, props);
  envs.forEach((env) => addEnvironment(app, env, props, shared));
  app.synth();
  const stacks = new Map<string, TfJson>();
  for (const child of app.node.children) {
    if (child instanceof TerraformStack) {
      stacks.set(child.node.id, JSON.parse(fs.readFileSync(path.join(app.outdir, "stacks", child.node.id, "cdk.tf.json"), "utf8")));
    }
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, "manifest.json"), "utf8"));
  fs.rmSync(app.outdir, { recursive: true, force: true });
  return { stacks, manifest };
}

const REAL = synthEnvironments(["dev", "staging", "prod"].map(byName));
const stack = (name: string): TfJson => REAL.stacks.get(name)!;

describe("EdgeStack", () => {
  test("the us_east_1 provider is pinned to the environment's account like the default one", () => {
    const providers = stack("prod-edge").provider!.aws;
    expect(providers).toEqual([
      { region: "ap-southeast-2", allowed_account_ids: ["333333333333"] },
      { alias: "us_east_1", region: "us-east-1", allowed_account_ids: ["333333333333"] },
    ]);
  });

  test("CloudFront's regional pieces are in us-east-1: web ACL, certificate, log delivery, log groups and their key", () => {
    const prod = stack("prod-edge");
    for (const type of ["aws_wafv2_web_acl", "aws_wafv2_web_acl_logging_configuration", "aws_cloudwatch_log_group", "aws_cloudwatch_log_delivery_source", "aws_cloudwatch_log_delivery", "aws_kms_key", "aws_kms_alias"]) {
      const onUsEast1 = resources(prod, type).filter((r) => r.provider === "aws.us_east_1").length;
      // The frontend bucket's key stays in the environment's region.
      expect([type, onUsEast1]).toEqual([type, type.startsWith("aws_kms") ? 1 : resources(prod, type).length]);
    }
    const distributionCert = Object.entries(prod.resource.aws_acm_certificate).find(([id]) => id.startsWith("Domain_DistributionCertificate"))![1];
    expect(distributionCert.provider).toBe("aws.us_east_1");
  });

  test("the logs key admits CloudWatch Logs of us-east-1 for exactly the WAF and access log groups", () => {
    const prod = stack("prod-edge");
    const policy = Object.entries(prod.data!.aws_iam_policy_document).find(([id]) => id.startsWith("LogsKey_Policy"))![1];
    const logs = policy.statement.find((s: any) => s.sid === "CloudWatchLogs");
    expect(logs.principals).toEqual([{ type: "Service", identifiers: ["logs.us-east-1.amazonaws.com"] }]);
    expect(logs.condition[0].values).toEqual([
      "arn:aws:logs:us-east-1:333333333333:log-group:aws-waf-logs-chatbot-prod",
      "arn:aws:logs:us-east-1:333333333333:log-group:/aws/vendedlogs/cloudfront/chatbot-prod",
    ]);
  });

  test("the API origin is the serverless stack's HTTP API, read from its state", () => {
    const origin = resources(stack("dev-edge"), "aws_cloudfront_distribution")[0].origin.find((o: any) => o.origin_id === "api");
    expect(origin.domain_name).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-dev-serverless\.outputs\.[^}]+\}\.execute-api\.ap-southeast-2\.amazonaws\.com$/);
  });

  test("the deploy role of <env>-delivery gets the frontend grant; edge reads serverless and delivery, nothing reads edge", () => {
    const policy = resources(stack("staging-edge"), "aws_iam_role_policy")[0];
    expect(policy.role).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-staging-delivery\.outputs\.[^}]+\}$/);
    for (const env of ["dev", "staging", "prod"]) {
      expect(REAL.manifest.stacks[`${env}-edge`].dependencies.sort()).toEqual([`${env}-delivery`, `${env}-serverless`]);
      const readers = Object.entries(REAL.manifest.stacks).filter(([, s]: [string, any]) => s.dependencies.includes(`${env}-edge`));
      expect(readers).toEqual([]);
    }
  });

  test("no domain (dev): the default certificate, no DNS resources, and the outputs say so", () => {
    const dev = stack("dev-edge");
    expect(resources(dev, "aws_cloudfront_distribution")[0].viewer_certificate).toEqual({ cloudfront_default_certificate: true });
    expect(Object.keys(dev.resource).filter((t) => t.startsWith("aws_route53") || t.startsWith("aws_acm"))).toEqual([]);
    expect(dev.output!.certificate.value).toBe("none: default *.cloudfront.net certificate (no edge.domain)");
    expect(dev.output!.site_url.value).toMatch(/^https:\/\/\$\{aws_cloudfront_distribution\./);
  });

  test("a created zone (staging): its name servers are an output, the records go into it", () => {
    const staging = stack("staging-edge");
    expect(resources(staging, "aws_route53_zone").map((z) => z.name)).toEqual(["staging.chat.example.com"]);
    expect(staging.output!.name_servers.value).toMatch(/aws_route53_zone\..*\.name_servers/);
    expect(staging.output!.site_url.value).toBe("https://staging.chat.example.com");
  });

  test("an existing zone (prod): alias A and AAAA records for the domain to the distribution, in that zone", () => {
    const prod = stack("prod-edge");
    const aliases = resources(prod, "aws_route53_record").filter((r) => r.alias);
    expect(aliases.map((r) => [r.name, r.type, r.zone_id, r.alias.zone_id]).sort()).toEqual([
      ["chat.example.com", "A", "Z0123456789EXAMPLE", "Z2FDTNDATAQYW2"],
      ["chat.example.com", "AAAA", "Z0123456789EXAMPLE", "Z2FDTNDATAQYW2"],
    ]);
    expect(resources(prod, "aws_route53_zone")).toEqual([]);
    expect(prod.output!.name_servers).toBeUndefined();
    expect(resources(prod, "aws_cloudfront_distribution")[0].price_class).toBe("PriceClass_All");
  });

  test("the origin verification outputs name the header, the store key and the parameter the backend reads", () => {
    const value = stack("prod-edge").output!.origin_verify.value;
    expect(value).toMatchObject({ header: "x-origin-verify", kvs_key: "origin-verify", parameter_name: "/chatbot/prod/ORIGIN_VERIFY_TOKEN", parameter_region: "ap-southeast-2" });
    expect(value.kvs_arn).toMatch(/aws_cloudfront_key_value_store\..*\.arn/);
  });

  test("an edge section adds the edge layer to the environment's Terraform Cloud workspaces; none leaves them as they were", () => {
    expect(environmentLayers(byName("prod"))).toContain("edge");
    expect(environmentLayers(byName("remote"))).not.toContain("edge");
  });

  test("with edge.loadBalancer: a regional certificate for origin.<domain>, as an output for the load balancer", () => {
    const env = testEnv({
      edge: {
        ...byName("prod").edge!,
        loadBalancer: { deletionProtection: "enabled", backendService: { namespace: "chatbot", name: "backend", port: 8000 }, accessLogRetentionDays: 90 },
      },
    });
    const { stacks } = synthEnvironments([env]);
    const edge = stacks.get("test-edge")!;
    const origin = Object.entries(edge.resource.aws_acm_certificate).find(([id]) => id.startsWith("Domain_OriginCertificate"))![1];
    expect(origin.domain_name).toBe(loadBalancerOriginName("chat.example.com"));
    expect(origin.provider).toBeUndefined();
    expect(edge.output!.origin_certificate_arn.value).toMatch(/aws_acm_certificate_validation\.Domain_OriginValidation_.*\.certificate_arn/);
  });

  test("loadBalancerOrigin: the API path goes to the load balancer's name instead of the HTTP API", () => {
    const app: App = Testing.app();
    const env = byName("prod");
    const common = { env, backendSettings, state: STATE };
    const network = new NetworkStack(app, common);
    const serverless = new ServerlessStack(app, { ...common, network: network.network });
    const roles = new TerraformStack(app, "roles");
    const role = new IamRole(roles, "Deploy", { name: "chatbot-prod-github-deploy", assumeRolePolicy: "{}" });
    const edge = new EdgeStack(app, { ...common, edge: env.edge!, serverless: serverless.api, deployRole: role, loadBalancerOrigin: { domainName: "origin.chat.example.com" } });
    const api = synthStack(edge).resource.aws_cloudfront_distribution;
    expect(Object.values(api)[0].origin.find((o: any) => o.origin_id === "api").domain_name).toBe("origin.chat.example.com");
  });
});
