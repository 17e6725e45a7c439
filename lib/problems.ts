/**
 * The collector every validator reports through, and the helpers they share. It lives apart from
 * lib/validate.ts so that the section validators (lib/validate-data.ts, lib/validate-platform.ts)
 * and the constructs' props validators import it without importing lib/validate.ts, which imports
 * them.
 *
 * A configuration may be written without the compiler's help (plain JavaScript, a cast, a value
 * read from elsewhere), so validators never trust a shape: they read a section through `section`
 * or `listAt` and a text through `isText` first, which report "is missing", "is not an object",
 * "is not a list" or "is not a string" in config terms instead of failing with a TypeError or
 * comparing a number with a string.
 */
import { ConfigError, ConfigProblem } from "./errors";

/** Collects problems, in the order they are found. */
export class Problems {
  readonly list: ConfigProblem[] = [];
  add(path: string, value: unknown, problem: string, allowed: string, fix: string): void {
    this.list.push({ path, value, problem, allowed, fix });
  }

  /** Throws one ConfigError listing every problem; returns when there is none. */
  throwIfAny(heading?: string): void {
    if (this.list.length > 0) {
      throw new ConfigError(this.list, heading);
    }
  }
}

export function oneOf(values: readonly unknown[]): string {
  return `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;
}

export function isInt(v: unknown, min: number, max: number): boolean {
  return typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
}

/** A plain object: not null, not a list. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What is wrong with a value of the wrong type: "is missing" (undefined, null) or "is not <expected>". */
export function typeProblem(value: unknown, expected: string): string {
  return value === undefined || value === null ? "is missing" : `is not ${expected}`;
}

export interface Expected {
  /** What is allowed (the report's "allowed:" line). */
  readonly allowed: string;
  /** How to add the value when it is missing; a value of the wrong type is to be replaced with `allowed`. */
  readonly fix: string;
  /** Undefined and null are accepted (the field has a default). */
  readonly optional?: boolean;
  /**
   * How to replace a value of the wrong type.
   * @default - "replace <path> with <allowed>" (for a number or boolean where a string belongs: quote it)
   */
  readonly replace?: string;
}

/**
 * Reports a value of the wrong type: "is missing" with the fix for adding it, or "is not <expected>"
 * with the fix of replacing it (for a number or boolean where a string belongs: quoting it).
 */
export function wrongType(problems: Problems, path: string, value: unknown, expected: string, what: Expected): void {
  let fix = what.replace ?? `replace ${path} with ${what.allowed}`;
  if (value === undefined || value === null) {
    fix = what.fix;
  } else if (expected === "a string" && (typeof value === "number" || typeof value === "boolean")) {
    // The usual slip: the right characters without quotes.
    fix = `write it in quotes: "${String(value)}"`;
  }
  problems.add(path, value, typeProblem(value, expected), what.allowed, fix);
}

/**
 * The object at `path`, or undefined after reporting why not: "is missing" (undefined or null,
 * unless optional) or "is not an object" (a list, a string, a number...).
 */
export function section<T extends object>(problems: Problems, path: string, value: T | undefined | null, what: Expected): T | undefined {
  if ((value === undefined || value === null) && what.optional) {
    return undefined;
  }
  if (!isRecord(value)) {
    wrongType(problems, path, value, "an object", what);
    return undefined;
  }
  return value as T;
}

/** The list at `path`, or undefined after reporting it missing (unless optional) or not a list. */
export function listAt<T>(problems: Problems, path: string, value: readonly T[] | undefined | null, what: Expected): readonly T[] | undefined {
  if ((value === undefined || value === null) && what.optional) {
    return undefined;
  }
  if (!Array.isArray(value)) {
    wrongType(problems, path, value, "a list", what);
    return undefined;
  }
  return value as readonly T[];
}

/**
 * Whether the value at `path` is a string; reports "is missing" or "is not a string" when not
 * (undefined passes when optional). A number where a string belongs is reported as such, never as
 * a mismatch with a string that prints the same.
 */
export function isText(problems: Problems, path: string, value: unknown, what: Expected): value is string {
  if (typeof value === "string" || (value === undefined && what.optional)) {
    return typeof value === "string";
  }
  wrongType(problems, path, value, "a string", what);
  return false;
}
