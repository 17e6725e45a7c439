/**
 * Read-only plans of stacks whose state lives in another account (pull-request plans, the
 * deploy role reading outputs): writes `zz_state_read_override.tf.json` into each given stack
 * directory, so that its S3 backend and every remote-state read assume the environment's
 * read-only state-access role instead of the read-write one the stack names. Plans with it must
 * run with `-lock=false` (the read-only role takes no lock, so a plan never blocks an apply).
 *
 * Usage: node dist/tools/plan-override.js cdktf.out/stacks/<stack> [...]
 * Run it after every `npm run synth` (synth drops this file, so an apply never runs with the
 * read-only role by accident) and before `init`.
 */
import * as fs from "fs";
import * as path from "path";
import { ENVIRONMENTS, SHARED, STATE } from "../environments";
import { environmentStateRoles, sharedAccounts, sharedStateRoles, STATE_READ_OVERRIDE_FILE } from "../lib/state-access";

/** The name of the override file (Terraform and OpenTofu load `*_override.tf.json` last). */
export const OVERRIDE_FILE = STATE_READ_OVERRIDE_FILE;

type Json = Record<string, any>;

/** read-write role ARN -> read-only role ARN, for every environment and shared stack with roles. */
export function readRoles(): Map<string, string> {
  const roles = new Map<string, string>();
  const pairs = [...ENVIRONMENTS.map((env) => environmentStateRoles(env, STATE)), ...sharedAccounts(ENVIRONMENTS, SHARED).map((a) => sharedStateRoles(a, STATE))];
  for (const r of pairs) {
    if (r) {
      roles.set(r.readWrite, r.read);
    }
  }
  return roles;
}

function swapRole(config: Json, roles: Map<string, string>, where: string): Json {
  const arn: unknown = config.assume_role?.role_arn;
  if (typeof arn !== "string") {
    return config;
  }
  const read = roles.get(arn);
  if (!read) {
    throw new Error(`${where} assumes ${arn}, which is no state-access role of environments/ (was cdktf.out synthesized from another checkout?); run \`npm run synth\` and try again`);
  }
  return { ...config, assume_role: { ...config.assume_role, role_arn: read } };
}

/**
 * The override for one synthesized stack, or undefined when the stack uses no state-access role
 * (state in the caller's account, Terraform Cloud or local state: nothing to swap).
 */
export function stateReadOverride(stack: Json, roles: Map<string, string>, stackName = "stack"): Json | undefined {
  const backend: Json | undefined = stack.terraform?.backend?.s3;
  const remote: Json = stack.data?.terraform_remote_state ?? {};
  const override: Json = {};
  if (backend?.assume_role) {
    override.terraform = { backend: { s3: swapRole(backend, roles, `${stackName}: terraform.backend.s3`) } };
  }
  const reads: Json = {};
  for (const [name, body] of Object.entries<Json>(remote)) {
    if (body.backend === "s3" && body.config?.assume_role) {
      // An override replaces a data source's `config` argument as a whole: copy it complete.
      reads[name] = { config: swapRole(body.config, roles, `${stackName}: data.terraform_remote_state.${name}`) };
    }
  }
  if (Object.keys(reads).length > 0) {
    override.data = { terraform_remote_state: reads };
  }
  return Object.keys(override).length > 0 ? override : undefined;
}

function main(dirs: string[]): number {
  if (dirs.length === 0) {
    console.error("usage: node dist/tools/plan-override.js cdktf.out/stacks/<stack> [...]");
    return 2;
  }
  const roles = readRoles();
  let failed = 0;
  for (const dir of dirs) {
    const file = path.join(dir, "cdk.tf.json");
    if (!fs.existsSync(file)) {
      console.error(`${dir}: no cdk.tf.json; run \`npm run synth\` first and pass a directory under cdktf.out/stacks`);
      failed++;
      continue;
    }
    try {
      const override = stateReadOverride(JSON.parse(fs.readFileSync(file, "utf8")), roles, path.basename(dir));
      const target = path.join(dir, OVERRIDE_FILE);
      if (override) {
        fs.writeFileSync(target, `${JSON.stringify(override, null, 2)}\n`);
        console.log(`${path.basename(dir)}: state read through the read-only role (${OVERRIDE_FILE}); plan with -lock=false`);
      } else {
        fs.rmSync(target, { force: true });
        console.log(`${path.basename(dir)}: no state-access role to swap (state in the caller's account, or not on S3)`);
      }
    } catch (err) {
      console.error((err as Error).message);
      failed++;
    }
  }
  return failed > 0 ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
