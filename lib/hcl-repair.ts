/**
 * Four gaps of cdktf 0.21's HCL renderer (`cdktf synth --hcl`), repaired after it ran, so that the
 * HCL form of a stack means the same as its JSON form:
 *
 * - a scalar setting of the `terraform` block (`required_version`, set through an override) is
 *   rendered as `0 = "required_version"`, which Terraform rejects;
 * - `removed` blocks are not rendered at all: without them, Terraform would destroy what the JSON
 *   form only forgets (the Parameter Store entries earlier versions managed);
 * - the `provider` of a resource on an aliased provider is quoted (`provider = "aws.us_east_1"`),
 *   deprecated since Terraform 0.12 (a warning on every such resource): written bare;
 * - nested blocks the bindings leave untyped (`statement` of `aws_wafv2_web_acl` rules, typed
 *   `any`) are rendered as object attributes (`statement = { ... }`), which Terraform rejects: they
 *   are rewritten as blocks (`statement { ... }`), every nested object with them (in that schema
 *   every object below `statement` is a block).
 *
 * Both are checked by the HCL tier of `npm run validate` and by unit tests on the rendered text.
 */
import { TerraformElement, TerraformProvider, TerraformStack } from "cdktf";
import { requiredTerraformVersion } from "./terraform-version";

interface HclResult {
  hcl: string;
  metadata: unknown;
}

interface Removed {
  readonly from: string;
  readonly lifecycle?: { readonly destroy?: boolean };
}

function renderRemoved(block: Removed): string {
  const lifecycle = block.lifecycle?.destroy !== undefined ? `\n  lifecycle {\n    destroy = ${block.lifecycle.destroy}\n  }` : "";
  return `\n\nremoved {\n  from = ${block.from}${lifecycle}\n}`;
}

/** Attributes the renderer writes as objects where the provider's schema has nested blocks. */
export const UNTYPED_BLOCK_ATTRIBUTES = ["statement"] as const;

/** How the renderer's warning above an untyped attribute starts. */
const UNTYPED_WARNING = "# Warning: The following attribute is of an unexpected type.";

/**
 * Rewrites `<name> = {` object attributes (for the names in UNTYPED_BLOCK_ATTRIBUTES) as blocks,
 * every object inside them too, and drops the renderer's warning above each.
 */
export function untypedAttributesAsBlocks(hcl: string): string {
  const lines = hcl.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(\w+)\s*=\s*\{$/.exec(lines[i]);
    if (!open || !(UNTYPED_BLOCK_ATTRIBUTES as readonly string[]).includes(open[2])) {
      out.push(lines[i]);
      continue;
    }
    const indent = open[1];
    // Drop the renderer's warning just above: comment lines starting with it, then blank lines.
    let top = out.length;
    while (top > 0 && out[top - 1].trim() === "") top--;
    let start = top;
    while (start > 0 && out[start - 1].trim().startsWith("#")) start--;
    if (start < top && out[start].trim().startsWith(UNTYPED_WARNING)) {
      out.length = start;
    }
    out.push(`${indent}${open[2]} {`);
    // Up to the matching brace (by depth: the text may not be formatted yet).
    for (let depth = 1; depth > 0 && i + 1 < lines.length; ) {
      const line = lines[++i];
      if (line.trim() === "}") {
        depth--;
      } else if (line.trimEnd().endsWith("{")) {
        depth++;
      }
      out.push(line.replace(/^(\s*)(\w+)\s*=\s*\{$/, "$1$2 {"));
    }
  }
  return out.join("\n");
}

/** The stack's HCL with `required_version` written as a setting and every `removed` block rendered. */
export function repairHcl(stack: TerraformStack, result: HclResult): HclResult {
  let hcl = untypedAttributesAsBlocks(result.hcl);
  for (const element of stack.node.findAll()) {
    if (element instanceof TerraformProvider && TerraformStack.of(element) === stack && element.alias !== undefined) {
      const address = `${element.terraformResourceType}.${element.alias}`;
      hcl = hcl.replace(new RegExp(`^(\\s*provider\\s*=\\s*)"${address.replace(/\./g, "\\.")}"$`, "gm"), `$1${address}`);
    }
  }
  const version = requiredTerraformVersion(stack);
  if (version !== undefined) {
    const broken = /^\s*0 = "required_version"$/m;
    if (!broken.test(hcl)) {
      throw new Error(`${stack.node.id}: the HCL renderer's terraform block changed; check how required_version is rendered`);
    }
    hcl = hcl.replace(broken, `required_version = "${version}"`);
  }
  for (const element of stack.node.findAll()) {
    if (element instanceof TerraformElement && TerraformStack.of(element) === stack) {
      const removed = (element.toTerraform() as { removed?: Removed[] }).removed;
      for (const block of removed ?? []) {
        hcl += renderRemoved(block);
      }
    }
  }
  return { ...result, hcl };
}
