import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CdktfOut } from "../tools/lib/cdktf-out";
import { checkMermaid } from "../tools/diagram/check";
import { buildEnvironment, summarizeActions, withoutEnv } from "../tools/diagram/environment";
import { escapeText, Graph, sanitizeId } from "../tools/diagram/graph";
import { buildDiagrams, environmentsOf, markdownFor, parseArgs } from "../tools/diagram/index";
import { Synth } from "../tools/diagram/synth";

const aws = { provider: { aws: [{ region: "ap-southeast-2", allowed_account_ids: ["111111111111"] }] } };
const remote = (output: string): string => `\${data.terraform_remote_state.cross-stack-reference-input-dev-network.outputs.${output}}`;
const subnet = (tier: string, az: string, cidr: string): object => ({ vpc_id: "${aws_vpc.Vpc.id}", availability_zone_id: az, cidr_block: cidr, tags: { Tier: tier } });

/**
 * One environment as the app lays it out: a network stack (VPC, public and private-app subnets in
 * two AZs, an internet gateway, one NAT gateway, route tables, an S3 gateway endpoint) and a
 * serverless stack whose function runs in the private subnets, read through cross-stack outputs.
 */
const STACKS: Record<string, object> = {
  bootstrap: { ...aws },
  "shared-111111111111": { ...aws },
  "dev-network": {
    ...aws,
    resource: {
      aws_vpc: { Vpc: { cidr_block: "10.0.0.0/16", tags: { Name: "chatbot-dev" } } },
      aws_subnet: {
        PublicA: subnet("public", "apse2-az1", "10.0.0.0/24"),
        PublicB: subnet("public", "apse2-az2", "10.0.1.0/24"),
        PrivA: subnet("privateApp", "apse2-az1", "10.0.10.0/24"),
        PrivB: subnet("privateApp", "apse2-az2", "10.0.11.0/24"),
      },
      aws_internet_gateway: { Igw: { vpc_id: "${aws_vpc.Vpc.id}" } },
      aws_eip: { Eip: {} },
      aws_nat_gateway: { Nat: { subnet_id: "${aws_subnet.PublicA.id}", allocation_id: "${aws_eip.Eip.id}" } },
      aws_route_table: { Public: { vpc_id: "${aws_vpc.Vpc.id}" }, Private: { vpc_id: "${aws_vpc.Vpc.id}" } },
      aws_route: {
        PublicDefault: { route_table_id: "${aws_route_table.Public.id}", destination_cidr_block: "0.0.0.0/0", gateway_id: "${aws_internet_gateway.Igw.id}" },
        PrivateDefault: { route_table_id: "${aws_route_table.Private.id}", destination_cidr_block: "0.0.0.0/0", nat_gateway_id: "${aws_nat_gateway.Nat.id}" },
      },
      aws_route_table_association: {
        PA: { route_table_id: "${aws_route_table.Public.id}", subnet_id: "${aws_subnet.PublicA.id}" },
        PB: { route_table_id: "${aws_route_table.Public.id}", subnet_id: "${aws_subnet.PublicB.id}" },
        QA: { route_table_id: "${aws_route_table.Private.id}", subnet_id: "${aws_subnet.PrivA.id}" },
        QB: { route_table_id: "${aws_route_table.Private.id}", subnet_id: "${aws_subnet.PrivB.id}" },
      },
      aws_vpc_endpoint: {
        S3: { vpc_id: "${aws_vpc.Vpc.id}", vpc_endpoint_type: "Gateway", service_name: "com.amazonaws.ap-southeast-2.s3", route_table_ids: ["${aws_route_table.Private.id}"] },
      },
    },
    output: {
      priv_a: { value: "${aws_subnet.PrivA.id}" },
      priv_b: { value: "${aws_subnet.PrivB.id}" },
    },
  },
  "dev-serverless": {
    ...aws,
    resource: {
      aws_lambda_function: {
        Fn: {
          function_name: "chatbot-dev-backend",
          runtime: "python3.12",
          memory_size: 1024,
          timeout: 30,
          vpc_config: { subnet_ids: [remote("priv_a"), remote("priv_b")] },
          environment: { variables: { LOG_LEVEL: "INFO", PINECONE_API_KEY_PARAM: "/chatbot/dev/PINECONE_API_KEY" } },
        },
      },
    },
  },
};

