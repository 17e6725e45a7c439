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

/**
 * JSON text exactly as Python's `json.dump(value, f, indent=indent)` writes it, for tools that
 * replaced Python scripts and must write the same bytes: `,` at line ends and `": "` between key
 * and value, `{}` / `[]` for empty containers, and every character outside
 * printable ASCII escaped as `\uXXXX` (lowercase hex, UTF-16 surrogate pairs), which
 * `JSON.stringify` does not do.
 *
 * Numbers: a non-integer prints as Python prints a float (`1e-05`, not `0.00001`); an integer
 * prints as written. What a JavaScript number cannot carry is not reproduced: an integral float
 * literal (`1.0`, which Python keeps and prints as `1.0`), integers beyond 2^53, and object keys
 * that are array indexes (`"0"`), which JavaScript objects order before all others. cdktf writes
 * none of these (its JSON comes from JavaScript values, so `JSON.parse` round-trips it).
 */
export function formatJsonLikePython(value: JsonValue, indent: number): string {
  const write = (v: JsonValue, depth: number): string => {
    if (v === null) return "null";
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "number") return pythonNumber(v);
    if (typeof v === "string") return pythonString(v);
    const inner = "\n" + " ".repeat(indent * (depth + 1));
    const outer = "\n" + " ".repeat(indent * depth);
    if (Array.isArray(v)) {
      const items = v as readonly JsonValue[];
      if (items.length === 0) return "[]";
      return "[" + inner + items.map((e) => write(e, depth + 1)).join("," + inner) + outer + "]";
    }
    const entries = Object.entries(v as JsonObject).filter((e): e is [string, JsonValue] => e[1] !== undefined);
    if (entries.length === 0) return "{}";
    return "{" + inner + entries.map(([k, e]) => `${pythonString(k)}: ${write(e, depth + 1)}`).join("," + inner) + outer + "}";
  };
  return write(value, 0);
}

const PYTHON_ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };

/** A string as Python's `json` module writes it with `ensure_ascii` (its default). */
function pythonString(s: string): string {
  // Every UTF-16 code unit outside printable ASCII (space to `~`), so astral characters come out
  // as their surrogate pair, as Python writes them.
  return '"' + s.replace(/[\\"]|[^ -~]/g, (c) => PYTHON_ESCAPES[c] ?? "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")) + '"';
}

/** A number as Python's `repr` writes it: integers as digits, floats below 1e-4 in exponent form. */
function pythonNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`${n} is not a JSON number`);
  if (Number.isInteger(n) || Math.abs(n) >= 1e-4) return String(n);
  // Python switches to exponent form below 1e-4 (JavaScript only below 1e-6) and writes at least
  // two exponent digits: 1e-05, 1.5e-07.
  const [mantissa, exponent] = n.toExponential().split("e");
  const e = Number(exponent);
  return `${mantissa}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}
