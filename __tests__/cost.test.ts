import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CdktfOut } from "../tools/lib/cdktf-out";
import { rate, range, signedRange, usd } from "../tools/cost/format";
import { costStack, groupStacks } from "../tools/cost/grouping";
import { CostError, estimate, parseArgs } from "../tools/cost/index";
import { checkPrices, loadPrices, PriceFile, PriceFileError } from "../tools/cost/prices";
import { Testing } from "cdktf";
import { ENVIRONMENTS, SHARED, STATE } from "../environments";
import { buildApp } from "../stacks";
import { backendSettings } from "./helpers";
import { priceAll, priceStack, SOURCED_SHARE_FLOOR, sourcedShare } from "../tools/cost/pricing";

/** Prices the tests rely on, with round numbers where the arithmetic is checked by hand. */
const PRICES: PriceFile = checkPrices(
  {
    region: "ap-southeast-2",
    location: "Asia Pacific (Sydney)",
    prices: {
      "vpc.nat_gateway.hour": { value: 0.05, unit: "USD per hour", source: "s", as_of: "2025-01", confidence: "high" },
      "vpc.nat_gateway.gb_processed": { value: 0.05, unit: "USD per GB", source: "s", as_of: "2025-01" },
      "vpc.public_ipv4.hour": { value: 0.005, unit: "USD per hour", source: "s", as_of: "2025-01" },
      "privatelink.interface_endpoint.az_hour": { value: 0.01, unit: "USD per AZ-hour", source: "s", as_of: "2025-01" },
      "privatelink.interface_endpoint.gb_processed": { value: 0.01, unit: "USD per GB", source: "s", as_of: "2025-01" },
      "ec2.linux.t3.medium.hour": { value: 0.05, unit: "USD per hour", source: "s", as_of: "2025-01", confidence: "low" },
      "ebs.gp3.gb_month": { value: 0.1, unit: "USD per GB-month", source: "s", as_of: "2025-01" },
      "kms.customer_managed_key.month": { value: 1, unit: "USD per key-month", source: "s", as_of: "2025-01" },
      "kms.requests.per_10k": { value: 0.03, unit: "USD per 10k", source: "s", as_of: "2025-01" },
    },
    no_charge: { types: { aws_vpc: "no charge", aws_subnet: "no charge", aws_launch_template: "no charge" } },
  },
  "prices.json",
);

