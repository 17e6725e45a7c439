/**
 * Validation blocks whose wording comes from the construct's own TypeScript validator: for each
 * rule the generator makes the mistake once (a probe), takes the problem the validator reports
 * (path, problem, allowed, fix) and turns it into an `error_message` template that prints the same
 * three lines for the offending value. One source of wording; the parity test
 * (__tests__/modules-parity.test.ts) runs real OpenTofu to prove the texts match.
 *
 * Prop names are written in the module's snake_case (`visibilityTimeoutSeconds` ->
 * `visibility_timeout_seconds`), in paths and in the text, since that is what the module's user
 * writes; nothing else differs.
 */
import type { ConfigProblem } from "../../lib/errors";
import type { Probe, ValidationBlock } from "./definition";

/** `visibilityTimeoutSeconds` -> `visibility_timeout_seconds`. */
export function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** Rewrites the given camelCase prop names to snake_case wherever they appear as words. */
export function snakeProps(text: string, props: readonly string[]): string {
  let out = text;
  // Longest first, so `dlqRetentionDays` is not half-rewritten by a shorter name.
  for (const prop of [...props].sort((a, b) => b.length - a.length)) {
    out = out.replace(new RegExp(`\\b${prop}\\b`, "g"), snake(prop));
  }
  return out;
}

/** Text as the inside of an HCL template string (in JSON): `${` and `%{` are escaped. */
function literal(text: string): string {
  return text.replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");
}

/** The one problem a probe reports at `path`. */
export function probeProblem(probe: Probe, mistake: Record<string, unknown>, path: string): ConfigProblem {
  const found = probe(mistake).filter((p) => p.path === path);
  if (found.length !== 1) {
    throw new Error(`probe ${JSON.stringify(mistake)} reported ${found.length} problems at ${path}, expected 1: ${JSON.stringify(probe(mistake))}`);
  }
  return found[0];
}

/** A literal of the probe's report and the HCL expression that prints it for the actual value. */
export type Substitution = readonly [literal: string, expression: string];

/** Escapes text for the inside of a quoted HCL string nested in an interpolation. */
function quoted(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/**
 * The problem's three lines as template text; literals of `subs` become interpolations of their
 * expressions. `nested`: the text goes inside a quoted string within an interpolation.
 */
function messageLines(p: ConfigProblem, props: readonly string[], subs: readonly Substitution[], nested: boolean): string {
  const esc = (text: string): string => (nested ? quoted(literal(text)) : literal(text));
  const part = (text: string): string => {
    let pieces = [snakeProps(text, props)];
    const exprs: string[] = [];
    for (const [lit, expr] of subs) {
      const key = snakeProps(lit, props);
      pieces = pieces.flatMap((piece) => piece.split(key).flatMap((s, i) => (i === 0 ? [s] : [`\u0000${exprs.length}\u0000`, s])));
      exprs.push(expr);
    }
    return pieces.map((piece) => {
      const m = /^\u0000(\d+)\u0000$/.exec(piece);
      return m ? `\${${exprs[Number(m[1])]}}` : esc(piece);
    }).join("");
  };
  const nl = nested ? "\\n" : "\n";
  return `${part(p.problem)}${nl}    allowed: ${part(p.allowed)}${nl}    fix: ${part(p.fix)}`;
}

/** A rule on a whole variable (`var.<name>`). */
export interface VariableRule {
  /** The mistake, as props of the construct (camelCase), e.g. `{ kmsDataKeyReuseSeconds: 5 }`. */
  readonly mistake: Record<string, unknown>;
  /** The prop's path in the validator's report. */
  readonly path: string;
  /** HCL, true for a valid value. */
  readonly condition: string;
  readonly substitutions?: readonly Substitution[];
  /**
   * HCL of the value the message shows.
   * @default - `var.<variable>`
   */
  readonly value?: string;
}

/** Validation block for a rule on a whole variable. */
export function variableRule(probe: Probe, variable: string, props: readonly string[], rule: VariableRule): ValidationBlock {
  const p = probeProblem(probe, rule.mistake, rule.path);
  return {
    condition: rule.condition,
    messages: `[for m in ["${snakeProps(rule.path, props)}: \${jsonencode(${rule.value ?? `var.${variable}`})} ${messageLines(p, props, rule.substitutions ?? [], true)}"] : m if !(${rule.condition})]`,
  };
}

/** A rule on every element `x` (index `i`) of a list variable. */
export interface ElementRule {
  /** The mistake, as props of the construct with the list's first element changed. */
  readonly mistake: Record<string, unknown>;
  /** Path of the reported prop inside the element (`name`), or "" for the element itself. */
  readonly prop: string;
  /**
   * Index of the element the mistake is reported at.
   * @default 0
   */
  readonly index?: number;
  /**
   * The variable is a map: `i` is the key, paths are `<variable>.<key>`, and the mistake is reported
   * at `<listProp>.<key>`.
   * @default - a list: `<variable>[<index>]`
   */
  readonly key?: string;
  /**
   * HCL of the value the message shows.
   * @default - `x` or `x.<prop>`
   */
  readonly value?: string;
  /** HCL over `x` and `i`, true for a valid element. */
  readonly condition: string;
  readonly substitutions?: readonly Substitution[];
  /**
   * HCL of the list, for a list inside an object variable, e.g.
   * `(var.vpc == null ? [] : var.vpc.data_stores)`; messages then name the element by `listProp`.
   * @default - `var.<variable>`
   */
  readonly list?: string;
}

/** Validation block for a rule on each element of the list variable `variable` (prop `listProp`). */
export function elementRule(probe: Probe, variable: string, listProp: string, props: readonly string[], rule: ElementRule): ValidationBlock {
  const element = rule.key !== undefined ? `.${rule.key}` : `[${rule.index ?? 0}]`;
  const path = `${listProp}${element}${rule.prop === "" ? "" : `.${rule.prop}`}`;
  const p = probeProblem(probe, rule.mistake, path);
  const field = rule.prop === "" ? "" : `.${snake(rule.prop)}`;
  const name = rule.list !== undefined ? snakeProps(listProp, props) : variable;
  const at = rule.key !== undefined ? `${name}.\${i}` : `${name}[\${i}]`;
  const message = `${at}${field}: \${jsonencode(${rule.value ?? `x${field}`})} ${messageLines(p, props, rule.substitutions ?? [], true)}`;
  const list = rule.list ?? `var.${variable}`;
  return {
    condition: `alltrue([for i, x in ${list} : ${rule.condition}])`,
    messages: `[for i, x in ${list} : "${message}" if !(${rule.condition})]`,
  };
}
