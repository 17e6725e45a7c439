import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CdktfOut } from "../tools/lib/cdktf-out";
import { checkMermaid } from "../tools/diagram/check";
import { buildEnvironment, summarizeActions, withoutEnv } from "../tools/diagram/environment";
import { escapeText, Graph, sanitizeId } from "../tools/diagram/graph";
import { buildDiagrams, environmentsOf, markdownFor, parseArgs } from "../tools/diagram/index";
import { Synth } from "../tools/diagram/synth";

const aws = { provider: { aws: [{ region: "ap-southeast-2", allowed_account_ids: ["111111111111"] }] } };
const remote = (output: string): string => `\${data.terraform_remote_state.cross-stack-reference-input-dev-network.outputs.${output}}`;
const subnet = (tier: string, az: string, cidr: string): object => ({ vpc_id: "${aws_vpc.Vpc.id}", availability_zone_id: az, cidr_block: cidr, tags: { Tier: tier } });

/**
 * One environment as the app lays it out: a network stack (VPC, public and private-app subnets in
 * two AZs, an internet gateway, one NAT gateway, route tables, an S3 gateway endpoint) and a
 * serverless stack whose function runs in the private subnets, read through cross-stack outputs.
 */
const STACKS: Record<string, object> = {
  bootstrap: { ...aws },
  "shared-111111111111": { ...aws },
  "dev-network": {
    ...aws,
    resource: {
      aws_vpc: { Vpc: { cidr_block: "10.0.0.0/16", tags: { Name: "chatbot-dev" } } },
      aws_subnet: {
        PublicA: subnet("public", "apse2-az1", "10.0.0.0/24"),
        PublicB: subnet("public", "apse2-az2", "10.0.1.0/24"),
        PrivA: subnet("privateApp", "apse2-az1", "10.0.10.0/24"),
        PrivB: subnet("privateApp", "apse2-az2", "10.0.11.0/24"),
      },
      aws_internet_gateway: { Igw: { vpc_id: "${aws_vpc.Vpc.id}" } },
      aws_eip: { Eip: {} },
      aws_nat_gateway: { Nat: { subnet_id: "${aws_subnet.PublicA.id}", allocation_id: "${aws_eip.Eip.id}" } },
      aws_route_table: { Public: { vpc_id: "${aws_vpc.Vpc.id}" }, Private: { vpc_id: "${aws_vpc.Vpc.id}" } },
      aws_route: {
        PublicDefault: { route_table_id: "${aws_route_table.Public.id}", destination_cidr_block: "0.0.0.0/0", gateway_id: "${aws_internet_gateway.Igw.id}" },
        PrivateDefault: { route_table_id: "${aws_route_table.Private.id}", destination_cidr_block: "0.0.0.0/0", nat_gateway_id: "${aws_nat_gateway.Nat.id}" },
      },
      aws_route_table_association: {
        PA: { route_table_id: "${aws_route_table.Public.id}", subnet_id: "${aws_subnet.PublicA.id}" },
        PB: { route_table_id: "${aws_route_table.Public.id}", subnet_id: "${aws_subnet.PublicB.id}" },
        QA: { route_table_id: "${aws_route_table.Private.id}", subnet_id: "${aws_subnet.PrivA.id}" },
        QB: { route_table_id: "${aws_route_table.Private.id}", subnet_id: "${aws_subnet.PrivB.id}" },
      },
      aws_vpc_endpoint: {
        S3: { vpc_id: "${aws_vpc.Vpc.id}", vpc_endpoint_type: "Gateway", service_name: "com.amazonaws.ap-southeast-2.s3", route_table_ids: ["${aws_route_table.Private.id}"] },
      },
    },
    output: {
      priv_a: { value: "${aws_subnet.PrivA.id}" },
      priv_b: { value: "${aws_subnet.PrivB.id}" },
    },
  },
  "dev-serverless": {
    ...aws,
    resource: {
      aws_lambda_function: {
        Fn: {
          function_name: "chatbot-dev-backend",
          runtime: "python3.12",
          memory_size: 1024,
          timeout: 30,
          vpc_config: { subnet_ids: [remote("priv_a"), remote("priv_b")] },
          environment: { variables: { LOG_LEVEL: "INFO", PINECONE_API_KEY_PARAM: "/chatbot/dev/PINECONE_API_KEY" } },
        },
      },
    },
  },
};

