/** Plain values written as HCL, for the README usage blocks and the examples. */

function quote(s: string): string {
  return JSON.stringify(s).replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");
}

function key(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? k : quote(k);
}

/** An HCL expression written as is (an example value such as `jsonencode({...})`). */
export class Hcl {
  constructor(public readonly expression: string) {}
  toJSON(): string {
    return this.expression;
  }
}

/** A value as an HCL expression; objects and non-empty lists of objects span lines. */
export function hclValue(value: unknown, indent = ""): string {
  if (value instanceof Hcl) return value.expression.split("\n").join(`\n${indent}`);
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return quote(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every((v) => typeof v !== "object" || v === null)) return `[${value.map((v) => hclValue(v)).join(", ")}]`;
    return `[\n${value.map((v) => `${inner}${hclValue(v, inner)},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return "{}";
  const width = Math.max(...entries.map(([k]) => key(k).length));
  return `{\n${entries.map(([k, v]) => `${inner}${key(k).padEnd(width)} = ${hclValue(v, inner)}`).join("\n")}\n${indent}}`;
}

/**
 * `name = value` lines at `indent`, laid out as `terraform fmt` does: the `=` of consecutive
 * one-line attributes aligned; an attribute whose value spans lines is not aligned and ends the group.
 */
export function hclAttributes(values: readonly (readonly [string, unknown])[], indent: string): string {
  const rendered = values.map(([k, v]) => [k, hclValue(v, indent)] as const);
  const lines: string[] = [];
  let group: (readonly [string, string])[] = [];
  const flush = (): void => {
    const width = Math.max(0, ...group.map(([k]) => k.length));
    lines.push(...group.map(([k, v]) => `${indent}${k.padEnd(width)} = ${v}`));
    group = [];
  };
  for (const [k, v] of rendered) {
    if (v.includes("\n")) {
      flush();
      lines.push(`${indent}${k} = ${v}`);
    } else {
      group.push([k, v]);
    }
  }
  flush();
  return lines.join("\n");
}

/** HCL condition: `expr` is a whole number from `min` to `max`. */
export function hclIntIn(expr: string, min: number, max: number): string {
  return `(${expr} == floor(${expr}) && ${expr} >= ${min} && ${expr} <= ${max})`;
}

/** HCL list literal of the values (strings quoted, numbers as they are). */
export function hclList(values: readonly unknown[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(", ")}]`;
}
