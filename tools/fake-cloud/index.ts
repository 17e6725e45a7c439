/**
 * The stack JSON handling of the fake cloud tiers (scripts/e2e.py, scripts/e2e-cli.py), which keep
 * only what needs Python: the moto server, boto3 checks and running the engine.
 *
 * Usage:
 *   node dist/tools/fake-cloud/index.js override <stack dir> <stack> <endpoint> [--credentials-json JSON]
 *     Writes <stack dir>/e2e_override.tf.json (see ./overrides.ts) and prints one JSON object:
 *     `notes` (what moto gets differently, and why, for the log), `account` (the first account the
 *     stack's AWS provider is pinned to, or null), `accounts` (all of them) and `stack` (its cdk.tf.json).
 *   node dist/tools/fake-cloud/index.js accounts <stack dir>
 *     Prints the accounts the stack's AWS provider is pinned to, as a JSON list.
 *   node dist/tools/fake-cloud/index.js order <cdktf.out> <environment>
 *     Prints the apply order (./order.ts) as a JSON list.
 * A failure prints its reason on stderr and exits 1; a wrong command line exits 2.
 */
import * as fs from "fs";
import * as path from "path";
import { CdktfOut, CdktfOutError, readStackFile } from "../lib/cdktf-out";
import { formatJsonLikePython, isJsonObject, parseJson } from "../lib/json";
import { applyOrder, ApplyOrderError } from "./order";
import { MotoCredentials, OverrideError, overrideFor, pinnedAccounts } from "./overrides";

/** The file each stack gets next to its cdk.tf.json; Terraform merges `*_override.tf.json` last. */
export const OVERRIDE_FILE = "e2e_override.tf.json";

const USAGE = [
  "usage: fake-cloud override <stack dir> <stack> <endpoint> [--credentials-json JSON]",
  "       fake-cloud accounts <stack dir>",
  "       fake-cloud order <cdktf.out> <environment>",
].join("\n");

class UsageError extends Error {}

/**
 * Writes the stack's override file; returns what the caller needs to run it.
 * The file is written as the Python tier wrote it (`json.dump(..., indent=2)`, no final newline).
 */
export function writeOverride(stackDir: string, stack: string, endpoint: string, credentials?: MotoCredentials) {
  const tf = readStackFile(path.join(stackDir, "cdk.tf.json"));
  const { override, notes } = overrideFor(tf, stack, endpoint, credentials);
  fs.writeFileSync(path.join(stackDir, OVERRIDE_FILE), formatJsonLikePython(override, 2));
  const accounts = pinnedAccounts(tf);
  return { notes, account: accounts[0] ?? null, accounts, stack: tf.raw };
}

/** Reads `--credentials-json`: access_key and secret_key strings, token optional. */
function parseCredentials(text: string): MotoCredentials {
  let value;
  try {
    value = parseJson(text);
  } catch (err) {
    throw new UsageError(`--credentials-json is not JSON: ${(err as Error).message}`);
  }
  if (!isJsonObject(value) || typeof value.access_key !== "string" || typeof value.secret_key !== "string" || !["string", "undefined"].includes(typeof value.token)) {
    throw new UsageError('--credentials-json must be {"access_key": "...", "secret_key": "...", "token": "..." (optional)}');
  }
  return value as unknown as MotoCredentials;
}

/** Runs one command; returns what to print. */
export function runCommand(argv: readonly string[]): string {
  const [command, ...rest] = argv;
  switch (command) {
    case "override": {
      const at = rest.indexOf("--credentials-json");
      const credentials = at >= 0 ? parseCredentials(rest[at + 1] ?? "") : undefined;
      const positional = at >= 0 ? [...rest.slice(0, at), ...rest.slice(at + 2)] : rest;
      if (positional.length !== 3) throw new UsageError("override takes <stack dir> <stack> <endpoint>");
      const [stackDir, stack, endpoint] = positional;
      return JSON.stringify(writeOverride(stackDir, stack, endpoint, credentials));
    }
    case "accounts":
      if (rest.length !== 1) throw new UsageError("accounts takes <stack dir>");
      return JSON.stringify(pinnedAccounts(readStackFile(path.join(rest[0], "cdk.tf.json"))));
    case "order":
      if (rest.length !== 2) throw new UsageError("order takes <cdktf.out> <environment>");
      return JSON.stringify(applyOrder(CdktfOut.read(rest[0]).manifest, rest[1]));
    default:
      throw new UsageError(command === undefined ? "name a command" : `unknown command ${command}`);
  }
}

function main(argv: readonly string[]): number {
  try {
    console.log(runCommand(argv));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${USAGE}\nfake-cloud: error: ${err.message}`);
      return 2;
    }
    if (err instanceof OverrideError || err instanceof ApplyOrderError || err instanceof CdktfOutError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
