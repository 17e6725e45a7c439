import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { TfeProvider } from "@cdktf/provider-tfe/lib/provider";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { App, CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformOutput, TerraformStack } from "cdktf";
import { CdktfOut, CdktfOutError } from "../tools/lib/cdktf-out";

/**
 * A small app like the real one: a network stack on an S3 backend, an app stack on Terraform
 * Cloud that reads the network's subnet (a cross-stack reference), a state stack on a local
 * backend, and a tfc-<org> stack of hashicorp/tfe resources.
 */
function synthesizeApp(outdir: string): void {
  const app = new App({ outdir });

  const network = new TerraformStack(app, "dev-network");
  new AwsProvider(network, "aws", { region: "ap-southeast-2", allowedAccountIds: ["111111111111"] });
  new S3Backend(network, {
    bucket: "state-bucket",
    key: "dev/network.tfstate",
    region: "ap-southeast-2",
    encrypt: true,
    dynamodbTable: "locks",
    assumeRole: { roleArn: "arn:aws:iam::444444444444:role/dev-state" },
  });
  const vpc = new Vpc(network, "Vpc", { cidrBlock: "10.0.0.0/16" });
  const subnet = new Subnet(network, "SubnetA", { vpcId: vpc.id, cidrBlock: "10.0.1.0/24", availabilityZoneId: "apse2-az1" });
  new Subnet(network, "SubnetB", { vpcId: vpc.id, cidrBlock: "10.0.2.0/24", availabilityZoneId: "apse2-az2" });
  new DataAwsCallerIdentity(network, "Me");
  new TerraformOutput(network, "vpc_id", { value: vpc.id, description: "The VPC" });

  const serverless = new TerraformStack(app, "dev-serverless");
  new AwsProvider(serverless, "aws", { region: "ap-southeast-2", allowedAccountIds: ["111111111111"] });
  new CloudBackend(serverless, { organization: "example-org", workspaces: new NamedCloudWorkspace("chatbot-dev-serverless") });
  new Subnet(serverless, "Extra", { vpcId: "vpc-123", cidrBlock: subnet.cidrBlock });

  const bootstrap = new TerraformStack(app, "bootstrap");
  new AwsProvider(bootstrap, "aws", { region: "ap-southeast-2" });
  new LocalBackend(bootstrap, { path: "../../state/bootstrap.tfstate" });

  const tfc = new TerraformStack(app, "tfc-example-org");
  new TfeProvider(tfc, "tfe", { hostname: "app.terraform.io" });
  new Workspace(tfc, "Network", { name: "chatbot-dev-network", organization: "example-org" });

  app.synth();
}

let outdir: string;
let out: CdktfOut;
beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-out-test-"));
  synthesizeApp(outdir);
  out = CdktfOut.read(outdir);
});
afterAll(() => {
  fs.rmSync(outdir, { recursive: true, force: true });
});

