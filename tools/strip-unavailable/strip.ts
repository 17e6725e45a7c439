/**
 * Strips everything that belongs to unavailable providers from a synthesized stack (`cdk.tf.json`).
 *
 * scripts/validate.sh runs `init` + `validate` with real providers from the toolchain mirror. Some
 * providers cannot be had on every machine (the toolchain manifest records them as unavailable,
 * with the reason). Rather than not validating such a stack at all, validate.sh validates a copy
 * of it where those providers' parts are gone, and reports the result as partial. This makes that
 * copy:
 *
 *  - `resource.<type>.<name>` / `data.<type>.<name>` blocks owned by an unavailable provider are
 *    removed. The owner is Terraform's rule: the local name in the `provider` meta-argument when
 *    there is one, otherwise the resource type up to its first `_` (`mongodbatlas_project` ->
 *    `mongodbatlas`); local names are the keys of `terraform.required_providers`;
 *  - their `provider.<name>` configurations and `terraform.required_providers.<name>` entries;
 *  - every reference to a removed object inside a `${...}` interpolation (or `%{...}` directive),
 *    at any depth, including templates in string literals nested inside an expression, becomes a
 *    reference to an input variable that stands in for it (`mongodbatlas_x.y.attr[0]` ->
 *    `var.unchecked_mongodbatlas_x_y.attr[0]`), declared with `"type": "any"` and no default, so
 *    the remaining expression is still parsed and type-checked and unknown values flow as they
 *    would at validate time anyway;
 *  - `depends_on` and `lifecycle.replace_triggered_by` entries naming a removed object are dropped
 *    (those only accept object addresses, not variables), as are `moved` / `import` / `removed`
 *    blocks addressing one.
 *
 * Outputs are kept: their values are rewritten like any other expression, so an output that only
 * exposed a removed object now exposes its stand-in variable (still valid, still checked for syntax).
 *
 * What the engine can then NOT check, and the report says so: the removed blocks' own arguments,
 * the attribute names used on them (`.endpoint_service_name` could be misspelt) and their types.
 */
import { isJsonObject, JsonObject, JsonValue } from "../lib/json";
import { MalformedTemplateError, pythonStrip, Rewriter, variableName } from "./rewriter";

/** What was removed for one unavailable provider. */
export interface ProviderReport {
  /** Why the provider is unavailable, as given on the command line. */
  readonly why: string;
  /** Addresses of its removed resources, in file order. */
  readonly resource: readonly string[];
  /** Addresses of its removed data sources (`data.<type>.<name>`), in file order. */
  readonly data: readonly string[];
}

/** What the stripping did and what the engine still sees. */
export interface StripReport {
  /** Resources and data sources left: the measure of how much the partial check covers. */
  readonly left: { readonly resource: number; readonly data: number };
  /** Per unavailable provider the stack needs (by local name, sorted). */
  readonly providers: Readonly<Record<string, ProviderReport>>;
  /** References to removed objects rewritten to their stand-ins. */
  readonly referencesRewritten: number;
  /** Stand-in variables declared, sorted. */
  readonly standIns: readonly string[];
  /** `depends_on` / `replace_triggered_by` entries and `moved` / `import` / `removed` blocks dropped, e.g. `depends_on helm_release.R`. */
  readonly dropped: readonly string[];
}

/** The stack already declares a variable named like a stand-in: stripping would clobber it. */
export class StripError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StripError";
  }
}

/** Who wrote the stand-ins, named in their descriptions. */
const STRIPPED_BY = "tools/strip-unavailable.ts";

/** `aws` -> `hashicorp/aws`; `registry.terraform.io/mongodb/mongodbatlas` -> `mongodb/mongodbatlas`. */
export function normalizeSource(source: string): string {
  const parts = source.toLowerCase().split("/");
  if (parts.length === 1) parts.unshift("hashicorp");
  return parts.slice(-2).join("/");
}

