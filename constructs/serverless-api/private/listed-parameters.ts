/**
 * The parameters a ServerlessApi reads, whether listed in TypeScript (the app) or given as one
 * Terraform list of objects `{ name, env_var }` (the generated module, tools/modules): the
 * environment variables that carry their full names and the ARNs the function may read, as plain
 * values for a list and as Terraform `for` expressions for an expression.
 */
import { Fn, TerraformIterator, Token } from "cdktf";
import { known } from "../../../lib/token-values";

/** A parameter: its name under the path and the environment variable carrying its full name (the construct's AppParameter). */
interface AppParameter {
  readonly name: string;
  readonly envVar: string;
}

/** Tokens inside a string (cdktf encodes each as `${TfToken[...]}`). */
const TOKEN = /(\$\{TfToken\[[^\]]+\]\})/;

/**
 * HCL `format(...)` of `text` (literal pieces and tokens) followed by the raw expression `tail`:
 * a token inside an expression resolves to its bare reference, so no `${` is needed.
 */
function formatExpression(text: string, tail: string): string {
  const pieces = text.split(TOKEN).filter((piece) => piece !== "");
  const literal = pieces.map((piece) => (TOKEN.test(piece) ? "%s" : piece.replace(/%/g, "%%"))).join("");
  const args = pieces.filter((piece) => TOKEN.test(piece));
  return `format(${JSON.stringify(`${literal}%s`)}, ${[...args, tail].join(", ")})`;
}

export class ListedParameters {
  private readonly terraformList: boolean;

  constructor(
    private readonly parameters: readonly AppParameter[],
    private readonly parameterPath: string,
    private readonly arnPrefix: string,
  ) {
    this.terraformList = !known(parameters);
  }

  /** The Terraform list (a list token is a one-element string list). */
  private get list(): string[] {
    return this.parameters as unknown as string[];
  }

  /** The listed parameters one by one, or none for a Terraform list (its elements are unknown here). */
  get known(): readonly AppParameter[] {
    return this.terraformList ? [] : this.parameters;
  }

  /** `<envVar>: <path><name>` of every listed parameter, after `before` and before `after`. */
  environment(before: Record<string, string>, after: Record<string, string>): Record<string, string> {
    if (!this.terraformList) {
      const out: Record<string, string> = { ...before };
      for (const p of this.parameters) out[p.envVar] = `${this.parameterPath}${p.name}`;
      return { ...out, ...after };
    }
    const listed = TerraformIterator.fromList(this.list).forExpressionForMap("val.env_var", formatExpression(this.parameterPath, "val.name"));
    return Token.asStringMap(Fn.merge([before, listed, after]));
  }

  /** ARNs of every listed parameter, then `extra`. */
  arns(extra: readonly string[]): string[] {
    if (!this.terraformList) {
      return [...this.parameters.map((p) => `${this.arnPrefix}${this.parameterPath}${p.name}`), ...extra];
    }
    const listed = TerraformIterator.fromList(this.list).forExpressionForList(formatExpression(`${this.arnPrefix}${this.parameterPath}`, "val.name"));
    return Token.asList(Fn.concat([listed, [...extra]]));
  }
}
