/**
 * How a construct's props validator reports. Each construct exports its validator as a pure
 * function `validateXProps(props, problems, paths)`, so that one set of rules serves two callers:
 *
 * - the construct itself (it may be reused outside this app): `checkProps` runs the validator with
 *   paths relative to the props (`queues[0].name`) and throws one ConfigError naming the construct;
 * - the config validation (lib/validate-data.ts), before any construct exists: it passes the
 *   config path of the section the props come from (`dev.data.queues[0].name`), so the report
 *   names what the user edits, for every environment, together with every other problem.
 */
import { Token } from "cdktf";
import { count } from "./errors";
import { Problems, isInt, typeProblem, wrongType } from "./problems";

/**
 * Where a props validator reports. A string prefixes every prop's path: "" when the construct
 * checks its own props, the config path when the config validation calls it (`dev.data.atlas`).
 * An object also re-homes props the configuration keeps elsewhere (`{ logRetentionDays:
 * "dev.data.bucketLogRetentionDays" }`) and leaves out props the stack derives rather than the
 * config sets (`null`: names, placement, role ARNs; the config validators check their sources).
 */
export type PropPaths = string | { readonly base: string; readonly props: Readonly<Record<string, string | null>> };

/** A props validator's view of the shared collector: problems by prop name, reported at their paths. */
export class PropProblems {
  constructor(
    public readonly problems: Problems,
    private readonly paths: PropPaths = "",
  ) {}

  /**
   * Path of a prop (`diskSizeGb`, `queues[0].name`) in the report, or undefined when it is not
   * reported here (see PropPaths).
   */
  path(prop: string): string | undefined {
    const base = typeof this.paths === "string" ? this.paths : this.paths.base;
    const key = /^[^.[]+/.exec(prop)?.[0] ?? prop;
    if (typeof this.paths !== "string" && Object.prototype.hasOwnProperty.call(this.paths.props, key)) {
      const mapped = this.paths.props[key];
      return mapped === null ? undefined : mapped + prop.slice(key.length);
    }
    return base === "" ? prop : `${base}.${prop}`;
  }

  /** How a fix names a prop: its path in the report (the config's, from the config validation). */
  name(prop: string): string {
    return this.path(prop) ?? prop;
  }

  add(prop: string, value: unknown, problem: string, allowed: string, fix: string): void {
    const path = this.path(prop);
    if (path !== undefined) {
      this.problems.add(path, value, problem, allowed, fix);
    }
  }

  /** Adds a problem unless `value` is an integer within min..max; returns whether it is. */
  integer(prop: string, value: unknown, min: number, max: number, fix: string): boolean {
    // A token (a Terraform expression, in a generated module) is checked by the module's
    // validation blocks at plan time, not here.
    if (isInt(value, min, max) || Token.isUnresolved(value)) {
      return true;
    }
    this.add(prop, value, typeof value === "number" ? "is out of range" : typeProblem(value, "a number"), `an integer from ${min} to ${max}`, fix);
    return false;
  }

  /**
   * Adds a problem unless `value` is a number `ok` accepts: "is missing" or "is not a number" for
   * another type, `problem` for a number out of bounds. Returns whether it is accepted.
   */
  number(prop: string, value: unknown, ok: (n: number) => boolean, problem: string, allowed: string, fix: string): value is number {
    // A token (a generated module's input) is checked by the module's validation blocks.
    if (typeof value === "number" && (Token.isUnresolved(value) || ok(value))) {
      return true;
    }
    this.add(prop, value, typeof value === "number" ? problem : typeProblem(value, "a number"), allowed, fix);
    return false;
  }

  /** Adds "is missing" or "is not a string" unless `value` is a string; returns whether it is. */
  text(prop: string, value: unknown, allowed: string, fix: string): value is string {
    if (typeof value === "string") {
      return true;
    }
    const path = this.path(prop);
    if (path !== undefined) {
      wrongType(this.problems, path, value, "a string", { allowed, fix });
    }
    return false;
  }

  /** Adds "is missing" or "is not a list" unless `value` is a list; returns whether it is. */
  list(prop: string, value: unknown, allowed: string, fix: string): value is readonly unknown[] {
    if (Array.isArray(value)) {
      return true;
    }
    this.add(prop, value, typeProblem(value, "a list"), allowed, fix);
    return false;
  }
}

/** A props validator: reports every problem of `props` through `problems`, at `paths`. */
export type PropsValidator<P> = (props: P, problems: Problems, paths?: PropPaths) => void;

/**
 * Runs a construct's validator on its props before the construct creates anything, and throws one
 * ConfigError naming the construct and listing every problem; returns when there is none.
 */
export function checkProps<P>(owner: string, props: P, validate: PropsValidator<P>): void {
  const problems = new Problems();
  validate(props, problems, "");
  problems.throwIfAny(`${owner}: ${count(problems.list.length, "invalid prop")}; nothing was created:`);
}
