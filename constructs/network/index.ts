/**
 * Network: the environment's VPC in three tiers (references 000, 003, 004).
 *
 * - public: load balancers and NAT gateways; the only tier with a route to the internet gateway;
 * - private app: EKS nodes and other compute; egress through NAT (per the `nat` mode) and AWS
 *   APIs through VPC endpoints;
 * - data: databases and caches; no default route at all, reachable only from the app tier.
 *
 * Subnets are placed by AZ ID (`availability_zone_id`), which names the same zone in every account;
 * subnet N of each tier (and the NAT gateway, route table and endpoint interface of AZ N) sits in
 * CIDR slot N and has the construct-id suffix of slot N (`A`, `B`, ...), so adding an AZ at the end
 * only adds resources.
 *
 * Also: gateway endpoints (S3, DynamoDB), interface endpoints (private DNS, own security group),
 * one NACL and one security group per tier, the default security group and NACL locked down, and
 * VPC flow logs to a KMS-encrypted CloudWatch log group.
 */
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DefaultNetworkAcl } from "@cdktf/provider-aws/lib/default-network-acl";
import { DefaultRouteTable } from "@cdktf/provider-aws/lib/default-route-table";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { NetworkAcl } from "@cdktf/provider-aws/lib/network-acl";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { EncryptionKey } from "../encryption-key";
import { FlowLogTrafficType, InterfaceEndpointService, NatMode } from "../../lib/config";
import { formatCidr } from "../../lib/cidr";
import { idPart } from "../../lib/naming";
import { PropPaths, PropProblems, checkProps } from "../../lib/prop-checks";
import { Problems } from "../../lib/problems";
import { MAX_AZ_SLOTS, SubnetMasks, SubnetTier, planSubnets } from "../../lib/subnet-plan";
import { ANYWHERE, NaclInputs, TierNaclRules, dataRules, privateAppRules, publicRules, toAclEntries } from "./private/nacl-rules";

export interface NetworkFlowLogProps {
  /** Days CloudWatch keeps flow log records. */
  readonly retentionDays: number;
  /**
   * Which traffic is recorded.
   * @default "ALL"
   */
  readonly trafficType?: FlowLogTrafficType;
}

export interface NetworkProps {
  /** Prefix of every physical name, e.g. `chatbot-dev`. */
  readonly namePrefix: string;
  /** Account the VPC lives in (for the flow log key policy and role trust). */
  readonly accountId: string;
  /** Region of the VPC (endpoint service names, key policy). */
  readonly region: string;
  /** VPC CIDR (validated before synth). */
  readonly cidr: string;
  /**
   * AZ IDs (`apse2-az1`, the same zone in every account) to spread the tiers over, in order;
   * subnet N of each tier goes to `availabilityZoneIds[N]`.
   */
  readonly availabilityZoneIds: readonly string[];
  /** Prefix length of each tier's subnets. */
  readonly subnetMasks: SubnetMasks;
  /**
   * NAT gateway layout.
   * @default "perAz"
   */
  readonly nat?: NatMode;
  /**
   * Interface endpoints to create in the private app subnets.
   * @default - none
   */
  readonly interfaceEndpoints?: readonly InterfaceEndpointService[];
  /**
   * Port the app tier accepts from the edge tier.
   * @default 8000
   */
  readonly appPort?: number;
  /**
   * Ports the data tier accepts from the app tier.
   * @default [5432, 6379]
   */
  readonly dataPorts?: readonly number[];
  /**
   * TCP ports the app tier may reach on the internet.
   * @default [443]
   */
  readonly egressPorts?: readonly number[];
  /** VPC flow logs (always on). */
  readonly flowLogs: NetworkFlowLogProps;
}

/**
 * Construct-id suffix of the AZ in slot `index`: 0 -> `A`, 1 -> `B`, ... The suffix follows the
 * slot (and so the subnet's CIDR), not the zone; for ap-southeast-2 it is the letter the ids had
 * when subnets were placed by AZ name, so those state addresses are unchanged.
 */
function slotSuffix(index: number): string {
  return String.fromCharCode("A".charCodeAt(0) + index);
}

