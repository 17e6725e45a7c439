/**
 * The one error type for bad configuration. Validation collects every problem before throwing, so
 * a user fixes them all in one round.
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
  return JSON.stringify(value);
}

/** Formats one problem on three lines: what, allowed, fix. */
export function formatProblem(p: ConfigProblem): string {
  return `${p.path}: ${renderValue(p.value)} ${p.problem}\n    allowed: ${p.allowed}\n    fix: ${p.fix}`;
}

export class ConfigError extends Error {
  constructor(public readonly problems: readonly ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}); nothing was synthesized:\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}