/** The provider local name a resource / data block belongs to (Terraform's rule). */
export function ownerLocalName(type: string, body: JsonValue): string {
  const bodies = Array.isArray(body) ? (body as readonly JsonValue[]) : [body];
  for (const b of bodies) {
    const provider = isJsonObject(b) ? b.provider : undefined;
    if (typeof provider === "string" && provider !== "") {
      let p = pythonStrip(provider);
      if (p.startsWith("${")) p = p.slice(2);
      if (p.endsWith("}")) p = p.slice(0, -1);
      return p.split(".")[0];
    }
  }
  return type.split("_")[0];
}

/** A JSON object being edited (a deep copy of the input). */
type Editable = { [key: string]: JsonValue };

/**
 * The stack without the unavailable providers' parts, and the report.
 * @param unavailable normalized provider source (`mongodb/mongodbatlas`) -> why it is unavailable
 */
export function strip(input: JsonObject, unavailable: ReadonlyMap<string, string>): { config: JsonObject; report: StripReport } {
  const config = structuredClone(input) as Editable;
  const tf = objectAt(config, "terraform");
  const required = objectAt(tf, "required_providers");
  // local name -> why, for the providers this stack needs that are unavailable
  const gone = new Map<string, string>();
  for (const [local, spec] of Object.entries(required)) {
    const source = isJsonObject(spec) ? (spec.source ?? local) : local;
    const why = typeof source === "string" ? unavailable.get(normalizeSource(source)) : undefined;
    if (why !== undefined) gone.set(local, why);
  }

  const removed = new Map<string, string>(); // address -> stand-in variable name
  const removedBy = new Map<string, { resource: string[]; data: string[] }>([...gone.keys()].map((l) => [l, { resource: [], data: [] }]));
  for (const mode of ["resource", "data"] as const) {
    const blocks = objectAt(config, mode);
    for (const type of Object.keys(blocks)) {
      const byName = blocks[type] as Editable;
      for (const name of Object.keys(byName)) {
        const local = ownerLocalName(type, byName[name]);
        const lists = removedBy.get(local);
        if (lists === undefined) continue;
        const address = (mode === "data" ? "data." : "") + type + "." + name;
        removed.set(address, variableName(address));
        lists[mode].push(address);
        delete byName[name];
      }
      if (Object.keys(byName).length === 0) delete blocks[type];
    }
    if (mode in config && Object.keys(blocks).length === 0) delete config[mode];
  }
  const providers = isJsonObject(config.provider) ? (config.provider as Editable) : undefined;
  for (const local of gone.keys()) {
    if (providers) delete providers[local];
    delete required[local];
  }
  if (providers && Object.keys(providers).length === 0) delete config.provider;

  const rw = new Rewriter(removed);
  const dropped: string[] = []; // addresses dropped from depends_on / replace_triggered_by / moved / import

  // moved / import / removed blocks only name addresses; one naming a removed object goes.
  for (const kind of ["moved", "import", "removed"]) {
    if (!(kind in config)) continue;
    const blocks = config[kind];
    const entries = Array.isArray(blocks) ? (blocks as readonly JsonValue[]) : [blocks];
    const kept: JsonValue[] = [];
    for (const e of entries) {
      const body = isJsonObject(e) ? e : {};
      const hit = [body.from, body.to].map((a) => rw.addressOf(a)).filter((a): a is string => a !== undefined);
      dropped.push(...hit.map((a) => `${kind} ${a}`));
      if (hit.length === 0) kept.push(e);
    }
    if (kept.length > 0) config[kind] = kept;
    else delete config[kind];
  }

  const text = (s: string): string => {
    try {
      return rw.template(s);
    } catch (err) {
      // Malformed template: left as it is for the engine to report, as it would anyway.
      if (err instanceof MalformedTemplateError) return s;
      throw err;
    }
  };
  const walk = (node: JsonValue): JsonValue => {
    if (Array.isArray(node)) return (node as readonly JsonValue[]).map(walk);
    if (isJsonObject(node)) {
      const result: Editable = {};
      for (const [k, v] of Object.entries(node) as [string, JsonValue][]) {
        if (k === "//") {
          // cdktf metadata: a JSON-syntax comment, not configuration
          result[k] = v;
          continue;
        }
        if ((k === "depends_on" || k === "replace_triggered_by") && Array.isArray(v)) {
          // These take object addresses only (no variables): drop the removed ones.
          const entries = v as readonly JsonValue[];
          const kept = entries.filter((e) => rw.addressOf(e) === undefined);
          for (const e of entries) {
            const a = rw.addressOf(e);
            if (a !== undefined) dropped.push(`${k} ${a}`);
          }
          // a list emptied by the drop goes away with its key
          if (kept.length > 0 || entries.length === 0) result[k] = kept.map(walk);
          continue;
        }
        result[text(k)] = walk(v); // keys of object values can be templates too
      }
      return result;
    }
    return typeof node === "string" ? text(node) : node;
  };
  const stripped = walk(config) as Editable;

  if (!isJsonObject(stripped.variable)) stripped.variable = {};
  const variables = stripped.variable as Editable;
  for (const [address, name] of [...removed].sort(([a], [b]) => compareCodePoints(a, b))) {
    if (!rw.used.get(address)) continue; // nothing refers to it: no stand-in needed
    if (name in variables) throw new StripError(`strip-unavailable: the stack already declares variable ${name}`);
    variables[name] = {
      type: "any",
      description: `Stand-in for ${address}, removed by ${STRIPPED_BY} (its provider is unavailable); its attributes are not checked`,
    };
  }
  if (Object.keys(variables).length === 0) delete stripped.variable;

  const count = (mode: string): number => Object.values(objectAt(stripped, mode)).reduce<number>((n, v) => n + (isJsonObject(v) ? Object.keys(v).length : 0), 0);
  const report: StripReport = {
    left: { resource: count("resource"), data: count("data") },
    providers: Object.fromEntries(
      [...gone.keys()].sort(compareCodePoints).map((local) => [local, { why: gone.get(local) as string, ...(removedBy.get(local) as { resource: string[]; data: string[] }) }]),
    ),
    referencesRewritten: [...rw.used.values()].reduce((a, b) => a + b, 0),
    standIns: [...rw.used.keys()].map((a) => removed.get(a) as string).sort(compareCodePoints),
    dropped,
  };
  return { config: stripped, report };
}

