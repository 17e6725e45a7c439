import * as fs from "fs";
import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import { ENVIRONMENTS, SHARED, STATE } from "../environments";
import { EnvironmentConfig } from "../lib/config";
import { environmentLayers } from "../lib/terraform-cloud";
import { addEnvironment, addSharedStacks, BuildAppProps } from "../stacks";
import { loadBalancerOriginName } from "../stacks/edge-stack";
import { backendSettings, resources, testEnv, TfJson } from "./helpers";

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

  test("the deploy role of <env>-delivery gets the frontend grant; edge reads serverless and delivery (and the network for a load balancer), apps and observability read edge", () => {
    const policy = resources(stack("staging-edge"), "aws_iam_role_policy")[0];
    expect(policy.role).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-staging-delivery\.outputs\.[^}]+\}$/);
    // dev has no domain, so no load balancer; staging and prod put one in front of the EKS backend.
    const expected: Record<string, { deps: string[]; readers: string[] }> = {
      dev: { deps: ["dev-delivery", "dev-serverless"], readers: ["dev-observability"] },
      staging: { deps: ["staging-delivery", "staging-network", "staging-serverless"], readers: ["staging-apps", "staging-observability"] },
      prod: { deps: ["prod-delivery", "prod-network", "prod-serverless"], readers: ["prod-apps", "prod-observability"] },
    };
    for (const [env, { deps, readers }] of Object.entries(expected)) {
      expect(REAL.manifest.stacks[`${env}-edge`].dependencies.sort()).toEqual(deps);
      const found = Object.entries(REAL.manifest.stacks).filter(([, s]: [string, any]) => s.dependencies.includes(`${env}-edge`));
      expect(found.map(([name]) => name).sort()).toEqual(readers);
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
    expect(aliases.filter((r) => r.name === "chat.example.com").map((r) => [r.name, r.type, r.zone_id, r.alias.zone_id]).sort()).toEqual([
      ["chat.example.com", "A", "Z0123456789EXAMPLE", "Z2FDTNDATAQYW2"],
      ["chat.example.com", "AAAA", "Z0123456789EXAMPLE", "Z2FDTNDATAQYW2"],
    ]);
    // The load balancer's origin name, in the same zone, to the ALB (its zone id comes from the ALB).
    expect(aliases.filter((r) => r.name === "origin.chat.example.com").map((r) => [r.type, r.zone_id, r.alias.name]).sort()).toEqual([
      ["A", "Z0123456789EXAMPLE", expect.stringMatching(/aws_lb\.PublicLoadBalancer_.*\.dns_name/)],
      ["AAAA", "Z0123456789EXAMPLE", expect.stringMatching(/aws_lb\.PublicLoadBalancer_.*\.dns_name/)],
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

    // The load balancer: its listener presents the validated regional certificate, origin.<domain>
    // points at it, CloudFront's API origin is that name, and <env>-apps binds the backend to its
    // target group through edge's state.
    const listener = Object.values(edge.resource.aws_lb_listener as Record<string, any>)[0];
    expect(listener.certificate_arn).toMatch(/aws_acm_certificate_validation\.Domain_OriginValidation_.*\.certificate_arn/);
    const aliases = Object.values(edge.resource.aws_route53_record as Record<string, any>).filter((r) => r.name === loadBalancerOriginName("chat.example.com"));
    expect(aliases.map((r) => r.type).sort()).toEqual(["A", "AAAA"]);
    for (const record of aliases) {
      expect(record.alias[0]?.name ?? record.alias.name).toMatch(/aws_lb\.PublicLoadBalancer_.*\.dns_name/);
    }
    // Two backends behind the edge: the HTTP API on /api/* (prefix stripped), the ALB on
    // /backend/* (prefix kept, its listener rule forwards exactly that).
    const distribution = Object.values(edge.resource.aws_cloudfront_distribution as Record<string, any>)[0];
    expect(distribution.origin.find((o: any) => o.origin_id === "backend").domain_name).toBe(loadBalancerOriginName("chat.example.com"));
    expect(distribution.origin.find((o: any) => o.origin_id === "api").domain_name).toMatch(/execute-api/);
    expect(distribution.ordered_cache_behavior.map((b: any) => [b.path_pattern, b.target_origin_id])).toEqual([
      ["/api/*", "api"],
      ["/backend/*", "backend"],
      ["/assets/*", "web"],
    ]);
    const rule = Object.values(edge.resource.aws_lb_listener_rule as Record<string, any>)[0];
    expect(JSON.stringify(rule.condition)).toContain('"/backend/*"');
    // The EKS backend may read the origin token (and decrypt it through SSM only) to check the header.
    const platform = stacks.get("test-platform")!;
    const read = Object.entries(platform.data!.aws_iam_policy_document as Record<string, any>).find(([id]) => id.includes("OriginVerifyRead"))![1];
    expect(read.statement[0]).toMatchObject({ actions: ["ssm:GetParameter"], resources: ["arn:aws:ssm:ap-southeast-2:" + env.accountId + ":parameter/chatbot/test/ORIGIN_VERIFY_TOKEN"] });
    expect(read.statement[1].condition[0]).toMatchObject({ variable: "kms:ViaService", values: ["ssm.ap-southeast-2.amazonaws.com"] });
    expect(read.statement[1].resources[0]).toMatch(/cross-stack-reference-input-test-serverless/);
    const apps = stacks.get("test-apps")!;
    const binding = Object.values(apps.resource.kubernetes_manifest as Record<string, any>).find((m) => m.manifest.kind === "TargetGroupBinding");
    expect(binding.manifest.spec.targetGroupARN).toMatch(/data\.terraform_remote_state\.cross-stack-reference-input-test-edge\.outputs\./);
  });

  test("issued certificates the environment brings: none created or validated, the distribution and the listener use their ARNs, everything else as with created ones", () => {
    const prod = byName("prod");
    const distributionArn = "arn:aws:acm:us-east-1:333333333333:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    const listenerArn = "arn:aws:acm:ap-southeast-2:333333333333:certificate/1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e";
    const env: EnvironmentConfig = {
      ...prod,
      edge: { ...prod.edge!, domain: { ...prod.edge!.domain!, certificateArn: distributionArn }, loadBalancer: { ...prod.edge!.loadBalancer!, certificateArn: listenerArn } },
    };
    const brought = synthEnvironments([env]).stacks.get("prod-edge")!;
    expect(brought.resource.aws_acm_certificate).toBeUndefined();
    expect(brought.resource.aws_acm_certificate_validation).toBeUndefined();
    expect(resources(brought, "aws_cloudfront_distribution")[0].viewer_certificate).toEqual({ acm_certificate_arn: distributionArn, ssl_support_method: "sni-only", minimum_protocol_version: "TLSv1.2_2021" });
    expect(resources(brought, "aws_lb_listener")[0].certificate_arn).toBe(listenerArn);
    expect(brought.output!.certificate.value).toBe(distributionArn);
    expect(brought.output!.origin_certificate_arn.value).toBe(listenerArn);

    // The same stack as with created certificates, once those (and their validation records) are
    // taken out and the references to them read as the brought ARNs: alias records, distribution,
    // load balancer and the rest stay exactly as they are.
    const created = stack("prod-edge");
    const certificateIds = Object.keys(created.resource.aws_acm_certificate);
    const validationIds = Object.keys(created.resource.aws_acm_certificate_validation);
    expect([certificateIds.length, validationIds.length]).toEqual([2, 2]);
    let text = JSON.stringify(created);
    for (const id of validationIds) {
      text = text.split(`\${aws_acm_certificate_validation.${id}.certificate_arn}`).join(id.startsWith("Domain_DistributionValidation") ? distributionArn : listenerArn);
    }
    const expected = JSON.parse(text);
    delete expected.resource.aws_acm_certificate;
    delete expected.resource.aws_acm_certificate_validation;
    for (const id of Object.keys(expected.resource.aws_route53_record)) {
      if (/^Domain_(Distribution|Origin)ValidationRecord_/.test(id)) {
        delete expected.resource.aws_route53_record[id];
      }
    }
    expect(Object.keys(created.resource.aws_route53_record).length - Object.keys(expected.resource.aws_route53_record).length).toBe(2);
    expect(brought).toEqual(expected);
  });
});
