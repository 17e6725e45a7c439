import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs, run, UsageError } from "../tools/strip-unavailable";
import { formatJsonLikePython, JsonObject, JsonValue } from "../tools/lib/json";
import { describeReport, normalizeSource, ownerLocalName, strip } from "../tools/strip-unavailable/strip";
import { Rewriter } from "../tools/strip-unavailable/rewriter";

/** A stack needing aws, mongodbatlas and helm, with every kind of reference the stripping rewrites or drops. */
const FIXTURE: JsonObject = {
  "//": { metadata: { path: "data-dev" } },
  terraform: {
    required_providers: {
      aws: { source: "aws", version: "5.100.0" },
      mongodbatlas: { source: "mongodb/mongodbatlas", version: "1.41.1" },
      helm: { source: "helm", version: "3.1.1" },
    },
    backend: { s3: { bucket: "b", key: "k", region: "ap-southeast-2" } },
  },
  provider: {
    aws: [{ region: "ap-southeast-2" }],
    mongodbatlas: [{}],
    helm: [{ kubernetes: { host: "${data.aws_eks_cluster.Eks.endpoint}" } }],
  },
  data: {
    aws_eks_cluster: { Eks: { name: "c" } },
    helm_template: { Chart: { name: "x", chart: "y" } },
  },
  resource: {
    mongodbatlas_privatelink_endpoint: { Atlas_Endpoint_1234: { project_id: "p" } },
    mongodbatlas_advanced_cluster: { Cluster: { name: "c" } },
    helm_release: { Release: { name: "r", chart: "c" } },
    aws_vpc_endpoint: {
      Endpoint: {
        service_name: "${mongodbatlas_privatelink_endpoint.Atlas_Endpoint_1234.endpoint_service_name}",
        vpc_id: "vpc-1",
        tags: {
          Srv: "${mongodbatlas_advanced_cluster.Cluster.connection_strings[0].private_endpoint[0].srv_connection_string}",
          Nested: '${join(",", ["${mongodbatlas_advanced_cluster.Cluster.name}-x", var.mongodbatlas_advanced_cluster.Cluster])}',
          Escaped: "$${mongodbatlas_advanced_cluster.Cluster.name}",
          Key: '${mongodbatlas_advanced_cluster.Cluster.labels["env"]}',
          Literal: "mongodbatlas_advanced_cluster.Cluster.name",
          Directive: '%{ if helm_release.Release.status == "deployed" }up%{ endif }',
        },
        depends_on: ["mongodbatlas_advanced_cluster.Cluster", "${data.helm_template.Chart}", "data.aws_eks_cluster.Eks"],
        lifecycle: { replace_triggered_by: ["mongodbatlas_advanced_cluster.Cluster"] },
      },
    },
  },
  output: {
    release: { value: "${helm_release.Release.metadata.revision}" },
    manifest: { value: "${data.helm_template.Chart.manifest}", depends_on: ["helm_release.Release"] },
  },
  moved: [{ from: "helm_release.Old", to: "helm_release.Release" }],
};

const UNAVAILABLE = new Map([
  ["mongodb/mongodbatlas", "mongodbatlas is unavailable"],
  ["hashicorp/helm", "helm is unavailable"],
]);

/** Reads a nested value of the stripped JSON by keys. */
function at(value: JsonValue | undefined, ...keys: string[]): JsonValue | undefined {
  return keys.reduce<JsonValue | undefined>((v, k) => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as JsonObject)[k] : undefined), value);
}

