/**
 * The one error type for bad input: configuration, command-line arguments, `backend.tf.json` and a
 * construct's props. Validation collects every problem before throwing, so a user fixes them all in
 * one round; the CLI prints the report alone (no stack trace) for this error and for no other.
 */

/** One problem in the configuration. */
export interface ConfigProblem {
  /** Dotted path of the offending field, e.g. `prod.network.cidr`. */
  readonly path: string;
  /** The value received (rendered with JSON.stringify). */
  readonly value: unknown;
  /** What is wrong with it, as a sentence fragment after the value. */
  readonly problem: string;
  /** What is allowed. */
  readonly allowed: string;
  /** How to fix it. */
  readonly fix: string;
}

export function renderValue(value: unknown): string {
  if (value === undefined) {
    return "undefined";
  }
  // JSON.stringify throws on cycles and BigInt, and drops functions: a report must never fail.
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text;
  } catch {
    return String(value);
  }
}

/** Formats one problem on three lines: what, allowed, fix. */
export function formatProblem(p: ConfigProblem): string {
  return `${p.path}: ${renderValue(p.value)} ${p.problem}\n    allowed: ${p.allowed}\n    fix: ${p.fix}`;
}

/** "1 problem", "3 problems". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

export class ConfigError extends Error {
  /**
   * @param heading the line above the problems
   * @default heading - "Invalid configuration (N problems); nothing was synthesized:"
   */
  constructor(
    public readonly problems: readonly ConfigProblem[],
    heading = `Invalid configuration (${count(problems.length, "problem")}); nothing was synthesized:`,
  ) {
    super(`${heading}\n` + problems.map((p) => `  - ${formatProblem(p)}`).join("\n"));
    this.name = "ConfigError";
  }
}
