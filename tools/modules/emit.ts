/**
 * Builds one module from its definition: synthesizes the construct in a throw-away cdktf stack
 * whose props are Terraform expressions (`var.*`, `each.value.*`), then turns the stack's JSON into
 * a reusable module:
 *
 * - provider, backend and remote-state blocks are dropped (callers configure providers);
 * - resources and data sources get names from their construct path (`Queues/Key/Key` -> `key`,
 *   `Queues/<queue>DeadLetterQueue` -> `dead_letter_queue`) instead of cdktf's hashed ids;
 * - what the construct built for the list input's template element gets
 *   `for_each = local.<template>`, and references between those blocks become `[each.key]`;
 *   a one-element list of such references elsewhere becomes a `for` expression over all of them;
 * - every taggable resource takes `var.tags` (merged under any tags the construct sets itself);
 * - variables, outputs, locals and the `terraform` block come from the definition.
 *
 * Resources come only from the construct: nothing here adds a resource or changes an argument
 * other than names, `for_each`, references and tags.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, Fn, MapTerraformIterator, propertyAccess, ref, TerraformIterator, TerraformResource, TerraformStack, TerraformVariable, Token } from "cdktf";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import type { IConstruct } from "constructs";
import type { BuildContext, ModuleDefinition, OptionalPart, ValidationBlock } from "./definition";
import { FOR_EACH_ID_PART } from "../../lib/naming";
import { snake } from "./messages";

/** The AWS provider versions a module accepts: the app's pinned 5.100.0 and later 5.x. */
export const AWS_PROVIDER_RANGE = ">= 5.100.0, < 6.0.0";
/** Validation messages reference the variable (Terraform >= 1.9 / OpenTofu >= 1.8 accept it). */
export const REQUIRED_VERSION = ">= 1.9.0";

type Json = Record<string, unknown>;

/** The files of a module, by name. */
export type ModuleFiles = Record<string, string>;

/** The construct-id part of the template element (its name is a token). */
const TEMPLATE_MARKER = new RegExp(FOR_EACH_ID_PART, "g");

interface Block {
  readonly kind: "resource" | "data";
  readonly type: string;
  readonly oldId: string;
  newId: string;
  readonly templated: boolean;
  /** Id of the construct directly under the module's construct that built the block. */
  readonly construct: string;
  readonly body: Json;
}

