/**
 * What a problem message offers instead of a value that is not offered: the sizes of the same
 * family when there is one, otherwise the few values closest in spelling. Long lists are never
 * printed whole; the message names the data file that holds them.
 */
import { compareTypes, splitType } from "./sizes";

/** Edit distance (insertions, deletions, substitutions) between two strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The `count` candidates closest to `value` in spelling, closest first (ties in list order). */
export function closest(value: string, candidates: readonly string[], count = 3): string[] {
  return candidates
    .map((candidate, index) => ({ candidate, index, distance: editDistance(value, candidate) }))
    .sort((x, y) => x.distance - y.distance || x.index - y.index)
    .slice(0, count)
    .map((c) => c.candidate);
}

/** Values quoted and joined: `"a", "b", "c"`. */
export function quoted(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

/** The types of `offered` in the family of `type` (`t3` of `t3.huge`), smallest first. */
export function sameFamily(type: string, offered: readonly string[]): string[] {
  const { family } = splitType(type);
  return offered.filter((t) => splitType(t).family === family).sort(compareTypes);
}

/**
 * What is allowed instead of a type that is not offered: every size of its family when the family
 * is offered at all, else the closest types; `what` names the offering, `file` the data file.
 */
export function allowedTypes(type: string, offered: readonly string[], what: string, file: string): { allowed: string; suggestion: string } {
  const family = sameFamily(type, offered);
  if (family.length > 0) {
    return {
      allowed: `a size ${what} offers in the ${splitType(type).family} family: ${quoted(family)} (${file})`,
      suggestion: closestSize(type, family),
    };
  }
  const near = closest(type, offered);
  return { allowed: `a type ${what} offers, e.g. ${quoted(near)} (the full list: ${file})`, suggestion: near[0] ?? "" };
}

/**
 * The size to suggest: the smallest offered size at least as large as the one asked for, else the
 * largest (bare-metal sizes only when nothing else is offered).
 */
function closestSize(type: string, family: readonly string[]): string {
  const wanted = splitType(type).size;
  const virtual = family.filter((t) => !splitType(t).size.startsWith("metal"));
  const sizes = virtual.length > 0 ? virtual : family;
  const byRank = sizes.find((t) => compareTypes(`${splitType(t).family}.${wanted}`, t) <= 0);
  return byRank ?? sizes[sizes.length - 1];
}
