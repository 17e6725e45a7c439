/**
 * Size of a synthesized output for `npm run bench`: resources, data sources, outputs and bytes of
 * JSON per stack, read from cdktf's manifest.json and each stack's cdk.tf.json.
 */
import * as fs from "fs";
import * as path from "path";

/** The figures of one synthesized stack. */
export interface StackSize {
  readonly name: string;
  /** The environment the stack belongs to, or "" for a stack that serves all. */
  readonly environment: string;
  readonly resources: number;
  /** Resource types. */
  readonly types: number;
  /** Data sources. */
  readonly data: number;
  readonly outputs: number;
  /** Bytes of cdk.tf.json. */
  readonly bytes: number;
  readonly assetFiles: number;
  readonly assetBytes: number;
}

/** The numeric fields of StackSize, for sums. */
export type StackSizeFigure = { [K in keyof StackSize]: StackSize[K] extends number ? K : never }[keyof StackSize];

/** The parts of cdktf's manifest.json this reads. */
interface Manifest {
  readonly stacks: Readonly<Record<string, { readonly synthesizedStackPath?: string }>>;
}

/** The parts of a cdk.tf.json this reads: blocks by type, then by name. */
interface StackJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly output?: Readonly<Record<string, unknown>>;
}

function countBlocks(block: StackJson["resource"]): number {
  return Object.values(block ?? {}).reduce((n, byType) => n + Object.keys(byType ?? {}).length, 0);
}

/** Files and bytes under a directory (a stack's assets). */
function directorySize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  if (!fs.existsSync(dir)) {
    return { files, bytes };
  }
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = directorySize(full);
      files += inner.files;
      bytes += inner.bytes;
    } else if (entry.isFile()) {
      files += 1;
      bytes += fs.statSync(full).size;
    }
  }
  return { files, bytes };
}

/**
 * Per stack: resources, data sources, outputs and bytes of cdk.tf.json (found through
 * manifest.json), plus the asset files next to it. A stack belongs to an environment when it is
 * named `<env>-<layer>` after one of `environmentNames`; the others serve all environments.
 */
export function stackSizes(outdir: string, environmentNames: readonly string[]): StackSize[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as Manifest;
  return Object.entries(manifest.stacks).map(([name, stack]) => {
    const file = path.join(outdir, stack.synthesizedStackPath ?? path.join("stacks", name, "cdk.tf.json"));
    const text = fs.readFileSync(file, "utf8");
    const json = JSON.parse(text) as StackJson;
    const prefix = name.includes("-") ? name.slice(0, name.indexOf("-")) : "";
    const assets = directorySize(path.join(path.dirname(file), "assets"));
    return {
      name,
      environment: environmentNames.includes(prefix) ? prefix : "",
      resources: countBlocks(json.resource),
      types: Object.keys(json.resource ?? {}).length,
      data: countBlocks(json.data),
      outputs: Object.keys(json.output ?? {}).length,
      bytes: Buffer.byteLength(text),
      assetFiles: assets.files,
      assetBytes: assets.bytes,
    };
  });
}

export function sumBy(items: readonly StackSize[], key: StackSizeFigure): number {
  return items.reduce((n, item) => n + item[key], 0);
}
