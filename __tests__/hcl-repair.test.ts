/**
 * The HCL form (`cdktf synth --hcl`) says what the JSON form says: the engine version every stack
 * requires, and the `removed` blocks that keep Terraform from destroying what it only forgets.
 */
import { ENVIRONMENTS, SHARED, STATE } from "../environments";
import { buildApp } from "../stacks";
import { untypedAttributesAsBlocks } from "../lib/hcl-repair";
import { backendSettings, synthHcl } from "./helpers";

function devHcl(): (stack: string) => string {
  const dev = ENVIRONMENTS.find((e) => e.name === "dev")!;
  const files = synthHcl((app) => buildApp(app, { environments: [dev], allEnvironments: ENVIRONMENTS, shared: SHARED, backendSettings, state: STATE }));
  return (stack) => files.get(stack)!;
}

describe("the HCL form", () => {
  const hcl = devHcl();

  test.each([
    ["dev-network", ">= 1.6"],
    ["dev-serverless", ">= 1.10"],
    ["shared-111111111111", ">= 1.6"],
    ["bootstrap", ">= 1.6"],
  ])("%s states required_version %s as a setting of the terraform block", (stack, version) => {
    const text = hcl(stack);
    expect(text).toContain(`required_version = "${version}"`);
    expect(text).not.toMatch(/^\s*\d+ = "/m);
  });

  test("dev-serverless keeps its removed blocks, so the parameters it no longer manages are forgotten, not destroyed", () => {
    const blocks = hcl("dev-serverless").match(/removed \{\n {2}from = aws_ssm_parameter\.\S+\n {2}lifecycle \{\n {4}destroy = false\n {2}\}\n\}/g) ?? [];
    expect(blocks.length).toBeGreaterThan(0);
    const json = hcl("dev-serverless");
    expect(json).not.toContain('resource "aws_ssm_parameter"');
  });

  test("dev-edge writes the web ACL's rule statements as blocks and its us-east-1 resources' provider bare", () => {
    const text = hcl("dev-edge");
    // Unformatted here (the CLI formats it): no indentation to rely on.
    expect(text).toMatch(/^\s*statement \{\n\s*rate_based_statement \{\n\s*limit\s*= 1000$/m);
    expect(text).toMatch(/^\s*statement \{\n\s*managed_rule_group_statement \{$/m);
    expect(text).not.toMatch(/statement = \{/);
    expect(text).not.toContain("unexpected type");
    expect(text).toMatch(/^\s*provider\s*= aws\.us_east_1$/m);
    expect(text).not.toContain('"aws.us_east_1"');
    // Other object attributes stay attributes.
    expect(text).toMatch(/^\s*tags\s*= \{$/m);
  });
});

describe("untypedAttributesAsBlocks", () => {
  test("rewrites the statement object and every object inside it, and nothing else", () => {
    const input = ["  rule {", "    # Warning: The following attribute is of an unexpected type. x", "    # more", "", "    statement = {", "      a = {", "        b = {", "          c = 1", "        }", "      }", "    }", "    tags = {", "      c = 2", "    }", "  }"].join("\n");
    expect(untypedAttributesAsBlocks(input)).toBe(["  rule {", "    statement {", "      a {", "        b {", "          c = 1", "        }", "      }", "    }", "    tags = {", "      c = 2", "    }", "  }"].join("\n"));
    // Unformatted, three levels deep: depth, not indentation, finds the end.
    expect(untypedAttributesAsBlocks(["statement = {", "a = {", "b = {", "c = 1", "}", "}", "}", "tags = {", "}"].join("\n"))).toBe(
      ["statement {", "a {", "b {", "c = 1", "}", "}", "}", "tags = {", "}"].join("\n"),
    );
  });
});
