#!/usr/bin/env node
/**
 * Regenerates the files of data/aws/ that the AWS API models enumerate, so that configuration
 * checks (lib/offerings) compare a value with what AWS offers instead of with a pattern. The models
 * are botocore's (the same models the AWS SDKs and tflint-ruleset-aws are generated from), read
 * offline from an installed botocore package:
 *
 *   python3 -m venv /tmp/botocore-venv
 *   /tmp/botocore-venv/bin/pip install botocore==<exact version>
 *   npm run refresh-aws-data -- /tmp/botocore-venv/lib/python3.<minor>/site-packages/botocore
 *
 * Written (each with `source`, `as_of` and `generated_by`):
 * - ec2-instance-types.json: the EC2 `InstanceType` enum (what node groups may run on);
 * - elasticache-node-types.json: the node types the ElastiCache model documents for
 *   CreateReplicationGroup, split into current and previous generation (AWS no longer creates the
 *   latter), with the cache engines and parameter group families it accepts;
 * - aws-api-rules.json: limits and enums the models declare for what the config sets: IAM tag
 *   keys and values (pattern, length, 50 per resource), EKS node group labels and taints (lengths,
 *   effects, capacity types) and the RDS engine names.
 *
 * The reviewed allow-lists beside them (DB instance classes per engine, engine versions, Atlas
 * tiers, EKS add-on and Helm chart versions) are left alone: no model enumerates them. See
 * docs/configuration-checks.md.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { compareTypes } from "../lib/offerings/sizes";
import { repoRoot } from "./lib/repo";

/** A shape of a botocore service model (`service-2.json`), as far as this script reads it. */
export interface ModelShape {
  readonly type?: string;
  readonly enum?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly documentation?: string;
  readonly members?: Readonly<Record<string, { readonly shape: string; readonly documentation?: string }>>;
}

/** A botocore service model (`data/<service>/<api version>/service-2.json`). */
export interface ServiceModel {
  readonly metadata?: { readonly apiVersion?: string; readonly serviceId?: string };
  readonly shapes: Readonly<Record<string, ModelShape>>;
}

/** Where a model was read from, for the `source` of the files built from it. */
export interface LoadedModel {
  readonly model: ServiceModel;
  /** Path inside the botocore package, e.g. `data/ec2/2016-11-15/service-2.json`. */
  readonly file: string;
}

/** The models the generated files are built from. */
export interface Models {
  readonly ec2: LoadedModel;
  readonly elasticache: LoadedModel;
  readonly eks: LoadedModel;
  readonly iam: LoadedModel;
  readonly rds: LoadedModel;
}

/** What every generated file records about its origin. */
export interface GenerationInfo {
  /** The botocore release the models come from, e.g. `1.44.5`. */
  readonly botocoreVersion: string;
  /** The day the files were generated, `YYYY-MM-DD`. */
  readonly asOf: string;
}

export const GENERATED_BY = "tools/refresh-aws-data.ts (npm run refresh-aws-data -- <site-packages>/botocore)";

/** The model is not shaped as this script expects: a newer botocore changed it. */
export class ModelError extends Error {}

/** Parses a model file's text. */
export function parseModel(text: string, file: string): ServiceModel {
  const model = JSON.parse(text) as ServiceModel;
  if (typeof model !== "object" || model === null || typeof model.shapes !== "object" || model.shapes === null) {
    throw new ModelError(`${file} is not a botocore service model (no "shapes")`);
  }
  return model;
}

function shape(loaded: LoadedModel, name: string): ModelShape {
  const s = loaded.model.shapes[name];
  if (s === undefined) {
    throw new ModelError(`${loaded.file} has no shape ${name}; this botocore's model differs from the one the script was written for`);
  }
  return s;
}

function member(loaded: LoadedModel, structure: string, name: string): { readonly shape: ModelShape; readonly documentation: string } {
  const m = shape(loaded, structure).members?.[name];
  if (m === undefined) {
    throw new ModelError(`${loaded.file}: ${structure} has no member ${name}`);
  }
  return { shape: shape(loaded, m.shape), documentation: m.documentation ?? shape(loaded, m.shape).documentation ?? "" };
}

/** The values of an enum shape. */
export function enumValues(loaded: LoadedModel, name: string): string[] {
  const values = shape(loaded, name).enum;
  if (!values || values.length === 0) {
    throw new ModelError(`${loaded.file}: shape ${name} is not an enum`);
  }
  return [...values];
}

/** Length limits (and pattern) of a string shape. */
export function stringLimits(loaded: LoadedModel, name: string): { min: number; max: number; pattern?: string } {
  const s = shape(loaded, name);
  if (s.type !== "string" || s.max === undefined) {
    throw new ModelError(`${loaded.file}: shape ${name} is not a string with a maximum length`);
  }
  return { min: s.min ?? 0, max: s.max, ...(s.pattern !== undefined ? { pattern: s.pattern } : {}) };
}

