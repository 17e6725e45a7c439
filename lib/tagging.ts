/**
 * The one tagging Aspect: merges a stack's tags into every AWS resource that takes a `tags` map.
 * Tags a resource sets itself (e.g. `Name`) win over the stack's.
 */
import { IConstruct } from "constructs";
import { Aspects, IAspect, TerraformResource } from "cdktf";
import { PROJECT } from "./naming";

interface Taggable {
  tagsInput?: Record<string, string>;
  tags: Record<string, string>;
}

function isTaggable(node: IConstruct): node is TerraformResource & Taggable {
  return (
    node instanceof TerraformResource &&
    node.terraformResourceType.startsWith("aws_") &&
    // Only resources whose schema has a `tags` map expose `tagsInput`.
    Object.getOwnPropertyDescriptor(Object.getPrototypeOf(node), "tagsInput") !== undefined
  );
}

export class TaggingAspect implements IAspect {
  constructor(private readonly tags: Readonly<Record<string, string>>) {}

  visit(node: IConstruct): void {
    if (isTaggable(node)) {
      node.tags = { ...this.tags, ...(node.tagsInput ?? {}) };
    }
  }
}

/** Applies the tagging Aspect to a scope. */
export function tagAll(scope: IConstruct, tags: Readonly<Record<string, string>>): void {
  Aspects.of(scope).add(new TaggingAspect(tags));
}

/** The tags of every resource of a stack: the given ones, then Project, Stack and ManagedBy. */
export function stackTags(stack: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { ...extra, Project: PROJECT, Stack: stack, ManagedBy: "cdktf" };
}
