/**
 * JSON as `JSON.parse` returns it, and the narrowing the tools need to read Terraform JSON
 * without `any`: a synthesized stack is open JSON (every provider has its own attributes), so the
 * tools narrow each value where they read it.
 */

export type JsonPrimitive = string | number | boolean | null;

/** Any value `JSON.parse` can return. */
export type JsonValue = JsonPrimitive | readonly JsonValue[] | JsonObject;

/** A JSON object; a key that is not there reads as `undefined`. */
export interface JsonObject {
  readonly [key: string]: JsonValue | undefined;
}

/** The object itself when `value` is a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value when it is a JSON object, else an empty one: for reading optional nested blocks. */
export function asObject(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}

/** The string, or `undefined` when the value is anything else. */
export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The strings of a list, skipping anything else; `[]` when the value is not a list. */
export function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/**
 * A value that may be one item or a list of them, as a list: nothing for `undefined`/`null`, the
 * list itself, or a list of the one value (what `[].concat(value ?? [])` does).
 */
export function asList(value: JsonValue | undefined): readonly JsonValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? (value as readonly JsonValue[]) : [value as JsonValue];
}

/**
 * A single nested block: cdktf writes one as an object or as a one-element list. Returns the first
 * element of a list, or the value itself.
 */
export function firstBlock(value: JsonValue | undefined): JsonValue | undefined {
  return Array.isArray(value) ? (value as readonly JsonValue[])[0] : value;
}

/** Parses JSON text, typed as what `JSON.parse` can return. */
export function parseJson(text: string): JsonValue {
  return JSON.parse(text) as JsonValue;
}
