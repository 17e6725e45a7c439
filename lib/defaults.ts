/**
 * Resolves the `@default`s of an environment's optional fields, once, in one place.
 */
import { INTERFACE_ENDPOINT_SERVICES, InterfaceEndpointService, NetworkConfig, FlowLogTrafficType } from "./config";
import { SubnetMasks } from "./subnet-plan";
import { parseCidr } from "./cidr";

export const DEFAULT_APP_PORT = 8000;
export const DEFAULT_DATA_PORTS: readonly number[] = [5432, 6379];
export const DEFAULT_EGRESS_PORTS: readonly number[] = [443];
export const DEFAULT_FLOW_LOG_TRAFFIC: FlowLogTrafficType = "ALL";

/**
 * Default subnet sizes relative to the VPC: app subnets 1/16 of the VPC each (EKS pods take VPC
 * addresses), public and data subnets 1/256 each. A /16 VPC gets /20, /24 and /24.
 */
export function defaultSubnetMasks(vpcCidr: string): SubnetMasks {
  const parsed = parseCidr(vpcCidr);
  const prefix = typeof parsed === "string" ? 16 : parsed.prefix;
  return { public: prefix + 8, privateApp: prefix + 4, data: prefix + 8 };
}

/** A NetworkConfig with every optional field filled in. */
export type ResolvedNetworkConfig = NetworkConfig & {
  readonly subnetMasks: SubnetMasks;
  readonly interfaceEndpoints: readonly InterfaceEndpointService[];
  readonly appPort: number;
  readonly dataPorts: readonly number[];
  readonly egressPorts: readonly number[];
};

export function resolveNetwork(network: NetworkConfig): ResolvedNetworkConfig {
  return {
    ...network,
    subnetMasks: network.subnetMasks ?? defaultSubnetMasks(network.cidr),
    interfaceEndpoints: network.interfaceEndpoints ?? INTERFACE_ENDPOINT_SERVICES,
    appPort: network.appPort ?? DEFAULT_APP_PORT,
    dataPorts: network.dataPorts ?? DEFAULT_DATA_PORTS,
    egressPorts: network.egressPorts ?? DEFAULT_EGRESS_PORTS,
    flowLogs: { ...network.flowLogs, trafficType: network.flowLogs.trafficType ?? DEFAULT_FLOW_LOG_TRAFFIC },
  };
}
