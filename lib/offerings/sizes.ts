/**
 * Ordering of instance, DB instance and cache node types (`<family>.<size>`, with an optional
 * `db.`/`cache.` prefix): by family, then from the smallest size to the largest, so lists in data
 * files and in problem messages read the way AWS's own tables do.
 */

const NAMED_SIZES = ["nano", "micro", "small", "medium", "large", "xlarge"];

/** Rank of a size within its family: nano < micro < ... < xlarge < 2xlarge < ... < metal. */
export function sizeRank(size: string): number {
  const named = NAMED_SIZES.indexOf(size);
  if (named >= 0) {
    return named;
  }
  const multiple = /^(\d+)xlarge$/.exec(size);
  if (multiple) {
    return NAMED_SIZES.length + Number(multiple[1]);
  }
  const metal = /^metal(?:-(\d+)xl)?$/.exec(size);
  if (metal) {
    return 10_000 + Number(metal[1] ?? 0);
  }
  return 20_000;
}

/** Splits `db.t3.medium` into family `db.t3` and size `medium`. */
export function splitType(type: string): { family: string; size: string } {
  const dot = type.lastIndexOf(".");
  return dot < 0 ? { family: type, size: "" } : { family: type.slice(0, dot), size: type.slice(dot + 1) };
}

/** Compares two types: by family (numeric-aware), then by size rank, then by name. */
export function compareTypes(a: string, b: string): number {
  const x = splitType(a);
  const y = splitType(b);
  return (
    x.family.localeCompare(y.family, "en", { numeric: true }) ||
    sizeRank(x.size) - sizeRank(y.size) ||
    x.size.localeCompare(y.size, "en", { numeric: true })
  );
}
