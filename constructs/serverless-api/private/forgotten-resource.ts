/**
 * A `removed` block with `lifecycle { destroy = false }` for a resource this construct no longer
 * declares: Terraform drops it from the state and leaves the real object alone. Created with the
 * construct id the resource had, so its address (`<type>.<logical id>`) is the one in the state.
 */
import { Construct } from "constructs";
import { TerraformElement } from "cdktf";

export class ForgottenResource extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    /** Terraform type of the forgotten resource, e.g. `aws_ssm_parameter`. */
    private readonly resourceType: string,
  ) {
    super(scope, id);
  }

  /** The address the resource had in the state. */
  public get address(): string {
    return `${this.resourceType}.${this.friendlyUniqueId}`;
  }

  public toTerraform(): Record<string, unknown> {
    return { removed: [{ from: this.address, lifecycle: { destroy: false } }] };
  }
}
