import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Network, NetworkProps } from "../constructs/network";
import { TfJson, resources } from "./helpers";
import { environmentAzIds } from "../lib/regions";

const baseProps: NetworkProps = {
  namePrefix: "chatbot-test",
  accountId: "123456789012",
  region: "ap-southeast-2",
  cidr: "10.50.0.0/16",
  availabilityZoneIds: ["apse2-az3", "apse2-az1", "apse2-az2"],
  subnetMasks: { public: 24, privateApp: 20, data: 24 },
  nat: "perAz",
  interfaceEndpoints: ["secretsmanager", "logs", "ecr.api", "ecr.dkr", "sts", "ssm"],
  flowLogs: { retentionDays: 365 },
};

function synth(props: Partial<NetworkProps> = {}): string {
  return Testing.synthScope((scope) => {
    new Network(scope, "Network", { ...baseProps, ...props });
  });
}

function parsed(props: Partial<NetworkProps> = {}): TfJson {
  return JSON.parse(synth(props));
}

/** The resource body behind a `${type.name.id}` reference. */
function byRef(json: TfJson, ref: string): any {
  const match = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_]+)\.[a-z_]+\}$/.exec(ref);
  if (!match) throw new Error(`not a reference: ${ref}`);
  return json.resource[match[1]][match[2]];
}

