import * as fs from "fs";
import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import { ENVIRONMENTS, SHARED, STATE } from "../environments";
import { BootstrapStack } from "../stacks/bootstrap-stack";
import { NetworkStack } from "../stacks/network-stack";
import { addEnvironment, addSharedStacks, buildApp, BuildAppProps } from "../stacks";
import { App } from "cdktf";
import { EnvironmentConfig } from "../lib/config";
import { backendSettings, resources, scrub, synthStack, testEnv, TfJson } from "./helpers";

const byName = (name: string) => ENVIRONMENTS.find((e) => e.name === name)!;

function appProps(environments: readonly EnvironmentConfig[]): BuildAppProps {
  return { environments, allEnvironments: ENVIRONMENTS, shared: SHARED, backendSettings, state: STATE };
}

/** The stacks of one environment, built as the app builds them. */
export function environmentStacks(env: EnvironmentConfig, app: App = Testing.app()) {
  const props = appProps([env]);
  return addEnvironment(app, env, props, addSharedStacks(app, props));
}

function networkJson(envName: string) {
  const app = Testing.app();
  return synthStack(new NetworkStack(app, { env: byName(envName), backendSettings, state: STATE }));
}

/**
 * Every stack of the app, synthesized as `npm run synth` does: a whole-app synth, which is where
 * cdktf turns cross-stack references into remote-state lookups and outputs.
 */
function allStacks(): Map<string, TfJson> {
  const app = Testing.app();
  buildApp(app, appProps(ENVIRONMENTS));
  app.synth();
  const out = new Map<string, TfJson>();
  for (const child of app.node.children) {
    if (child instanceof TerraformStack) {
      out.set(child.node.id, JSON.parse(fs.readFileSync(path.join(app.outdir, "stacks", child.node.id, "cdk.tf.json"), "utf8")));
    }
  }
  fs.rmSync(app.outdir, { recursive: true, force: true });
  return out;
}
const STACKS = allStacks();

describe("snapshots (review a change like code)", () => {
  test.each([...STACKS.keys()].sort())("%s", (name) => {
    expect(scrub(STACKS.get(name)!)).toMatchSnapshot();
  });
});

