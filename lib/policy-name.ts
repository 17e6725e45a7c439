/**
 * Names of the inline role policies the grant methods create. An inline policy name must be
 * unique per role, at most 128 characters of `[A-Za-z0-9+=,.@_-]`, and stable across synths.
 */
import { createHash } from "crypto";

const MAX = 128;
const VALID = /^[\w+=,.@-]+$/;

/**
 * `parts` joined by `-` when that is a valid name; otherwise a readable, shortened form followed
 * by a hash of the exact parts, so two different grants never share a name.
 */
export function policyName(parts: readonly string[]): string {
  const joined = parts.join("-");
  if (joined.length <= MAX && VALID.test(joined)) {
    return joined;
  }
  const hash = createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 8);
  const readable = joined.replace(/[^\w+=,.@-]+/g, "-").slice(0, MAX - hash.length - 1).replace(/-+$/, "");
  return `${readable}-${hash}`;
}
