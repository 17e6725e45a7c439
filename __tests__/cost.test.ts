import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CdktfOut } from "../tools/lib/cdktf-out";
import { rate, range, signedRange, usd } from "../tools/cost/format";
import { costStack, groupStacks } from "../tools/cost/grouping";
import { CostError, estimate, parseArgs } from "../tools/cost/index";
import { checkPrices, PriceFile, PriceFileError } from "../tools/cost/prices";
import { priceAll, priceStack } from "../tools/cost/pricing";

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
