/**
 * One typed reader of a cdktf output directory (`cdktf.out`, or wherever CDKTF_OUTDIR pointed):
 * `manifest.json` (the stacks and the stacks each depends on) and every stack's `cdk.tf.json`, with
 * its resources and data sources by type, providers, backend (`terraform.backend.<type>` or a
 * `terraform.cloud` block), remote-state inputs and outputs.
 *
 * Everything is read and checked when the directory is opened, so a tool that synthesizes into a
 * temporary directory can delete it right after, and a malformed file fails once, with the file
 * and the dotted path of what is wrong. Attribute bodies stay open JSON (`JsonObject`): each
 * provider has its own schema, and the tools narrow the values they read (see `./json`).
 */
import * as fs from "fs";
import * as path from "path";
import { isJsonObject, JsonObject, JsonValue, parseJson } from "./json";

export type { JsonObject, JsonValue } from "./json";

/** A missing or malformed output directory, manifest or stack file. */
export class CdktfOutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CdktfOutError";
  }
}

/** Name prefix cdktf gives the `terraform_remote_state` data source of a cross-stack reference. */
export const CROSS_STACK_INPUT_PREFIX = "cross-stack-reference-input-";

/** One stack as `manifest.json` describes it. */
export interface ManifestStack {
  /** Stack name, e.g. `dev-network`. */
  readonly name: string;
  /** Construct path of the stack in the app. @default - the stack name */
  readonly constructPath: string;
  /** The stack's Terraform JSON, relative to the output directory (`stacks/<name>/cdk.tf.json`). */
  readonly synthesizedStackPath: string;
  /** The stack's directory, relative to the output directory (`stacks/<name>`). */
  readonly workingDirectory: string;
  /** Stacks whose outputs this one reads (cross-stack references). @default - none */
  readonly dependencies: readonly string[];
  /** Annotations cdktf recorded for the stack (warnings, errors). @default - none */
  readonly annotations: readonly JsonValue[];
}

/** `manifest.json`: the cdktf version and the stacks (cdktf writes them sorted by name). */
export interface Manifest {
  /** cdktf version that wrote the directory. @default "" when the manifest does not say */
  readonly version: string;
  readonly stacks: Readonly<Record<string, ManifestStack>>;
}

/** A resource or data source block of a stack. */
export interface TerraformBlock {
  /** The stack it is declared in. */
  readonly stack: string;
  /** `resource` or `data` (data source). */
  readonly mode: "resource" | "data";
  /** Terraform type, e.g. `aws_subnet`. */
  readonly type: string;
  /** Terraform name (the logical id cdktf gave it), e.g. `Network_Subnet_1A2B3C4D`. */
  readonly name: string;
  /** Its arguments as written, including cdktf's `//` metadata. */
  readonly body: JsonObject;
  /** Terraform address inside the stack: `aws_subnet.X`, or `data.aws_iam_policy_document.X`. */
  readonly address: string;
  /** Construct path cdktf recorded (`<stack>/<construct>/.../<id>`). @default - not recorded */
  readonly constructPath?: string;
}

/** One configuration of a provider (a stack may configure a provider more than once, with aliases). */
export interface ProviderConfig {
  /** Provider local name, e.g. `aws`, `tfe`. */
  readonly name: string;
  /** Alias of this configuration. @default - the default configuration */
  readonly alias?: string;
  /** Its arguments as written. */
  readonly config: JsonObject;
}

/** A provider the stack requires, from `terraform.required_providers`. */
export interface RequiredProvider {
  readonly name: string;
  /** Registry source, e.g. `hashicorp/tfe`, or `aws` (cdktf writes the short form for some). @default - the local name */
  readonly source: string;
  /** Version constraint. @default - none */
  readonly version?: string;
}

/** State in an S3 bucket (`terraform.backend.s3`). */
export interface S3Backend {
  readonly kind: "s3";
  readonly bucket: string;
  readonly key: string;
  /** @default - the provider's region */
  readonly region?: string;
  /** Lock table. @default - no DynamoDB lock */
  readonly dynamodbTable?: string;
  /** @default false */
  readonly encrypt: boolean;
  /** @default - no customer managed key */
  readonly kmsKeyId?: string;
  /** Role assumed to reach the state (`assume_role.role_arn`, or the older top-level `role_arn`). @default - none */
  readonly roleArn?: string;
  /** Every setting as written. */
  readonly settings: JsonObject;
}

