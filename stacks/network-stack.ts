/**
 * `<env>-network`: the environment's VPC (constructs/network) and the outputs other stacks and
 * teams consuming the emitted Terraform compose with.
 */
import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { Network } from "../constructs/network";
import { resolveNetwork } from "../lib/defaults";
import { environmentAzIds } from "../lib/regions";
import { EnvironmentStack, EnvironmentStackProps } from "./environment-stack";

export class NetworkStack extends EnvironmentStack {
  public readonly network: Network;

  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, "network", props);
    const net = resolveNetwork(props.env.network);
    this.network = new Network(this, "Network", {
      namePrefix: this.namePrefix,
      accountId: props.env.accountId,
      region: props.env.region,
      cidr: net.cidr,
      availabilityZoneIds: environmentAzIds(props.env.region, net, props.env.platform ? "cluster" : "noCluster"),
      subnetMasks: net.subnetMasks,
      nat: net.nat,
      interfaceEndpoints: net.interfaceEndpoints,
      appPort: net.appPort,
      dataPorts: net.dataPorts,
      egressPorts: net.egressPorts,
      flowLogs: net.flowLogs,
    });

    const n = this.network;
    const outputs: Record<string, { value: unknown; description: string }> = {
      vpc_id: { value: n.vpcId, description: "ID of the VPC" },
      vpc_cidr_block: { value: n.vpcCidr, description: "CIDR block of the VPC" },
      availability_zone_ids: { value: n.availabilityZoneIds, description: "AZ IDs of the subnets (the same zones in every account), in subnet order" },
      availability_zones: { value: n.availabilityZones, description: "AZ names of the subnets in this account, in subnet order" },
      public_subnet_ids: { value: n.publicSubnetIds, description: "Public subnets (load balancers, NAT), one per AZ" },
      private_app_subnet_ids: { value: n.privateAppSubnetIds, description: "Private app subnets (EKS nodes, compute), one per AZ" },
      data_subnet_ids: { value: n.dataSubnetIds, description: "Isolated data subnets (RDS, Redis, Atlas endpoint), one per AZ" },
      private_app_route_table_ids: { value: n.privateAppRouteTables.map((t) => t.id), description: "Route tables of the private app subnets, one per AZ" },
      data_route_table_id: { value: n.dataRouteTable.id, description: "Route table of the data subnets (no default route)" },
      nat_gateway_ids: { value: n.natGateways.map((g) => g.id), description: "NAT gateways" },
      edge_security_group_id: { value: n.edgeSecurityGroup.id, description: "Security group for load balancers" },
      app_security_group_id: { value: n.appSecurityGroup.id, description: "Security group for the application tier" },
      data_security_group_id: { value: n.dataSecurityGroup.id, description: "Security group for the data tier" },
      endpoint_security_group_id: { value: n.endpointSecurityGroup.id, description: "Security group of the interface endpoints" },
      flow_log_group_name: { value: n.flowLogGroup.name, description: "CloudWatch log group of the VPC flow logs" },
    };
    for (const [id, o] of Object.entries(outputs)) {
      new TerraformOutput(this, id, { value: o.value, description: o.description });
    }
  }
}