/** `n word(s)`. */
function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The report as text: one summary line, then detail lines indented by 8 spaces. */
export function describeReport(report: StripReport): string {
  const parts: string[] = [];
  const unchecked: string[] = [];
  for (const [local, p] of Object.entries(report.providers)) {
    const what: string[] = [];
    if (p.resource.length > 0) what.push(plural(p.resource.length, `${local} resource`));
    if (p.data.length > 0) what.push(plural(p.data.length, `${local} data source`));
    const things = what.length > 0 ? what.join(" + ") : `${local} provider configuration`;
    parts.push(`${things} not checked: ${p.why}`);
    unchecked.push(...p.resource, ...p.data);
  }
  const lines = [parts.join("; ")];
  if (unchecked.length > 0) {
    const more = unchecked.length > 8 ? `, +${unchecked.length - 8} more` : "";
    lines.push(`        unchecked: ${unchecked.slice(0, 8).join(", ")}${more}`);
  }
  lines.push(
    `        checked: the other ${plural(report.left.resource, "resource")} + ${plural(report.left.data, "data source")}; ` +
      `${plural(report.referencesRewritten, "reference")} to unchecked ones rewritten to ` +
      `${plural(report.standIns.length, "var.unchecked_* stand-in")}` +
      (report.dropped.length > 0 ? `; dropped: ${report.dropped.join(", ")}` : ""),
  );
  return lines.join("\n");
}

/**
 * The object under `key`, as an editable object: the object itself, or a detached empty one when
 * the key is missing (as Python's `d.get(key, {})`, edits to which go nowhere).
 */
function objectAt(parent: Editable, key: string): Editable {
  const v = parent[key];
  return isJsonObject(v) ? (v as Editable) : {};
}

/** Orders strings by code point, as Python's `sorted` does (not by UTF-16 unit, as `sort` does). */
function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) as number);
  const y = Array.from(b, (c) => c.codePointAt(0) as number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}