/**
 * Reports every problem of the props Network checks itself (the AZ IDs; the CIDR and masks are
 * validated with the environment) through `problems`. lib/validate.ts runs it on each environment
 * whose network section passed the config's own (stricter) rules, so no rule of the construct
 * first shows once constructs exist.
 */
export function validateNetworkProps(props: Pick<NetworkProps, "availabilityZoneIds">, problems: Problems, paths: PropPaths = ""): void {
  const p = new PropProblems(problems, paths);
  const azs: unknown = props.availabilityZoneIds;
  if (!p.list("availabilityZoneIds", azs, `1 to ${MAX_AZ_SLOTS} AZ IDs`, "pass the AZ IDs of the environment")) {
    return;
  }
  if (azs.length < 1 || azs.length > MAX_AZ_SLOTS) {
    p.add("availabilityZoneIds", azs, `has ${azs.length} AZ ID(s)`, `1 to ${MAX_AZ_SLOTS} AZ IDs (the CIDR slots of each tier)`, "pass the AZ IDs of the environment");
  }
  if (new Set(azs).size !== azs.length) {
    p.add("availabilityZoneIds", azs, "lists an AZ ID twice", "each AZ ID once (one subnet per tier and AZ)", "remove the duplicates");
  }
  azs.forEach((az, i) => {
    if (typeof az !== "string" || !/^[a-z]{2,}[0-9]+-az[0-9]+$/.test(az)) {
      p.add(`availabilityZoneIds[${i}]`, az, "is not an AZ ID", 'AZ IDs such as "apse2-az1" (AZ names such as "ap-southeast-2a" map to different zones per account)', "pass AZ IDs");
    }
  });
}

export class Network extends Construct {
  public readonly vpc: Vpc;
  public readonly vpcId: string;
  public readonly vpcCidr: string;
  /** AZ IDs of the subnets, in subnet order. */
  public readonly availabilityZoneIds: readonly string[];
  /** AZ names of the subnets as the account sees them (known after apply), in subnet order. */
  public readonly availabilityZones: readonly string[];
  public readonly publicSubnets: readonly Subnet[];
  public readonly privateAppSubnets: readonly Subnet[];
  public readonly dataSubnets: readonly Subnet[];
  public readonly publicSubnetIds: string[];
  public readonly privateAppSubnetIds: string[];
  public readonly dataSubnetIds: string[];
  public readonly publicRouteTable: RouteTable;
  /** One per AZ, in AZ order. */
  public readonly privateAppRouteTables: readonly RouteTable[];
  public readonly dataRouteTable: RouteTable;
  public readonly natGateways: readonly NatGateway[];
  /** Load balancers: 80/443 from anywhere, out only to the app tier. */
  public readonly edgeSecurityGroup: SecurityGroup;
  /** Application compute: the app port from the edge tier only. */
  public readonly appSecurityGroup: SecurityGroup;
  /** Databases and caches: the data ports from the app tier only. */
  public readonly dataSecurityGroup: SecurityGroup;
  /** Interface endpoints: 443 from the VPC. */
  public readonly endpointSecurityGroup: SecurityGroup;
  public readonly gatewayEndpoints: Readonly<Record<"s3" | "dynamodb", VpcEndpoint>>;
  public readonly interfaceEndpoints: Readonly<Partial<Record<InterfaceEndpointService, VpcEndpoint>>>;
  public readonly flowLogGroup: CloudwatchLogGroup;
  public readonly flowLogKey: EncryptionKey;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const nat = props.nat ?? "perAz";
    const appPort = props.appPort ?? 8000;
    const dataPorts = props.dataPorts ?? [5432, 6379];
    const egressPorts = props.egressPorts ?? [443];
    const azs = props.availabilityZoneIds;

    // Validation: every problem at once, before any resource exists.
    checkProps(`Network ${props.namePrefix}`, props, validateNetworkProps);

    const name = (suffix: string): string => `${props.namePrefix}-${suffix}`;
    const plan = planSubnets(props.cidr, props.subnetMasks, azs.length);
    this.availabilityZoneIds = azs;
    this.vpcCidr = props.cidr;