/** State in HCP Terraform / Terraform Enterprise (`terraform.cloud`). */
export interface CloudBackend {
  readonly kind: "cloud";
  /** @default "app.terraform.io" */
  readonly hostname: string;
  readonly organization: string;
  /** The one workspace the configuration maps to. @default - selected by tags instead */
  readonly workspaceName?: string;
  /** Tags that select the workspaces. @default - none (a named workspace) */
  readonly workspaceTags: readonly string[];
  /** Project of the workspaces. @default - the organization's default project */
  readonly project?: string;
  /** Every setting as written. */
  readonly settings: JsonObject;
}

/** State in a local file (`terraform.backend.local`, or no backend at all). */
export interface LocalBackend {
  readonly kind: "local";
  /** State file, relative to the stack's directory. @default - `terraform.tfstate` (no path set) */
  readonly path?: string;
  /** Whether the stack declares the backend (false: Terraform's implicit local default). */
  readonly declared: boolean;
  /** Every setting as written. */
  readonly settings: JsonObject;
}

/**
 * HCP Terraform / Terraform Enterprise through the older `remote` backend: what a
 * `terraform_remote_state` data source uses to read a workspace (it has no `cloud` type).
 */
export interface RemoteBackend {
  readonly kind: "remote";
  /** @default "app.terraform.io" */
  readonly hostname: string;
  readonly organization: string;
  /** The workspace read or written. @default - selected by prefix instead */
  readonly workspaceName?: string;
  /** Prefix of the workspaces. @default - none (a named workspace) */
  readonly workspacePrefix?: string;
  /** Every setting as written. */
  readonly settings: JsonObject;
}

/** Any other backend type (`gcs`, `azurerm`, ...), with its settings unread. */
export interface OtherBackend {
  readonly kind: "other";
  /** Backend type, e.g. `gcs`. */
  readonly type: string;
  readonly settings: JsonObject;
}

/** Where a stack keeps its state. */
export type Backend = S3Backend | CloudBackend | RemoteBackend | LocalBackend | OtherBackend;

/** A `terraform_remote_state` data source: another state this stack reads. */
export interface RemoteStateInput {
  /** Data source name, e.g. `cross-stack-reference-input-dev-network`. */
  readonly name: string;
  /** The producing stack, for cdktf's cross-stack references. @default - not a cross-stack reference */
  readonly producer?: string;
  /** Where the state it reads is kept. */
  readonly backend: Backend;
}

/** An `output` block. */
export interface TerraformOutput {
  readonly name: string;
  /** Its value: a literal or a `${...}` expression. */
  readonly value: JsonValue;
  /** @default - none */
  readonly description?: string;
  /** @default false */
  readonly sensitive: boolean;
}

/** The parts of a `cdk.tf.json` file the reader checks; everything else is open JSON. */
export interface StackJson {
  /** The whole file as parsed. */
  readonly raw: JsonObject;
  /** `terraform` block (backend, cloud, required_providers). @default - empty */
  readonly terraform: JsonObject;
  /** `provider.<name>`: each provider's configurations. @default - none */
  readonly provider: Readonly<Record<string, readonly JsonObject[]>>;
  /** `resource.<type>.<name>`. @default - none */
  readonly resource: Readonly<Record<string, Readonly<Record<string, JsonObject>>>>;
  /** `data.<type>.<name>`. @default - none */
  readonly data: Readonly<Record<string, Readonly<Record<string, JsonObject>>>>;
  /** `output.<name>`. @default - none */
  readonly output: Readonly<Record<string, JsonObject>>;
}

/** One synthesized stack: its manifest entry and its checked Terraform JSON. */
export class SynthesizedStack {
  readonly name: string;
  /** Stacks whose outputs this one reads, from the manifest. */
  readonly dependencies: readonly string[];
  /** Absolute path of the stack's directory. */
  readonly directory: string;
  /** Absolute path of its `cdk.tf.json`. */
  readonly file: string;
  readonly json: StackJson;

