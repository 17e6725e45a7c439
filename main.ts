/**
 * Entry point: validates every environment, then synthesizes the bootstrap stack and one set of
 * stacks per environment into cdktf.out (or CDKTF_OUTDIR). Usage: node dist/main.js [--env name[,name]]
 */
import { ENVIRONMENTS, SHARED, STATE } from "./environments";
import { loadBackendSettings } from "./lib/backend";
import { ConfigError } from "./lib/errors";
import { parseEnvArgs, synthesize } from "./lib/synth";
import { buildApp } from "./stacks";

try {
  const result = synthesize({
    outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out",
    environments: ENVIRONMENTS,
    shared: SHARED,
    state: STATE,
    only: parseEnvArgs(process.argv.slice(2)),
    loadBackendSettings: () => loadBackendSettings(undefined, STATE.accountId),
    build: (app, environments, allEnvironments, backendSettings) =>
      buildApp(app, { environments, allEnvironments, shared: SHARED, backendSettings, state: STATE }),
  });
  console.log(`Synthesized ${result.stacks.length} stacks into ${result.outdir}: ${result.stacks.join(", ")}`);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exitCode = 1;
}
