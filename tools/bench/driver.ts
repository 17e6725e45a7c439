/**
 * Scale driver for `npm run bench` (tools/bench/index.ts): synthesizes N generated environments in
 * one process, the way `node dist/main.js` synthesizes the real ones, so that the cost of an
 * environment can be measured as the list grows. main.ts is not involved; this calls the same
 * compiled modules it calls (the benchmark compiles first).
 *
 *   node dist/tools/bench/driver.js --count 30 --outdir /tmp/out
 *
 * Each generated environment is a copy of the `dev` environment's config with its own name
 * (`bench001`, `bench002`, ...), Lambda function name and VPC CIDR `10.<n>.0.0/16` (skipping every
 * 10.x/16 that a real environment uses), so the list passes validation like any other. Prints one JSON line:
 * `{ environments, stacks, loadMs, synthMs }` (module loading, then validation + synthesis).
 */
import type { EnvironmentConfig } from "../../lib/config";

const started = process.hrtime.bigint();
// Loaded with require, after `started`, so that loadMs covers them (imports would be hoisted above
// it); typed through `typeof import`.
const { synthesize } = require("../../lib/synth") as typeof import("../../lib/synth");
const { buildApp } = require("../../stacks") as typeof import("../../stacks");
const { ENVIRONMENTS, SHARED, STATE } = require("../../environments") as typeof import("../../environments");
const { loadBackendSettings } = require("../../lib/backend") as typeof import("../../lib/backend");
const loaded = process.hrtime.bigint();

/** What the driver prints, one JSON line, for the benchmark to parse. */
export interface DriverReport {
  readonly environments: number;
  readonly stacks: number;
  readonly loadMs: number;
  readonly synthMs: number;
}

/** The second octets of every real environment's 10.x VPC CIDR. */
function usedSecondOctets(environments: readonly EnvironmentConfig[]): Set<number> {
  const used = new Set<number>();
  for (const env of environments) {
    const match = /^10\.(\d{1,3})\./.exec(String(env.network?.cidr ?? ""));
    if (match) {
      used.add(Number(match[1]));
    }
  }
  return used;
}

/** `count` copies of the template environment with distinct names and non-overlapping /16s. */
function generateEnvironments(count: number, template: EnvironmentConfig, taken: Set<number>): EnvironmentConfig[] {
  const free: number[] = [];
  for (let n = 1; n <= 255; n++) {
    if (!taken.has(n)) {
      free.push(n);
    }
  }
  if (count > free.length || count > 999) {
    throw new Error(`cannot generate ${count} environments: only ${Math.min(free.length, 999)} free 10.x.0.0/16 blocks and names`);
  }
  return free.slice(0, count).map((octet, i) => {
    const name = `bench${String(i + 1).padStart(3, "0")}`;
    return {
      ...template,
      name,
      network: { ...template.network, cidr: `10.${octet}.0.0/16` },
      // Function names are unique per account, and every copy shares the template's account.
      serverless: { ...template.serverless, functionName: `chatbot-${name}-backend-lambda` },
    };
  });
}

function parseArgs(argv: readonly string[]): { count: number; outdir: string } {
  const args = { count: NaN, outdir: "" };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--count") {
      args.count = Number(argv[++i]);
    } else if (argv[i] === "--outdir") {
      args.outdir = argv[++i] ?? "";
    } else {
      throw new Error(`unknown argument ${argv[i]}; usage: driver.js --count N --outdir DIR`);
    }
  }
  if (!Number.isInteger(args.count) || args.count < 1 || !args.outdir) {
    throw new Error("usage: driver.js --count N (N >= 1) --outdir DIR");
  }
  return args;
}

try {
  const { count, outdir } = parseArgs(process.argv.slice(2));
  const template = ENVIRONMENTS.find((env) => env.name === "dev") ?? ENVIRONMENTS[0];
  const environments = generateEnvironments(count, template, usedSecondOctets(ENVIRONMENTS));
  const before = process.hrtime.bigint();
  const result = synthesize({
    outdir,
    environments,
    shared: SHARED,
    only: [],
    loadBackendSettings: () => loadBackendSettings(),
    // The same wiring as main.ts, with the generated list in place of ENVIRONMENTS.
    build: (app, selected, all, backendSettings) =>
      buildApp(app, { environments: selected, allEnvironments: all, shared: SHARED, backendSettings, state: STATE }),
  });
  const after = process.hrtime.bigint();
  const report: DriverReport = {
    environments: environments.length,
    stacks: result.stacks.length,
    loadMs: Number(loaded - started) / 1e6,
    synthMs: Number(after - before) / 1e6,
  };
  console.log(JSON.stringify(report));
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