  constructor(entry: ManifestStack, outdir: string, json: StackJson) {
    this.name = entry.name;
    this.dependencies = entry.dependencies;
    this.directory = path.join(outdir, entry.workingDirectory);
    this.file = path.join(outdir, entry.synthesizedStackPath);
    this.json = json;
  }

  /** Resource types declared in the stack, in file order. */
  resourceTypes(): string[] {
    return Object.keys(this.json.resource);
  }

  /** Resources of a type, in file order; `[]` when there are none. */
  resources(type: string): TerraformBlock[] {
    return Object.keys(this.json.resource[type] ?? {}).map((name) => this.block("resource", type, name) as TerraformBlock);
  }

  /** One resource by type and name. */
  resource(type: string, name: string): TerraformBlock | undefined {
    return this.block("resource", type, name);
  }

  /** Data source types declared in the stack, in file order. */
  dataSourceTypes(): string[] {
    return Object.keys(this.json.data);
  }

  /** Data sources of a type, in file order. */
  dataSources(type: string): TerraformBlock[] {
    return Object.keys(this.json.data[type] ?? {}).map((name) => this.block("data", type, name) as TerraformBlock);
  }

  /** One data source by type and name. */
  dataSource(type: string, name: string): TerraformBlock | undefined {
    return this.block("data", type, name);
  }

  /** A resource (`mode: "resource"`) or data source (`mode: "data"`) by type and name. */
  block(mode: "resource" | "data", type: string, name: string): TerraformBlock | undefined {
    const body = (mode === "resource" ? this.json.resource : this.json.data)[type]?.[name];
    if (body === undefined) return undefined;
    const metadata = body["//"];
    const recorded = isJsonObject(metadata) && isJsonObject(metadata.metadata) ? metadata.metadata.path : undefined;
    return {
      stack: this.name,
      mode,
      type,
      name,
      body,
      address: `${mode === "data" ? "data." : ""}${type}.${name}`,
      ...(typeof recorded === "string" ? { constructPath: recorded } : {}),
    };
  }

  /** Names of the providers the stack configures, in file order. */
  providerNames(): string[] {
    return Object.keys(this.json.provider);
  }

  /** The configurations of one provider (`aws`), in file order; `[]` when it is not configured. */
  providers(name: string): ProviderConfig[] {
    return (this.json.provider[name] ?? []).map((config) => ({
      name,
      ...(typeof config.alias === "string" ? { alias: config.alias } : {}),
      config,
    }));
  }

  /** `terraform.required_providers`, in file order. */
  requiredProviders(): RequiredProvider[] {
    const required = this.json.terraform.required_providers;
    if (!isJsonObject(required)) return [];
    return Object.entries(required).map(([name, spec]) => {
      // The old string form (`aws = "~> 5.0"`) is a version constraint alone.
      if (typeof spec === "string") return { name, source: name, version: spec };
      const s = isJsonObject(spec) ? spec : {};
      return {
        name,
        source: typeof s.source === "string" ? s.source : name,
        ...(typeof s.version === "string" ? { version: s.version } : {}),
      };
    });
  }

  /** The accounts the stack's AWS provider configurations accept (`allowed_account_ids`), once each, in order. */
  allowedAccountIds(): string[] {
    const ids = new Set<string>();
    for (const p of this.providers("aws")) {
      const list = p.config.allowed_account_ids;
      if (Array.isArray(list)) for (const id of list) if (typeof id === "string") ids.add(id);
    }
    return [...ids];
  }

  /** Where the stack keeps its state. */
  backend(): Backend {
    const cloud = this.json.terraform.cloud;
    if (isJsonObject(cloud)) return cloudBackend(cloud, `${this.file}: terraform.cloud`);
    const backends = this.json.terraform.backend;
    if (isJsonObject(backends)) {
      const types = Object.keys(backends);
      if (types.length > 1) throw new CdktfOutError(`${this.file}: terraform.backend declares ${types.length} backends (${types.join(", ")}); Terraform allows one`);
      if (types.length === 1) return backendOf(types[0], backends[types[0]] ?? {}, `${this.file}: terraform.backend.${types[0]}`);
    }
    return { kind: "local", declared: false, settings: {} };
  }

