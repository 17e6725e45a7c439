/**
 * What a generated module is made of: its inputs (Terraform variables with their validation
 * rules), its outputs, and how to build it from the app's construct. Each module's definition
 * lives in its own file next to this one; ./emit turns it into `modules/<name>/`.
 */
import type { Construct } from "constructs";
import type { ConfigProblem } from "../../lib/errors";

/** A module input. */
export interface VariableDefinition {
  /** snake_case name, e.g. `name_prefix`. */
  readonly name: string;
  /** Terraform type constraint, e.g. `list(object({ name = string }))`. */
  readonly type: string;
  /** What it is, one or two sentences (the README's description column). */
  readonly description: string;
  /**
   * Default value; a variable without one is required.
   * @default - required
   */
  readonly default?: unknown;
  /**
   * Whether `null` is a valid value (an optional object such as a VPC placement: null leaves the
   * part out). Every other variable is `nullable = false`.
   * @default false
   */
  readonly nullable?: boolean;
  /** Validation blocks, in order. */
  readonly validation?: readonly ValidationBlock[];
  /** Value used by the example and the README usage block. */
  readonly example: unknown;
}

/** The `tags` input every module takes (every taggable resource gets `var.tags`). */
export const TAGS_VARIABLE: VariableDefinition = {
  name: "tags",
  type: "map(string)",
  description: "Tags added to every resource that takes tags (on top of the provider's `default_tags`).",
  default: {},
  example: { Team: "team-a" },
};

/**
 * One rule of a variable. The module writes all rules of a variable as one `validation` block
 * (OpenTofu stops at the first failing block of a variable, Terraform does not): the condition
 * is the conjunction, the message every failing rule's lines, so both engines report every
 * problem at once, as the TypeScript validator does.
 */
export interface ValidationBlock {
  /** HCL expression (without `${}`) that is true for a valid value. */
  readonly condition: string;
  /** HCL expression (without `${}`) of the list of messages for the value (empty when valid). */
  readonly messages: string;
  /**
   * The rule compares with another input: it gets a block of its own, checked by `plan` (where
   * every input is known); `validate` leaves a condition on another input unknown. Its condition
   * must hold whenever the variable's own rules fail (a broken value is reported by those).
   * @default false
   */
  readonly acrossInputs?: boolean;
}

/** A module output. */
export interface OutputDefinition {
  /** snake_case name, prefixed by component (`queue_urls`). */
  readonly name: string;
  readonly description: string;
  /** HCL expression (without `${}`), in terms of the module's resource names. */
  readonly value: string;
}

/** Structure repeated per element of a list input: the construct is built with one template element. */
export interface TemplateDefinition {
  /** The local holding the map the repeated resources iterate over (`for_each = local.<name>`). */
  readonly local: string;
  /** HCL expression of that map, e.g. `{ for q in var.queues : q.name => q }`. */
  readonly value: string;
  /**
   * Construct ids (directly under the module's construct) built for the template element whose id
   * does not carry the element's name (a construct that numbers its elements, `IngressFromClient0`),
   * with the block name each gets in the module.
   * @default - none: the element is recognized by its id
   */
  readonly constructs?: Readonly<Record<string, string>>;
}

/**
 * A part of the construct that exists only under a condition on the inputs (an optional object
 * input): the construct is built with the part, and the module creates it only when `when` holds.
 */
export interface OptionalPart {
  /** HCL condition under which the part exists, e.g. `var.vpc != null`. */
  readonly when: string;
  /**
   * Construct ids, directly under the module's construct, of the part's resources: each gets
   * `count = <when> ? 1 : 0`, and every reference to one becomes `one(<address>[*].<attribute>)`
   * (null without the part).
   */
  readonly constructs: readonly string[];
  /**
   * `<type>.<name>.<argument>` of other resources that belong to the part: an argument becomes
   * null without it, a nested block becomes a `dynamic` block with no element.
   * @default - none
   */
  readonly arguments?: readonly string[];
}

/** Tokens for the construct's props. */
export interface BuildContext {
  /** `var.<name>` as a string token. */
  str(variable: string): string;
  /** `var.<name>` as a number token. */
  num(variable: string): number;
  /** `var.<name>` as a boolean token. */
  bool(variable: string): boolean;
  /** `var.<name>` (or an attribute, `vpc.subnet_ids`) as a list-of-strings token. */
  list(variable: string): string[];
  /** An attribute of the current template element (`each.value.<attribute>`), as a string token. */
  eachStr(attribute: string): string;
  /** An attribute of the current template element, as a number token. */
  eachNum(attribute: string): number;
  /** The key of the current template element (`each.key`), as a string token. */
  eachKey(): string;
  /** The current template element itself (`each.value`), as a string token. */
  eachValue(): string;
  /** The account of the caller's provider (`data.aws_caller_identity.current.account_id`). */
  accountId(): string;
  /** The region of the caller's provider (`data.aws_region.current.name`). */
  region(): string;
}

export interface ModuleDefinition {
  /** Folder name under modules/ and examples/, kebab-case. */
  readonly name: string;
  /** Semantic version of the module's interface and behaviour. */
  readonly version: string;
  /** One line: what a team gets. */
  readonly summary: string;
  /** Paragraphs for the README (markdown). */
  readonly details: string;
  /** The construct it is generated from (path under constructs/). */
  readonly construct: string;
  readonly variables: readonly VariableDefinition[];
  readonly outputs: readonly OutputDefinition[];
  readonly template?: TemplateDefinition;
  /**
   * Parts that exist only under a condition on the inputs.
   * @default - none
   */
  readonly optional?: readonly OptionalPart[];
  /**
   * Files copied into the module as they are (binary allowed): name in the module -> path from the
   * repository root, e.g. a placeholder code package.
   * @default - none
   */
  readonly files?: Readonly<Record<string, string>>;
  /** Creates the construct in `scope` with props made of the context's tokens; returns it. */
  build(scope: Construct, ctx: BuildContext): Construct;
  /** Whether the moto e2e applies the example (else it is validated and planned only). */
  readonly e2e: boolean;
}

/** A validator's report on one probe: what the TypeScript path says for a mistake. */
export type Probe = (mistake: Record<string, unknown>) => readonly ConfigProblem[];
