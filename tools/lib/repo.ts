/**
 * The repository's root, for tools that read or write files in it (docs/, pricing/) and run its
 * build. Found by walking up from the module to the first directory with a package.json, so the
 * same code works compiled (dist/tools/...) and from source (tools/..., under ts-jest).
 */
import * as fs from "fs";
import * as path from "path";

export function repoRoot(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}; run the tool from inside the repository`);
  }
}
