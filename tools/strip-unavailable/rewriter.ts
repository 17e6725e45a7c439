/**
 * Rewrites references to removed objects inside Terraform JSON-syntax string templates.
 *
 * A JSON string is a template: literal text with `${ expr }` interpolations and `%{ directive }`
 * blocks (`$${` and `%%{` are escapes for the literal text). Inside an expression, a quoted string
 * is again a template and may nest further interpolations, so this is a small recursive scanner
 * rather than one regex over the whole string: the reference pattern is only tried at expression
 * positions, never in literal text or inside string literals' literal parts.
 */

// `\w` and `\d` as Python's `re` reads them in a str pattern (Unicode letters and digits), so
// the addresses recognised are the ones the Python version recognised.
const W = String.raw`[\p{L}\p{N}_]`;
const D = String.raw`\p{Nd}`;
const ADDRESS = String.raw`(?<addr>(?<data>data\.)?(?<type>[A-Za-z_](?:${W}|-)*)\.(?<name>[A-Za-z_](?:${W}|-)*))`;
const TRAVERSAL = String.raw`(?<rest>(?:\.[A-Za-z_](?:${W}|-)*|\.\*|\[${D}+\]|\[\*\]|\["[^"\\$%]*"\])*)`;

/**
 * A reference to a managed resource or data source, with the traversal after it (kept verbatim
 * behind the stand-in variable): (data.)<type>.<name>(.attr | [0] | ["key"] | [*] | .*)*.
 * Sticky: it matches only where `lastIndex` points.
 */
const REFERENCE_AT = new RegExp(ADDRESS + TRAVERSAL, "uy");
/** The same, as the whole of a string (a `depends_on` entry). */
const REFERENCE_ONLY = new RegExp(`^(?:${ADDRESS}${TRAVERSAL})$`, "u");

/**
 * Characters that continue an identifier or traversal: a reference only starts after none of them
 * (so `var.mongodbatlas_x.y` and `module.m.helm_x.y` are not taken for `mongodbatlas_x.y`).
 * (`1-mongodbatlas_x.y.n`, a subtraction written without spaces, is missed: the engine then
 * reports the undeclared resource, a FAIL, never a false pass.)
 */
const IDENT_OR_TRAVERSAL = new RegExp(String.raw`^(?:${W}|[.:-])$`, "u");

/** Prefix of the stand-in variables. */
export const VARIABLE_PREFIX = "unchecked_";

/** `mongodbatlas_x.y` -> `unchecked_mongodbatlas_x_y`; `data.helm_t.n` -> `unchecked_data_helm_t_n`. */
export function variableName(address: string): string {
  return VARIABLE_PREFIX + address.split(".").join("_");
}

/** A template the scanner cannot read (an unterminated `${` or string literal). */
export class MalformedTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedTemplateError";
  }
}

export class Rewriter {
  /** Address -> number of references rewritten to its stand-in. */
  readonly used = new Map<string, number>();

  /** @param removed address of each removed object -> its stand-in variable name */
  constructor(private readonly removed: ReadonlyMap<string, string>) {}

  /** The template with every reference to a removed object pointed at its stand-in. */
  template(s: string): string {
    if (!s.includes("${") && !s.includes("%{")) return s;
    const out: string[] = [];
    this.scanTemplate(s, 0, out, false);
    return out.join("");
  }

  /** The removed object a bare address / `${address}` entry names, or `undefined`. */
  addressOf(entry: unknown): string | undefined {
    if (typeof entry !== "string") return undefined;
    let text = pythonStrip(entry);
    if (text.startsWith("${") && text.endsWith("}")) text = pythonStrip(text.slice(2, -1));
    const addr = REFERENCE_ONLY.exec(text)?.groups?.addr;
    return addr !== undefined && this.removed.has(addr) ? addr : undefined;
  }

  /** Copies template text from s[i]; returns the index after the closing quote (quoted) or s.length. */
  private scanTemplate(s: string, start: number, out: string[], quoted: boolean): number {
    let i = start;
    while (i < s.length) {
      const c = s[i];
      if (quoted && c === "\\") {
        out.push(s.slice(i, i + 2));
        i += 2;
      } else if (quoted && c === '"') {
        out.push(c);
        return i + 1;
      } else if (s.startsWith("$${", i) || s.startsWith("%%{", i)) {
        out.push(s.slice(i, i + 3));
        i += 3;
      } else if (s.startsWith("${", i) || s.startsWith("%{", i)) {
        out.push(s.slice(i, i + 2));
        i = this.scanExpression(s, i + 2, out);
      } else {
        out.push(c);
        i += 1;
      }
    }
    if (quoted) throw new MalformedTemplateError(`unterminated string literal in ${JSON.stringify(s)}`);
    return i;
  }

  /** Copies an expression from s[i] up to its closing `}`; returns the index after it. */
  private scanExpression(s: string, start: number, out: string[]): number {
    let i = start;
    let depth = 0; // braces opened inside the expression (object constructors, for expressions)
    while (i < s.length) {
      const c = s[i];
      if (c === '"') {
        out.push(c);
        i = this.scanTemplate(s, i + 1, out, true);
        continue;
      }
      if (c === "{") {
        depth += 1;
      } else if (c === "}") {
        if (depth === 0) {
          out.push(c);
          return i + 1;
        }
        depth -= 1;
      } else if (i === 0 || !IDENT_OR_TRAVERSAL.test(charBefore(s, i))) {
        REFERENCE_AT.lastIndex = i;
        const m = REFERENCE_AT.exec(s);
        const addr = m?.groups?.addr;
        if (m && addr !== undefined && this.removed.has(addr)) {
          out.push("var." + this.removed.get(addr) + (m.groups?.rest ?? ""));
          this.used.set(addr, (this.used.get(addr) ?? 0) + 1);
          i = REFERENCE_AT.lastIndex;
          continue;
        }
      }
      out.push(c);
      i += 1;
    }
    throw new MalformedTemplateError(`unterminated \${ or %{ in ${JSON.stringify(s)}`);
  }
}

/** The whole character (code point) before index i, a surrogate pair included. */
function charBefore(s: string, i: number): string {
  const low = s.charCodeAt(i - 1);
  if (i >= 2 && low >= 0xdc00 && low <= 0xdfff) {
    const high = s.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return s.slice(i - 2, i);
  }
  return s[i - 1];
}

/** Whitespace as Python's `str.strip()` removes it (which differs from `trim()` at the edges). */
const PY_SPACE = "[\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const PY_STRIP = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, "g");

/** `s.strip()` as Python does it. */
export function pythonStrip(s: string): string {
  return s.replace(PY_STRIP, "");
}
