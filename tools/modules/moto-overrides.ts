#!/usr/bin/env node
/**
 * Points a copy of modules/ and examples/ at moto for the modules' e2e (scripts/modules-e2e.py),
 * with the same settings and the same reasons as the app's fake cloud (tools/fake-cloud/overrides):
 *
 * - examples/<name>/moto_override.tf.json: the provider's skip flags (the endpoint and credentials
 *   come from the environment);
 * - modules/<name>/moto_override.tf.json: resource types moto cannot create left out
 *   (`for_each = {}` or `count = 0`), attributes moto cannot serve set as the fake cloud sets them.
 *
 * Usage: node dist/tools/modules/moto-overrides.js <work dir>; prints the notes (one per line).
 */
import * as fs from "fs";
import * as path from "path";
import { MOTO_ADJUSTMENTS, MOTO_PROVIDER, RESOURCES_NOT_APPLIED } from "../fake-cloud/overrides";

type Json = Record<string, any>;

export const OVERRIDE_FILE = "moto_override.tf.json";

/** The override of one module's resources for moto, and what it changed, one note each. */
export function moduleOverride(name: string, main: Json): { override: Json; notes: string[] } {
  const resources: Record<string, Record<string, Json>> = {};
  const notes: string[] = [];
  for (const [type, why] of Object.entries(RESOURCES_NOT_APPLIED)) {
    for (const [id, body] of Object.entries((main.resource?.[type] ?? {}) as Record<string, Json>)) {
      (resources[type] ??= {})[id] = "for_each" in body ? { for_each: {} } : { count: 0 };
      notes.push(`${name}: not applied: ${type}.${id} (${why})`);
    }
  }
  for (const id of Object.keys((main.resource?.aws_s3_bucket ?? {}) as Record<string, Json>)) {
    // As for the app's bootstrap stack in the fake cloud: the test destroys what it applies, and
    // S3 server access logging really writes objects into the log bucket.
    ((resources.aws_s3_bucket ??= {})[id] ??= {}).force_destroy = true;
    notes.push(`${name}: aws_s3_bucket.${id}.force_destroy = true for moto (the e2e destroys what it applies; access logs really land in the log bucket)`);
  }
  for (const { type, attribute, value, why } of MOTO_ADJUSTMENTS) {
    for (const [id, body] of Object.entries((main.resource?.[type] ?? {}) as Record<string, Json>)) {
      if (!(attribute in body)) continue;
      ((resources[type] ??= {})[id] ??= {})[attribute] = value;
      notes.push(`${name}: ${type}.${id}.${attribute} = ${JSON.stringify(value)} for moto (${why})`);
    }
  }
  return { override: Object.keys(resources).length > 0 ? { resource: resources } : {}, notes };
}

export function writeOverrides(work: string): string[] {
  const notes: string[] = [];
  for (const name of fs.readdirSync(path.join(work, "modules"))) {
    const main = path.join(work, "modules", name, "main.tf.json");
    if (!fs.existsSync(main)) continue;
    const { override, notes: n } = moduleOverride(name, JSON.parse(fs.readFileSync(main, "utf8")) as Json);
    if (Object.keys(override).length > 0) fs.writeFileSync(path.join(work, "modules", name, OVERRIDE_FILE), `${JSON.stringify(override, null, 2)}\n`);
    notes.push(...n);
  }
  const examples = path.join(work, "examples");
  for (const name of fs.existsSync(examples) ? fs.readdirSync(examples) : []) {
    fs.writeFileSync(path.join(examples, name, OVERRIDE_FILE), `${JSON.stringify({ provider: { aws: [MOTO_PROVIDER] } }, null, 2)}\n`);
  }
  return notes;
}

if (require.main === module) {
  const work = process.argv[2];
  if (!work) {
    process.stderr.write("usage: moto-overrides.js <work dir holding modules/ and examples/>\n");
    process.exitCode = 2;
  } else {
    process.stdout.write(writeOverrides(work).map((n) => `${n}\n`).join(""));
  }
}
