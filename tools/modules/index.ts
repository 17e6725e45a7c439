#!/usr/bin/env node
/**
 * `npm run modules`: writes modules/<name>/ (Terraform JSON, README, interface.json),
 * examples/<name>/main.tf, modules/README.md and modules/versions.json from the module definitions
 * of this folder, which build the app's own constructs (./emit).
 *
 * `npm run modules -- --check`: writes nothing; exits 1 listing every generated file that is
 * missing, differs (with its first differing line) or is left over, and every version problem
 * (./semver). CI runs it so the committed modules always match the constructs.
 */
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../lib/repo";
import type { ModuleDefinition } from "./definition";
import { ModuleInterface, exampleMain, indexReadme, moduleInterface, moduleReadme, versionsJson } from "./docs";
import { emitModule, jsonText } from "./emit";
import { containerRepository } from "./container-repository";
import { dataBucket } from "./data-bucket";
import { jobQueue } from "./job-queue";
import { lambdaHttpApi } from "./lambda-http-api";
import { postgresDatabase } from "./postgres-database";
import { workloadIdentity } from "./workload-identity";
import { NOT_MODULES } from "./not-modules";
import { versionProblems } from "./semver";

/** Every generated module, in the order of the index. */
export const MODULES: readonly ModuleDefinition[] = [jobQueue, dataBucket, containerRepository, workloadIdentity, lambdaHttpApi, postgresDatabase];

/** A generated file: text, or bytes copied as they are (ModuleDefinition.files). */
export type GeneratedFile = string | Buffer;

/** Generated files by path relative to the repository root. */
export function generate(defs: readonly ModuleDefinition[] = MODULES, root = repoRoot()): Map<string, GeneratedFile> {
  const files = new Map<string, GeneratedFile>();
  for (const def of defs) {
    const tf = emitModule(def);
    for (const [name, text] of Object.entries(tf)) files.set(`modules/${def.name}/${name}`, text);
    for (const [name, source] of Object.entries(def.files ?? {})) files.set(`modules/${def.name}/${name}`, fs.readFileSync(path.join(root, source)));
    files.set(`modules/${def.name}/README.md`, moduleReadme(def, tf["main.tf.json"]));
    files.set(`modules/${def.name}/interface.json`, jsonText(moduleInterface(def)));
    files.set(`examples/${def.name}/main.tf`, exampleMain(def));
  }
  files.set("modules/README.md", indexReadme(defs, NOT_MODULES));
  files.set("modules/versions.json", versionsJson(defs));
  return files;
}

/** Files under the generated folders that the generator would not write (left over). */
function leftovers(root: string, files: Map<string, GeneratedFile>): string[] {
  const out: string[] = [];
  for (const top of ["modules", "examples"]) {
    const dir = path.join(root, top);
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      for (const file of fs.readdirSync(path.join(dir, entry.name), { withFileTypes: true })) {
        const rel = `${top}/${entry.name}/${file.name}`;
        // Terraform's working files of a local run are not part of the module.
        if (file.name.startsWith(".terraform") || file.name.startsWith("terraform.tfstate") || file.name.endsWith("_override.tf")) continue;
        if (!files.has(rel)) out.push(rel);
      }
    }
  }
  return out;
}

/** Version problems of every module against its committed interface.json. */
export function checkVersions(root: string, defs: readonly ModuleDefinition[] = MODULES): string[] {
  const changelogPath = path.join(root, "modules", "CHANGELOG.md");
  const changelog = fs.existsSync(changelogPath) ? fs.readFileSync(changelogPath, "utf8") : "";
  return defs.flatMap((def) => {
    const committed = path.join(root, "modules", def.name, "interface.json");
    const before = fs.existsSync(committed) ? (JSON.parse(fs.readFileSync(committed, "utf8")) as ModuleInterface) : undefined;
    return versionProblems(before, moduleInterface(def), changelog);
  });
}

function firstDifference(a: string, b: string): string {
  const al = a.split("\n");
  const bl = b.split("\n");
  for (let i = 0; i < Math.max(al.length, bl.length); i++) {
    if (al[i] !== bl[i]) return `line ${i + 1}: committed ${JSON.stringify(al[i] ?? "<end>")}, generated ${JSON.stringify(bl[i] ?? "<end>")}`;
  }
  return "identical";
}

/** Differences between the committed files and the generated ones, one line each. */
export function compare(root: string, files: Map<string, GeneratedFile>): string[] {
  const out: string[] = [];
  for (const [rel, content] of files) {
    const file = path.join(root, rel);
    if (!fs.existsSync(file)) out.push(`missing: ${rel}`);
    else if (Buffer.isBuffer(content)) {
      if (!fs.readFileSync(file).equals(content)) out.push(`differs: ${rel} (not the bytes of its source)`);
    } else {
      const committed = fs.readFileSync(file, "utf8");
      if (committed !== content) out.push(`differs: ${rel} (${firstDifference(committed, content)})`);
    }
  }
  for (const rel of leftovers(root, files)) out.push(`not generated: ${rel} (remove it, or add its module to tools/modules)`);
  return out;
}

export function write(root: string, files: Map<string, GeneratedFile>): void {
  for (const rel of leftovers(root, files)) fs.rmSync(path.join(root, rel), { recursive: true, force: true });
  for (const [rel, content] of files) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const same = fs.existsSync(file) && (Buffer.isBuffer(content) ? fs.readFileSync(file).equals(content) : fs.readFileSync(file, "utf8") === content);
    if (!same) fs.writeFileSync(file, content);
  }
}

export function main(argv: readonly string[], root = repoRoot()): number {
  const unknown = argv.filter((a) => a !== "--check");
  if (unknown.length > 0) {
    process.stderr.write(`modules: unknown argument ${unknown.join(" ")}; use no argument (write) or --check\n`);
    return 2;
  }
  const check = argv.includes("--check");
  const files = generate();
  const versions = checkVersions(root);
  if (check) {
    const diffs = compare(root, files);
    if (diffs.length + versions.length > 0) {
      process.stderr.write(
        `modules: the committed modules do not match the constructs (${diffs.length + versions.length} problem(s)); run \`npm run modules\` and commit:\n` +
          [...diffs, ...versions].map((d) => `  - ${d}\n`).join(""),
      );
      return 1;
    }
    process.stdout.write(`modules: ${files.size} generated files match (${MODULES.map((m) => `${m.name} ${m.version}`).join(", ")})\n`);
    return 0;
  }
  if (versions.length > 0) {
    process.stderr.write(`modules: nothing written, version problems:\n${versions.map((v) => `  - ${v}\n`).join("")}`);
    return 1;
  }
  write(root, files);
  process.stdout.write(`modules: wrote ${files.size} files (${MODULES.map((m) => `${m.name} ${m.version}`).join(", ")})\n`);
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