describe("CdktfOut", () => {
  test("lists the manifest's stacks in its order (cdktf sorts them by name), with their dependencies", () => {
    expect(out.stackNames()).toEqual(["bootstrap", "dev-network", "dev-serverless", "tfc-example-org"]);
    expect(out.manifest.version).toMatch(/^0\.21\./);
    expect(out.stack("dev-serverless")?.dependencies).toEqual(["dev-network"]);
    expect(out.stack("dev-network")?.dependencies).toEqual([]);
    expect(out.stack("dev-network")?.file).toBe(path.join(outdir, "stacks", "dev-network", "cdk.tf.json"));
    expect(out.stack("nope")).toBeUndefined();
  });

  test("gives resources by type with their address, body and construct path", () => {
    const network = out.stack("dev-network")!;
    const subnets = network.resources("aws_subnet");
    expect(subnets.map((s) => s.body.cidr_block)).toEqual(["10.0.1.0/24", "10.0.2.0/24"]);
    expect(subnets[0]).toMatchObject({ stack: "dev-network", mode: "resource", type: "aws_subnet", constructPath: "dev-network/SubnetA" });
    expect(subnets[0].address).toMatch(/^aws_subnet\.SubnetA$/);
    expect(network.resourceTypes()).toEqual(["aws_subnet", "aws_vpc"]);
    expect(network.resources("aws_instance")).toEqual([]);
    expect(out.resources("aws_subnet").map((s) => s.stack)).toEqual(["dev-network", "dev-network", "dev-serverless"]);
  });

  test("gives data sources apart from resources", () => {
    const network = out.stack("dev-network")!;
    expect(network.dataSourceTypes()).toEqual(["aws_caller_identity"]);
    expect(network.dataSources("aws_caller_identity")[0]).toMatchObject({ mode: "data", address: "data.aws_caller_identity.Me" });
    expect(network.resource("aws_caller_identity", "Me")).toBeUndefined();
  });

  test("gives providers, required providers and the AWS accounts allowed", () => {
    expect(out.stack("dev-network")!.providers("aws")[0].config).toMatchObject({ region: "ap-southeast-2", allowed_account_ids: ["111111111111"] });
    expect(out.stack("dev-network")!.allowedAccountIds()).toEqual(["111111111111"]);
    expect(out.stack("bootstrap")!.allowedAccountIds()).toEqual([]);
    const tfc = out.stack("tfc-example-org")!;
    expect(tfc.providerNames()).toEqual(["tfe"]);
    expect(tfc.requiredProviders()).toEqual([expect.objectContaining({ name: "tfe", source: "hashicorp/tfe" })]);
    expect(tfc.resources("tfe_workspace")[0].body).toMatchObject({ name: "chatbot-dev-network", organization: "example-org" });
  });

  test("reads each kind of backend: s3, a cloud block, local", () => {
    expect(out.stack("dev-network")!.backend()).toMatchObject({
      kind: "s3",
      bucket: "state-bucket",
      key: "dev/network.tfstate",
      region: "ap-southeast-2",
      dynamodbTable: "locks",
      encrypt: true,
      roleArn: "arn:aws:iam::444444444444:role/dev-state",
    });
    expect(out.stack("dev-serverless")!.backend()).toMatchObject({
      kind: "cloud",
      hostname: "app.terraform.io",
      organization: "example-org",
      workspaceName: "chatbot-dev-serverless",
      workspaceTags: [],
    });
    expect(out.stack("bootstrap")!.backend()).toMatchObject({ kind: "local", path: "../../state/bootstrap.tfstate", declared: true });
  });

  test("names the producer and backend of a cross-stack reference", () => {
    expect(out.stack("dev-serverless")!.remoteStateInputs()).toEqual([
      expect.objectContaining({ name: "cross-stack-reference-input-dev-network", producer: "dev-network", backend: expect.objectContaining({ kind: "s3", key: "dev/network.tfstate" }) }),
    ]);
  });

  test("gives outputs with their values, including the ones cdktf adds for cross-stack references", () => {
    const network = out.stack("dev-network")!;
    expect(network.output("vpc_id")).toEqual({ name: "vpc_id", value: "${aws_vpc.Vpc.id}", description: "The VPC", sensitive: false });
    expect(network.outputNames()).toEqual(expect.arrayContaining(["vpc_id", expect.stringMatching(/^cross-stack-output-aws_subnetSubnetA/)]));
    expect(network.outputs().length).toBe(network.outputNames().length);
  });
});

