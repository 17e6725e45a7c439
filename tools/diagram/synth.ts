/**
 * The synthesized app as the diagram reads it: every stack's account and region, resources and
 * data sources by type (sorted, so the drawing does not depend on file order), and the resolution
 * of references: intra-stack ones (`${aws_subnet.X.id}`) and cross-stack ones
 * (`${data.terraform_remote_state.cross-stack-reference-input-<stack>.outputs.<name>}`, followed
 * through the producing stack's output).
 */
import { CdktfOut, CROSS_STACK_INPUT_PREFIX, SynthesizedStack } from "../lib/cdktf-out";
import { isJsonObject, JsonObject, JsonValue } from "../lib/json";

/** A stack with where its AWS provider deploys. */
export interface DiagramStack {
  readonly name: string;
  readonly stack: SynthesizedStack;
  /** First account of the first AWS provider's allowed_account_ids. @default "unknown" */
  readonly accountId: string;
  /** Region of the first AWS provider. @default "unknown" */
  readonly region: string;
}

/** A resource or data source, with a key unique over the app: `<stack>:[data.]<type>.<name>`. */
export interface Item {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  readonly data: boolean;
  readonly body: JsonObject;
  readonly key: string;
}

/** An item a value refers to, with the attribute referred to (`id`, `arn`, ...). */
export interface Ref extends Item {
  /** @default - the reference names no attribute */
  readonly attr?: string;
}

/** One synthesized app: its stacks, their Terraform JSON, and reference resolution. */
export class Synth {
  readonly stacks = new Map<string, DiagramStack>();

  constructor(out: CdktfOut) {
    for (const stack of out.stacks()) {
      const aws = stack.providers("aws")[0]?.config ?? {};
      const ids = aws.allowed_account_ids;
      const first = Array.isArray(ids) ? (ids as readonly JsonValue[])[0] : undefined;
      this.stacks.set(stack.name, {
        name: stack.name,
        stack,
        accountId: first === undefined || first === null ? "unknown" : String(first),
        region: aws.region === undefined || aws.region === null ? "unknown" : String(aws.region),
      });
    }
  }

  /** Every resource (or data source with `data: true`) of a type, over the given stacks, sorted. */
  all(type: string, stackNames: readonly string[] = [...this.stacks.keys()], { data = false }: { data?: boolean } = {}): Item[] {
    const found: Item[] = [];
    for (const stack of [...stackNames].sort()) {
      const s = this.stacks.get(stack)?.stack;
      const names = s ? Object.keys((data ? s.json.data : s.json.resource)[type] ?? {}) : [];
      for (const name of names.sort()) found.push(this.item(stack, type, name, data) as Item);
    }
    return found;
  }

  item(stack: string, type: string, name: string, data = false): Item | undefined {
    const block = this.stacks.get(stack)?.stack.block(data ? "data" : "resource", type, name);
    if (block === undefined) return undefined;
    return { stack, type, name, data, body: block.body, key: `${stack}:${data ? "data." : ""}${type}.${name}` };
  }

  /**
   * The resources and data sources a value refers to, following cross-stack references into the
   * producing stack's outputs. Returns items with the referenced attribute (`id`, `arn`, ...).
   */
  refs(stack: string, value: JsonValue | undefined, depth = 0): Ref[] {
    const found: Ref[] = [];
    if (depth > 8 || value === undefined || value === null) return found;
    if (Array.isArray(value)) {
      for (const v of value as readonly JsonValue[]) found.push(...this.refs(stack, v, depth));
      return found;
    }
    if (isJsonObject(value)) {
      for (const v of Object.values(value)) found.push(...this.refs(stack, v, depth));
      return found;
    }
    if (typeof value !== "string") return found;
    for (const [, expression] of value.matchAll(/\$\{([^{}]*)\}/g)) {
      const remote = /data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g;
      for (const [, source, output] of expression.matchAll(remote)) {
        if (!source.startsWith(CROSS_STACK_INPUT_PREFIX)) continue;
        const producer = source.slice(CROSS_STACK_INPUT_PREFIX.length);
        const out = this.stacks.get(producer)?.stack.output(output);
        if (out) found.push(...this.refs(producer, out.value, depth + 1));
      }
      const local = expression.replace(remote, "");
      for (const [, isData, type, name, attr] of local.matchAll(/(?<![\w.-])(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\.([A-Za-z0-9_]+))?/g)) {
        const item = this.item(stack, type, name, Boolean(isData));
        if (item) found.push(attr === undefined ? item : { ...item, attr });
      }
    }
    return found;
  }

  /** The first referenced item of one of the given types, or undefined. */
  ref(stack: string, value: JsonValue | undefined, ...types: string[]): Ref | undefined {
    return this.refs(stack, value).find((r) => types.length === 0 || types.includes(r.type));
  }

  /** A bucket some stack's S3 backend keeps its state in. */
  isStateBucket(bucket: JsonValue | undefined): boolean {
    return [...this.stacks.values()].some((s) => {
      const backend = s.stack.backend();
      return backend.kind === "s3" && backend.bucket === bucket;
    });
  }
}
