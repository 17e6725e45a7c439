/**
 * Collectors for constructs' own prop checks: every problem is gathered, then thrown together in
 * one Error naming the construct, so a caller sees all of them at once.
 *
 * - PropChecks: free-text problems (each message names the prop, the value, what is allowed and the fix);
 * - PropProblems: structured problems in lib/errors' format (path, value, allowed, fix).
 */
import { ConfigProblem, formatProblem } from "./errors";

/** Collects problems so that one error lists them all. */
export class PropChecks {
  private readonly list: string[] = [];

  /** Records a problem when `failed` is true. */
  public check(failed: boolean, message: string): void {
    if (failed) {
      this.list.push(message);
    }
  }

  /** Throws one Error naming the construct and every problem, if there is any. */
  public throwIfAny(label: string): void {
    if (this.list.length === 1) {
      throw new Error(`${label}: ${this.list[0]}`);
    }
    if (this.list.length > 1) {
      throw new Error(`${label}: ${this.list.length} invalid props:\n  - ${this.list.join("\n  - ")}`);
    }
  }
}

/** Collects structured problems (lib/errors' format) so that one error lists them all. */
export class PropProblems {
  private readonly list: ConfigProblem[] = [];

  add(path: string, value: unknown, problem: string, allowed: string, fix: string): void {
    this.list.push({ path, value, problem, allowed, fix });
  }

  /** Adds a problem unless `value` is an integer within min..max; returns whether it is. */
  integer(path: string, value: unknown, min: number, max: number, fix: string): boolean {
    if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) {
      return true;
    }
    this.add(path, value, "is out of range", `an integer from ${min} to ${max}`, fix);
    return false;
  }

  /** Throws one Error naming the construct and listing every problem; returns when there is none. */
  throwIfAny(owner: string): void {
    if (this.list.length === 0) {
      return;
    }
    const count = `${this.list.length} invalid prop${this.list.length === 1 ? "" : "s"}`;
    throw new Error(`${owner}: ${count}; nothing was created:\n${this.list.map((p) => `  - ${formatProblem(p)}`).join("\n")}`);
  }
}