describe("secrets", () => {
  /** Keys whose values would be secrets if they were literals. */
  const SECRET_KEY = /(password|passwd|secret|token|api_?key|private_?key|credential)/i;
  /** Settings whose names contain such a word but hold no secret (IMDSv2's `http_tokens = "required"`). */
  const NOT_SECRET: Readonly<Record<string, string>> = { http_tokens: "required" };
  const SECRET_VALUE = [/AKIA[0-9A-Z]{16}/, /-----BEGIN [A-Z ]*PRIVATE KEY-----/, /\bsk-[A-Za-z0-9]{20,}/, /\bpcsk_[A-Za-z0-9_]{20,}/, /\bghp_[A-Za-z0-9]{30,}/];

  function walk(value: unknown, path: string, found: string[]): void {
    if (typeof value === "string") {
      for (const pattern of SECRET_VALUE) {
        if (pattern.test(value)) found.push(`${path}: looks like a credential`);
      }
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`, found));
      return;
    }
    if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        const literal = typeof v === "string" && !v.includes("${") && v !== "set-out-of-band" && !v.startsWith("/chatbot/");
        // cdktf's metadata block ("//") names outputs, it holds no values.
        if (SECRET_KEY.test(k) && literal && k !== "description" && NOT_SECRET[k] !== v && !path.includes(".//.")) {
          found.push(`${path}.${k}: literal ${JSON.stringify(v)}`);
        }
        walk(v, `${path}.${k}`, found);
      }
    }
  }

  test("no synthesized stack contains a secret value", () => {
    const found: string[] = [];
    for (const [name, json] of STACKS) {
      walk(json, name, found);
    }
    expect(found).toEqual([]);
  });

  test("the check catches a secret literal", () => {
    const found: string[] = [];
    walk({ resource: { aws_ssm_parameter: { p: { value: "x", api_key: "abc123" } }, x: "AKIAABCDEFGHIJKLMNOP" } }, "s", found);
    expect(found).toEqual(["s.resource.aws_ssm_parameter.p.api_key: literal \"abc123\"", "s.resource.x: looks like a credential"]);
  });

  test("no stack manages a Parameter Store value: the serverless stacks only forget the ones they once held", () => {
    expect([...STACKS.values()].flatMap((j) => resources(j, "aws_ssm_parameter"))).toEqual([]);
    for (const env of ENVIRONMENTS) {
      const removed = (STACKS.get(`${env.name}-serverless`) as any).removed as { from: string; lifecycle: unknown }[];
      expect(removed.map((r) => r.from.replace(/_[0-9A-F]{8}$/, ""))).toEqual([
        "aws_ssm_parameter.ServerlessApi_ParameterPINECONEAPIKEY",
        "aws_ssm_parameter.ServerlessApi_ParameterPINECONEINDEXNAME",
        "aws_ssm_parameter.ServerlessApi_ParameterHYPERCLOVAAPIKEY",
      ]);
      expect(removed.every((r) => JSON.stringify(r.lifecycle) === '{"destroy":false}')).toBe(true);
    }
  });
});

describe("the data tier", () => {
  const DATA = ["dev", "staging", "prod", "local"].map((env) => [env, STACKS.get(`${env}-data`)!] as const);

  test("nothing in a data stack is reachable from the internet", () => {
    for (const [env, json] of DATA) {
      const ingress = resources(json, "aws_security_group_rule").filter((r) => r.type === "ingress");
      expect({ env, cidrs: ingress.filter((r) => r.cidr_blocks !== undefined || r.ipv6_cidr_blocks !== undefined) }).toEqual({ env, cidrs: [] });
      expect(ingress.length).toBeGreaterThan(0);
      expect(ingress.every((r) => typeof r.source_security_group_id === "string")).toBe(true);
      expect(resources(json, "aws_db_instance").every((db) => db.publicly_accessible === false)).toBe(true);
      const blocks = resources(json, "aws_s3_bucket_public_access_block");
      expect(blocks).toHaveLength(resources(json, "aws_s3_bucket").length);
      expect(blocks.every((b) => b.block_public_acls && b.block_public_policy && b.ignore_public_acls && b.restrict_public_buckets)).toBe(true);
      expect(Object.keys(json.resource).filter((t) => t.includes("access_list"))).toEqual([]);
    }
  });

  test("clients are the cluster's nodes and, where the Lambda runs in the VPC, the Lambda; each gets only its port", () => {
    for (const [env, json] of DATA) {
      const ingress = resources(json, "aws_security_group_rule").filter((r) => r.type === "ingress");
      const sources = new Set(ingress.map((r) => r.source_security_group_id.replace(/^.*outputs\.cross-stack-output-/, "").replace(/}$/, "")));
      const cluster = expect.stringMatching(/^aws_eks_clusterEks_Cluster_\w+vpc_config0cluster_security_group_id$/);
      const lambda = expect.stringMatching(/^aws_security_groupServerlessApi_FunctionSecurityGroup_\w+id$/);
      const inVpc = ENVIRONMENTS.find((e) => e.name === env)!.serverless.inVpc === true;
      const expected = [...(env === "local" ? [] : [cluster]), ...(inVpc ? [lambda] : [])];
      expect([...sources].sort()).toEqual(expected);
    }
  });

  test("every security group rule of a data stack is on a group the data stack creates (the clients' egress is their owners' business)", () => {
    const RULE_TYPES = ["aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"];
    for (const [env, json] of DATA) {
      const own = new Set(Object.keys(json.resource.aws_security_group ?? {}).map((id) => `\${aws_security_group.${id}.id}`));
      const rules = RULE_TYPES.flatMap((type) => Object.entries(json.resource[type] ?? {}).map(([id, r]) => ({ rule: `${type}.${id}`, target: r.security_group_id as string })));
      expect(rules.length).toBeGreaterThan(0);
      expect({ env, foreign: rules.filter((r) => !own.has(r.target)) }).toEqual({ env, foreign: [] });
      // The stores' groups only accept connections; they initiate none.
      const egress = [...resources(json, "aws_security_group_rule").filter((r) => r.type === "egress"), ...resources(json, "aws_vpc_security_group_egress_rule")];
      expect({ env, egress }).toEqual({ env, egress: [] });
    }
  });

  test("the sizes follow reference 001 per environment", () => {
    const db = (env: string) => resources(STACKS.get(`${env}-data`)!, "aws_db_instance")[0];
    const redis = (env: string) => resources(STACKS.get(`${env}-data`)!, "aws_elasticache_replication_group")[0];
    expect([db("dev").instance_class, db("staging").instance_class, db("prod").instance_class]).toEqual(["db.t3.micro", "db.t3.small", "db.t3.medium"]);
    expect([db("dev").multi_az, db("prod").multi_az, db("prod").deletion_protection]).toEqual([false, true, true]);
    expect([redis("dev").node_type, redis("staging").node_type, redis("prod").node_type]).toEqual(["cache.t4g.micro", "cache.t4g.small", "cache.r7g.large"]);
    expect([redis("prod").multi_az_enabled, redis("prod").automatic_failover_enabled, redis("prod").num_cache_clusters]).toEqual([true, true, 3]);
    const atlas = (env: string) => resources(STACKS.get(`${env}-data`)!, "mongodbatlas_advanced_cluster")[0].replication_specs[0].region_configs[0].electable_specs.instance_size;
    expect([atlas("dev"), atlas("staging"), atlas("prod")]).toEqual(["M10", "M10", "M20"]);
    expect(resources(STACKS.get("local-data")!, "aws_elasticache_replication_group")).toEqual([]);
  });

  test("the backend's roles get the data grants (the Lambda only when it can reach the data tier); only the migrations read the master secret", () => {
    const roleOf = (p: any): string => (/FunctionRole/.test(p.role) ? "lambda" : /BackendRole/.test(p.role) ? "backend" : /MigrationsRole/.test(p.role) ? "migrations" : p.role);
    const names = (json: TfJson, who: string) => resources(json, "aws_iam_role_policy").filter((p) => roleOf(p) === who).map((p) => p.name);
    const staging = STACKS.get("staging-data")!;
    expect(resources(staging, "aws_iam_role_policy").every((p) => ["lambda", "backend", "migrations"].includes(roleOf(p)))).toBe(true);
    expect(names(staging, "migrations")).toEqual([expect.stringMatching(/secret/i)]);
    expect(names(staging, "backend").filter((n) => /secret/i.test(n))).toEqual([]);
    expect(names(staging, "lambda").filter((n) => /secret/i.test(n))).toEqual([]);
    expect(names(staging, "backend").length).toBe(names(staging, "lambda").length + 1); // + consuming the queues
    // dev's Lambda runs outside the VPC: it cannot reach the data tier and gets no grant there.
    expect(names(STACKS.get("dev-data")!, "lambda")).toEqual([]);
  });
});

describe("layering", () => {
  const inCluster = (type: string): boolean => type.startsWith("kubernetes_") || type.startsWith("helm_");

  test("no Kubernetes or Helm resource lives in a stack that creates AWS infrastructure (the cluster among it)", () => {
    const withCluster = [...STACKS].filter(([, json]) => json.resource?.aws_eks_cluster).map(([name]) => name);
    expect(withCluster.sort()).toEqual(["dev-platform", "prod-platform", "staging-platform"]);
    for (const [name, json] of STACKS) {
      const types = Object.keys(json.resource ?? {});
      if (types.some((t) => t.startsWith("aws_"))) {
        expect({ name, k8s: types.filter(inCluster) }).toEqual({ name, k8s: [] });
      }
    }
  });

  test("the apps stacks create only in-cluster objects and read the cluster from the platform stack's state", () => {
    for (const env of ["dev", "staging", "prod"]) {
      const apps = STACKS.get(`${env}-apps`)!;
      expect(Object.keys(apps.resource).filter((t) => !inCluster(t))).toEqual([]);
      expect(Object.keys(apps.data ?? {}).filter((t) => t !== "terraform_remote_state")).toEqual([]);
      const k8s = apps.provider!.kubernetes[0];
      expect(k8s.host).toMatch(new RegExp(`^\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-${env}-platform\\.outputs\\.`));
      expect(k8s.exec[0]).toMatchObject({ command: "aws", args: expect.arrayContaining(["eks", "get-token"]) });
      expect(k8s.token).toBeUndefined();
      expect(apps.provider!.helm[0].kubernetes.host).toBe(k8s.host);
    }
  });

  test("the shared registry pulls are limited to the environments' workload roles, never the test account's", () => {
    const registry = STACKS.get("shared-444444444444")!;
    const docs = Object.entries(registry.data!.aws_iam_policy_document).filter(([id]) => id.includes("ChatbotBackendPolicyDocument"));
    const patterns = docs[0][1].statement.filter((s: any) => s.sid.startsWith("Pull")).flatMap((s: any) => s.condition[0].values);
    expect(patterns.sort()).toEqual([
      "arn:aws:iam::111111111111:role/chatbot-dev-*",
      "arn:aws:iam::222222222222:role/chatbot-staging-*",
      "arn:aws:iam::333333333333:role/chatbot-prod-*",
    ]);
  });

  test("prod's deploy role trusts only the prod GitHub environment, its plan role only prod-plan; elsewhere plans come from pull requests", () => {
    const delivery = STACKS.get("prod-delivery")!;
    const trust = (id: string) => Object.entries(delivery.data!.aws_iam_policy_document).find(([k]) => k.startsWith(id))![1].statement[0].condition[1].values;
    expect(trust("DeployRole_Trust")).toEqual(["repo:example-org/chatbot:environment:prod"]);
    expect(trust("PlanRole_Trust")).toEqual(["repo:example-org/chatbot:environment:prod-plan"]);
    const staging = STACKS.get("staging-delivery")!;
    const planTrust = Object.entries(staging.data!.aws_iam_policy_document).find(([k]) => k.startsWith("PlanRole_Trust"))![1].statement[0].condition[1].values;
    expect(planTrust).toEqual(["repo:example-org/chatbot:pull_request"]);
  });

  test("staging and prod run the Lambda in the private app subnets, dev outside the VPC", () => {
    const vpcOf = (env: string) => resources(STACKS.get(`${env}-serverless`)!, "aws_lambda_function")[0].vpc_config;
    expect(vpcOf("prod").subnet_ids[0]).toContain("terraform_remote_state");
    expect(vpcOf("staging")).toBeDefined();
    expect(vpcOf("dev")).toBeUndefined();
  });

  test("the serverless stack owns the Lambda's egress to the data subnets, on the ports of the stores each environment has", () => {
    const egressOf = (env: string) =>
      resources(STACKS.get(`${env}-serverless`)!, "aws_security_group_rule")
        .filter((r) => r.from_port !== 443)
        .map((r) => [`${r.from_port}-${r.to_port}`, r.cidr_blocks])
        .sort();
    // prod: PostgreSQL, Redis and the Atlas endpoint, towards its three data subnets (literals: no network output needed).
    const prodData = ["10.30.136.0/24", "10.30.137.0/24", "10.30.138.0/24"];
    expect(egressOf("prod")).toEqual([["1024-65535", prodData], ["5432-5432", prodData], ["6379-6379", prodData]]);
    // local has PostgreSQL only; dev runs outside the VPC.
    expect(egressOf("local")).toEqual([["5432-5432", ["10.99.136.0/24", "10.99.137.0/24"]]]);
    expect(egressOf("dev")).toEqual([]);
  });

  test("reserved concurrency only where the environment reserves it", () => {
    const reservedOf = (env: string) => resources(STACKS.get(`${env}-serverless`)!, "aws_lambda_function")[0].reserved_concurrent_executions;
    expect(ENVIRONMENTS.map((e) => [e.name, reservedOf(e.name)])).toEqual(ENVIRONMENTS.map((e) => [e.name, e.serverless.reservedConcurrency]));
    expect(reservedOf("dev")).toBeUndefined();
  });
});

describe("environment stacks", () => {
  test("stack names start with the environment", () => {
    const stacks = environmentStacks(byName("prod"));
    expect([stacks.network, stacks.serverless, stacks.delivery].map((s) => s.node.id)).toEqual(["prod-network", "prod-serverless", "prod-delivery"]);
  });

  test("prod has one NAT gateway per AZ across three AZs, dev a single one", () => {
    const prod = networkJson("prod");
    expect(resources(prod, "aws_nat_gateway")).toHaveLength(3);
    expect([...new Set(resources(prod, "aws_subnet").map((s) => s.availability_zone_id))].sort()).toEqual(["apse2-az1", "apse2-az2", "apse2-az3"]);
    expect(prod.output!.availability_zone_ids.value).toEqual(["apse2-az1", "apse2-az2", "apse2-az3"]);
    const dev = networkJson("dev");
    expect(resources(dev, "aws_nat_gateway")).toHaveLength(1);
    expect([...new Set(resources(dev, "aws_subnet").map((s) => s.availability_zone_id))].sort()).toEqual(["apse2-az1", "apse2-az2"]);
  });

  test("each stack uses the shared S3 backend with its own key, DynamoDB locking and its state-access role", () => {
    const json = networkJson("staging");
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: backendSettings.bucket,
        region: backendSettings.region,
        key: "staging/network.tfstate",
        encrypt: true,
        kms_key_id: backendSettings.kmsKeyId,
        dynamodb_table: backendSettings.dynamodbTable,
        assume_role: { role_arn: "arn:aws:iam::444444444444:role/chatbot-staging-state", session_name: "staging-network" },
      },
    });
    expect(json.terraform.required_version).toBe(">= 1.6");
  });

  test.each([
    ["dynamodb", undefined, backendSettings.dynamodbTable],
    ["lockfile", true, undefined],
    ["both", true, backendSettings.dynamodbTable],
  ] as const)("locking %s: use_lockfile %s, dynamodb_table %s", (locking, lockfile, table) => {
    const app = Testing.app();
    const env = testEnv({ backend: { kind: "s3", locking } });
    const json = synthStack(new NetworkStack(app, { env, backendSettings, state: STATE }));
    expect(json.terraform.backend.s3.use_lockfile).toBe(lockfile);
    expect(json.terraform.backend.s3.dynamodb_table).toBe(table);
    // S3 lock files need Terraform/OpenTofu 1.10.
    expect(json.terraform.required_version).toBe(lockfile ? ">= 1.10" : ">= 1.6");
  });

  test("an environment can choose Terraform Cloud, one workspace per stack", () => {
    const app = Testing.app();
    const env = testEnv({ backend: { kind: "cloud", organization: "acme" } });
    const json = synthStack(new NetworkStack(app, { env, backendSettings, state: STATE }));
    expect(json.terraform.cloud).toEqual({ hostname: "app.terraform.io", organization: "acme", workspaces: { name: "chatbot-test-network" } });
    expect(json.terraform.backend).toBeUndefined();
  });

  test("an environment can choose local state", () => {
    const app = Testing.app();
    const json = synthStack(new NetworkStack(app, { env: testEnv({ backend: { kind: "local" } }), backendSettings, state: STATE }));
    // Relative to cdktf.out/stacks/<stack>: outside cdktf.out, which every synth replaces.
    expect(json.terraform.backend).toEqual({ local: { path: "../../../state/test-network.tfstate" } });
  });

  test("the provider is pinned to the environment's account and region", () => {
    const json = networkJson("prod");
    expect(json.provider!.aws).toEqual([{ region: "ap-southeast-2", allowed_account_ids: ["333333333333"] }]);
  });

  test("every taggable resource carries the environment tags; a resource's own Name wins", () => {
    const json = networkJson("dev");
    for (const [type, group] of Object.entries(json.resource)) {
      if (type.startsWith("aws_default_route_table") || !type.startsWith("aws_")) continue;
      for (const body of Object.values(group)) {
        if ("tags" in body || type === "aws_vpc" || type === "aws_subnet") {
          expect(body.tags).toEqual(expect.objectContaining({ Project: "chatbot", Environment: "dev", ManagedBy: "cdktf", Stack: "dev-network", Owner: "platform-team" }));
        }
      }
    }
    const vpc = resources(json, "aws_vpc")[0];
    expect(vpc.tags.Name).toBe("chatbot-dev-vpc");
    // Resources without a tags map are left alone rather than given an invalid attribute.
    expect(resources(json, "aws_route")[0].tags).toBeUndefined();
  });

  test("the network stack outputs what other stacks compose with", () => {
    const json = networkJson("dev");
    expect(Object.keys(json.output!)).toEqual(
      expect.arrayContaining(["vpc_id", "public_subnet_ids", "private_app_subnet_ids", "data_subnet_ids", "app_security_group_id", "data_security_group_id"]),
    );
  });

  test("the bootstrap stack keeps its own state locally, outside cdktf.out, before migration", () => {
    const app = Testing.app();
    const json = synthStack(new BootstrapStack(app, { settings: backendSettings, state: { ...STATE, bootstrapState: "local" } }));
    expect(json.terraform.backend).toEqual({ local: { path: "../../../state/bootstrap.tfstate" } });
    expect(resources(json, "aws_s3_bucket").map((b) => b.bucket).sort()).toEqual([backendSettings.bucket, `${backendSettings.bucket}-access-logs`]);
  });
});
