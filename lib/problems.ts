/**
 * The collector the config validators report through, and the helpers they share. It lives apart
 * from lib/validate.ts so that the section validators (lib/validate-data.ts,
 * lib/validate-platform.ts) import it without importing lib/validate.ts, which imports them.
 */
import { ConfigProblem } from "./errors";

/** Collects problems; `check` adds one when a condition fails. */
export class Problems {
  readonly list: ConfigProblem[] = [];
  add(path: string, value: unknown, problem: string, allowed: string, fix: string): void {
    this.list.push({ path, value, problem, allowed, fix });
  }
}

export function oneOf(values: readonly unknown[]): string {
  return `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;
}

export function isInt(v: unknown, min: number, max: number): boolean {
  return typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
}