let synth: Synth;
beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "diagram-test-"));
  try {
    const manifest = { version: "0.21.0", stacks: {} as Record<string, object> };
    for (const [name, json] of Object.entries(STACKS)) {
      fs.mkdirSync(path.join(dir, "stacks", name), { recursive: true });
      fs.writeFileSync(path.join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
      manifest.stacks[name] = { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json`, workingDirectory: `stacks/${name}`, dependencies: [] };
    }
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
    synth = new Synth(CdktfOut.read(dir));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe("Synth", () => {
  test("environments are the <env>-<layer> stacks; bootstrap and shared-<account> are not one", () => {
    expect(environmentsOf(synth)).toEqual(["dev"]);
  });

  test("a cross-stack reference resolves through the producer's output to the resource", () => {
    expect(synth.refs("dev-serverless", remote("priv_a"))).toEqual([expect.objectContaining({ stack: "dev-network", type: "aws_subnet", name: "PrivA", attr: "id", key: "dev-network:aws_subnet.PrivA" })]);
    expect(synth.ref("dev-network", "${aws_route_table.Private.id}", "aws_subnet")).toBeUndefined();
    expect(synth.stacks.get("dev-network")).toMatchObject({ accountId: "111111111111", region: "ap-southeast-2" });
  });
});

describe("buildEnvironment", () => {
  const diagram = (): string => buildDiagrams(synth)[0].mermaid;

  test("draws tiers per AZ with the routes of their tables: whole tiers as one arrow", () => {
    const text = diagram();
    expect(text).toContain('    subgraph vpc["VPC chatbot-dev · 10.0.0.0/16 · dev-network"]');
    expect(text).toContain('  tier_public -->|"0.0.0.0/0"| igw');
    expect(text).toContain('  tier_private_app -->|"0.0.0.0/0"| nat_az1');
    expect(text).toContain('  subnet_public_az1 -.-|"hosts"| nat_az1');
    expect(text).toContain('  tier_private_app -.->|"prefix list route"| vpce_s3');
  });

  test("places the function in the VPC through its cross-stack subnets, and reaches the AI APIs through the internet gateway", () => {
    const text = diagram();
    expect(text).toContain('lambda_chatbot_backend["Lambda chatbot-dev-backend<br/>python3.12 · 1024 MB · 30 s<br/>in the VPC"]');
    expect(text).toContain('  lambda_chatbot_backend -.->|"ENIs"| tier_private_app');
    expect(text).toContain('  lambda_chatbot_backend -->|"read secrets"| params_chatbot');
    expect(text).toContain('  igw -->|"HTTPS"| ai_apis');
  });

  test("lists the facts under the diagram", () => {
    expect(buildEnvironment(synth, "dev").facts).toEqual([
      ["VPC", "10.0.0.0/16, 2 AZs (apse2-az1, apse2-az2)"],
      ["NAT gateways", "apse2-az1"],
      ["Lambda chatbot-dev-backend", "in the VPC (apse2-az1, apse2-az2)"],
    ]);
  });

  test("writes Mermaid that passes the grammar check, headed by the stacks it was drawn from", () => {
    const [d] = buildDiagrams(synth);
    expect(d.sources).toEqual(["dev-network", "dev-serverless"]);
    expect(d.mermaid.split("\n")[0]).toBe("%% dev: generated by npm run diagram from dev-network, dev-serverless; do not edit");
    expect(checkMermaid(d.mermaid)).toEqual([]);
  });

  test("the Markdown links the renders only when they exist", () => {
    const [d] = buildDiagrams(synth);
    expect(markdownFor(d, true)).toContain("Rendered: [dev.svg](dev.svg), [dev.png](dev.png).");
    expect(markdownFor(d, false)).not.toContain("Rendered:");
    expect(markdownFor(d, false)).toContain("(AWS account 111111111111, ap-southeast-2)");
    expect(markdownFor(d, false)).toContain("Drawn by `npm run diagram` (`tools/diagram/`) from the synthesized stacks `dev-network`, `dev-serverless`");
  });
});

describe("Graph", () => {
  test("ids are sanitized, never keywords, and unique per key", () => {
    const g = new Graph();
    expect(sanitizeId("end")).toBe("end_");
    expect(sanitizeId("1-a.b")).toBe("n_1_a_b");
    expect(g.node("x", "a", { key: "k1" })).toBe("x");
    expect(g.node("x", "b", { key: "k2" })).toBe("x_2");
    expect(g.node("x", "c", { key: "k1" })).toBe("x");
  });

  test("a second edge between the same ends merges its label; empty subgraphs are left out", () => {
    const g = new Graph();
    const sg = g.subgraph("box", "Box");
    g.subgraph("empty", "Empty");
    const a = g.node("a", "A", { parent: sg });
    const b = g.node("b", "B");
    g.edge(a, b, "one");
    g.edge(a, b, "two");
    g.edge(a, b, "one");
    const text = g.toMermaid(["head"]);
    expect(text).toContain('  a -->|"one<br/>two"| b');
    expect(text).not.toContain("empty");
    expect(checkMermaid(text)).toEqual([]);
  });

  test("labels escape what Mermaid or HTML would interpret", () => {
    expect(escapeText('a "b" <c> & #d')).toBe("a #quot;b#quot; #lt;c#gt; #amp; #35;d");
  });

  test("names lose the environment so ids match across environments", () => {
    expect(withoutEnv("chatbot-prod-backend", "prod")).toBe("chatbot_backend");
  });

  test("IAM actions are summarized by intent", () => {
    expect(summarizeActions(["ecr:PutImage", "ecr:BatchGetImage"], [])).toBe("push images");
    expect(summarizeActions(["s3:GetObject", "s3:PutObject"], ["arn:aws:s3:::bucket/dev/*"])).toBe("read/write dev/*");
    expect(summarizeActions(["sqs:SendMessage"], ["*"])).toBe("sqs");
  });
});

describe("errors", () => {
  test("the grammar check reports each problem with its line", () => {
    const text = ["%% x", "flowchart LR", '  subgraph end["E"]', '    a["A"]', '    a["A again"]', "  a --> b", "  class a missing;", "  what is this"].join("\n");
    expect(checkMermaid(text)).toEqual([
      'line 3: id "end" is a Mermaid keyword',
      'line 5: id "a" declared twice',
      'line 8: not a recognized statement: "what is this"',
      '1 subgraph(s) not closed with "end"',
      'line 6: edge end "b" is not declared',
      'line 7: class "missing" has no classDef',
    ]);
    expect(checkMermaid("graph TD")).toEqual(['line 1: expected "flowchart <direction>" first, got "graph TD"']);
  });

  test("an unknown option names the ones there are", () => {
    expect(() => parseArgs(["--render"])).toThrow("unknown option --render (use --synth-dir DIR, --no-render, --check)");
    expect(parseArgs(["--check", "--no-render", "--synth-dir=out"])).toEqual({ synthDir: path.resolve("out"), render: false, check: true });
  });
});
