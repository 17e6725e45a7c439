/**
 * `terraform.required_version` of a stack: the highest minimum any of its parts needs (the S3
 * backend's nested `assume_role`: 1.6; S3 lock files: 1.10; write-only arguments: 1.11). Each
 * part states its own need; the stack keeps the highest, so Terraform and OpenTofu refuse to run
 * a stack they cannot apply correctly instead of failing half-way.
 */
import { TerraformStack } from "cdktf";

const minimums = new WeakMap<TerraformStack, string>();

/** Orders two versions (`1.10` < `1.12.2`): negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) {
      return d;
    }
  }
  return 0;
}

/** Raises the stack's minimum Terraform/OpenTofu version to `version` (e.g. "1.11") if lower. */
export function requireTerraform(stack: TerraformStack, version: string): void {
  if (!/^\d+\.\d+(\.\d+)?$/.test(version)) {
    throw new Error(`requireTerraform: "${version}" is not a version such as "1.11"`);
  }
  const current = minimums.get(stack);
  if (current === undefined || compareVersions(version, current) > 0) {
    minimums.set(stack, version);
    stack.addOverride("terraform.required_version", `>= ${version}`);
  }
}

/** The lowest version a stack runs on (`1.10`), or undefined when none of its parts asked for one. */
export function minimumTerraformVersion(stack: TerraformStack): string | undefined {
  return minimums.get(stack);
}

/** The constraint a stack states (`>= 1.10`), or undefined when none of its parts asked for one. */
export function requiredTerraformVersion(stack: TerraformStack): string | undefined {
  const minimum = minimumTerraformVersion(stack);
  return minimum === undefined ? undefined : `>= ${minimum}`;
}
