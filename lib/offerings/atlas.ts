/**
 * MongoDB Atlas settings against what Atlas offers on AWS: the tier (and the auto-scaling bounds)
 * in the environment's region, the disk size the tier takes, and the MongoDB major version.
 * ATLAS_INSTANCE_SIZES (lib/types/atlas.ts) is the order auto-scaling moves in; it lists tiers other
 * clouds offer too, so a tier in it may still not exist on AWS or in a region.
 */
import { EnvironmentConfig } from "../config";
import { Problems } from "../problems";
import { ATLAS_INSTANCE_SIZES } from "../types/atlas";
import { ATLAS_TIERS, AtlasTier, DATA_FILES } from "./data";
import { quoted } from "./suggest";
import { asRecord } from "./values";

/** Disk sizes constructs/atlas accepts at all; outside them it reports the value itself. */
const MIN_DISK_GB = 10;
const MAX_DISK_GB = 4096;
/** The major-version shape constructs/atlas accepts. */
const MAJOR_VERSION = /^[1-9]\d*\.0$/;

function tierOf(name: unknown): AtlasTier | undefined {
  return ATLAS_TIERS.values.tiers.find((t) => t.name === name);
}

function offeredIn(region: string): AtlasTier[] {
  return ATLAS_TIERS.values.tiers.filter((t) => !(t.unavailableRegions ?? []).includes(region));
}

/** Reports a tier Atlas does not offer on AWS or in the region; true when it is offered. */
function checkTier(problems: Problems, path: string, size: unknown, region: string): boolean {
  // Anything outside ATLAS_INSTANCE_SIZES is reported by lib/validate-data.ts and constructs/atlas.
  if (typeof size !== "string" || !(ATLAS_INSTANCE_SIZES as readonly string[]).includes(size)) {
    return false;
  }
  const inRegion = offeredIn(region).map((t) => t.name);
  const allowed = `a general-class tier Atlas offers on AWS in ${region}: ${quoted(inRegion)} (${DATA_FILES.atlasTiers})`;
  const tier = tierOf(size);
  const instead = ATLAS_TIERS.values.notOfferedOnAws[size];
  if (tier === undefined) {
    problems.add(path, size, `is not an Atlas tier on AWS${instead ? `: it is ${instead}` : ""}`, allowed, `set ${path} to "${inRegion[inRegion.length - 1]}" or a smaller listed tier`);
    return false;
  }
  if (!inRegion.includes(size)) {
    const next = inRegion.find((t) => ATLAS_INSTANCE_SIZES.indexOf(t as never) > ATLAS_INSTANCE_SIZES.indexOf(size as never));
    problems.add(path, size, `is not offered by Atlas in ${region}`, allowed, `set ${path} to ${next ? `"${next}"` : `"${inRegion[inRegion.length - 1]}"`}, or deploy the environment to a region that offers ${size}`);
    return false;
  }
  return true;
}

export function checkAtlas(problems: Problems, env: EnvironmentConfig): void {
  const atlas = asRecord(asRecord(env.data).atlas);
  if (Object.keys(atlas).length === 0) {
    return;
  }
  const base = `${env.name}.data.atlas`;
  const region = String(env.region);

  const sizeOffered = checkTier(problems, `${base}.instanceSize`, atlas.instanceSize, region);
  const scaling = asRecord(atlas.autoScaling);
  checkTier(problems, `${base}.autoScaling.minInstanceSize`, scaling.minInstanceSize, region);
  checkTier(problems, `${base}.autoScaling.maxInstanceSize`, scaling.maxInstanceSize, region);

  const disk = atlas.diskSizeGb;
  const tier = tierOf(atlas.instanceSize);
  if (sizeOffered && tier && typeof disk === "number" && Number.isInteger(disk) && disk >= MIN_DISK_GB && disk <= MAX_DISK_GB && disk > tier.maxDiskGb) {
    const larger = offeredIn(region).filter((t) => t.maxDiskGb >= disk);
    problems.add(
      `${base}.diskSizeGb`,
      disk,
      `is more than the ${tier.maxDiskGb} GB an ${tier.name} cluster on AWS takes`,
      `${MIN_DISK_GB} to ${tier.maxDiskGb} GB on ${tier.name}; ${disk} GB needs ${larger.length > 0 ? quoted(larger.map((t) => t.name)) : "a tier this region does not offer"} (${DATA_FILES.atlasTiers})`,
      `lower ${base}.diskSizeGb to ${tier.maxDiskGb} or less${larger.length > 0 ? `, or raise ${base}.instanceSize to "${larger[0].name}"` : ""}`,
    );
  }

  const version = atlas.mongoDbMajorVersion;
  const majors = ATLAS_TIERS.values.mongoDbMajorVersions;
  if (typeof version === "string" && MAJOR_VERSION.test(version) && !majors.includes(version)) {
    problems.add(
      `${base}.mongoDbMajorVersion`,
      version,
      "is not a MongoDB major version Atlas creates clusters with",
      `${majors.length === 1 ? "" : "one of "}${quoted(majors)} (${DATA_FILES.atlasTiers})`,
      `set ${base}.mongoDbMajorVersion to "${majors[majors.length - 1]}"`,
    );
  }
}
