import * as fs from "fs";
import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import { ENVIRONMENTS, SHARED, STATE_ACCOUNT_ID } from "../environments";
import { BootstrapStack } from "../stacks/bootstrap-stack";
import { NetworkStack } from "../stacks/network-stack";
import { addEnvironment, addSharedStacks, buildApp, BuildAppProps } from "../stacks";
import { App } from "cdktf";
import { EnvironmentConfig } from "../lib/config";
import { backendSettings, resources, scrub, synthStack, testEnv, TfJson } from "./helpers";

const byName = (name: string) => ENVIRONMENTS.find((e) => e.name === name)!;

function appProps(environments: readonly EnvironmentConfig[]): BuildAppProps {
  return { environments, allEnvironments: ENVIRONMENTS, shared: SHARED, backendSettings, stateAccountId: STATE_ACCOUNT_ID };
}

/** The stacks of one environment, built as the app builds them. */
export function environmentStacks(env: EnvironmentConfig, app: App = Testing.app()) {
  const props = appProps([env]);
  return addEnvironment(app, env, props, addSharedStacks(app, props));
}

function networkJson(envName: string) {
  const app = Testing.app();
  return synthStack(new NetworkStack(app, { env: byName(envName), backendSettings }));
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
        if (SECRET_KEY.test(k) && literal && k !== "description") {
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

  test("Parameter Store values are the placeholder everywhere", () => {
    const values = [...STACKS.values()].flatMap((j) => resources(j, "aws_ssm_parameter").map((p) => p.value));
    expect(values.length).toBe(ENVIRONMENTS.length * 3);
    expect(new Set(values)).toEqual(new Set(["set-out-of-band"]));
  });
});

describe("layering", () => {
  test("no Kubernetes or Helm resource lives in a stack that creates AWS infrastructure", () => {
    for (const [name, json] of STACKS) {
      const types = Object.keys(json.resource ?? {});
      expect({ name, k8s: types.filter((t) => t.startsWith("kubernetes_") || t.startsWith("helm_")) }).toEqual({ name, k8s: [] });
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
});

describe("environment stacks", () => {
  test("stack names start with the environment", () => {
    const stacks = environmentStacks(byName("prod"));
    expect([stacks.network, stacks.serverless, stacks.delivery].map((s) => s.node.id)).toEqual(["prod-network", "prod-serverless", "prod-delivery"]);
  });

  test("prod has one NAT gateway per AZ across three AZs, dev a single one", () => {
    const prod = networkJson("prod");
    expect(resources(prod, "aws_nat_gateway")).toHaveLength(3);
    expect(new Set(resources(prod, "aws_subnet").map((s) => s.availability_zone)).size).toBe(3);
    const dev = networkJson("dev");
    expect(resources(dev, "aws_nat_gateway")).toHaveLength(1);
    expect(new Set(resources(dev, "aws_subnet").map((s) => s.availability_zone)).size).toBe(2);
  });

  test("each stack uses the shared S3 backend with its own key and DynamoDB locking", () => {
    const json = networkJson("staging");
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: backendSettings.bucket,
        region: backendSettings.region,
        key: "staging/network.tfstate",
        encrypt: true,
        kms_key_id: backendSettings.kmsKeyAlias,
        dynamodb_table: backendSettings.dynamodbTable,
      },
    });
  });

  test.each([
    ["dynamodb", undefined, backendSettings.dynamodbTable],
    ["lockfile", true, undefined],
    ["both", true, backendSettings.dynamodbTable],
  ] as const)("locking %s: use_lockfile %s, dynamodb_table %s", (locking, lockfile, table) => {
    const app = Testing.app();
    const env = testEnv({ backend: { kind: "s3", locking } });
    const json = synthStack(new NetworkStack(app, { env, backendSettings }));
    expect(json.terraform.backend.s3.use_lockfile).toBe(lockfile);
    expect(json.terraform.backend.s3.dynamodb_table).toBe(table);
  });

  test("an environment can choose Terraform Cloud, one workspace per stack", () => {
    const app = Testing.app();
    const env = testEnv({ backend: { kind: "cloud", organization: "acme" } });
    const json = synthStack(new NetworkStack(app, { env, backendSettings }));
    expect(json.terraform.cloud).toEqual({ hostname: "app.terraform.io", organization: "acme", workspaces: { name: "chatbot-test-network" } });
    expect(json.terraform.backend).toBeUndefined();
  });

  test("an environment can choose local state", () => {
    const app = Testing.app();
    const json = synthStack(new NetworkStack(app, { env: testEnv({ backend: { kind: "local" } }), backendSettings }));
    expect(json.terraform.backend).toEqual({ local: { path: "terraform.test-network.tfstate" } });
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

  test("the bootstrap stack keeps its own state locally", () => {
    const app = Testing.app();
    const json = synthStack(new BootstrapStack(app, { settings: backendSettings, accountId: STATE_ACCOUNT_ID }));
    expect(json.terraform.backend).toEqual({ local: { path: "terraform.bootstrap.tfstate" } });
    expect(resources(json, "aws_s3_bucket").map((b) => b.bucket).sort()).toEqual([backendSettings.bucket, `${backendSettings.bucket}-access-logs`]);
  });
});
