/**
 * Availability zones per region, used to validate `network.azCount` before synth and to name the
 * AZs subnets are placed in.
 *
 * Zones are listed explicitly instead of read from the `aws_availability_zones` data source so that
 * the synthesized JSON (and so the plan) does not change when AWS opens a new zone. Add a region
 * here to deploy to it; only zones that accept new subnets in every account are listed.
 */
export const REGION_AZ_SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  "ap-southeast-2": ["a", "b", "c"],
  "ap-southeast-1": ["a", "b", "c"],
  "ap-northeast-1": ["a", "c", "d"],
  "ap-northeast-2": ["a", "b", "c", "d"],
  "eu-central-1": ["a", "b", "c"],
  "eu-west-1": ["a", "b", "c"],
  "eu-west-2": ["a", "b", "c"],
  "us-east-1": ["a", "b", "c", "d", "e", "f"],
  "us-east-2": ["a", "b", "c"],
  "us-west-2": ["a", "b", "c", "d"],
};

/** The first `count` AZ names of a region (validated before this is called). */
export function availabilityZones(region: string, count: number): string[] {
  const suffixes = REGION_AZ_SUFFIXES[region];
  if (!suffixes || count > suffixes.length) {
    throw new Error(`region ${region} does not have ${count} known availability zones`);
  }
  return suffixes.slice(0, count).map((s) => `${region}${s}`);
}