describe("strip", () => {
  const input = structuredClone(FIXTURE);
  const { config: out, report } = strip(input, UNAVAILABLE);
  const endpoint = at(out, "resource", "aws_vpc_endpoint", "Endpoint") as JsonObject;
  const tags = endpoint.tags as JsonObject;

  test("removes the unavailable providers' resources, data sources, configurations and requirements", () => {
    expect(Object.keys(out.resource as JsonObject)).toEqual(["aws_vpc_endpoint"]);
    expect(Object.keys(out.data as JsonObject)).toEqual(["aws_eks_cluster"]);
    expect(Object.keys(out.provider as JsonObject)).toEqual(["aws"]);
    expect(Object.keys(at(out, "terraform", "required_providers") as JsonObject)).toEqual(["aws"]);
  });

  test("leaves the backend untouched", () => {
    expect(at(out, "terraform", "backend")).toEqual(at(FIXTURE, "terraform", "backend"));
  });

  test("points references at stand-in variables, keeping the traversal after them", () => {
    expect(endpoint.service_name).toBe("${var.unchecked_mongodbatlas_privatelink_endpoint_Atlas_Endpoint_1234.endpoint_service_name}");
    expect(tags.Srv).toBe("${var.unchecked_mongodbatlas_advanced_cluster_Cluster.connection_strings[0].private_endpoint[0].srv_connection_string}");
    expect(tags.Key).toBe('${var.unchecked_mongodbatlas_advanced_cluster_Cluster.labels["env"]}');
    expect(tags.Directive).toBe('%{ if var.unchecked_helm_release_Release.status == "deployed" }up%{ endif }');
    expect(at(out, "output", "release", "value")).toBe("${var.unchecked_helm_release_Release.metadata.revision}");
    expect(at(out, "output", "manifest", "value")).toBe("${var.unchecked_data_helm_template_Chart.manifest}");
  });

  test("rewrites a template nested in a string literal and leaves var.* alone", () => {
    expect(tags.Nested).toBe('${join(",", ["${var.unchecked_mongodbatlas_advanced_cluster_Cluster.name}-x", var.mongodbatlas_advanced_cluster.Cluster])}');
  });

  test("leaves escaped $${ and plain text alone", () => {
    expect(tags.Escaped).toBe("$${mongodbatlas_advanced_cluster.Cluster.name}");
    expect(tags.Literal).toBe("mongodbatlas_advanced_cluster.Cluster.name");
  });

  test("drops depends_on and replace_triggered_by entries naming removed objects, and lists emptied by it", () => {
    expect(endpoint.depends_on).toEqual(["data.aws_eks_cluster.Eks"]);
    expect(endpoint.lifecycle).toEqual({});
    expect(at(out, "output", "manifest")).toEqual({ value: "${var.unchecked_data_helm_template_Chart.manifest}" });
  });

  test("drops a moved block to a removed resource", () => {
    expect(out.moved).toBeUndefined();
  });

  test("declares each stand-in once, typed any, without a default", () => {
    const variables = out.variable as JsonObject;
    expect(Object.keys(variables)).toEqual([
      "unchecked_data_helm_template_Chart",
      "unchecked_helm_release_Release",
      "unchecked_mongodbatlas_advanced_cluster_Cluster",
      "unchecked_mongodbatlas_privatelink_endpoint_Atlas_Endpoint_1234",
    ]);
    for (const v of Object.values(variables)) {
      expect(v).toEqual({ type: "any", description: expect.stringMatching(/^Stand-in for \S+, removed by tools\/strip-unavailable\.ts \(its provider is unavailable\)/) });
    }
  });

  test("leaves no reference to a removed object outside the verbatim tags", () => {
    const rest = structuredClone(out) as { [k: string]: JsonValue };
    delete rest.variable;
    const restTags = at(rest, "resource", "aws_vpc_endpoint", "Endpoint", "tags") as { [k: string]: JsonValue };
    delete restTags.Escaped;
    delete restTags.Literal;
    expect(JSON.stringify(rest)).not.toMatch(/(?<![\w.])(?:mongodbatlas|helm)_\w+\.\w+/);
  });

  test("reports what is left, what was removed per provider, and what was dropped", () => {
    expect(report.left).toEqual({ resource: 1, data: 1 });
    expect(report.providers.mongodbatlas.resource).toHaveLength(2);
    expect(report.providers.helm).toEqual({ why: "helm is unavailable", resource: ["helm_release.Release"], data: ["data.helm_template.Chart"] });
    expect(report.referencesRewritten).toBe(7);
    expect(report.dropped).toEqual([
      "moved helm_release.Release",
      "depends_on mongodbatlas_advanced_cluster.Cluster",
      "depends_on data.helm_template.Chart",
      "replace_triggered_by mongodbatlas_advanced_cluster.Cluster",
      "depends_on helm_release.Release",
    ]);
  });

  test("describes the report in one summary line and indented details", () => {
    expect(describeReport(report)).toBe(
      [
        "1 helm resource + 1 helm data source not checked: helm is unavailable; 2 mongodbatlas resources not checked: mongodbatlas is unavailable",
        "        unchecked: helm_release.Release, data.helm_template.Chart, mongodbatlas_privatelink_endpoint.Atlas_Endpoint_1234, mongodbatlas_advanced_cluster.Cluster",
        "        checked: the other 1 resource + 1 data source; 7 references to unchecked ones rewritten to 4 var.unchecked_* stand-ins; dropped: moved helm_release.Release, " +
          "depends_on mongodbatlas_advanced_cluster.Cluster, depends_on data.helm_template.Chart, replace_triggered_by mongodbatlas_advanced_cluster.Cluster, depends_on helm_release.Release",
      ].join("\n"),
    );
  });

  test("does not modify its input", () => {
    expect(input).toEqual(FIXTURE);
  });
});

