import { contains, mustParseCidr, overlaps, parseCidr, subBlock, formatCidr } from "../lib/cidr";
import { planSubnets, SUBNET_TIERS } from "../lib/subnet-plan";

const masks = { public: 24, privateApp: 20, data: 24 };

describe("cidr", () => {
  test("parses a block and formats it back", () => {
    expect(formatCidr(mustParseCidr("10.30.128.0/21"))).toBe("10.30.128.0/21");
  });

  test("explains what is wrong with a malformed block", () => {
    expect(parseCidr("10.0.0.0")).toBe("is not an IPv4 CIDR block of the form a.b.c.d/n");
    expect(parseCidr("10.256.0.0/16")).toBe("has an octet above 255");
    expect(parseCidr("10.0.0.0/33")).toBe("has a prefix length above 32");
    expect(parseCidr("10.0.1.0/16")).toBe("has host bits set (the network address is 10.0.0.0/16)");
  });

  test("overlap and containment are exact at the edges", () => {
    expect(overlaps(mustParseCidr("10.0.0.0/16"), mustParseCidr("10.1.0.0/16"))).toBe(false);
    expect(overlaps(mustParseCidr("10.0.0.0/8"), mustParseCidr("10.255.255.0/24"))).toBe(true);
    expect(contains(mustParseCidr("10.0.0.0/16"), mustParseCidr("10.0.255.0/24"))).toBe(true);
    expect(contains(mustParseCidr("10.0.0.0/16"), mustParseCidr("10.1.0.0/24"))).toBe(false);
  });

  test("subBlock matches Terraform's cidrsubnet", () => {
    // cidrsubnet("10.0.0.0/16", 8, 3) = 10.0.3.0/24
    expect(formatCidr(subBlock(mustParseCidr("10.0.0.0/16"), 24, 3))).toBe("10.0.3.0/24");
    expect(() => subBlock(mustParseCidr("10.0.0.0/16"), 17, 2)).toThrow("10.0.0.0/16 holds 2 /17 blocks; index 2 is out of range");
  });
});

describe("subnet plan", () => {
  test("lays out the tiers without overlap inside the VPC", () => {
    const plan = planSubnets("10.30.0.0/16", masks, 3);
    const vpc = mustParseCidr("10.30.0.0/16");
    const all = SUBNET_TIERS.flatMap((t) => plan.subnets[t]).map(mustParseCidr);
    expect(all).toHaveLength(9);
    for (const [i, a] of all.entries()) {
      expect(contains(vpc, a)).toBe(true);
      for (const b of all.slice(i + 1)) {
        expect(overlaps(a, b)).toBe(false);
      }
    }
    expect(plan.subnets).toEqual({
      privateApp: ["10.30.0.0/20", "10.30.16.0/20", "10.30.32.0/20"],
      public: ["10.30.128.0/24", "10.30.129.0/24", "10.30.130.0/24"],
      data: ["10.30.136.0/24", "10.30.137.0/24", "10.30.138.0/24"],
    });
  });

  test("adding an AZ keeps every existing subnet CIDR", () => {
    const two = planSubnets("10.10.0.0/16", masks, 2);
    const three = planSubnets("10.10.0.0/16", masks, 3);
    for (const tier of SUBNET_TIERS) {
      expect(three.subnets[tier].slice(0, 2)).toEqual(two.subnets[tier]);
    }
  });

  test("refuses masks that do not fit the VPC", () => {
    expect(() => planSubnets("10.0.0.0/20", masks, 2)).toThrow("subnet masks need 36864 addresses; 10.0.0.0/20 has 4096");
  });
});