describe("backends the app does not synthesize here", () => {
  /** A one-stack output directory whose stack JSON is `json`. */
  function outWith(json: unknown): CdktfOut {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-out-test-"));
    fs.mkdirSync(path.join(dir, "stacks", "s"), { recursive: true });
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: { s: { name: "s", synthesizedStackPath: "stacks/s/cdk.tf.json", workingDirectory: "stacks/s" } } }));
    fs.writeFileSync(path.join(dir, "stacks", "s", "cdk.tf.json"), JSON.stringify(json));
    try {
      return CdktfOut.read(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test("no backend at all is Terraform's implicit local state", () => {
    expect(outWith({}).stack("s")!.backend()).toEqual({ kind: "local", declared: false, settings: {} });
  });

  test("a cloud block selecting workspaces by tags, in a project", () => {
    const b = outWith({ terraform: { cloud: { organization: "o", workspaces: { tags: ["app"], project: "p" } } } }).stack("s")!.backend();
    expect(b).toMatchObject({ kind: "cloud", organization: "o", workspaceTags: ["app"], project: "p" });
    expect(b).not.toHaveProperty("workspaceName");
  });

  test("a remote-state read through the remote backend, and a backend type it does not model", () => {
    const stack = outWith({
      data: { terraform_remote_state: { "cross-stack-reference-input-x": { backend: "remote", config: { organization: "o", workspaces: { name: "w" } } } } },
      terraform: { backend: { gcs: { bucket: "b" } } },
    }).stack("s")!;
    expect(stack.remoteStateInputs()[0]).toMatchObject({ producer: "x", backend: { kind: "remote", hostname: "app.terraform.io", organization: "o", workspaceName: "w" } });
    expect(stack.backend()).toEqual({ kind: "other", type: "gcs", settings: { bucket: "b" } });
  });
});

describe("errors", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-out-test-"));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function write(manifest: unknown, stack?: unknown): void {
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
    if (stack !== undefined) {
      fs.mkdirSync(path.join(dir, "stacks", "s"), { recursive: true });
      fs.writeFileSync(path.join(dir, "stacks", "s", "cdk.tf.json"), JSON.stringify(stack));
    }
  }
  const manifest = { stacks: { s: { name: "s", synthesizedStackPath: "stacks/s/cdk.tf.json" } } };

  test("a directory without a manifest says to synthesize", () => {
    expect(() => CdktfOut.read(dir)).toThrow(CdktfOutError);
    expect(() => CdktfOut.read(dir)).toThrow(`${path.join(dir, "manifest.json")} does not exist; synthesize first (npm run synth) or name a directory that holds a synth`);
  });

  test("a manifest entry without its stack file names the file and the stack", () => {
    write(manifest);
    expect(() => CdktfOut.read(dir)).toThrow(`${path.join(dir, "stacks", "s", "cdk.tf.json")} does not exist, but ${path.join(dir, "manifest.json")} lists it for stack s; synthesize again`);
  });

  test("a manifest entry without synthesizedStackPath names the field", () => {
    write({ stacks: { s: { name: "s" } } });
    expect(() => CdktfOut.read(dir)).toThrow(`${path.join(dir, "manifest.json")}: stacks.s.synthesizedStackPath is missing; expected the path of its cdk.tf.json`);
  });

  test("a resource that is not an object names its dotted path", () => {
    write(manifest, { resource: { aws_vpc: { Vpc: [1] } } });
    expect(() => CdktfOut.read(dir)).toThrow(`${path.join(dir, "stacks", "s", "cdk.tf.json")}: resource.aws_vpc.Vpc is a list; expected an object of arguments`);
  });

  test("invalid JSON names the file", () => {
    write(manifest);
    fs.mkdirSync(path.join(dir, "stacks", "s"), { recursive: true });
    fs.writeFileSync(path.join(dir, "stacks", "s", "cdk.tf.json"), "{");
    expect(() => CdktfOut.read(dir)).toThrow(new RegExp(`^${path.join(dir, "stacks", "s", "cdk.tf.json").replace(/[.]/g, "\\.")}: `));
  });

  test("an s3 backend without a key, and a cloud block without an organization, are refused when read", () => {
    write(manifest, { terraform: { backend: { s3: { bucket: "b" } } } });
    expect(() => CdktfOut.read(dir).stack("s")!.backend()).toThrow(": terraform.backend.s3.key is missing; an s3 backend needs a state key");
    write(manifest, { terraform: { cloud: { workspaces: { name: "w" } } } });
    expect(() => CdktfOut.read(dir).stack("s")!.backend()).toThrow(": terraform.cloud.organization is missing; a cloud block needs an organization");
  });
});
