/**
 * IPv4 CIDR arithmetic used by config validation and subnet planning.
 *
 * Subnet CIDRs are computed here, in TypeScript, rather than with Terraform's `cidrsubnet()` so
 * that they are validated before synth and appear as literal values in the synthesized JSON,
 * where a reviewer can read them.
 */

/** A parsed IPv4 CIDR block. */
export interface Ipv4Block {
  /** Network address as an unsigned 32-bit integer. */
  readonly network: number;
  /** Prefix length, 0..32. */
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Parses `a.b.c.d/n`. Returns a reason string instead of throwing so that validation can collect
 * every problem at once.
 */
export function parseCidr(text: string): Ipv4Block | string {
  const match = CIDR_PATTERN.exec(text);
  if (!match) {
    return "is not an IPv4 CIDR block of the form a.b.c.d/n";
  }
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) {
    return "has an octet above 255";
  }
  const prefix = Number(match[5]);
  if (prefix > 32) {
    return "has a prefix length above 32";
  }
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const network = (address & maskOf(prefix)) >>> 0;
  if (network !== address) {
    return `has host bits set (the network address is ${formatCidr({ network, prefix })})`;
  }
  return { network, prefix };
}

/** Parses a CIDR that is known to be valid; throws otherwise. */
export function mustParseCidr(text: string): Ipv4Block {
  const parsed = parseCidr(text);
  if (typeof parsed === "string") {
    throw new Error(`CIDR "${text}" ${parsed}`);
  }
  return parsed;
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Number of addresses in a block. */
export function blockSize(block: Ipv4Block): number {
  return 2 ** (32 - block.prefix);
}

export function formatCidr(block: Ipv4Block): string {
  const n = block.network;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${block.prefix}`;
}

/** True when the two blocks share at least one address. */
export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  const aEnd = a.network + blockSize(a) - 1;
  const bEnd = b.network + blockSize(b) - 1;
  return a.network <= bEnd && b.network <= aEnd;
}

/** True when `inner` lies entirely within `outer`. */
export function contains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return (
    inner.prefix >= outer.prefix &&
    inner.network >= outer.network &&
    inner.network + blockSize(inner) <= outer.network + blockSize(outer)
  );
}

/**
 * The `index`-th block of prefix length `prefix` inside `parent` (Terraform's
 * `cidrsubnet(parent, prefix - parent.prefix, index)`).
 */
export function subBlock(parent: Ipv4Block, prefix: number, index: number): Ipv4Block {
  if (prefix < parent.prefix) {
    throw new Error(`cannot take a /${prefix} out of ${formatCidr(parent)}`);
  }
  const size = 2 ** (32 - prefix);
  const count = 2 ** (prefix - parent.prefix);
  if (index < 0 || index >= count) {
    throw new Error(`${formatCidr(parent)} holds ${count} /${prefix} blocks; index ${index} is out of range`);
  }
  return { network: parent.network + index * size, prefix };
}
