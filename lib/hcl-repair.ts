/**
 * Two gaps of cdktf 0.21's HCL renderer (`cdktf synth --hcl`), repaired after it ran, so that the
 * HCL form of a stack means the same as its JSON form:
 *
 * - a scalar setting of the `terraform` block (`required_version`, set through an override) is
 *   rendered as `0 = "required_version"`, which Terraform rejects;
 * - `removed` blocks are not rendered at all: without them, Terraform would destroy what the JSON
 *   form only forgets (the Parameter Store entries earlier versions managed).
 *
 * Both are checked by the HCL tier of `npm run validate` and by unit tests on the rendered text.
 */
import { TerraformElement, TerraformStack } from "cdktf";
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

/** The stack's HCL with `required_version` written as a setting and every `removed` block rendered. */
export function repairHcl(stack: TerraformStack, result: HclResult): HclResult {
  let hcl = result.hcl;
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