  /** The stack's `terraform_remote_state` data sources, in file order. */
  remoteStateInputs(): RemoteStateInput[] {
    return this.dataSources("terraform_remote_state").map((d) => {
      const where = `${this.file}: data.terraform_remote_state.${d.name}`;
      const type = d.body.backend;
      if (typeof type !== "string") throw new CdktfOutError(`${where}.backend is ${JSON.stringify(type)}; expected a backend type such as "s3"`);
      return {
        name: d.name,
        ...(d.name.startsWith(CROSS_STACK_INPUT_PREFIX) ? { producer: d.name.slice(CROSS_STACK_INPUT_PREFIX.length) } : {}),
        backend: backendOf(type, d.body.config ?? {}, `${where}.config`),
      };
    });
  }

  /** Output names, in file order. */
  outputNames(): string[] {
    return Object.keys(this.json.output);
  }

  /** One output. */
  output(name: string): TerraformOutput | undefined {
    const body = this.json.output[name];
    if (body === undefined) return undefined;
    return {
      name,
      value: body.value ?? null,
      ...(typeof body.description === "string" ? { description: body.description } : {}),
      sensitive: body.sensitive === true,
    };
  }

  /** Every output, in file order. */
  outputs(): TerraformOutput[] {
    return this.outputNames().map((n) => this.output(n) as TerraformOutput);
  }
}

/** A synthesized app: the manifest and every stack in it. */
export class CdktfOut {
  /** Absolute path of the output directory. */
  readonly dir: string;
  readonly manifest: Manifest;
  private readonly byName: ReadonlyMap<string, SynthesizedStack>;

  /** `<dir>/manifest.json`. */
  static manifestFile(dir: string): string {
    return path.join(path.resolve(dir), "manifest.json");
  }

  /** Reads and checks `<dir>/manifest.json` and every stack file it lists. */
  static read(dir: string): CdktfOut {
    const outdir = path.resolve(dir);
    const manifestFile = CdktfOut.manifestFile(outdir);
    if (!fs.existsSync(manifestFile)) {
      throw new CdktfOutError(`${manifestFile} does not exist; synthesize first (npm run synth) or name a directory that holds a synth`);
    }
    const manifest = checkManifest(readJson(manifestFile), manifestFile);
    const stacks = new Map<string, SynthesizedStack>();
    for (const entry of Object.values(manifest.stacks)) {
      const file = path.join(outdir, entry.synthesizedStackPath);
      if (!fs.existsSync(file)) {
        throw new CdktfOutError(`${file} does not exist, but ${manifestFile} lists it for stack ${entry.name}; synthesize again`);
      }
      stacks.set(entry.name, new SynthesizedStack(entry, outdir, checkStackJson(readJson(file), file)));
    }
    return new CdktfOut(outdir, manifest, stacks);
  }

  private constructor(dir: string, manifest: Manifest, stacks: ReadonlyMap<string, SynthesizedStack>) {
    this.dir = dir;
    this.manifest = manifest;
    this.byName = stacks;
  }

  /** Stack names in manifest order. */
  stackNames(): string[] {
    return [...this.byName.keys()];
  }

  /** Every stack, in manifest order. */
  stacks(): SynthesizedStack[] {
    return [...this.byName.values()];
  }

  /** One stack by name. */
  stack(name: string): SynthesizedStack | undefined {
    return this.byName.get(name);
  }

  /** Resources of a type over every stack (or the named ones), in manifest and file order. */
  resources(type: string, stackNames: readonly string[] = this.stackNames()): TerraformBlock[] {
    return stackNames.flatMap((n) => this.byName.get(n)?.resources(type) ?? []);
  }
}

/**
 * Reads and checks one stack file (`cdk.tf.json`) on its own, for tools handed a file rather than
 * a whole output directory (scripts/validate.sh strips a copy of one stack).
 */
export function readStackFile(file: string): StackJson {
  if (!fs.existsSync(file)) throw new CdktfOutError(`${file} does not exist; name a stack's cdk.tf.json`);
  return checkStackJson(readJson(file), file);
}

// ---------------------------------------------------------------------------------------------
// Checking what was read