let synth: Synth;
beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "diagram-test-"));
  try {
    const manifest = { version: "0.21.0", stacks: {} as Record<string, object> };
    for (const [name, json] of Object.entries(STACKS)) {
      fs.mkdirSync(path.join(dir, "stacks", name), { recursive: true });
      fs.writeFileSync(path.join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
      manifest.stacks[name] = { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json`, workingDirectory: `stacks/${name}`, dependencies: [] };
    }
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
    synth = new Synth(CdktfOut.read(dir));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe("Synth", () => {
  test("environments are the <env>-<layer> stacks; bootstrap and shared-<account> are not one", () => {
    expect(environmentsOf(synth)).toEqual(["dev"]);
  });

  test("a cross-stack reference resolves through the producer's output to the resource", () => {
    expect(synth.refs("dev-serverless", remote("priv_a"))).toEqual([expect.objectContaining({ stack: "dev-network", type: "aws_subnet", name: "PrivA", attr: "id", key: "dev-network:aws_subnet.PrivA" })]);
    expect(synth.ref("dev-network", "${aws_route_table.Private.id}", "aws_subnet")).toBeUndefined();
    expect(synth.stacks.get("dev-network")).toMatchObject({ accountId: "111111111111", region: "ap-southeast-2" });
  });
});

describe("buildEnvironment", () => {
  const diagram = (): string => buildDiagrams(synth)[0].mermaid;

  test("draws tiers per AZ with the routes of their tables: whole tiers as one arrow", () => {
    const text = diagram();
    expect(text).toContain('    subgraph vpc["VPC chatbot-dev · 10.0.0.0/16 · dev-network"]');
    expect(text).toContain('  tier_public -->|"0.0.0.0/0"| igw');
    expect(text).toContain('  tier_private_app -->|"0.0.0.0/0"| nat_az1');
    expect(text).toContain('  subnet_public_az1 -.-|"hosts"| nat_az1');
    expect(text).toContain('  tier_private_app -.->|"prefix list route"| vpce_s3');
  });

  test("places the function in the VPC through its cross-stack subnets, and reaches the AI APIs through the internet gateway", () => {
    const text = diagram();
    expect(text).toContain('lambda_chatbot_backend["Lambda chatbot-dev-backend<br/>python3.12 · 1024 MB · 30 s<br/>in the VPC"]');
    expect(text).toContain('  lambda_chatbot_backend -.->|"ENIs"| tier_private_app');
    expect(text).toContain('  lambda_chatbot_backend -->|"read secrets"| params_chatbot');
    expect(text).toContain('  igw -->|"HTTPS"| ai_apis');
  });

  test("lists the facts under the diagram", () => {
    expect(buildEnvironment(synth, "dev").facts).toEqual([
      ["VPC", "10.0.0.0/16, 2 AZs (apse2-az1, apse2-az2)"],
      ["NAT gateways", "apse2-az1"],
      ["Lambda chatbot-dev-backend", "in the VPC (apse2-az1, apse2-az2)"],
    ]);
  });

  test("writes Mermaid that passes the grammar check, headed by the stacks it was drawn from", () => {
    const [d] = buildDiagrams(synth);
    expect(d.sources).toEqual(["dev-network", "dev-serverless"]);
    expect(d.mermaid.split("\n")[0]).toBe("%% dev: generated by npm run diagram from dev-network, dev-serverless; do not edit");
    expect(checkMermaid(d.mermaid)).toEqual([]);
  });

  test("the Markdown links the renders only when they exist", () => {
    const [d] = buildDiagrams(synth);
    expect(markdownFor(d, true)).toContain("Rendered: [dev.svg](dev.svg), [dev.png](dev.png).");
    expect(markdownFor(d, false)).not.toContain("Rendered:");
    expect(markdownFor(d, false)).toContain("(AWS account 111111111111, ap-southeast-2)");
    expect(markdownFor(d, false)).toContain("Drawn by `npm run diagram` (`tools/diagram/`) from the synthesized stacks `dev-network`, `dev-serverless`");
  });
});

describe("Graph", () => {
  test("ids are sanitized, never keywords, and unique per key", () => {
    const g = new Graph();
    expect(sanitizeId("end")).toBe("end_");
    expect(sanitizeId("1-a.b")).toBe("n_1_a_b");
    expect(g.node("x", "a", { key: "k1" })).toBe("x");
    expect(g.node("x", "b", { key: "k2" })).toBe("x_2");
    expect(g.node("x", "c", { key: "k1" })).toBe("x");
  });

  test("a second edge between the same ends merges its label; empty subgraphs are left out", () => {
    const g = new Graph();
    const sg = g.subgraph("box", "Box");
    g.subgraph("empty", "Empty");
    const a = g.node("a", "A", { parent: sg });
    const b = g.node("b", "B");
    g.edge(a, b, "one");
    g.edge(a, b, "two");
    g.edge(a, b, "one");
    const text = g.toMermaid(["head"]);
    expect(text).toContain('  a -->|"one<br/>two"| b');
    expect(text).not.toContain("empty");
    expect(checkMermaid(text)).toEqual([]);
  });

  test("labels escape what Mermaid or HTML would interpret", () => {
    expect(escapeText('a "b" <c> & #d')).toBe("a #quot;b#quot; #lt;c#gt; #amp; #35;d");
  });

  test("names lose the environment so ids match across environments", () => {
    expect(withoutEnv("chatbot-prod-backend", "prod")).toBe("chatbot_backend");
  });

  test("IAM actions are summarized by intent", () => {
    expect(summarizeActions(["ecr:PutImage", "ecr:BatchGetImage"], [])).toBe("push images");
    expect(summarizeActions(["s3:GetObject", "s3:PutObject"], ["arn:aws:s3:::bucket/dev/*"])).toBe("read/write dev/*");
    expect(summarizeActions(["sqs:SendMessage"], ["*"])).toBe("sqs");
  });
});

describe("errors", () => {
  test("the grammar check reports each problem with its line", () => {
    const text = ["%% x", "flowchart LR", '  subgraph end["E"]', '    a["A"]', '    a["A again"]', "  a --> b", "  class a missing;", "  what is this"].join("\n");
    expect(checkMermaid(text)).toEqual([
      'line 3: id "end" is a Mermaid keyword',
      'line 5: id "a" declared twice',
      'line 8: not a recognized statement: "what is this"',
      '1 subgraph(s) not closed with "end"',
      'line 6: edge end "b" is not declared',
      'line 7: class "missing" has no classDef',
    ]);
    expect(checkMermaid("graph TD")).toEqual(['line 1: expected "flowchart <direction>" first, got "graph TD"']);
  });

  test("an unknown option names the ones there are", () => {
    expect(() => parseArgs(["--render"])).toThrow("unknown option --render (use --synth-dir DIR, --no-render, --check)");
    expect(parseArgs(["--check", "--no-render", "--synth-dir=out"])).toEqual({ synthDir: path.resolve("out"), render: false, check: true });
  });
});

/** A Synth of the given stacks, written to a temporary directory and read back. */
function synthOf(stacks: Record<string, object>): Synth {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "diagram-test-"));
  try {
    const manifest = { version: "0.21.0", stacks: {} as Record<string, object> };
    for (const [name, json] of Object.entries(stacks)) {
      fs.mkdirSync(path.join(dir, "stacks", name), { recursive: true });
      fs.writeFileSync(path.join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
      manifest.stacks[name] = { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json`, workingDirectory: `stacks/${name}`, dependencies: [] };
    }
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
    return new Synth(CdktfOut.read(dir));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const withEast = { provider: { aws: [{ region: "ap-southeast-2", allowed_account_ids: ["111111111111"] }, { alias: "us_east_1", region: "us-east-1", allowed_account_ids: ["111111111111"] }] } };
const crossStack = (stack: string, output: string): string => `\${data.terraform_remote_state.cross-stack-reference-input-${stack}.outputs.${output}}`;

/** The environment above with an HTTP API, an EKS cluster, the public edge in front of them and the observability layer. */
const EDGE_STACKS: Record<string, object> = {
  ...STACKS,
  "dev-network": {
    ...(STACKS["dev-network"] as object),
    output: { ...(STACKS["dev-network"] as { output: object }).output, pub_a: { value: "${aws_subnet.PublicA.id}" }, pub_b: { value: "${aws_subnet.PublicB.id}" } },
  },
  "dev-serverless": {
    ...aws,
    resource: {
      ...(STACKS["dev-serverless"] as { resource: object }).resource,
      aws_apigatewayv2_api: { Api: { name: "chatbot-dev-api", protocol_type: "HTTP" } },
      aws_apigatewayv2_route: { Chat: { api_id: "${aws_apigatewayv2_api.Api.id}", route_key: "POST /api/chat" } },
    },
    output: { api_endpoint: { value: "${aws_apigatewayv2_api.Api.api_endpoint}" } },
  },
  "dev-platform": {
    ...aws,
    resource: { aws_eks_cluster: { Cluster: { name: "chatbot-dev", version: "1.31", vpc_config: { subnet_ids: [remote("priv_a"), remote("priv_b")] } } } },
  },
  "dev-edge": {
    ...withEast,
    resource: {
      aws_s3_bucket: { Web: { bucket: "chatbot-dev-web" } },
      aws_cloudfront_origin_access_control: { Oac: { name: "web" } },
      aws_cloudfront_function: { Verify: { name: "chatbot-dev-spa", runtime: "cloudfront-js-2.0", key_value_store_associations: ["${aws_cloudfront_key_value_store.Kvs.arn}"] } },
      aws_cloudfront_key_value_store: { Kvs: { name: "chatbot-dev-origin" } },
      aws_acm_certificate: { Cert: { provider: "aws.us_east_1", domain_name: "dev.chat.example.com", validation_method: "DNS" } },
      aws_wafv2_web_acl: {
        Acl: {
          provider: "aws.us_east_1",
          name: "chatbot-dev-edge",
          scope: "CLOUDFRONT",
          rule: [
            { name: "common", statement: { managed_rule_group_statement: { name: "AWSManagedRulesCommonRuleSet", vendor_name: "AWS" } } },
            { name: "rate-per-ip", statement: { rate_based_statement: { limit: 1000 } } },
          ],
        },
      },
      aws_cloudwatch_log_group: { WafLogs: { provider: "aws.us_east_1", name: "aws-waf-logs-chatbot-dev" } },
      aws_wafv2_web_acl_logging_configuration: { Logs: { provider: "aws.us_east_1", resource_arn: "${aws_wafv2_web_acl.Acl.arn}", log_destination_configs: ["${aws_cloudwatch_log_group.WafLogs.arn}"] } },
      aws_lb: { Alb: { name: "chatbot-dev-backend", load_balancer_type: "application", internal: false, subnets: [crossStack("dev-network", "pub_a"), crossStack("dev-network", "pub_b")] } },
      aws_lb_target_group: { Backend: { name: "chatbot-dev-backend", target_type: "ip", health_check: { path: "/healthz" } } },
      aws_lb_listener: { Https: { load_balancer_arn: "${aws_lb.Alb.arn}", port: 443, protocol: "HTTPS", default_action: [{ type: "forward", target_group_arn: "${aws_lb_target_group.Backend.arn}" }] } },
      aws_cloudfront_distribution: {
        Cdn: {
          comment: "chatbot-dev",
          aliases: ["dev.chat.example.com"],
          price_class: "PriceClass_All",
          http_version: "http2and3",
          web_acl_id: "${aws_wafv2_web_acl.Acl.arn}",
          viewer_certificate: { acm_certificate_arn: "${aws_acm_certificate.Cert.arn}", minimum_protocol_version: "TLSv1.2_2021" },
          origin: [
            { origin_id: "web", domain_name: "${aws_s3_bucket.Web.bucket_regional_domain_name}", origin_access_control_id: "${aws_cloudfront_origin_access_control.Oac.id}" },
            { origin_id: "api", domain_name: `\${replace(${crossStack("dev-serverless", "api_endpoint").slice(2, -1)}, "https://", "")}` },
            { origin_id: "backend", domain_name: "${aws_lb.Alb.dns_name}" },
          ],
          default_cache_behavior: { target_origin_id: "web", function_association: [{ event_type: "viewer-request", function_arn: "${aws_cloudfront_function.Verify.arn}" }] },
          ordered_cache_behavior: [
            { path_pattern: "/api/*", target_origin_id: "api" },
            { path_pattern: "/app/*", target_origin_id: "backend" },
          ],
        },
      },
      aws_route53_zone: { Zone: { name: "dev.chat.example.com" } },
      aws_route53_record: { Apex: { zone_id: "${aws_route53_zone.Zone.zone_id}", type: "A", alias: { name: "${aws_cloudfront_distribution.Cdn.domain_name}" } } },
    },
  },
  "dev-observability": {
    ...withEast,
    resource: {
      aws_sns_topic: { Alerts: { name: "chatbot-dev-alerts", kms_master_key_id: "alias/x" } },
      aws_sns_topic_subscription: { Ops: { topic_arn: "${aws_sns_topic.Alerts.arn}", protocol: "email", endpoint: "ops@example.com" } },
      aws_cloudwatch_metric_alarm: {
        LambdaErrors: { namespace: "AWS/Lambda", alarm_actions: ["${aws_sns_topic.Alerts.arn}"] },
        LambdaThrottles: { namespace: "AWS/Lambda", alarm_actions: ["${aws_sns_topic.Alerts.arn}"] },
        Cdn5xx: { provider: "aws.us_east_1", namespace: "AWS/CloudFront", alarm_actions: ["${aws_sns_topic.Alerts.arn}"] },
      },
      aws_cloudwatch_dashboard: { Main: { dashboard_name: "chatbot-dev" } },
      aws_budgets_budget: { Monthly: { name: "chatbot-dev-monthly", limit_amount: "500", limit_unit: "USD", time_unit: "MONTHLY", notification: [{ notification_type: "FORECASTED", threshold: 100, subscriber_sns_topic_arns: ["${aws_sns_topic.Alerts.arn}"] }] } },
      aws_ce_anomaly_monitor: { Services: { name: "chatbot-dev-services", monitor_type: "DIMENSIONAL", monitor_dimension: "SERVICE" } },
      aws_ce_anomaly_subscription: { Daily: { monitor_arn_list: ["${aws_ce_anomaly_monitor.Services.arn}"], subscriber: [{ type: "SNS", address: "${aws_sns_topic.Alerts.arn}" }] } },
    },
  },
};

describe("the edge and observability", () => {
  const edge = synthOf(EDGE_STACKS);
  const text = buildDiagrams(edge)[0].mermaid;

  test("viewers reach CloudFront (through Route 53) and CloudFront its origins: the S3 frontend through its access control, the API and the load balancer by path", () => {
    expect(text).toContain('  users ==>|"HTTPS"| cloudfront_chatbot');
    expect(text).toContain('  users -.->|"DNS"| route53_chat_example_com');
    expect(text).toContain('  route53_chat_example_com -.->|"alias A"| cloudfront_chatbot');
    expect(text).toContain('  cloudfront_chatbot ==>|"default · origin access control"| s3_chatbot_web');
    expect(text).toContain('  cloudfront_chatbot ==>|"/api/* · HTTPS"| api_chatbot_api');
    expect(text).toContain('  cloudfront_chatbot ==>|"/app/* · HTTPS"| alb_chatbot_backend');
  });

  test("the API fronted by CloudFront is no longer drawn as reached directly", () => {
    expect(text).not.toMatch(/users ==>\|"HTTPS POST \/api\/chat"\| api_chatbot_api/);
  });

  test("the web ACL inspects the distribution and logs to CloudWatch Logs; the certificate, function and key value store hang off the distribution", () => {
    expect(text).toContain('  waf_chatbot_edge -.->|"inspects requests"| cloudfront_chatbot');
    expect(text).toContain('  waf_chatbot_edge -.->|"WAF logs"| cloudwatch_logs');
    expect(text).toContain('  acm_chat_example_com -.-|"TLS"| cloudfront_chatbot');
    expect(text).toContain('  cloudfront_chatbot -.-|"viewer-request"| cf_function_chatbot_spa');
    expect(text).toContain('  cf_function_chatbot_spa -.->|"reads"| kvs_chatbot_origin');
  });

  test("the load balancer sits in the public subnets and forwards to the EKS cluster through its IP target group", () => {
    expect(text).toMatch(/subgraph tier_public[\s\S]*alb_chatbot_backend\{\{"ALB chatbot-dev-backend<br\/>internet-facing<br\/>HTTPS 443<br\/>in apse2-az1, apse2-az2"\}\}[\s\S]*?end/);
    expect(text).toContain('  alb_chatbot_backend -->|"target group chatbot-dev-backend · ip targets · health /healthz"| eks_chatbot');
  });

  test("alarms are grouped by namespace (a us-east-1 alarm says so) and notify the topic, with the budget and anomaly detection", () => {
    expect(text).toContain('alarms_chatbot_alerts["CloudWatch alarms (3)<br/>AWS/CloudFront (us-east-1) x1<br/>AWS/Lambda x2"]');
    expect(text).toContain('  alarms_chatbot_alerts -->|"alarm actions"| sns_chatbot_alerts');
    expect(text).toContain('sns_chatbot_alerts[["SNS chatbot-dev-alerts<br/>subscribers: 1 email<br/>KMS-encrypted"]]');
    expect(text).toContain('  budget_chatbot_monthly -->|"alerts"| sns_chatbot_alerts');
    expect(text).toContain('budget_chatbot_monthly["Budget chatbot-dev-monthly<br/>500 USD / monthly<br/>FORECASTED 100%"]');
    expect(text).toContain('  anomaly_chatbot_services -->|"anomalies"| sns_chatbot_alerts');
    expect(text).toContain('dashboard_chatbot["CloudWatch dashboard chatbot-dev"]');
  });

  test("the facts name the edge, and the Mermaid passes the grammar check", () => {
    const facts = buildEnvironment(edge, "dev").facts;
    expect(facts).toContainEqual(["CloudFront chatbot-dev", "dev.chat.example.com, PriceClass_All, WAF chatbot-dev-edge"]);
    expect(facts).toContainEqual(["Load balancer chatbot-dev-backend", "internet-facing"]);
    expect(facts).toContainEqual(["Alarms", "3 (notify SNS)"]);
    expect(checkMermaid(text)).toEqual([]);
  });

  test("alarms and topics of other layers are not drawn without the observability layer, nor anything of the edge without it", () => {
    const plain = synthOf({ ...STACKS, "dev-data": { ...aws, resource: { aws_sns_topic: { T: { name: "dlq" } }, aws_cloudwatch_metric_alarm: { A: { namespace: "AWS/SQS", alarm_actions: ["${aws_sns_topic.T.arn}"] } } } } });
    const plainText = buildDiagrams(plain)[0].mermaid;
    expect(plainText).not.toContain("Observability");
    expect(plainText).not.toContain("alarms_");
    expect(plainText).not.toContain("Edge · global");
    expect(buildDiagrams(plain)[0].mermaid).toBe(buildDiagrams(synthOf(STACKS))[0].mermaid.replace("dev-network, dev-serverless", "dev-data, dev-network, dev-serverless"));
  });
});
