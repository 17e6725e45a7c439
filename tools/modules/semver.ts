/**
 * The versioning rule: a module's interface (inputs with type and required-ness, outputs) may
 * change only with a new version, and a breaking change only with a new major version. Compared
 * with the interface.json committed in modules/<name>/ (the last generated release).
 */
import type { ModuleInterface } from "./docs";

/** Why a change of a module's interface breaks callers; empty when none does. */
export function breakingChanges(before: ModuleInterface, after: ModuleInterface): string[] {
  const out: string[] = [];
  for (const [name, v] of Object.entries(before.variables)) {
    const now = after.variables[name];
    if (!now) out.push(`input ${name} was removed or renamed`);
    else if (now.type !== v.type) out.push(`input ${name} changed type from ${v.type} to ${now.type}`);
    else if (now.required && !v.required) out.push(`input ${name} became required`);
  }
  for (const [name, v] of Object.entries(after.variables)) {
    if (!before.variables[name] && v.required) out.push(`new required input ${name}`);
  }
  for (const name of before.outputs) {
    if (!after.outputs.includes(name)) out.push(`output ${name} was removed or renamed`);
  }
  return out;
}

function parse(version: string): [number, number, number] {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!m) throw new Error(`"${version}" is not a semantic version (major.minor.patch)`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function sameInterface(a: ModuleInterface, b: ModuleInterface): boolean {
  return JSON.stringify({ v: a.variables, o: a.outputs }) === JSON.stringify({ v: b.variables, o: b.outputs });
}

/** Problems with the version of `after` given the committed `before` (undefined: a new module). */
export function versionProblems(before: ModuleInterface | undefined, after: ModuleInterface, changelog: string): string[] {
  const problems: string[] = [];
  const [major, minor, patch] = parse(after.version);
  if (!changelog.includes(`## [${after.name} ${after.version}]`)) {
    problems.push(`${after.name} ${after.version} has no entry "## [${after.name} ${after.version}] - <date>" in modules/CHANGELOG.md; add one`);
  }
  if (!before) return problems;
  const [bMajor, bMinor, bPatch] = parse(before.version);
  const newer = major > bMajor || (major === bMajor && (minor > bMinor || (minor === bMinor && patch > bPatch)));
  const breaking = breakingChanges(before, after);
  if (breaking.length > 0 && major <= bMajor) {
    problems.push(
      `${after.name}: breaking interface change (${breaking.join("; ")}) needs a major version: ${before.version} -> ${bMajor + 1}.0.0 (now ${after.version}); set it in tools/modules/${after.name}.ts and add a CHANGELOG entry`,
    );
  } else if (!sameInterface(before, after) && !newer) {
    problems.push(`${after.name}: the interface changed (inputs or outputs) but the version is still ${after.version}; bump the minor version and add a CHANGELOG entry`);
  }
  return problems;
}
