/**
 * The HCL form of a stack (`cdktf synth --hcl`) writes the address lists of `depends_on` and
 * `lifecycle { ignore_changes }` as quoted strings (`depends_on = ["aws_iam_role.x"]`), a form
 * Terraform and OpenTofu accept only with a "Quoted references are deprecated" warning. This
 * Aspect makes the resources and data sources of the scope it is added to write bare references
 * there (`depends_on = [aws_iam_role.x]`). The JSON form is untouched: in Terraform JSON those
 * entries are strings by definition.
 *
 * How: cdktf's renderer writes a string value that starts with `[` as it is, so each list is
 * joined into one such string once cdktf has resolved its entries to addresses.
 */
import { IConstruct } from "constructs";
import { IAspect, IResolvable, IResolveContext, TerraformDataSource, TerraformResource } from "cdktf";

type Body = Record<string, unknown> & { depends_on?: unknown; lifecycle?: Record<string, unknown> };
type HclFragment = { resource?: Record<string, Record<string, Body>>; data?: Record<string, Record<string, Body>> };

/** Resolves to `[a.b, c.d]`: the entries, resolved to addresses, unquoted. */
class BareReferenceList implements IResolvable {
  public readonly creationStack: string[] = [];
  constructor(private readonly entries: readonly unknown[]) {}
  public resolve(context: IResolveContext): string {
    const addresses = context.resolve(this.entries) as unknown[];
    return `[${addresses.map(String).join(", ")}]`;
  }
  public toString(): string {
    return "[references]";
  }
}

/** A non-empty list as a bare reference list; anything else (`all`, empty lists) as it is. */
const bare = (value: unknown): unknown => (Array.isArray(value) && value.length > 0 ? new BareReferenceList(value) : value);

export class BareReferencesInHcl implements IAspect {
  private readonly done = new WeakSet<IConstruct>();

  public visit(node: IConstruct): void {
    if (!(TerraformResource.isTerraformResource(node) || TerraformDataSource.isTerraformDataSource(node)) || this.done.has(node)) {
      return;
    }
    this.done.add(node);
    const element = node as TerraformResource | TerraformDataSource;
    const render = element.toHclTerraform.bind(element);
    element.toHclTerraform = (): any => {
      const fragment = render() as HclFragment;
      for (const byType of [fragment.resource, fragment.data]) {
        for (const byName of Object.values(byType ?? {})) {
          for (const body of Object.values(byName)) {
            if (body.depends_on !== undefined) {
              body.depends_on = bare(body.depends_on);
            }
            if (body.lifecycle?.ignore_changes !== undefined) {
              body.lifecycle.ignore_changes = bare(body.lifecycle.ignore_changes);
            }
          }
        }
      }
      return fragment;
    };
  }
}