describe("strip edge cases", () => {
  test("names a provider configured but unused, and caps the unchecked list at 8", () => {
    const many: { [k: string]: JsonValue } = {};
    for (let i = 0; i < 10; i++) many[`R${i}`] = { name: "x" };
    const { report } = strip(
      { terraform: { required_providers: { tfe: { source: "hashicorp/tfe" }, helm: { source: "helm" } } }, resource: { tfe_workspace: many } },
      new Map([["hashicorp/tfe", "no tfe"], ["hashicorp/helm", "no helm"]]),
    );
    expect(describeReport(report).split("\n").slice(0, 2)).toEqual([
      "helm provider configuration not checked: no helm; 10 tfe resources not checked: no tfe",
      "        unchecked: tfe_workspace.R0, tfe_workspace.R1, tfe_workspace.R2, tfe_workspace.R3, tfe_workspace.R4, tfe_workspace.R5, tfe_workspace.R6, tfe_workspace.R7, +2 more",
    ]);
  });

  test("follows the provider meta-argument over the type prefix", () => {
    expect(ownerLocalName("aws_instance", { provider: "${helm.alias}" })).toBe("helm");
    expect(ownerLocalName("aws_instance", [{ provider: " awsx.west " }])).toBe("awsx");
    expect(ownerLocalName("mongodbatlas_project", { provider: "" })).toBe("mongodbatlas");
    const { config } = strip(
      { terraform: { required_providers: { other: { source: "acme/other" } } }, resource: { aws_x: { A: { provider: "other.eu" }, B: {} } } },
      new Map([["acme/other", "no"]]),
    );
    expect(config.resource).toEqual({ aws_x: { B: {} } });
  });

  test("does not take a reference that continues an identifier or traversal", () => {
    const rw = new Rewriter(new Map([["helm_release.R", "unchecked_helm_release_R"]]));
    expect(rw.template("${module.m.helm_release.R.id}")).toBe("${module.m.helm_release.R.id}");
    expect(rw.template("${x:helm_release.R.id}")).toBe("${x:helm_release.R.id}");
    expect(rw.template("${helm_release.R[*].id} ${{a = helm_release.R.id}}")).toBe("${var.unchecked_helm_release_R[*].id} ${{a = var.unchecked_helm_release_R.id}}");
    expect(rw.template("${ helm_release.Rx.id }")).toBe("${ helm_release.Rx.id }");
  });

  test("leaves a malformed template as it is, for the engine to report (a reference read before the scan failed still counts and gets its stand-in)", () => {
    const { config, report } = strip(
      { terraform: { required_providers: { helm: { source: "helm" } } }, resource: { helm_release: { R: {} }, aws_x: { A: { a: "${helm_release.R.id", b: '${"helm_release.R.id}' } } } },
      new Map([["hashicorp/helm", "no"]]),
    );
    expect(config.resource).toEqual({ aws_x: { A: { a: "${helm_release.R.id", b: '${"helm_release.R.id}' } } });
    expect(report.referencesRewritten).toBe(1);
    expect(Object.keys(config.variable as JsonObject)).toEqual(["unchecked_helm_release_R"]);
  });

  test("refuses a stack that already declares a stand-in's name", () => {
    expect(() =>
      strip(
        { terraform: { required_providers: { helm: {} } }, resource: { helm_release: { R: {} }, aws_x: { A: { v: "${helm_release.R.id}" } } }, variable: { unchecked_helm_release_R: {} } },
        new Map([["hashicorp/helm", "no"]]),
      ),
    ).toThrow("strip-unavailable: the stack already declares variable unchecked_helm_release_R");
  });

  test("normalizes provider sources", () => {
    expect(normalizeSource("AWS")).toBe("hashicorp/aws");
    expect(normalizeSource("registry.terraform.io/mongodb/mongodbatlas")).toBe("mongodb/mongodbatlas");
  });
});

describe("command line", () => {
  test("needs both files and at least one --unavailable; a missing reason gets a default", () => {
    expect(() => parseArgs(["in.json", "out.json"])).toThrow(UsageError);
    expect(() => parseArgs(["in.json", "--unavailable", "helm"])).toThrow(UsageError);
    expect(parseArgs(["in.json", "out.json", "--unavailable", "helm", "--unavailable=mongodb/mongodbatlas=a=b"]).unavailable).toEqual(
      new Map([["hashicorp/helm", "provider helm unavailable"], ["mongodb/mongodbatlas", "a=b"]]),
    );
  });

  test("writes the stripped copy as Python's json.dump(indent=2) did, with a final newline", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strip-unavailable-test-"));
    try {
      const input = path.join(dir, "in.json");
      const output = path.join(dir, "out.json");
      fs.writeFileSync(input, JSON.stringify({ terraform: { required_providers: { helm: {} } }, resource: { helm_release: { R: {} } }, output: { o: { value: "é ☃ 😀", n: [1e-5, 0.5, 3], e: [], o: {} } } }));
      expect(run({ input, output, unavailable: new Map([["hashicorp/helm", "no"]]) })).toBe(
        "1 helm resource not checked: no\n        unchecked: helm_release.R\n        checked: the other 0 resources + 0 data sources; 0 references to unchecked ones rewritten to 0 var.unchecked_* stand-ins",
      );
      expect(fs.readFileSync(output, "utf8")).toBe(
        '{\n  "terraform": {\n    "required_providers": {}\n  },\n  "output": {\n    "o": {\n      "value": "\\u00e9 \\u2603 \\ud83d\\ude00",\n' +
          '      "n": [\n        1e-05,\n        0.5,\n        3\n      ],\n      "e": [],\n      "o": {}\n    }\n  }\n}\n',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("formatJsonLikePython", () => {
  test("escapes what Python's ensure_ascii escapes", () => {
    expect(formatJsonLikePython('a"\\\n\t\u0001\u007f~', 2)).toBe('"a\\"\\\\\\n\\t\\u0001\\u007f~"');
  });
});
