/**
 * Reading a configuration loosely: environment files are typed, but a JavaScript config (or a
 * half-written one) may lack any section, so every check reads through these and never throws.
 */

/** The value when it is a plain object, else an empty one. */
export function asRecord(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** True for a plain object. */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