    // VPC, with the defaults AWS creates locked down.
    this.vpc = new Vpc(this, "Vpc", {
      cidrBlock: props.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: name("vpc") },
    });
    this.vpcId = this.vpc.id;
    new DefaultSecurityGroup(this, "DefaultSecurityGroup", {
      vpcId: this.vpc.id,
      tags: { Name: name("default-locked") },
    });
    new DefaultNetworkAcl(this, "DefaultNetworkAcl", {
      defaultNetworkAclId: this.vpc.defaultNetworkAclId,
      tags: { Name: name("default-deny") },
      // Every subnet is associated with a tier NACL; AWS moves subnets here only on deletion.
      lifecycle: { ignoreChanges: ["subnet_ids"] },
    });
    new DefaultRouteTable(this, "DefaultRouteTable", {
      defaultRouteTableId: this.vpc.defaultRouteTableId,
      tags: { Name: name("default-unused") },
    });

    // Subnets: tier x AZ.
    const subnets = (tier: SubnetTier, label: string, kind: string, extraTags: Record<string, string> = {}): Subnet[] =>
      azs.map(
        (az, i) =>
          new Subnet(this, `${label}Subnet${slotSuffix(i)}`, {
            vpcId: this.vpc.id,
            availabilityZoneId: az,
            cidrBlock: plan.subnets[tier][i],
            mapPublicIpOnLaunch: false,
            tags: { Name: name(`${kind}-${az}`), Tier: tier, ...extraTags },
          }),
      );
    // The role tags tell the AWS Load Balancer Controller where internet-facing and internal load
    // balancers go, without naming subnets in every Ingress.
    this.publicSubnets = subnets("public", "Public", "public", { "kubernetes.io/role/elb": "1" });
    this.privateAppSubnets = subnets("privateApp", "PrivateApp", "private-app", { "kubernetes.io/role/internal-elb": "1" });
    this.dataSubnets = subnets("data", "Data", "data");
    this.availabilityZones = this.publicSubnets.map((s) => s.availabilityZone);
    this.publicSubnetIds = this.publicSubnets.map((s) => s.id);
    this.privateAppSubnetIds = this.privateAppSubnets.map((s) => s.id);
    this.dataSubnetIds = this.dataSubnets.map((s) => s.id);

    // Public routing.
    const igw = new InternetGateway(this, "InternetGateway", { vpcId: this.vpc.id, tags: { Name: name("igw") } });
    this.publicRouteTable = new RouteTable(this, "PublicRouteTable", { vpcId: this.vpc.id, tags: { Name: name("public") } });
    new Route(this, "PublicDefaultRoute", {
      routeTableId: this.publicRouteTable.id,
      destinationCidrBlock: ANYWHERE,
      gatewayId: igw.id,
    });
    this.publicSubnets.forEach((s, i) => {
      new RouteTableAssociation(this, `PublicRouteTableAssociation${slotSuffix(i)}`, {
        subnetId: s.id,
        routeTableId: this.publicRouteTable.id,
      });
    });

    // NAT gateways: none, one in the first AZ, or one per AZ.
    const natAzs = nat === "none" ? [] : nat === "single" ? [0] : azs.map((_, i) => i);
    this.natGateways = natAzs.map((i) => {
      const suffix = slotSuffix(i);
      const eip = new Eip(this, `NatEip${suffix}`, { domain: "vpc", tags: { Name: name(`nat-${azs[i]}`) } });
      return new NatGateway(this, `NatGateway${suffix}`, {
        allocationId: eip.allocationId,
        subnetId: this.publicSubnets[i].id,
        connectivityType: "public",
        tags: { Name: name(`nat-${azs[i]}`) },
        dependsOn: [igw],
      });
    });

    // Private app routing: one table per AZ, so switching `nat` between single and perAz only
    // changes routes, never associations.
    this.privateAppRouteTables = azs.map((az, i) => {
      const suffix = slotSuffix(i);
      const table = new RouteTable(this, `PrivateAppRouteTable${suffix}`, {
        vpcId: this.vpc.id,
        tags: { Name: name(`private-app-${az}`) },
      });
      if (this.natGateways.length > 0) {
        const gateway = nat === "perAz" ? this.natGateways[i] : this.natGateways[0];
        new Route(this, `PrivateAppDefaultRoute${suffix}`, {
          routeTableId: table.id,
          destinationCidrBlock: ANYWHERE,
          natGatewayId: gateway.id,
        });
      }
      new RouteTableAssociation(this, `PrivateAppRouteTableAssociation${suffix}`, {
        subnetId: this.privateAppSubnets[i].id,
        routeTableId: table.id,
      });
      return table;
    });

    // Data routing: local only, plus the gateway endpoints' prefix lists. No default route.
    this.dataRouteTable = new RouteTable(this, "DataRouteTable", { vpcId: this.vpc.id, tags: { Name: name("data") } });
    this.dataSubnets.forEach((s, i) => {
      new RouteTableAssociation(this, `DataRouteTableAssociation${slotSuffix(i)}`, {
        subnetId: s.id,
        routeTableId: this.dataRouteTable.id,
      });
    });

    // Gateway endpoints (free): S3 and DynamoDB on the private app and data route tables.
    const gatewayRouteTables = [...this.privateAppRouteTables.map((t) => t.id), this.dataRouteTable.id];
    const gateway = (service: "s3" | "dynamodb", label: string): VpcEndpoint =>
      new VpcEndpoint(this, `${label}GatewayEndpoint`, {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: "Gateway",
        routeTableIds: gatewayRouteTables,
        tags: { Name: name(`${service}-gateway`) },
      });
    this.gatewayEndpoints = { s3: gateway("s3", "S3"), dynamodb: gateway("dynamodb", "DynamoDb") };

    // Security groups per tier. Rules are separate resources because edge and app refer to each other.
    const sg = (id: string, suffix: string, description: string): SecurityGroup =>
      new SecurityGroup(this, id, {
        name: name(suffix),
        description,
        vpcId: this.vpc.id,
        tags: { Name: name(suffix) },
        // No inline rules: every rule is an aws_security_group_rule below, and Terraform removes
        // the allow-all egress rule AWS adds to a new group. (No create_before_destroy: with a
        // fixed name a replacement would collide with the group it replaces.)
      });
    this.edgeSecurityGroup = sg("EdgeSecurityGroup", "edge", "Load balancers: HTTP(S) from the internet, out to the app tier only");
    this.appSecurityGroup = sg("AppSecurityGroup", "app", "Application tier: app port from the edge tier only");
    this.dataSecurityGroup = sg("DataSecurityGroup", "data", "Data tier: data ports from the app tier only");
    this.endpointSecurityGroup = sg("EndpointSecurityGroup", "endpoints", "Interface endpoints: HTTPS from inside the VPC");

    const rule = (
      id: string,
      group: SecurityGroup,
      type: "ingress" | "egress",
      port: number,
      description: string,
      peer: { cidr: string } | { group: SecurityGroup },
    ): void => {
      new SecurityGroupRule(this, id, {
        type,
        securityGroupId: group.id,
        protocol: "tcp",
        fromPort: port,
        toPort: port,
        description,
        ...("cidr" in peer ? { cidrBlocks: [peer.cidr] } : { sourceSecurityGroupId: peer.group.id }),
      });
    };
    rule("EdgeIngressHttps", this.edgeSecurityGroup, "ingress", 443, "HTTPS from the internet", { cidr: ANYWHERE });
    rule("EdgeIngressHttp", this.edgeSecurityGroup, "ingress", 80, "HTTP from the internet (redirected to HTTPS)", { cidr: ANYWHERE });
    rule("EdgeEgressApp", this.edgeSecurityGroup, "egress", appPort, "To the app tier", { group: this.appSecurityGroup });
    rule("AppIngressEdge", this.appSecurityGroup, "ingress", appPort, "From the edge tier", { group: this.edgeSecurityGroup });
    for (const port of egressPorts) {
      rule(`AppEgressInternet${port}`, this.appSecurityGroup, "egress", port, `Port ${port} to the internet through NAT and to VPC endpoints`, { cidr: ANYWHERE });
    }
    for (const port of dataPorts) {
      rule(`AppEgressData${port}`, this.appSecurityGroup, "egress", port, `Port ${port} to the data tier`, { group: this.dataSecurityGroup });
      rule(`DataIngressApp${port}`, this.dataSecurityGroup, "ingress", port, `Port ${port} from the app tier`, { group: this.appSecurityGroup });
    }
    rule("EndpointIngressVpc", this.endpointSecurityGroup, "ingress", 443, "HTTPS from inside the VPC", { cidr: props.cidr });

    // Interface endpoints in the private app subnets.
    const endpoints: Partial<Record<InterfaceEndpointService, VpcEndpoint>> = {};
    for (const service of props.interfaceEndpoints ?? []) {
      const label = idPart(service);
      endpoints[service] = new VpcEndpoint(this, `${label}InterfaceEndpoint`, {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: this.privateAppSubnetIds,
        securityGroupIds: [this.endpointSecurityGroup.id],
        tags: { Name: name(`${service.replace(".", "-")}-endpoint`) },
      });
    }
    this.interfaceEndpoints = endpoints;

    // NACLs per tier.
    const block = (tier: SubnetTier): string => formatCidr(plan.tiers.find((t) => t.tier === tier)!.block);
    const naclInputs: NaclInputs = {
      vpcCidr: props.cidr,
      publicBlock: block("public"),
      privateAppBlock: block("privateApp"),
      dataBlock: block("data"),
      dataPorts,
      egressPorts,
    };
    const nacl = (id: string, suffix: string, subnetIds: string[], rules: TierNaclRules): void => {
      new NetworkAcl(this, id, {
        vpcId: this.vpc.id,
        subnetIds,
        ingress: toAclEntries(rules.ingress),
        egress: toAclEntries(rules.egress),
        tags: { Name: name(suffix) },
      });
    };
    nacl("PublicNetworkAcl", "public", this.publicSubnetIds, publicRules(naclInputs));
    nacl("PrivateAppNetworkAcl", "private-app", this.privateAppSubnetIds, privateAppRules(naclInputs));
    nacl("DataNetworkAcl", "data", this.dataSubnetIds, dataRules(naclInputs));

    // Flow logs: CloudWatch Logs, encrypted with a key only the logs service of this account can use.
    const logGroupName = `/aws/vpc/${name("flow-logs")}`;
    const logGroupArn = `arn:aws:logs:${props.region}:${props.accountId}:log-group:${logGroupName}`;
    this.flowLogKey = new EncryptionKey(this, "FlowLogKey", {
      aliasName: name("flow-logs"),
      description: `Encrypts the VPC flow logs of ${props.namePrefix}`,
      accountId: props.accountId,
      serviceUsers: [
        {
          sid: "CloudWatchLogs",
          servicePrincipal: `logs.${props.region}.amazonaws.com`,
          conditions: [{ test: "ArnEquals", variable: "kms:EncryptionContext:aws:logs:arn", values: [logGroupArn] }],
        },
      ],
    });
    this.flowLogGroup = new CloudwatchLogGroup(this, "FlowLogGroup", {
      name: logGroupName,
      retentionInDays: props.flowLogs.retentionDays,
      kmsKeyId: this.flowLogKey.keyArn,
    });
    const trust = new DataAwsIamPolicyDocument(this, "FlowLogTrust", {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] },
            { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:aws:ec2:${props.region}:${props.accountId}:vpc-flow-log/*`] },
          ],
        },
      ],
    });
    const role = new IamRole(this, "FlowLogRole", {
      name: name("flow-logs"),
      description: "Lets VPC Flow Logs write to the flow log group",
      assumeRolePolicy: trust.json,
    });
    const writeLogs = new DataAwsIamPolicyDocument(this, "FlowLogWrite", {
      statement: [
        {
          effect: "Allow",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          resources: [`${this.flowLogGroup.arn}:*`],
        },
        {
          effect: "Allow",
          actions: ["logs:DescribeLogGroups"],
          resources: [this.flowLogGroup.arn],
        },
      ],
    });
    const rolePolicy = new IamRolePolicy(this, "FlowLogRolePolicy", { name: "write-flow-logs", role: role.id, policy: writeLogs.json });
    new FlowLog(this, "FlowLog", {
      vpcId: this.vpc.id,
      trafficType: props.flowLogs.trafficType ?? "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: this.flowLogGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: { Name: name("flow-logs") },
      // Until the role may write, delivery starts in an access-error state.
      dependsOn: [rolePolicy],
    });
  }
}
