/**
 * Lays out the three subnet tiers inside a VPC CIDR.
 *
 * Each tier reserves room for MAX_AZ_SLOTS subnets of its size, whatever the AZ count, and subnet
 * N of a tier always sits in slot N of the tier's block. Adding an AZ therefore only adds subnets:
 * no existing subnet CIDR moves, so no subnet is replaced. Changing a tier's mask does move that
 * tier (and possibly the others): treat it as a migration.
 */
import { Ipv4Block, blockSize, formatCidr, mustParseCidr, subBlock } from "./cidr";

/** The three subnet tiers of reference 000, in their fixed order. */
export const SUBNET_TIERS = ["public", "privateApp", "data"] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

/** Slots reserved per tier: room for up to 8 AZs (the validated maximum is 6). */
export const MAX_AZ_SLOTS = 8;

/** Prefix length of each tier's subnets. */
export type SubnetMasks = Readonly<Record<SubnetTier, number>>;

export interface TierBlock {
  readonly tier: SubnetTier;
  /** The block reserved for the tier (MAX_AZ_SLOTS subnets). */
  readonly block: Ipv4Block;
}

export interface SubnetPlan {
  readonly tiers: readonly TierBlock[];
  /** Subnet CIDRs per tier, one per AZ, in AZ order. */
  readonly subnets: Readonly<Record<SubnetTier, readonly string[]>>;
}

/** Address space the tiers need, in addresses. */
export function requiredAddresses(masks: SubnetMasks): number {
  return SUBNET_TIERS.reduce((sum, tier) => sum + MAX_AZ_SLOTS * 2 ** (32 - masks[tier]), 0);
}

/**
 * Computes the plan. Callers validate first (see `lib/validate.ts`); this throws on input that
 * validation rejects.
 */
export function planSubnets(vpcCidr: string, masks: SubnetMasks, azCount: number): SubnetPlan {
  const vpc = mustParseCidr(vpcCidr);
  if (requiredAddresses(masks) > blockSize(vpc)) {
    throw new Error(`subnet masks need ${requiredAddresses(masks)} addresses; ${vpcCidr} has ${blockSize(vpc)}`);
  }
  const slotBits = Math.log2(MAX_AZ_SLOTS);
  // Largest blocks first keeps every block aligned to its own size.
  const order = [...SUBNET_TIERS].sort((a, b) => masks[a] - masks[b]);
  let next = vpc.network;
  const tiers: TierBlock[] = [];
  for (const tier of order) {
    const block: Ipv4Block = { network: next, prefix: masks[tier] - slotBits };
    tiers.push({ tier, block });
    next += blockSize(block);
  }
  const subnets = {} as Record<SubnetTier, string[]>;
  for (const { tier, block } of tiers) {
    subnets[tier] = Array.from({ length: azCount }, (_, i) => formatCidr(subBlock(block, masks[tier], i)));
  }
  return { tiers, subnets };
}