/** The text of documentation HTML: tags dropped, entities decoded, whitespace collapsed. */
export function docText(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/** Values written as `<code>value</code>` in documentation HTML, after `marker` when given. */
export function codeValues(html: string, marker?: string): string[] {
  const at = marker === undefined ? 0 : html.indexOf(marker);
  if (at < 0) {
    return [];
  }
  return [...html.slice(at).matchAll(/<code>\s*([^<]+?)\s*<\/code>/g)].map((m) => m[1]);
}

/** Sorted, each once. */
function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

/** Types each once, by family and from the smallest size to the largest. */
function uniqueTypes(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareTypes);
}

/** EC2 instance types: the `InstanceType` enum. */
export function ec2InstanceTypes(ec2: LoadedModel): string[] {
  return uniqueTypes(enumValues(ec2, "InstanceType"));
}

/**
 * ElastiCache node types as the CreateReplicationGroup documentation lists them: each
 * "Current generation" / "Previous generation" heading starts a section of `cache.*` types.
 */
export function elastiCacheNodeTypes(elasticache: LoadedModel): { currentGeneration: string[]; previousGeneration: string[] } {
  const text = docText(member(elasticache, "CreateReplicationGroupMessage", "CacheNodeType").documentation);
  const current: string[] = [];
  const previous: string[] = [];
  let section: string[] | undefined;
  for (const m of text.matchAll(/(Current generation)|(Previous generation)|\b(cache\.[a-z0-9-]+\.[a-z0-9]+)\b/g)) {
    if (m[1]) {
      section = current;
    } else if (m[2]) {
      section = previous;
    } else if (section) {
      section.push(m[3]);
    }
  }
  if (current.length === 0) {
    throw new ModelError(`${elasticache.file}: CreateReplicationGroupMessage.CacheNodeType no longer lists current-generation node types`);
  }
  const currentGeneration = uniqueTypes(current);
  return { currentGeneration, previousGeneration: uniqueTypes(previous).filter((t) => !currentGeneration.includes(t)) };
}

/** The cache engines a replication group accepts (`valkey`, `redis`). */
export function elastiCacheEngines(elasticache: LoadedModel): string[] {
  const engines = codeValues(member(elasticache, "CreateReplicationGroupMessage", "Engine").documentation);
  if (engines.length === 0) {
    throw new ModelError(`${elasticache.file}: CreateReplicationGroupMessage.Engine no longer names its engines`);
  }
  return unique(engines);
}

/** Cache parameter group families ("Valid values are: valkey8 | valkey7 | ... | redis7"). */
export function elastiCacheParameterGroupFamilies(elasticache: LoadedModel): string[] {
  const html = member(elasticache, "CreateCacheParameterGroupMessage", "CacheParameterGroupFamily").documentation;
  const families = codeValues(html, "Valid values");
  if (families.length === 0) {
    throw new ModelError(`${elasticache.file}: CreateCacheParameterGroupMessage.CacheParameterGroupFamily no longer lists its valid values`);
  }
  return unique(families);
}

/** RDS engine names ("Valid Values:" of CreateDBInstance's Engine). */
export function rdsEngines(rds: LoadedModel): string[] {
  const engines = codeValues(member(rds, "CreateDBInstanceMessage", "Engine").documentation, "Valid Values");
  if (engines.length === 0) {
    throw new ModelError(`${rds.file}: CreateDBInstanceMessage.Engine no longer lists its valid values`);
  }
  return unique(engines);
}

function source(version: string, loaded: LoadedModel, what: string): string {
  return `botocore@${version} ${loaded.file} (${what})`;
}