/** Writes a synthesized directory of the given stacks (name -> cdk.tf.json body) and reads it back. */
function synthesized(stacks: Record<string, object>): CdktfOut {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cost-test-"));
  try {
    const manifest = { version: "0.21.0", stacks: {} as Record<string, object> };
    for (const [name, json] of Object.entries(stacks)) {
      fs.mkdirSync(path.join(dir, "stacks", name), { recursive: true });
      fs.writeFileSync(path.join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
      manifest.stacks[name] = { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json`, workingDirectory: `stacks/${name}`, dependencies: [] };
    }
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
    return CdktfOut.read(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const aws = (account: string): object => ({ provider: { aws: [{ region: "ap-southeast-2", allowed_account_ids: [account] }] } });

/** A dev network: two NAT gateways with their two addresses, a third address, two interface endpoints in 2 AZs and one without subnets. */
const devNetwork = {
  ...aws("111111111111"),
  resource: {
    aws_vpc: { Vpc: { cidr_block: "10.0.0.0/16" } },
    aws_subnet: { A: { cidr_block: "10.0.1.0/24" }, B: { cidr_block: "10.0.2.0/24" } },
    aws_nat_gateway: { NatA: { allocation_id: "${aws_eip.EipA.id}" }, NatB: { allocation_id: "${aws_eip.EipB.id}" } },
    aws_eip: { EipA: {}, EipB: {}, Spare: {} },
    aws_vpc_endpoint: {
      Ssm: { vpc_endpoint_type: "Interface", service_name: "com.amazonaws.ap-southeast-2.ssm", subnet_ids: ["${aws_subnet.A.id}", "${aws_subnet.B.id}"] },
      Sts: { vpc_endpoint_type: "Interface", service_name: "com.amazonaws.ap-southeast-2.sts", subnet_ids: ["${aws_subnet.A.id}", "${aws_subnet.B.id}"] },
      Logs: { vpc_endpoint_type: "Interface", service_name: "com.amazonaws.ap-southeast-2.logs", subnet_ids: "${var.subnets}" },
      S3: { vpc_endpoint_type: "Gateway", service_name: "com.amazonaws.ap-southeast-2.s3" },
    },
    aws_kms_key: { Key: { enable_key_rotation: true } },
    aws_transfer_server: { Sftp: {} },
  },
};

const devPlatform = {
  ...aws("111111111111"),
  resource: {
    aws_eks_node_group: {
      General: {
        node_group_name: "general",
        instance_types: ["t3.medium"],
        scaling_config: { min_size: 1, max_size: 3 },
        launch_template: { id: "${aws_launch_template.Lt.id}" },
      },
    },
    aws_launch_template: { Lt: { block_device_mappings: [{ ebs: { volume_size: 50, volume_type: "gp3" } }] } },
  },
};

describe("price rules", () => {
  const out = synthesized({ "dev-network": devNetwork, "dev-platform": devPlatform });
  const network = priceStack("dev", costStack(out.stack("dev-network")!), PRICES);
  const line = (label: RegExp) => network.items.find((i) => label.test(i.label));

  test("NAT gateways are billed per hour all month, and per GB at the environment's assumed volume", () => {
    expect(line(/^NAT gateway hours$/)).toMatchObject({ quantity: "2 x 730 h", unitPrice: "$0.05/h", formula: "2 NAT gateways x $0.05/h x 730 h = $73.00" });
    expect(line(/^NAT gateway hours$/)!.low).toBeCloseTo(73, 6);
    // NAT_GB_PER_MONTH is 2 GB for dev.
    expect(line(/^NAT data processed/)).toMatchObject({ quantity: "2 GB" });
    expect(line(/^NAT data processed/)!.low).toBeCloseTo(0.1, 6);
  });

  test("Elastic IPs are all billed, and the label counts those on NAT gateways", () => {
    expect(line(/^Public IPv4/)).toMatchObject({ label: "Public IPv4: Elastic IPs (2 on NAT gateways)", quantity: "3 x 730 h" });
    expect(line(/^Public IPv4/)!.low).toBeCloseTo(3 * 0.005 * 730, 6);
  });

  test("interface endpoints are billed per AZ of their literal subnet list; gateway endpoints are free", () => {
    expect(line(/^Interface endpoints/)).toMatchObject({ label: "Interface endpoints (ssm, sts), per AZ", quantity: "4 x 730 h", units: 4, formula: "2 endpoints x 2 AZ x $0.01/h x 730 h = $29.20" });
    expect(line(/^Gateway endpoints/)).toMatchObject({ label: "Gateway endpoints (s3): no charge", low: 0 });
  });

  test("what cannot be priced is reported as unknown and adds nothing", () => {
    expect(network.unknowns).toEqual([
      { stack: "dev-network", type: "aws_vpc_endpoint", count: 1, reason: "interface endpoint logs has no literal subnet_ids list, so its AZ count is unknown" },
      { stack: "dev-network", type: "aws_transfer_server", count: 1, reason: "no price rule for this resource type" },
    ]);
    expect(network.items.some((i) => /transfer/.test(i.label))).toBe(false);
  });

  test("types listed under no_charge are counted as free", () => {
    expect(Object.fromEntries(network.freeTypes)).toEqual({ aws_vpc: 1, aws_subnet: 2 });
  });

  test("lines are ordered by category: NAT, IPv4, endpoints, ..., KMS last", () => {
    expect(network.items.map((i) => i.category)).toEqual(["nat", "nat", "ipv4", "endpoints", "endpoints", "endpoints", "kms", "kms"]);
  });

  test("a node group is a range from its minimum to its maximum size, with its launch template's disk", () => {
    const platform = priceStack("dev", costStack(out.stack("dev-platform")!), PRICES);
    const [nodes, volumes] = platform.items;
    expect(nodes).toMatchObject({ label: "EKS nodes: general (t3.medium, min 1 .. max 3)", lowConfidence: true });
    expect(nodes.low).toBeCloseTo(1 * 0.05 * 730, 6);
    expect(nodes.high).toBeCloseTo(3 * 0.05 * 730, 6);
    expect(volumes).toMatchObject({ label: "EKS node volumes: general (50 GB each, from its launch template)", quantity: "1..3 x 50 GB" });
    expect(volumes.low).toBeCloseTo(5, 6);
    expect(volumes.high).toBeCloseTo(15, 6);
  });

  test("a missing price makes the line unknown instead of guessing", () => {
    const platform = priceStack("dev", costStack(out.stack("dev-platform")!), { ...PRICES, prices: { ...PRICES.prices, "ec2.linux.t3.medium.hour": undefined as never } });
    expect(platform.items).toEqual([]);
    expect(platform.unknowns).toEqual([{ stack: "dev-platform", type: "aws_eks_node_group", count: 1, reason: "general: no price ec2.linux.t3.medium.hour in the data file" }]);
  });
});

describe("grouping and totals", () => {
  const out = synthesized({
    bootstrap: { ...aws("444444444444"), resource: { aws_kms_key: { K: {} } } },
    "dev-platform": devPlatform,
    "dev-network": devNetwork,
    "local-network": { ...aws("123456789012"), resource: { aws_nat_gateway: { N: {} } } },
    "shared-111111111111": { ...aws("111111111111"), resource: { aws_kms_key: { K: {} } } },
    "shared-444444444444": { ...aws("444444444444"), resource: {} },
  });
  const groups = groupStacks(out.stacks().map(costStack));

  test("a shared-<account> stack joins the environment deploying to that account; bootstrap and the rest are shared", () => {
    expect(groups.map((g) => [g.env, g.stacks.map((s) => s.name)])).toEqual([
      ["dev", ["dev-network", "dev-platform", "shared-111111111111"]],
      ["local", ["local-network"]],
      ["shared", ["bootstrap", "shared-444444444444"]],
    ]);
  });

  test("the local environment is left out of the totals, and the totals add up the stacks", () => {
    const report = priceAll(groups, PRICES);
    expect(report.groups.map((g) => g.env)).toEqual(["dev", "shared"]);
    expect(report.excluded).toEqual([expect.objectContaining({ env: "local", stacks: ["local-network"] })]);
    const dev = report.groups[0];
    expect(dev.low).toBeCloseTo(dev.stacks.reduce((s, x) => s + x.low, 0), 9);
    expect(report.high).toBeCloseTo(report.groups.reduce((s, g) => s + g.high, 0), 9);
    expect(dev.hasVpcCompute).toBe(true);
    expect(report.keys).toBe(3);
    expect(report.rotatingKeys).toBe(1);
  });

  test("the report prints the totals and writes the same as Markdown", () => {
    const { text, markdown } = estimate(out, PRICES, "`fixture`");
    expect(markdown).toContain("Written by `npm run cost` (`tools/cost/`)");
    expect(markdown).toContain("It prices the stacks as synthesized (6 stacks from `fixture`)");
    expect(markdown).toMatch(/^\| \*\*total\*\* \| \*\*[\d,.]+ \.\. [\d,.]+\*\* \| \*\*dev \+ shared\*\* \|  \|$/m);
    expect(markdown).toContain("Not priced: `local` (local-network)");
    expect(text).toMatch(/^TOTALS\n======$/m);
    expect(text).not.toContain("**");
  });
});

describe("test environments and Terraform Cloud", () => {
  const groups = groupStacks(
    synthesized({
      "local-network": { ...aws("123456789012"), resource: { aws_nat_gateway: { N: {} } } },
      "remote-network": { ...aws("123456789012"), resource: { aws_nat_gateway: { N: {} } } },
      "shared-123456789012": { ...aws("123456789012"), resource: { aws_iam_role: { R: {} } } },
      "tfc-acme": { terraform: {}, resource: { tfe_workspace: { W: {} } } } as never,
    })
      .stacks()
      .map(costStack),
  );

  test("the shared stack of an account hosting only left-out environments is left out with them; tfc-* stacks are shared", () => {
    expect(groups.map((g) => [g.env, g.stacks.map((s) => s.name)])).toEqual([
      ["local", ["local-network", "shared-123456789012"]],
      ["remote", ["remote-network"]],
      ["shared", ["tfc-acme"]],
    ]);
    const report = priceAll(groups, { ...PRICES, noChargeTypes: { ...PRICES.noChargeTypes, tfe_workspace: "Terraform Cloud" } });
    expect(report.excluded.map((x) => x.env)).toEqual(["local", "remote"]);
    expect(report.high).toBe(0);
  });
});

describe("formatting", () => {
  test("unit prices keep their digits, with at least two decimals and never an exponent", () => {
    expect(rate(0.0000166667)).toBe("$0.0000166667");
    expect(rate(1)).toBe("$1.00");
    expect(rate(0.059)).toBe("$0.059");
  });

  test("amounts and ranges are rounded to cents", () => {
    expect(usd(1234.5)).toBe("$1,234.50");
    expect(range(1, 1.001)).toBe("1.00");
    expect(range(1, 2)).toBe("1.00 .. 2.00");
    expect(signedRange(-3.5, -3.5)).toBe("-3.50");
  });
});

describe("errors", () => {
  test("an unknown argument shows the usage", () => {
    expect(() => parseArgs(["--bogus"])).toThrow(new CostError("unknown argument --bogus; usage: npm run cost [-- --no-write] [--from <synthesized dir>]"));
  });

  test("--from without a directory says what it needs", () => {
    expect(() => parseArgs(["--from"])).toThrow("--from needs a directory holding manifest.json, e.g. --from cdktf.out");
    expect(parseArgs(["--from=cdktf.out", "--no-write"])).toEqual({ write: false, from: "cdktf.out", help: false });
  });

  test("a price without a source, or with a negative value, stops the run", () => {
    const file = (price: object): object => ({ region: "r", location: "l", prices: { p: price }, no_charge: { types: {} } });
    expect(() => checkPrices(file({ value: 1, unit: "u", as_of: "2025-01" }), "pricing/x.json")).toThrow(new PriceFileError("pricing/x.json: price p has no source"));
    expect(() => checkPrices(file({ value: -1, unit: "u", source: "s", as_of: "2025-01" }), "pricing/x.json")).toThrow("pricing/x.json: price p has value -1, not a number >= 0");
  });
});

/** Prices for the edge and observability rules: home (Sydney) prices, a us-east-1 section, and prices the same everywhere. */
const EDGE_PRICES: PriceFile = checkPrices(
  {
    region: "ap-southeast-2",
    location: "Asia Pacific (Sydney)",
    prices: {
      "cloudfront.data_transfer_out.au.gb": { value: 0.1, unit: "USD per GB", source: "s", as_of: "2026-12-02", scope: "global" },
      "cloudfront.https_requests.au.per_10k": { value: 0.01, unit: "USD per 10k", source: "s", as_of: "2025-01", scope: "global", verify: true },
      "cloudfront.data_transfer_out.na.gb": { value: 0.08, unit: "USD per GB", source: "s", as_of: "2026-12-02", scope: "global" },
      "cloudfront.https_requests.na.per_10k": { value: 0.008, unit: "USD per 10k", source: "s", as_of: "2026-12-02", scope: "global" },
      "cloudfront.functions.per_million": { value: 0.1, unit: "USD per 1M", source: "s", as_of: "2026-12-02", scope: "global" },
      "cloudfront.kvs_reads.per_million": { value: 0.03, unit: "USD per 1M", source: "s", as_of: "2025-01", scope: "global", verify: true },
      "waf.web_acl.month": { value: 5, unit: "USD per ACL-month", source: "s", as_of: "2026-12-02", scope: "global" },
      "waf.rule.month": { value: 1, unit: "USD per rule-month", source: "s", as_of: "2026-12-02", scope: "global" },
      "waf.requests.per_million": { value: 0.6, unit: "USD per 1M", source: "s", as_of: "2026-12-02", scope: "global" },
      "route53.hosted_zone.month": { value: 0.5, unit: "USD per zone-month", source: "s", as_of: "2026-12-02", scope: "global" },
      "route53.queries.standard.per_million": { value: 0.4, unit: "USD per 1M", source: "s", as_of: "2025-01", scope: "global", verify: true },
      "cloudwatch.alarm.month": { value: 0.2, unit: "USD per alarm metric-month", source: "s", as_of: "2025-01", verify: true },
      "cloudwatch.alarm.high_resolution.month": { value: 0.6, unit: "USD per alarm metric-month", source: "s", as_of: "2025-01", verify: true },
      "cloudwatch.dashboard.month": { value: 3, unit: "USD per dashboard-month", source: "s", as_of: "2026-12-02", scope: "global" },
      "budgets.budget.day": { value: 0.02, unit: "USD per budget-day", source: "s", as_of: "2026-12-02", scope: "global" },
      "sns.email.per_100k": { value: 2, unit: "USD per 100k", source: "s", as_of: "2025-01", scope: "global", verify: true },
      "logs.ingestion.gb": { value: 0.6, unit: "USD per GB", source: "s", as_of: "2025-01", verify: true },
      "logs.vended.gb": { value: 0.6, unit: "USD per GB", source: "s", as_of: "2025-01", verify: true },
      "logs.storage.gb_month": { value: 0.04, unit: "USD per GB-month", source: "s", as_of: "2025-01", verify: true },
      "kms.customer_managed_key.month": { value: 1, unit: "USD per key-month", source: "s", as_of: "2026-12-02" },
      "kms.requests.per_10k": { value: 0.03, unit: "USD per 10k", source: "s", as_of: "2026-12-02" },
      "elasticache.redis.cache.t4g.small.hour": { value: 0.04, unit: "USD per node-hour", source: "s", as_of: "2026-12-02" },
      "elasticache.valkey.cache.t4g.small.hour": { value: 0.032, unit: "USD per node-hour", source: "s", as_of: "2025-01", verify: true },
    },
    regions: {
      "us-east-1": {
        prices: {
          "cloudwatch.alarm.month": { value: 0.1, unit: "USD per alarm metric-month", source: "s", as_of: "2026-12-02" },
          "logs.vended.gb": { value: 0.5, unit: "USD per GB", source: "s", as_of: "2025-01", verify: true },
          "logs.storage.gb_month": { value: 0.03, unit: "USD per GB-month", source: "s", as_of: "2026-12-02" },
        },
      },
    },
    no_charge: { types: { aws_route53_record: "no charge", aws_wafv2_web_acl_logging_configuration: "no charge" } },
  },
  "prices.json",
);

const EDGE_ACCOUNT = "555555555555";
/** An AWS provider in Sydney plus one aliased to us-east-1, as the edge stack configures them. */
const twoRegions = {
  provider: {
    aws: [
      { region: "ap-southeast-2", allowed_account_ids: [EDGE_ACCOUNT] },
      { alias: "us_east_1", region: "us-east-1", allowed_account_ids: [EDGE_ACCOUNT] },
    ],
  },
};
const east = "aws.us_east_1";

const devEdge = {
  ...twoRegions,
  resource: {
    aws_cloudfront_distribution: {
      Cdn: { comment: "chatbot-dev", price_class: "PriceClass_All", default_cache_behavior: [{ function_association: [{ event_type: "viewer-request", function_arn: "${aws_cloudfront_function.Verify.arn}" }] }] },
      Cheap: { comment: "chatbot-dev-docs", price_class: "PriceClass_100" },
    },
    aws_cloudfront_function: { Verify: { name: "verify-origin", key_value_store_associations: ["${aws_cloudfront_key_value_store.Kvs.arn}"] }, Idle: { name: "idle" } },
    aws_cloudfront_key_value_store: { Kvs: { name: "origin-values" } },
    aws_wafv2_web_acl: {
      Acl: {
        provider: east,
        name: "chatbot-dev-edge",
        scope: "CLOUDFRONT",
        rule: [
          { name: "common", statement: { managed_rule_group_statement: { vendor_name: "AWS", name: "AWSManagedRulesCommonRuleSet" } } },
          { name: "bad-inputs", statement: { managed_rule_group_statement: { vendor_name: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" } } },
          { name: "rate", statement: { rate_based_statement: { limit: 1000, aggregate_key_type: "IP" } } },
        ],
      },
      Bots: { provider: east, name: "bots", scope: "CLOUDFRONT", rule: [{ name: "bots", statement: { managed_rule_group_statement: { vendor_name: "AWS", name: "AWSManagedRulesBotControlRuleSet" } } }] },
    },
    aws_wafv2_web_acl_logging_configuration: { Logs: { provider: east, resource_arn: "${aws_wafv2_web_acl.Acl.arn}", log_destination_configs: ["${aws_cloudwatch_log_group.WafLogs.arn}"] } },
    aws_cloudwatch_log_group: { WafLogs: { provider: east, name: "aws-waf-logs-chatbot-dev", retention_in_days: 365 } },
    aws_kms_key: { EastKey: { provider: east } },
    aws_cloudwatch_metric_alarm: {
      Cdn5xx: { provider: east, period: 60, metric_name: "5xxErrorRate" },
      Api5xx: { period: 300, metric_name: "5xx" },
      Fast: { period: 10, metric_name: "Errors" },
      Ratio: { metric_query: [{ id: "e", expression: "a / b" }, { id: "a", metric: [{ metric_name: "Errors", period: 60 }] }, { id: "b", metric: [{ metric_name: "Invocations", period: 60 }] }] },
    },
    aws_route53_zone: { Zone: { name: "dev.chat.example.com" } },
    aws_route53_record: { Apex: { type: "A", alias: [{ name: "${aws_cloudfront_distribution.Cdn.domain_name}" }] }, Validation: { type: "CNAME", records: ["x.acm-validations.aws."] } },
    aws_acm_certificate: { Cert: { provider: east, domain_name: "dev.chat.example.com" }, Private: { domain_name: "internal", certificate_authority_arn: "arn:aws:acm-pca:ap-southeast-2:555555555555:certificate-authority/x" } },
    aws_cloudwatch_dashboard: { D1: {}, D2: {} },
    aws_elasticache_replication_group: {
      Redis: { replication_group_id: "r", engine: "redis", node_type: "cache.t4g.small", num_cache_clusters: 2 },
      Valkey: { replication_group_id: "v", engine: "valkey", node_type: "cache.t4g.small", num_cache_clusters: 2 },
    },
  },
};

const devObservability = {
  provider: { aws: [{ region: "ap-southeast-2", allowed_account_ids: [EDGE_ACCOUNT] }] },
  resource: {
    aws_cloudwatch_dashboard: { D3: {}, D4: {} },
    aws_budgets_budget: { Monthly: {}, Forecast: {}, Extra: {} },
    aws_sns_topic_subscription: { Ops: { protocol: "email" }, Oncall: { protocol: "email" }, Queue: { protocol: "sqs" } },
  },
};

describe("edge and observability rules", () => {
  const out = synthesized({ "dev-edge": devEdge, "dev-observability": devObservability });
  const edge = priceStack("dev", costStack(out.stack("dev-edge")!), EDGE_PRICES);
  const line = (label: RegExp) => edge.items.find((i) => label.test(i.label));

  test("CloudFront is billed by the price class's place: data transfer out and HTTPS requests at the environment's assumed edge traffic", () => {
    // EDGE_GB_PER_MONTH is 10 GB and EDGE_REQUESTS_PER_MONTH 250,000 for dev.
    expect(line(/^CloudFront data transfer out: chatbot-dev \(/)).toMatchObject({ quantity: "10 GB", unitPrice: "$0.10/GB", category: "cloudfront", sourced: true });
    expect(line(/^CloudFront data transfer out: chatbot-dev \(/)!.low).toBeCloseTo(1, 9);
    expect(line(/^CloudFront HTTPS requests: chatbot-dev /)).toMatchObject({ quantity: "250,000 requests", sourced: false });
    expect(line(/^CloudFront HTTPS requests: chatbot-dev /)!.low).toBeCloseTo(0.25, 9);
    // Price class 100 serves Australian viewers from North American and European edges, at their price.
    expect(line(/^CloudFront data transfer out: chatbot-dev-docs/)!.label).toContain("price class 100");
    expect(line(/^CloudFront data transfer out: chatbot-dev-docs/)!.low).toBeCloseTo(0.8, 9);
  });

  test("a CloudFront function a distribution runs is invoked on every viewer request; its key value store is read once per invocation; an unused function is free", () => {
    expect(line(/^CloudFront Functions: verify-origin/)).toMatchObject({ quantity: "250,000 invocations" });
    expect(line(/^CloudFront Functions: verify-origin/)!.low).toBeCloseTo(0.025, 9);
    expect(line(/^CloudFront KeyValueStore reads: origin-values/)).toMatchObject({ quantity: "250,000 reads" });
    expect(line(/^CloudFront KeyValueStore reads/)!.low).toBeCloseTo(0.0075, 9);
    expect(edge.items.some((i) => /idle/.test(i.label))).toBe(false);
    expect(edge.freeTypes.get("aws_cloudfront_function")).toBe(1);
  });

  test("a web ACL in us-east-1 is billed at the global WAF prices: the ACL, one rule-month per rule (a managed group is one rule), and every inspected request", () => {
    const acl = line(/^WAF web ACL: chatbot-dev-edge/)!;
    expect(acl).toMatchObject({ label: "WAF web ACL: chatbot-dev-edge (CLOUDFRONT, 3 rules, 2 of them managed rule groups)", formula: "1 web ACL x $5.00 + 3 rules x $1.00 = $8.00", category: "edge" });
    expect(line(/^WAF requests inspected: chatbot-dev-edge/)!.low).toBeCloseTo(0.25 * 0.6, 9);
  });

  test("a managed rule group with a fee of its own is reported as unknown instead of priced at the rule-month alone", () => {
    expect(edge.unknowns).toContainEqual({
      stack: "dev-edge",
      type: "aws_wafv2_web_acl",
      count: 1,
      reason: "bots: managed rule groups with fees of their own (AWSManagedRulesBotControlRuleSet) have no price in the data file (in us-east-1)",
    });
  });

  test("WAF logs to a us-east-1 log group are vended logs at us-east-1 prices, and the line names the region", () => {
    // 250,000 inspected requests x 1.5 KB = 0.358 GB a month.
    const ingest = line(/^Log ingestion \(vended WAF logs\)/)!;
    expect(ingest).toMatchObject({ label: "Log ingestion (vended WAF logs): aws-waf-logs-chatbot-dev (us-east-1)", unitPrice: "$0.50/GB" });
    expect(ingest.low).toBeCloseTo(((250_000 * 1.5) / (1024 * 1024)) * 0.5, 9);
    expect(line(/^Log storage: aws-waf-logs-chatbot-dev/)).toMatchObject({ unitPrice: "$0.03/GB-month", sourced: true });
  });

  test("alarms: each region at its own price, high resolution apart, a metric-math alarm billed per metric it reads", () => {
    const home = edge.items.filter((i) => i.label.startsWith("CloudWatch alarms"));
    expect(home.map((i) => [i.label, i.quantity, i.unitPrice])).toEqual([
      ["CloudWatch alarms (standard resolution, 2 alarms)", "3 alarm metrics", "$0.20/alarm-month"],
      ["CloudWatch alarms (high resolution)", "1 alarm", "$0.60/alarm-month"],
      ["CloudWatch alarms (standard resolution) (us-east-1)", "1 alarm", "$0.10/alarm-month"],
    ]);
  });

  test("a us-east-1 resource whose price is neither given for us-east-1 nor global is unknown, not priced at Sydney's", () => {
    expect(edge.unknowns).toContainEqual({ stack: "dev-edge", type: "aws_kms_key", count: 1, reason: "no price kms.customer_managed_key.month in the data file (in us-east-1)" });
  });

  test("Route 53: the zone-month and its non-alias queries; alias queries are free", () => {
    expect(line(/^Route 53 hosted zones/)).toMatchObject({ label: "Route 53 hosted zones (dev.chat.example.com)", quantity: "1 zone", low: 0.5 });
    expect(line(/^Route 53 standard queries/)!.label).toContain("the 1 alias record to AWS resources are free");
    expect(line(/^Route 53 standard queries/)!.low).toBeCloseTo(0.04, 9);
  });

  test("a public ACM certificate is free; a private one is unknown", () => {
    expect(edge.freeTypes.get("aws_acm_certificate")).toBe(1);
    expect(edge.unknowns).toContainEqual({ stack: "dev-edge", type: "aws_acm_certificate", count: 1, reason: "internal: private certificates have no price in the data file" });
  });

  test("ElastiCache prices nodes by the replication group's engine: Valkey below Redis OSS", () => {
    const redis = line(/^ElastiCache \(Redis OSS\): r /)!;
    const valkey = line(/^ElastiCache \(Valkey\): v /)!;
    expect(redis.low).toBeCloseTo(2 * 0.04 * 730, 9);
    expect(valkey.low).toBeCloseTo(2 * 0.032 * 730, 9);
    expect([redis.sourced, valkey.sourced]).toEqual([true, false]);
  });

  test("an account's first 3 dashboards and first 2 budgets are free across its stacks; budgets are billed per day", () => {
    const report = priceAll(groupStacks(out.stacks().map(costStack)), EDGE_PRICES);
    const items = report.groups[0].items;
    const dashboards = items.filter((i) => i.label.startsWith("CloudWatch dashboards"));
    expect(dashboards.map((i) => [i.label, i.quantity])).toEqual([
      ["CloudWatch dashboards (2 of 2 within the account's 3 free)", "0"],
      ["CloudWatch dashboards (1 of 2 within the account's 3 free)", "1"],
    ]);
    const budgets = items.find((i) => i.label.startsWith("AWS Budgets"))!;
    expect(budgets.label).toBe("AWS Budgets (2 of 3 within the account's 2 free)");
    expect(budgets.low).toBeCloseTo(0.02 * (730 / 24), 9);
    const email = items.find((i) => i.label.startsWith("SNS email"))!;
    expect(email).toMatchObject({ label: "SNS email notifications (2 subscriptions, assumed volume)", quantity: "200 emails" });
  });

  test("the sourced share counts only lines whose every price is read from a dated page", () => {
    const report = priceAll(groupStacks(out.stacks().map(costStack)), EDGE_PRICES);
    const dev = report.groups[0];
    const sourced = dev.items.filter((i) => i.sourced).reduce((s, i) => s + i.low, 0);
    expect(dev.sourcedLow).toBeCloseTo(sourced, 9);
    expect(sourcedShare(dev)).toBeCloseTo(sourced / dev.low, 9);
    expect(sourcedShare(dev)).toBeGreaterThan(0);
    expect(sourcedShare(dev)).toBeLessThan(1);
    const { markdown } = estimate(out, EDGE_PRICES, "`fixture`");
    expect(markdown).toContain(`| dev | ${sourced.toFixed(2)} | ${dev.low.toFixed(2)} | ${((sourced / dev.low) * 100).toFixed(1)}% |`);
  });

  test("the price file refuses an unknown scope and a regions section without prices", () => {
    const file = (extra: object, price: object = { value: 1, unit: "u", source: "s", as_of: "2026-12-02" }): object => ({ region: "r", location: "l", prices: { p: price }, no_charge: { types: {} }, ...extra });
    expect(() => checkPrices(file({}, { value: 1, unit: "u", source: "s", as_of: "2026-12-02", scope: "world" }), "pricing/x.json")).toThrow(
      'pricing/x.json: price p has scope "world"; the only scope is "global" (the same price in every region)',
    );
    expect(() => checkPrices(file({ regions: { "us-east-1": {} } }), "pricing/x.json")).toThrow("pricing/x.json: regions.us-east-1.prices is missing; expected an object of prices by id");
    expect(() => checkPrices(file({ regions: { "us-east-1": { prices: { q: { value: 1, unit: "u", as_of: "x" } } } } }), "pricing/x.json")).toThrow("pricing/x.json: price regions.us-east-1.q has no source");
  });
});

/** Every stack of the app, synthesized as `npm run synth` synthesizes them, read back with the cdktf.out reader. */
function synthesizedApp(): CdktfOut {
  const app = Testing.app();
  buildApp(app, { environments: ENVIRONMENTS, allEnvironments: ENVIRONMENTS, shared: SHARED, backendSettings, state: STATE });
  app.synth();
  try {
    return CdktfOut.read(app.outdir);
  } finally {
    fs.rmSync(app.outdir, { recursive: true, force: true });
  }
}

/**
 * Today's sourced share of each environment, rounded down: a price marked `verify` again, or a new line on
 * unsourced prices outgrowing the sourced ones, fails the first test below. Raise these as prices are re-read.
 */
const SOURCED_SHARE_NOW: Readonly<Record<string, number>> = { dev: 0.98, staging: 0.96, prod: 0.86 };

describe("sourced prices in the synthesized environments", () => {
  const prices = loadPrices(path.join(__dirname, "..", "pricing", "ap-southeast-2.json"), "pricing/ap-southeast-2.json");
  const report = priceAll(groupStacks(synthesizedApp().stacks().map(costStack)), prices);
  const envs = report.groups.filter((g) => g.env !== "shared");
  const shares = Object.fromEntries(envs.map((g) => [g.env, Math.floor(sourcedShare(g) * 1000) / 1000]));

  test("no environment's sourced share falls below where it stands today", () => {
    expect(Object.keys(shares).sort()).toEqual(Object.keys(SOURCED_SHARE_NOW).sort());
    const below = Object.entries(SOURCED_SHARE_NOW).filter(([env, floor]) => !(shares[env] >= floor));
    expect(below.map(([env, floor]) => `${env}: ${shares[env]} < ${floor}`)).toEqual([]);
  });

  // The goal of issue 15: at least SOURCED_SHARE_FLOOR of every environment's total on sourced prices. It is
  // met by dev and staging but not yet by prod: its MongoDB Atlas M20 cluster on AWS Sydney has no dated source
  // page (Atlas shows regional prices only in its calculator and console; only the M10 has a dated record), so
  // this test is marked failing; jest reports it as soon as the goal is met, and `.failing` must then be removed
  // so that the floor holds from then on.
  test.failing(`every environment has at least ${SOURCED_SHARE_FLOOR * 100}% of its total on sourced prices (not yet met: marked failing)`, () => {
    expect(envs.filter((g) => sourcedShare(g) < SOURCED_SHARE_FLOOR).map((g) => g.env)).toEqual([]);
  });
});