function synthesize(def: ModuleDefinition): { doc: Json; root: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `module-${def.name}-`));
  try {
    const app = new App({ outdir, skipValidation: true });
    const stack = new TerraformStack(app, "Module");
    let identity: DataAwsCallerIdentity | undefined;
    let region: DataAwsRegion | undefined;
    const iterator = def.template ? (TerraformIterator.fromMap(Token.asAnyMap(`\${local.${def.template.local}}`)) as MapTerraformIterator) : undefined;
    const needIterator = (): MapTerraformIterator => {
      if (!iterator) throw new Error(`module ${def.name}: eachStr/eachNum need a template`);
      return iterator;
    };
    // Variables as cdktf tokens; their blocks are replaced by the definition's below.
    const variables = new Map<string, TerraformVariable>();
    const variable = (name: string): TerraformVariable => {
      if (!def.variables.some((v) => v.name === name)) throw new Error(`module ${def.name}: no variable ${name}`);
      const existing = variables.get(name) ?? new TerraformVariable(stack, name, {});
      variables.set(name, existing);
      return existing;
    };
    const ctx: BuildContext = {
      // `service_account.namespace`: an attribute of an object variable.
      str: (v) => (v.includes(".") ? Token.asString(propertyAccess(variable(v.split(".")[0]).value, v.split(".").slice(1))) : variable(v).stringValue),
      num: (v) => variable(v).numberValue,
      bool: (v) => variable(v).booleanValue as unknown as boolean,
      list: (v) => (v.includes(".") ? Token.asList(propertyAccess(variable(v.split(".")[0]).value, v.split(".").slice(1))) : variable(v).listValue),
      eachStr: (a) => needIterator().getString(a),
      eachNum: (a) => needIterator().getNumber(a),
      eachKey: () => Token.asString(needIterator().key),
      eachValue: () => Token.asString(needIterator().value),
      accountId: () => (identity ??= new DataAwsCallerIdentity(stack, "CallerIdentity")).accountId,
      region: () => (region ??= new DataAwsRegion(stack, "Region")).name,
    };
    const construct = def.build(stack, ctx);
    tagResources(construct);
    app.synth();
    const file = path.join(outdir, "stacks", "Module", "cdk.tf.json");
    return { doc: JSON.parse(fs.readFileSync(file, "utf8")) as Json, root: construct.node.id };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** `var.tags` on every resource whose schema has tags, under the tags the construct sets. */
function tagResources(scope: IConstruct): void {
  const tags = Token.asStringMap(ref("var.tags"));
  for (const node of scope.node.findAll()) {
    if (!(node instanceof TerraformResource) || !node.terraformResourceType.startsWith("aws_")) continue;
    const proto = Object.getPrototypeOf(node) as object;
    if (Object.getOwnPropertyDescriptor(proto, "tagsInput") === undefined) continue;
    const taggable = node as TerraformResource & { tagsInput?: Record<string, string>; tags: Record<string, string> };
    const own = taggable.tagsInput;
    taggable.tags = own && Object.keys(own).length > 0 ? (Fn.merge([tags, own]) as unknown as Record<string, string>) : tags;
  }
}

/** `Module/Queues/${TfToken[TOKEN0]}DeadLetterQueue/Policy` -> `dead_letter_queue_policy`. */
function blockName(metaPath: string, root: string, templateConstructs: Readonly<Record<string, string>> = {}): { name: string; templated: boolean } {
  const parts = metaPath.split("/");
  const start = parts.indexOf(root);
  const rest = start >= 0 ? parts.slice(start + 1) : parts.slice(1);
  const renamed = templateConstructs[rest[0]];
  if (renamed !== undefined) {
    return { name: snake([renamed, ...rest.slice(1)].filter((p, i, all) => i === 0 || p !== all[i - 1]).join("_")).replace(/__+/g, "_"), templated: true };
  }
  const templated = rest.some((p) => new RegExp(TEMPLATE_MARKER.source).test(p));
  const cleaned = rest.map((p) => p.replace(TEMPLATE_MARKER, "")).filter((p) => p !== "");
  // `Key/Key` (a construct and its main resource) -> `key`.
  const deduped = cleaned.filter((p, i) => i === 0 || p !== cleaned[i - 1]);
  return { name: snake(deduped.join("_")).replace(/__+/g, "_") || "this", templated };
}

function collectBlocks(doc: Json, root: string, templateConstructs?: Readonly<Record<string, string>>): Block[] {
  const blocks: Block[] = [];
  for (const kind of ["resource", "data"] as const) {
    const byType = (doc[kind] ?? {}) as Record<string, Record<string, Json>>;
    for (const [type, byId] of Object.entries(byType)) {
      if (type === "terraform_remote_state") continue;
      for (const [oldId, body] of Object.entries(byId)) {
        const meta = (body["//"] as Json | undefined)?.metadata as Json | undefined;
        const metaPath = typeof meta?.path === "string" ? meta.path : oldId;
        const { name, templated } = type === "aws_caller_identity" || type === "aws_region" ? { name: "current", templated: false } : blockName(metaPath, root, templateConstructs);
        const parts = metaPath.split("/");
        blocks.push({ kind, type, oldId, newId: name, templated, construct: parts[parts.indexOf(root) + 1] ?? "", body });
      }
    }
  }
  const seen = new Map<string, Block>();
  for (const b of blocks) {
    const key = `${b.kind}.${b.type}.${b.newId}`;
    if (seen.has(key)) throw new Error(`two blocks would both be named ${key}: ${seen.get(key)?.oldId} and ${b.oldId}`);
    seen.set(key, b);
  }
  return blocks;
}

/** Address as written in expressions: `aws_x.id` or `data.aws_x.id`. */
function address(b: Block, id: string): string {
  return `${b.kind === "data" ? "data." : ""}${b.type}.${id}`;
}

function rewrite(value: unknown, blocks: readonly Block[], inTemplate: boolean, where: string): unknown {
  if (Array.isArray(value)) {
    if (!inTemplate && value.length === 1 && typeof value[0] === "string") {
      for (const b of blocks.filter((x) => x.templated)) {
        const m = new RegExp(`^\\$\\{${escape(address(b, b.oldId))}\\.([\\w.]+)\\}$`).exec(value[0]);
        if (m) return `\${[for k, r in ${address(b, b.newId)} : r.${m[1]}]}`;
      }
    }
    return value.map((v) => rewrite(v, blocks, inTemplate, where));
  }
  if (value !== null && typeof value === "object") {
    const out: Json = {};
    for (const [k, v] of Object.entries(value as Json)) {
      if (k === "//") continue;
      out[k] = rewrite(v, blocks, inTemplate, where);
    }
    return out;
  }
  if (typeof value !== "string") return value;
  let s = value;
  for (const b of blocks) {
    const re = new RegExp(`${escape(address(b, b.oldId))}(?![\\w-])`, "g");
    if (!re.test(s)) continue;
    if (b.templated && !inTemplate) {
      throw new Error(`${where} refers to ${b.type}.${b.newId}, which is repeated per element; only a one-element list of such references can be rewritten`);
    }
    s = s.replace(re, b.templated ? `${address(b, b.newId)}[each.key]` : address(b, b.newId));
  }
  if (!inTemplate && /each\.(value|key)/.test(s)) {
    throw new Error(`${where} uses the template element outside the repeated blocks: ${s}`);
  }
  return s;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A value as an HCL expression: `${expr}` -> expr, anything else as its literal. */
function hclExpression(value: unknown): string {
  if (typeof value === "string") {
    const m = /^\$\{([\s\S]*)\}$/.exec(value);
    if (m && !m[1].includes("${")) return m[1];
  }
  return JSON.stringify(value);
}

/**
 * Makes an optional part conditional (see OptionalPart): `count` on its blocks, `one(...[*])` for
 * every reference to them, its arguments of other blocks null or `dynamic` without it.
 */
function makeOptional(main: Json, blocks: readonly Block[], part: OptionalPart): void {
  const members = blocks.filter((b) => !b.templated && part.constructs.includes(b.construct));
  for (const id of part.constructs) {
    if (!members.some((b) => b.construct === id)) throw new Error(`optional part ${part.when}: no block built by construct ${id}`);
  }
  const kinds = main as Record<string, Record<string, Record<string, Json>>>;
  for (const b of members) {
    const body = kinds[b.kind][b.type][b.newId];
    kinds[b.kind][b.type][b.newId] = { count: `\${${part.when} ? 1 : 0}`, ...body };
  }
  // References to a member, anywhere but in depends_on (which names whole resources).
  const patterns = members.map((b) => [new RegExp(`(?<![\\w.])${escape(address(b, b.newId))}\\.([A-Za-z_][\\w-]*)`, "g"), address(b, b.newId)] as const);
  const visit = (value: unknown, key: string): unknown => {
    if (key === "depends_on") return value;
    if (Array.isArray(value)) return value.map((v) => visit(v, ""));
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, visit(v, k)]));
    if (typeof value !== "string") return value;
    let out = value;
    for (const [re, addr] of patterns) out = out.replace(re, (_m, attr: string) => `one(${addr}[*].${attr})`);
    return out;
  };
  for (const kind of ["data", "resource"] as const) {
    if (kinds[kind]) kinds[kind] = visit(kinds[kind], kind) as Record<string, Record<string, Json>>;
  }
  for (const arg of part.arguments ?? []) {
    const [type, name, argument] = arg.split(".");
    const body = kinds.resource?.[type]?.[name];
    if (!body || !(argument in body)) throw new Error(`optional part ${part.when}: no argument ${arg}`);
    const value = body[argument];
    if (value !== null && typeof value === "object") {
      // A nested block: a dynamic block with one element when the part exists.
      delete body[argument];
      const dynamic = (body.dynamic ?? {}) as Json;
      dynamic[argument] = { for_each: `\${${part.when} ? [1] : []}`, content: Array.isArray(value) ? value[0] : value };
      body.dynamic = dynamic;
    } else {
      body[argument] = `\${${part.when} ? ${hclExpression(value)} : null}`;
    }
  }
}

