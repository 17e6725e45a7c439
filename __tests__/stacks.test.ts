import { Testing } from "cdktf";
import { ENVIRONMENTS, STATE_ACCOUNT_ID } from "../environments";
import { BootstrapStack } from "../stacks/bootstrap-stack";
import { NetworkStack } from "../stacks/network-stack";
import { addEnvironment } from "../stacks";
import { backendSettings, resources, scrub, synthStack, testEnv } from "./helpers";

const byName = (name: string) => ENVIRONMENTS.find((e) => e.name === name)!;

function networkJson(envName: string) {
  const app = Testing.app();
  return synthStack(new NetworkStack(app, { env: byName(envName), backendSettings }));
}

describe("snapshots (review a change like code)", () => {
  test("bootstrap", () => {
    const app = Testing.app();
    expect(scrub(synthStack(new BootstrapStack(app, { settings: backendSettings, accountId: STATE_ACCOUNT_ID })))).toMatchSnapshot();
  });

  test.each(ENVIRONMENTS.map((e) => e.name))("%s-network", (name) => {
    expect(scrub(networkJson(name))).toMatchSnapshot();
  });
});

describe("environment stacks", () => {
  test("stack names start with the environment", () => {
    const app = Testing.app();
    const stacks = addEnvironment(app, byName("prod"), backendSettings);
    expect(stacks.network.node.id).toBe("prod-network");
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

  test("S3-native locking is an opt-in", () => {
    const app = Testing.app();
    const env = testEnv({ backend: { kind: "s3", useLockfile: true } });
    const json = synthStack(new NetworkStack(app, { env, backendSettings }));
    expect(json.terraform.backend.s3.use_lockfile).toBe(true);
    expect(json.terraform.backend.s3.dynamodb_table).toBe(backendSettings.dynamodbTable);
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