function readJson(file: string): JsonValue {
  try {
    return parseJson(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new CdktfOutError(`${file}: ${(err as Error).message}`);
  }
}

function checkManifest(value: JsonValue, file: string): Manifest {
  if (!isJsonObject(value)) throw new CdktfOutError(`${file}: expected a JSON object, got ${describe(value)}`);
  const stacks = value.stacks;
  if (!isJsonObject(stacks)) throw new CdktfOutError(`${file}: stacks is ${describe(stacks)}; expected an object of stacks by name`);
  const out: Record<string, ManifestStack> = {};
  for (const [name, entry] of Object.entries(stacks)) {
    const where = `${file}: stacks.${name}`;
    if (!isJsonObject(entry)) throw new CdktfOutError(`${where} is ${describe(entry)}; expected an object`);
    const synthesizedStackPath = entry.synthesizedStackPath;
    if (typeof synthesizedStackPath !== "string") {
      throw new CdktfOutError(`${where}.synthesizedStackPath is ${describe(synthesizedStackPath)}; expected the path of its cdk.tf.json`);
    }
    const dependencies = entry.dependencies ?? [];
    if (!Array.isArray(dependencies) || !dependencies.every((d) => typeof d === "string")) {
      throw new CdktfOutError(`${where}.dependencies is ${describe(dependencies)}; expected a list of stack names`);
    }
    out[name] = {
      name: typeof entry.name === "string" ? entry.name : name,
      constructPath: typeof entry.constructPath === "string" ? entry.constructPath : name,
      synthesizedStackPath,
      workingDirectory: typeof entry.workingDirectory === "string" ? entry.workingDirectory : path.dirname(synthesizedStackPath),
      dependencies: dependencies as string[],
      annotations: Array.isArray(entry.annotations) ? (entry.annotations as readonly JsonValue[]) : [],
    };
  }
  return { version: typeof value.version === "string" ? value.version : "", stacks: out };
}

function checkStackJson(value: JsonValue, file: string): StackJson {
  if (!isJsonObject(value)) throw new CdktfOutError(`${file}: expected a JSON object, got ${describe(value)}`);
  const terraform = value.terraform ?? {};
  if (!isJsonObject(terraform)) throw new CdktfOutError(`${file}: terraform is ${describe(terraform)}; expected an object`);
  return {
    raw: value,
    terraform,
    provider: checkProviders(value.provider, file),
    resource: checkBlocks(value.resource, `${file}: resource`),
    data: checkBlocks(value.data, `${file}: data`),
    output: checkOutputs(value.output, file),
  };
}

/** `<section>.<type>.<name>` must be objects all the way down. */
function checkBlocks(value: JsonValue | undefined, where: string): Record<string, Record<string, JsonObject>> {
  if (value === undefined) return {};
  if (!isJsonObject(value)) throw new CdktfOutError(`${where} is ${describe(value)}; expected an object of types`);
  const out: Record<string, Record<string, JsonObject>> = {};
  for (const [type, byName] of Object.entries(value)) {
    if (!isJsonObject(byName)) throw new CdktfOutError(`${where}.${type} is ${describe(byName)}; expected an object of blocks by name`);
    const blocks: Record<string, JsonObject> = {};
    for (const [name, body] of Object.entries(byName)) {
      if (!isJsonObject(body)) throw new CdktfOutError(`${where}.${type}.${name} is ${describe(body)}; expected an object of arguments`);
      blocks[name] = body;
    }
    out[type] = blocks;
  }
  return out;
}

/** `provider.<name>` is a list of configurations (cdktf's form) or one configuration. */
function checkProviders(value: JsonValue | undefined, file: string): Record<string, JsonObject[]> {
  if (value === undefined) return {};
  if (!isJsonObject(value)) throw new CdktfOutError(`${file}: provider is ${describe(value)}; expected an object of providers`);
  const out: Record<string, JsonObject[]> = {};
  for (const [name, configs] of Object.entries(value)) {
    const list = Array.isArray(configs) ? (configs as readonly JsonValue[]) : [configs];
    out[name] = list.map((c, i) => {
      if (!isJsonObject(c)) throw new CdktfOutError(`${file}: provider.${name}[${i}] is ${describe(c)}; expected an object`);
      return c;
    });
  }
  return out;
}

function checkOutputs(value: JsonValue | undefined, file: string): Record<string, JsonObject> {
  if (value === undefined) return {};
  if (!isJsonObject(value)) throw new CdktfOutError(`${file}: output is ${describe(value)}; expected an object of outputs`);
  const out: Record<string, JsonObject> = {};
  for (const [name, body] of Object.entries(value)) {
    if (!isJsonObject(body) || !("value" in body)) throw new CdktfOutError(`${file}: output.${name} is ${describe(body)}; expected an object with a value`);
    out[name] = body;
  }
  return out;
}

/** A backend (or remote-state configuration) of a type, from its settings. */
export function backendOf(type: string, settings: JsonValue, where: string): Backend {
  if (!isJsonObject(settings)) throw new CdktfOutError(`${where} is ${describe(settings)}; expected an object of settings`);
  switch (type) {
    case "s3": {
      const bucket = settings.bucket;
      const key = settings.key;
      if (typeof bucket !== "string") throw new CdktfOutError(`${where}.bucket is ${describe(bucket)}; an s3 backend needs a bucket name`);
      if (typeof key !== "string") throw new CdktfOutError(`${where}.key is ${describe(key)}; an s3 backend needs a state key`);
      const assumeRole = settings.assume_role;
      const roleArn = isJsonObject(assumeRole) ? assumeRole.role_arn : settings.role_arn;
      return {
        kind: "s3",
        bucket,
        key,
        ...(typeof settings.region === "string" ? { region: settings.region } : {}),
        ...(typeof settings.dynamodb_table === "string" ? { dynamodbTable: settings.dynamodb_table } : {}),
        encrypt: settings.encrypt === true,
        ...(typeof settings.kms_key_id === "string" ? { kmsKeyId: settings.kms_key_id } : {}),
        ...(typeof roleArn === "string" ? { roleArn } : {}),
        settings,
      };
    }
    case "remote": {
      const organization = settings.organization;
      if (typeof organization !== "string") throw new CdktfOutError(`${where}.organization is ${describe(organization)}; a remote backend needs an organization`);
      const workspaces = isJsonObject(settings.workspaces) ? settings.workspaces : {};
      if (typeof workspaces.name !== "string" && typeof workspaces.prefix !== "string") {
        throw new CdktfOutError(`${where}.workspaces names no workspace and no prefix; set workspaces.name or workspaces.prefix`);
      }
      return {
        kind: "remote",
        hostname: typeof settings.hostname === "string" ? settings.hostname : "app.terraform.io",
        organization,
        ...(typeof workspaces.name === "string" ? { workspaceName: workspaces.name } : {}),
        ...(typeof workspaces.prefix === "string" ? { workspacePrefix: workspaces.prefix } : {}),
        settings,
      };
    }
    case "local":
      return { kind: "local", ...(typeof settings.path === "string" ? { path: settings.path } : {}), declared: true, settings };
    default:
      return { kind: "other", type, settings };
  }
}

function cloudBackend(settings: JsonObject, where: string): CloudBackend {
  const organization = settings.organization;
  if (typeof organization !== "string") throw new CdktfOutError(`${where}.organization is ${describe(organization)}; a cloud block needs an organization`);
  const workspaces = isJsonObject(settings.workspaces) ? settings.workspaces : {};
  const tags = workspaces.tags;
  const workspaceTags = Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : isJsonObject(tags) ? Object.keys(tags) : [];
  if (typeof workspaces.name !== "string" && workspaceTags.length === 0) {
    throw new CdktfOutError(`${where}.workspaces names no workspace and no tags; set workspaces.name or workspaces.tags`);
  }
  return {
    kind: "cloud",
    hostname: typeof settings.hostname === "string" ? settings.hostname : "app.terraform.io",
    organization,
    ...(typeof workspaces.name === "string" ? { workspaceName: workspaces.name } : {}),
    workspaceTags,
    ...(typeof workspaces.project === "string" ? { project: workspaces.project } : {}),
    settings,
  };
}

function describe(value: JsonValue | undefined): string {
  if (value === undefined) return "missing";
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : JSON.stringify(value);
}