/** The generated files, by file name under data/aws/. */
export function buildGeneratedFiles(models: Models, info: GenerationInfo): Record<string, unknown> {
  const v = info.botocoreVersion;
  const header = (sources: string[], about: string[]) => ({
    source: sources.length === 1 ? sources[0] : sources,
    as_of: info.asOf,
    generated_by: GENERATED_BY,
    about,
  });
  const nodeTypes = elastiCacheNodeTypes(models.elasticache);
  const maxTags = shape(models.iam, "tagListType").max;
  if (maxTags === undefined) {
    throw new ModelError(`${models.iam.file}: tagListType has no maximum`);
  }
  return {
    "ec2-instance-types.json": {
      ...header([source(v, models.ec2, "shape InstanceType")], [
        "Every EC2 instance type the EC2 API accepts (the InstanceType enum, which tflint-ruleset-aws generates its instance type rules from).",
        "A type listed here exists; whether a region or AZ has capacity for it is not recorded.",
      ]),
      values: ec2InstanceTypes(models.ec2),
    },
    "elasticache-node-types.json": {
      ...header([source(v, models.elasticache, "CreateReplicationGroupMessage: CacheNodeType, Engine; CreateCacheParameterGroupMessage: CacheParameterGroupFamily")], [
        "Node types as the ElastiCache API documents them for CreateReplicationGroup. previousGeneration: existing clusters keep running, but AWS creates no new cluster of these types.",
        "engines and parameterGroupFamilies are the values the API accepts; which engine version has which family is in elasticache-engine-versions.json (reviewed).",
      ]),
      values: {
        currentGeneration: nodeTypes.currentGeneration,
        previousGeneration: nodeTypes.previousGeneration,
        engines: elastiCacheEngines(models.elasticache),
        parameterGroupFamilies: elastiCacheParameterGroupFamilies(models.elasticache),
      },
    },
    "aws-api-rules.json": {
      ...header(
        [
          source(v, models.iam, "shapes tagKeyType, tagValueType, tagListType"),
          source(v, models.eks, "shapes labelKey, labelValue, taintKey, taintValue, TaintEffect, CapacityTypes"),
          source(v, models.rds, "CreateDBInstanceMessage.Engine"),
        ],
        [
          "Limits the AWS API models declare for values the configuration sets.",
          "iamTags: IAM (which tags every role the app creates) is the strictest tagging API the app calls; its key and value patterns are the AWS tagging rules.",
          "eksNodeGroups: EKS refuses node group labels and taints outside these lengths, before Kubernetes sees them.",
        ],
      ),
      values: {
        iamTags: {
          key: stringLimits(models.iam, "tagKeyType"),
          value: stringLimits(models.iam, "tagValueType"),
          maxPerResource: maxTags,
        },
        eksNodeGroups: {
          labelKey: stringLimits(models.eks, "labelKey"),
          labelValue: stringLimits(models.eks, "labelValue"),
          taintKey: stringLimits(models.eks, "taintKey"),
          taintValue: stringLimits(models.eks, "taintValue"),
          taintEffects: enumValues(models.eks, "TaintEffect"),
          capacityTypes: enumValues(models.eks, "CapacityTypes"),
        },
        rdsEngines: rdsEngines(models.rds),
      },
    },
  };
}

/** Reads the newest API version of a service's model from a botocore package directory. */
export function readModel(botocoreDir: string, service: string): LoadedModel {
  const serviceDir = path.join(botocoreDir, "data", service);
  if (!fs.existsSync(serviceDir)) {
    throw new ModelError(`${serviceDir} does not exist: pass the botocore package directory (<site-packages>/botocore)`);
  }
  const versions = fs.readdirSync(serviceDir).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).sort();
  const version = versions[versions.length - 1];
  if (version === undefined) {
    throw new ModelError(`${serviceDir} holds no API version directory`);
  }
  for (const name of ["service-2.json", "service-2.json.gz"]) {
    const file = path.join(serviceDir, version, name);
    if (fs.existsSync(file)) {
      const raw = fs.readFileSync(file);
      const text = name.endsWith(".gz") ? zlib.gunzipSync(raw).toString("utf8") : raw.toString("utf8");
      return { model: parseModel(text, file), file: `data/${service}/${version}/service-2.json` };
    }
  }
  throw new ModelError(`${path.join(serviceDir, version)} has no service-2.json`);
}

/** The botocore release of a package directory (`__version__` in its `__init__.py`). */
export function botocoreVersion(botocoreDir: string): string {
  const init = path.join(botocoreDir, "__init__.py");
  const match = fs.existsSync(init) ? /^__version__\s*=\s*['"]([^'"]+)['"]/m.exec(fs.readFileSync(init, "utf8")) : null;
  if (!match) {
    throw new ModelError(`${init} does not name a botocore version: pass the botocore package directory (<site-packages>/botocore)`);
  }
  return match[1];
}

/** Reads the models, writes the generated files into `dataDir`, returns the names written. */
export function refresh(botocoreDir: string, dataDir: string, asOf: string): string[] {
  const models: Models = {
    ec2: readModel(botocoreDir, "ec2"),
    elasticache: readModel(botocoreDir, "elasticache"),
    eks: readModel(botocoreDir, "eks"),
    iam: readModel(botocoreDir, "iam"),
    rds: readModel(botocoreDir, "rds"),
  };
  const files = buildGeneratedFiles(models, { botocoreVersion: botocoreVersion(botocoreDir), asOf });
  fs.mkdirSync(dataDir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dataDir, name), `${JSON.stringify(content, null, 2)}\n`);
  }
  return Object.keys(files);
}

function main(argv: readonly string[]): number {
  const [dir, ...rest] = argv;
  if (dir === undefined || rest.length > 0 || dir === "--help" || dir === "-h") {
    process.stderr.write("usage: npm run refresh-aws-data -- <site-packages>/botocore\n  (after `pip install botocore==<version>` into a scratch virtualenv)\n");
    return 2;
  }
  try {
    const dataDir = path.join(repoRoot(), "data", "aws");
    const written = refresh(path.resolve(dir), dataDir, new Date().toISOString().slice(0, 10));
    for (const name of written) {
      process.stdout.write(`wrote data/aws/${name}\n`);
    }
    process.stdout.write("Review the diff (git diff data/aws) and run npx jest __tests__/offerings.test.ts before committing.\n");
    return 0;
  } catch (err) {
    if (err instanceof ModelError) {
      process.stderr.write(`refresh-aws-data: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
