/**
 * NACL rule sets of the three tiers (reference 000), as data.
 *
 * NACLs are stateless: every allowed request needs a rule for its response in the other direction,
 * which is what the ephemeral-port rules are for (1024-65535 covers the ranges of Linux clients, ELB
 * and NAT gateways). Security groups stay the primary, stateful control; NACLs are the coarse
 * subnet-level backstop that keeps the tiers apart even if a security group is misconfigured.
 */
import { NetworkAclEgress, NetworkAclIngress } from "@cdktf/provider-aws/lib/network-acl";

export const ANYWHERE = "0.0.0.0/0";
const EPHEMERAL_FROM = 1024;
const EPHEMERAL_TO = 65535;

/** A rule without the direction; rule numbers are assigned in list order. */
export interface NaclRule {
  readonly action: "allow" | "deny";
  readonly protocol: "tcp" | "-1";
  readonly cidrBlock: string;
  readonly fromPort: number;
  readonly toPort: number;
}

export interface TierNaclRules {
  readonly ingress: readonly NaclRule[];
  readonly egress: readonly NaclRule[];
}

const all = (cidrBlock: string): NaclRule => ({ action: "allow", protocol: "-1", cidrBlock, fromPort: 0, toPort: 0 });
const denyAll = (cidrBlock: string): NaclRule => ({ action: "deny", protocol: "-1", cidrBlock, fromPort: 0, toPort: 0 });
const tcp = (cidrBlock: string, fromPort: number, toPort = fromPort): NaclRule => ({ action: "allow", protocol: "tcp", cidrBlock, fromPort, toPort });
const ephemeral = (cidrBlock: string): NaclRule => tcp(cidrBlock, EPHEMERAL_FROM, EPHEMERAL_TO);

export interface NaclInputs {
  readonly vpcCidr: string;
  /** The reserved blocks of each tier (all of the tier's subnets, present and future). */
  readonly publicBlock: string;
  readonly privateAppBlock: string;
  readonly dataBlock: string;
  readonly dataPorts: readonly number[];
  readonly egressPorts: readonly number[];
}

/**
 * Public tier: HTTP(S) from anywhere to the load balancers, responses and NAT traffic back out.
 */
export function publicRules(i: NaclInputs): TierNaclRules {
  return {
    ingress: [
      tcp(ANYWHERE, 443),
      tcp(ANYWHERE, 80),
      // Responses to connections the NAT gateways made on behalf of the private app tier.
      ephemeral(ANYWHERE),
      // Traffic from inside the VPC: private app tier egress through NAT, load balancer health checks.
      all(i.vpcCidr),
    ],
    egress: [
      all(i.vpcCidr),
      // Responses to internet clients of the load balancers.
      ephemeral(ANYWHERE),
      // NAT gateways forwarding the private app tier's egress.
      ...i.egressPorts.map((p) => tcp(ANYWHERE, p)),
    ],
  };
}

/**
 * Private app tier: from the public tier and its own tier, data-tier responses, and responses to
 * its own egress through NAT.
 */
export function privateAppRules(i: NaclInputs): TierNaclRules {
  return {
    ingress: [
      all(i.publicBlock),
      all(i.privateAppBlock),
      ephemeral(i.dataBlock),
      // The data tier's calls to the interface endpoints, which live in this tier.
      tcp(i.dataBlock, 443),
      // Responses to the tier's egress; they arrive through NAT with the internet source address.
      ephemeral(ANYWHERE),
    ],
    egress: [
      all(i.publicBlock),
      all(i.privateAppBlock),
      ...i.dataPorts.map((p) => tcp(i.dataBlock, p)),
      // Responses to the data tier's interface-endpoint calls.
      ephemeral(i.dataBlock),
      ...i.egressPorts.map((p) => tcp(ANYWHERE, p)),
    ],
  };
}

/**
 * Data tier: the data ports and responses (1024-65535) from the private app tier, replication inside
 * the tier, nothing from the public tier (denied before the last rule). The NACL keeps the tiers
 * apart; the data security group is what limits the app tier to the data ports.
 *
 * The last rules, towards 0.0.0.0/0, exist only for the S3 and DynamoDB gateway endpoints: the data
 * route table has no default route, so the only destinations outside the VPC they can reach are
 * the AWS prefix lists behind the gateway endpoints (NACLs cannot name prefix lists).
 */
export function dataRules(i: NaclInputs): TierNaclRules {
  return {
    ingress: [
      ...i.dataPorts.map((p) => tcp(i.privateAppBlock, p)),
      all(i.dataBlock),
      ephemeral(i.privateAppBlock),
      denyAll(i.vpcCidr),
      ephemeral(ANYWHERE),
    ],
    egress: [
      ephemeral(i.privateAppBlock),
      all(i.dataBlock),
      // Interface endpoints live in the private app subnets.
      tcp(i.privateAppBlock, 443),
      denyAll(i.vpcCidr),
      tcp(ANYWHERE, 443),
    ],
  };
}

/** Numbers rules 100, 110, 120, ... in list order and shapes them for the provider. */
export function toAclEntries(rules: readonly NaclRule[]): NetworkAclIngress[] & NetworkAclEgress[] {
  return rules.map((r, index) => ({
    ruleNo: 100 + index * 10,
    action: r.action,
    protocol: r.protocol,
    cidrBlock: r.cidrBlock,
    fromPort: r.fromPort,
    toPort: r.toPort,
  }));
}