/**
 * All rules of a variable as one block (see ValidationBlock): valid when every rule holds; the
 * message lists the failing rules' lines, one problem after the other.
 */
function validationBlock(rules: readonly ValidationBlock[]): Json {
  const condition = rules.length === 1 ? rules[0].condition : `alltrue([\n${rules.map((r) => `    ${r.condition},`).join("\n")}\n  ])`;
  const messages = rules.length === 1 ? rules[0].messages : `concat(\n${rules.map((r) => `    ${r.messages},`).join("\n")}\n  )`;
  return { condition: `\${${condition}}`, error_message: `\${join("\\n", ${messages})}` };
}

/**
 * The blocks of a variable: its own rules as one block, then each rule across inputs
 * (ValidationBlock.acrossInputs) in a block of its own, so that `validate`, which does not know
 * the other input, still checks the rest.
 */
function validationBlocks(rules: readonly ValidationBlock[]): Json[] {
  const own = rules.filter((r) => !r.acrossInputs);
  return [...(own.length > 0 ? [validationBlock(own)] : []), ...rules.filter((r) => r.acrossInputs).map((r) => validationBlock([r]))];
}

/** JSON text of a module file: two-space indent, newline at the end. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The module's Terraform files (README and interface are added by ./docs). */
export function emitModule(def: ModuleDefinition): ModuleFiles {
  const { doc, root } = synthesize(def);
  const blocks = collectBlocks(doc, root, def.template?.constructs);
  const main: Json = {};
  if (def.template) {
    main.locals = { [def.template.local]: `\${${def.template.value}}` };
  }
  for (const kind of ["data", "resource"] as const) {
    const out: Record<string, Record<string, Json>> = {};
    for (const b of blocks.filter((x) => x.kind === kind).sort((x, y) => `${x.type}.${x.newId}`.localeCompare(`${y.type}.${y.newId}`))) {
      const body = rewrite(b.body, blocks, b.templated, `${kind} ${b.type}.${b.newId}`) as Json;
      const withLoop = b.templated ? { for_each: `\${local.${def.template?.local}}`, ...body } : body;
      (out[b.type] ??= {})[b.newId] = withLoop;
    }
    if (Object.keys(out).length > 0) main[kind] = out;
  }
  for (const part of def.optional ?? []) {
    makeOptional(main, blocks, part);
  }

  const variables: Json = {};
  for (const v of def.variables) {
    variables[v.name] = {
      description: v.description,
      type: v.type,
      ...(v.default !== undefined ? { default: v.default } : {}),
      nullable: v.nullable ?? false,
      ...(v.validation && v.validation.length > 0 ? { validation: validationBlocks(v.validation) } : {}),
    };
  }
  const outputs: Json = {};
  for (const o of def.outputs) {
    outputs[o.name] = { description: o.description, value: `\${${o.value}}` };
  }
  const versions = {
    terraform: {
      required_version: REQUIRED_VERSION,
      required_providers: { aws: { source: "hashicorp/aws", version: AWS_PROVIDER_RANGE } },
    },
  };
  return {
    "main.tf.json": jsonText(main),
    "variables.tf.json": jsonText({ variable: variables }),
    "outputs.tf.json": jsonText({ output: outputs }),
    "versions.tf.json": jsonText(versions),
  };
}