describe("Network", () => {
  test("creates a VPC with DNS support and hostnames", () => {
    expect(synth()).toHaveResourceWithProperties(Vpc, {
      cidr_block: "10.50.0.0/16",
      enable_dns_support: true,
      enable_dns_hostnames: true,
    });
  });

  test("creates one subnet per tier and AZ with the planned CIDRs, none mapping public IPs", () => {
    const json = parsed();
    const subnets = resources(json, "aws_subnet");
    expect(subnets).toHaveLength(9);
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
    const byTier = (tier: string) => subnets.filter((s) => s.tags.Tier === tier).map((s) => [s.availability_zone_id, s.cidr_block]);
    expect(byTier("public")).toEqual([
      ["apse2-az3", "10.50.128.0/24"],
      ["apse2-az1", "10.50.129.0/24"],
      ["apse2-az2", "10.50.130.0/24"],
    ]);
    expect(byTier("privateApp").map(([, c]) => c)).toEqual(["10.50.0.0/20", "10.50.16.0/20", "10.50.32.0/20"]);
    expect(byTier("data").map(([, c]) => c)).toEqual(["10.50.136.0/24", "10.50.137.0/24", "10.50.138.0/24"]);
  });

  test("perAz NAT: one gateway per AZ, each private route table uses its own AZ's gateway", () => {
    const json = parsed({ nat: "perAz" });
    const nats = json.resource.aws_nat_gateway;
    expect(Object.keys(nats)).toHaveLength(3);
    const natRoutes = resources(json, "aws_route").filter((r) => r.nat_gateway_id);
    expect(natRoutes).toHaveLength(3);
    for (const route of natRoutes) {
      const table = byRef(json, route.route_table_id);
      const nat = byRef(json, route.nat_gateway_id);
      const natSubnet = byRef(json, nat.subnet_id);
      expect(table.tags.Name).toBe(`chatbot-test-private-app-${natSubnet.availability_zone_id}`);
    }
  });

  test("single NAT: one gateway, in the first AZ, shared by every private route table", () => {
    const json = parsed({ nat: "single" });
    const nats = resources(json, "aws_nat_gateway");
    expect(nats).toHaveLength(1);
    expect(byRef(json, nats[0].subnet_id).availability_zone_id).toBe("apse2-az3");
    const natRoutes = resources(json, "aws_route").filter((r) => r.nat_gateway_id);
    expect(natRoutes).toHaveLength(3);
    expect(new Set(natRoutes.map((r) => r.nat_gateway_id)).size).toBe(1);
  });

  test("no NAT: no gateway and no default route for the private app tier", () => {
    const json = parsed({ nat: "none" });
    expect(json.resource.aws_nat_gateway).toBeUndefined();
    expect(json.resource.aws_eip).toBeUndefined();
    expect(resources(json, "aws_route").filter((r) => r.nat_gateway_id)).toHaveLength(0);
  });

  test("the public route table is the only one with a route to the internet gateway", () => {
    const json = parsed();
    const igwRoutes = resources(json, "aws_route").filter((r) => r.gateway_id);
    expect(igwRoutes).toHaveLength(1);
    expect(byRef(json, igwRoutes[0].route_table_id).tags.Name).toBe("chatbot-test-public");
    expect(igwRoutes[0].destination_cidr_block).toBe("0.0.0.0/0");
  });

  test("the data tier has no default route at all", () => {
    const json = parsed();
    const dataTables = Object.entries(json.resource.aws_route_table).filter(([, t]) => t.tags.Name === "chatbot-test-data");
    expect(dataTables).toHaveLength(1);
    const [dataId] = dataTables[0];
    const routes = resources(json, "aws_route").filter((r) => r.route_table_id === `\${aws_route_table.${dataId}.id}`);
    expect(routes).toEqual([]);
    // Inline routes would be another way to add one.
    expect(dataTables[0][1].route).toBeUndefined();
    // Every data subnet is associated with the data table.
    const dataSubnetIds = Object.entries(json.resource.aws_subnet).filter(([, s]) => s.tags.Tier === "data").map(([id]) => `\${aws_subnet.${id}.id}`);
    const assoc = resources(json, "aws_route_table_association").filter((a) => dataSubnetIds.includes(a.subnet_id));
    expect(assoc.map((a) => a.route_table_id)).toEqual(dataSubnetIds.map(() => `\${aws_route_table.${dataId}.id}`));
  });

  test("gateway endpoints for S3 and DynamoDB sit on the private app and data route tables", () => {
    const json = parsed();
    const gateways = resources(json, "aws_vpc_endpoint").filter((e) => e.vpc_endpoint_type === "Gateway");
    expect(gateways.map((g) => g.service_name).sort()).toEqual(["com.amazonaws.ap-southeast-2.dynamodb", "com.amazonaws.ap-southeast-2.s3"]);
    for (const g of gateways) {
      const names = g.route_table_ids.map((ref: string) => byRef(json, ref).tags.Name).sort();
      expect(names).toEqual([
        "chatbot-test-data",
        "chatbot-test-private-app-apse2-az1",
        "chatbot-test-private-app-apse2-az2",
        "chatbot-test-private-app-apse2-az3",
      ]);
    }
  });

  test("interface endpoints use private DNS, the app subnets and their own security group", () => {
    const json = parsed({ interfaceEndpoints: ["ecr.api", "sts"] });
    const interfaces = resources(json, "aws_vpc_endpoint").filter((e) => e.vpc_endpoint_type === "Interface");
    expect(interfaces.map((e) => e.service_name)).toEqual(["com.amazonaws.ap-southeast-2.ecr.api", "com.amazonaws.ap-southeast-2.sts"]);
    for (const e of interfaces) {
      expect(e.private_dns_enabled).toBe(true);
      expect(e.subnet_ids.map((ref: string) => byRef(json, ref).tags.Tier)).toEqual(["privateApp", "privateApp", "privateApp"]);
      expect(e.security_group_ids.map((ref: string) => byRef(json, ref).name)).toEqual(["chatbot-test-endpoints"]);
    }
    expect(synth()).toHaveResourceWithProperties(VpcEndpoint, { service_name: "com.amazonaws.ap-southeast-2.ssm", private_dns_enabled: true });
  });

  test("security groups: only the edge tier accepts traffic from 0.0.0.0/0, and only on 80/443", () => {
    const json = parsed();
    const rules = resources(json, "aws_security_group_rule");
    const open = rules.filter((r) => r.type === "ingress" && (r.cidr_blocks ?? []).includes("0.0.0.0/0"));
    expect(open.map((r) => [byRef(json, r.security_group_id).name, r.from_port, r.to_port]).sort()).toEqual([
      ["chatbot-test-edge", 443, 443],
      ["chatbot-test-edge", 80, 80],
    ]);
    expect(rules.every((r) => typeof r.description === "string" && r.description.length > 0)).toBe(true);
    // No inline rules anywhere (they would fight the rule resources).
    expect(resources(json, "aws_security_group").every((g) => g.ingress === undefined && g.egress === undefined)).toBe(true);
  });

  test("security groups: app only from edge on the app port, data only from app on the data ports", () => {
    const json = parsed({ appPort: 9000, dataPorts: [5432] });
    const rules = resources(json, "aws_security_group_rule").filter((r) => r.type === "ingress");
    const from = (group: string) =>
      rules
        .filter((r) => byRef(json, r.security_group_id).name === `chatbot-test-${group}`)
        .map((r) => [r.source_security_group_id ? byRef(json, r.source_security_group_id).name : r.cidr_blocks, r.from_port]);
    expect(from("app")).toEqual([["chatbot-test-edge", 9000]]);
    expect(from("data")).toEqual([["chatbot-test-app", 5432]]);
    expect(from("endpoints")).toEqual([[["10.50.0.0/16"], 443]]);
  });

  test("the default security group is adopted with no rules", () => {
    const json = parsed();
    const [group] = resources(json, "aws_default_security_group");
    expect(group.ingress).toBeUndefined();
    expect(group.egress).toBeUndefined();
    expect(synth()).toHaveResource(DefaultSecurityGroup);
  });

  test("NACLs: the data tier admits the data ports from the app tier and denies the rest of the VPC first", () => {
    const json = parsed({ dataPorts: [5432] });
    const acl = resources(json, "aws_network_acl").find((a) => a.tags.Name === "chatbot-test-data");
    const ingress = acl.ingress.map((r: any) => [r.rule_no, r.action, r.protocol, r.cidr_block, r.from_port, r.to_port]);
    expect(ingress).toEqual([
      [100, "allow", "tcp", "10.50.0.0/17", 5432, 5432],
      [110, "allow", "-1", "10.50.136.0/21", 0, 0],
      [120, "allow", "tcp", "10.50.0.0/17", 1024, 65535],
      [130, "deny", "-1", "10.50.0.0/16", 0, 0],
      [140, "allow", "tcp", "0.0.0.0/0", 1024, 65535],
    ]);
  });

  test("NACLs: the public tier allows 80, 443 and return traffic in, and is associated with the public subnets", () => {
    const json = parsed();
    const acl = resources(json, "aws_network_acl").find((a) => a.tags.Name === "chatbot-test-public");
    const fromAnywhere = acl.ingress.filter((r: any) => r.cidr_block === "0.0.0.0/0").map((r: any) => [r.from_port, r.to_port]);
    expect(fromAnywhere).toEqual([
      [443, 443],
      [80, 80],
      [1024, 65535],
    ]);
    expect(acl.subnet_ids.map((ref: string) => byRef(json, ref).tags.Tier)).toEqual(["public", "public", "public"]);
  });

  test("NACLs: the private app tier never admits new connections from the internet", () => {
    const json = parsed();
    const acl = resources(json, "aws_network_acl").find((a) => a.tags.Name === "chatbot-test-private-app");
    const fromAnywhere = acl.ingress.filter((r: any) => r.cidr_block === "0.0.0.0/0");
    expect(fromAnywhere.map((r: any) => [r.protocol, r.from_port, r.to_port])).toEqual([["tcp", 1024, 65535]]);
  });

  test("NACLs: the data tier reaches the interface endpoints in the app tier both ways", () => {
    const json = parsed();
    const acl = (name: string) => resources(json, "aws_network_acl").find((a) => a.tags.Name === `chatbot-test-${name}`);
    const rule = (r: any) => [r.action, r.protocol, r.cidr_block, r.from_port, r.to_port];
    expect(acl("data").egress.map(rule)).toContainEqual(["allow", "tcp", "10.50.0.0/17", 443, 443]);
    expect(acl("private-app").ingress.map(rule)).toContainEqual(["allow", "tcp", "10.50.136.0/21", 443, 443]);
    expect(acl("private-app").egress.map(rule)).toContainEqual(["allow", "tcp", "10.50.136.0/21", 1024, 65535]);
    expect(acl("data").ingress.map(rule)).toContainEqual(["allow", "tcp", "10.50.0.0/17", 1024, 65535]);
  });

  test("flow logs go to a KMS-encrypted log group with retention, through a role scoped to that group", () => {
    const json = parsed({ flowLogs: { retentionDays: 90, trafficType: "REJECT" } });
    expect(synth({ flowLogs: { retentionDays: 90, trafficType: "REJECT" } })).toHaveResourceWithProperties(FlowLog, {
      traffic_type: "REJECT",
      log_destination_type: "cloud-watch-logs",
    });
    const [group] = resources(json, "aws_cloudwatch_log_group");
    expect(group.retention_in_days).toBe(90);
    expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\.[A-Za-z0-9_]+\.arn\}$/);
    const [key] = resources(json, "aws_kms_key");
    expect(key.enable_key_rotation).toBe(true);
    const docs = json.data!.aws_iam_policy_document;
    const write = Object.entries(docs).find(([id]) => id.includes("FlowLogWrite"))![1];
    const resourcesOf = write.statement.flatMap((s: any) => s.resources);
    expect(resourcesOf.every((r: string) => r.includes("aws_cloudwatch_log_group."))).toBe(true);
    expect(write.statement.flatMap((s: any) => s.actions).some((a: string) => a.includes("*"))).toBe(false);
    expect(synth()).toHaveResourceWithProperties(CloudwatchLogGroup, { name: "/aws/vpc/chatbot-test-flow-logs" });
  });

  test("the flow log key can only be used by CloudWatch Logs for this log group", () => {
    const json = parsed();
    const policy = Object.entries(json.data!.aws_iam_policy_document).find(([id]) => id.includes("FlowLogKey"))![1];
    const logs = policy.statement.find((s: any) => s.sid === "CloudWatchLogs");
    expect(logs.principals).toEqual([{ type: "Service", identifiers: ["logs.ap-southeast-2.amazonaws.com"] }]);
    expect(logs.condition).toEqual([
      {
        test: "ArnEquals",
        variable: "kms:EncryptionContext:aws:logs:arn",
        values: ["arn:aws:logs:ap-southeast-2:123456789012:log-group:/aws/vpc/chatbot-test-flow-logs"],
      },
    ]);
  });

  test("exposes ids per tier for other stacks", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "s");
    const network = new Network(stack, "Network", baseProps);
    expect(network.publicSubnetIds).toHaveLength(3);
    expect(network.privateAppSubnetIds).toHaveLength(3);
    expect(network.dataSubnetIds).toHaveLength(3);
    expect(network.privateAppRouteTables).toHaveLength(3);
    expect(network.natGateways).toHaveLength(3);
    expect(Object.keys(network.interfaceEndpoints)).toHaveLength(6);
  });

  test("resource counts scale with the AZs", () => {
    expect(synth({ availabilityZoneIds: ["apse2-az3", "apse2-az1"] })).not.toHaveResourceWithProperties(Subnet, { availability_zone_id: "apse2-az2" });
    expect(synth()).toHaveResourceWithProperties(NatGateway, { connectivity_type: "public" });
    expect(synth({ nat: "none" })).not.toHaveResource(NatGateway);
  });

  test("subnets are placed by AZ ID only, never by an account-specific AZ name", () => {
    const subnets = resources(parsed(), "aws_subnet");
    expect(subnets.every((s) => s.availability_zone === undefined)).toBe(true);
    expect(subnets.filter((s) => s.tags.Tier === "data").map((s) => [s.availability_zone_id, s.tags.Name])).toEqual([
      ["apse2-az3", "chatbot-test-data-apse2-az3"],
      ["apse2-az1", "chatbot-test-data-apse2-az1"],
      ["apse2-az2", "chatbot-test-data-apse2-az2"],
    ]);
  });

  test("construct ids follow the CIDR slot, not the zone, so adding an AZ at the end only adds resources", () => {
    const two = parsed({ availabilityZoneIds: ["apse2-az3", "apse2-az1"] });
    const three = parsed();
    for (const type of ["aws_subnet", "aws_nat_gateway", "aws_eip", "aws_route_table", "aws_route", "aws_route_table_association"]) {
      for (const [id, body] of Object.entries(two.resource[type] ?? {})) {
        // Same address, same body: nothing in the two existing AZs changes.
        expect(three.resource[type][id]).toEqual(body);
      }
    }
    expect(Object.keys(two.resource.aws_subnet).sort()).toEqual(
      ["Network_DataSubnetA_", "Network_DataSubnetB_", "Network_PrivateAppSubnetA_", "Network_PrivateAppSubnetB_", "Network_PublicSubnetA_", "Network_PublicSubnetB_"].map((p) =>
        expect.stringMatching(new RegExp(`^${p}`)),
      ),
    );
    expect(Object.keys(three.resource.aws_subnet).filter((k) => !(k in two.resource.aws_subnet)).sort()).toEqual([
      expect.stringMatching(/^Network_DataSubnetC_/),
      expect.stringMatching(/^Network_PrivateAppSubnetC_/),
      expect.stringMatching(/^Network_PublicSubnetC_/),
    ]);
  });

  test("exposes the AZ IDs, and the AZ names as the account resolves them", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "s");
    const network = new Network(stack, "Network", baseProps);
    expect(network.availabilityZoneIds).toEqual(["apse2-az3", "apse2-az1", "apse2-az2"]);
    new TerraformOutput(stack, "azs", { value: network.availabilityZones });
    const json = JSON.parse(Testing.synth(stack));
    const publicSubnets = Object.entries(json.resource.aws_subnet)
      .filter(([, body]: [string, any]) => body.tags.Tier === "public")
      .map(([id]) => `\${aws_subnet.${id}.availability_zone}`);
    expect(json.output.azs.value).toEqual(publicSubnets);
  });

  describe("errors", () => {
    test("fewer than one or more AZ IDs than the tiers have slots", () => {
      expect(() => synth({ availabilityZoneIds: [] })).toThrow(
        [
          "Network chatbot-test: 1 invalid prop; nothing was created:",
          "  - availabilityZoneIds: [] has 0 AZ ID(s)",
          "    allowed: 1 to 8 AZ IDs (the CIDR slots of each tier)",
          "    fix: pass the AZ IDs of the environment",
        ].join("\n"),
      );
      expect(() => synth({ availabilityZoneIds: Array.from({ length: 9 }, (_, i) => `use1-az${i + 1}`) })).toThrow(
        '  - availabilityZoneIds: ["use1-az1","use1-az2","use1-az3","use1-az4","use1-az5","use1-az6","use1-az7","use1-az8","use1-az9"] has 9 AZ ID(s)\n    allowed: 1 to 8 AZ IDs (the CIDR slots of each tier)',
      );
    });

    test("a duplicate AZ ID and an AZ name, reported together", () => {
      expect(() => synth({ availabilityZoneIds: ["apse2-az1", "apse2-az1", "ap-southeast-2c"] })).toThrow(
        [
          "Network chatbot-test: 2 invalid props; nothing was created:",
          '  - availabilityZoneIds: ["apse2-az1","apse2-az1","ap-southeast-2c"] lists an AZ ID twice',
          "    allowed: each AZ ID once (one subnet per tier and AZ)",
          "    fix: remove the duplicates",
          '  - availabilityZoneIds[2]: "ap-southeast-2c" is not an AZ ID',
          '    allowed: AZ IDs such as "apse2-az1" (AZ names such as "ap-southeast-2a" map to different zones per account)',
          "    fix: pass AZ IDs",
        ].join("\n"),
      );
    });
  });
});

describe("AZ selection (lib/regions)", () => {
  test("azCount takes the first usable AZ IDs of the region, in order", () => {
    expect(environmentAzIds("ap-southeast-2", { azCount: 2 }, "cluster")).toEqual(["apse2-az1", "apse2-az2"]);
    expect(environmentAzIds("us-east-1", { azCount: 3 }, "noCluster")).toEqual(["use1-az1", "use1-az2", "use1-az3"]);
  });

  test("with a cluster, azCount skips the AZ IDs EKS cannot use", () => {
    expect(environmentAzIds("us-east-1", { azCount: 3 }, "cluster")).toEqual(["use1-az1", "use1-az2", "use1-az4"]);
  });

  test("azIds are taken as listed", () => {
    expect(environmentAzIds("ap-southeast-2", { azIds: ["apse2-az3", "apse2-az1"] }, "cluster")).toEqual(["apse2-az3", "apse2-az1"]);
  });

  test("more AZs than the region has usable is a programming error (validation runs first)", () => {
    expect(() => environmentAzIds("us-east-1", { azCount: 6 }, "cluster")).toThrow("region us-east-1 does not have 6 usable availability zones");
  });
});
