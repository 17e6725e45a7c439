#!/usr/bin/env node
/**
 * Scale driver for `npm run bench` (scripts/bench.js): synthesizes N generated environments in one
 * process, the way `node dist/main.js` synthesizes the real ones, so that the cost of an
 * environment can be measured as the list grows. main.ts is not involved; this calls the same
 * compiled modules it calls (run `npm run build` first).
 *
 *   node scripts/bench-driver.js --count 30 --outdir /tmp/out
 *
 * Each generated environment is a copy of the `dev` environment's config with its own name
 * (`bench001`, `bench002`, ...), Lambda function name and VPC CIDR `10.<n>.0.0/16` (skipping every
 * 10.x/16 that a real environment uses), so the list passes validation like any other. Prints one JSON line:
 * `{ environments, stacks, loadMs, synthMs }` (module loading, then validation + synthesis).
 */
"use strict";

const path = require("path");

const started = process.hrtime.bigint();
const DIST = path.join(__dirname, "..", "dist");
const { synthesize } = require(path.join(DIST, "lib", "synth.js"));
const { buildApp } = require(path.join(DIST, "stacks", "index.js"));
const { ENVIRONMENTS, SHARED, STATE } = require(path.join(DIST, "environments", "index.js"));
const { loadBackendSettings } = require(path.join(DIST, "lib", "backend.js"));
const loaded = process.hrtime.bigint();

/** The second octets of every real environment's 10.x VPC CIDR. */
function usedSecondOctets(environments) {
  const used = new Set();
  for (const env of environments) {
    const match = /^10\.(\d{1,3})\./.exec(String(env.network?.cidr ?? ""));
    if (match) {
      used.add(Number(match[1]));
    }
  }
  return used;
}

/** `count` copies of the template environment with distinct names and non-overlapping /16s. */
function generateEnvironments(count, template, taken) {
  const free = [];
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

function parseArgs(argv) {
  const args = { count: NaN, outdir: "" };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--count") {
      args.count = Number(argv[++i]);
    } else if (argv[i] === "--outdir") {
      args.outdir = argv[++i] ?? "";
    } else {
      throw new Error(`unknown argument ${argv[i]}; usage: bench-driver.js --count N --outdir DIR`);
    }
  }
  if (!Number.isInteger(args.count) || args.count < 1 || !args.outdir) {
    throw new Error("usage: bench-driver.js --count N (N >= 1) --outdir DIR");
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
  console.log(
    JSON.stringify({
      environments: environments.length,
      stacks: result.stacks.length,
      loadMs: Number(loaded - started) / 1e6,
      synthMs: Number(after - before) / 1e6,
    }),
  );
} catch (err) {
  console.error(err && err.message ? err.message : err);
  process.exitCode = 1;
}
