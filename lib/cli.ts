/**
 * The synth's command line, `node dist/main.js [--env <name>[,<name>...]] [--debug]`, as a function
 * tests call in-process: it validates, synthesizes, prints what it wrote or what is wrong, and
 * returns the exit code (main.ts only sets it).
 *
 * - Bad input (a ConfigError: the environments, the arguments, backend.tf.json) is the user's to
 *   fix: the report alone goes to stderr, every problem with its path, value, what is allowed and
 *   the fix, and the exit code is 1. A stack trace would only bury it.
 * - Any other error is a bug of this app: one line on stderr says so, with the error's message and
 *   how to see the stack trace (`--debug` or CHATBOT_DEBUG=1, which print it after that line), and
 *   the exit code is 1.
 *
 * Either way nothing is written (lib/synth.ts): the previous cdktf.out stays as it was.
 */
import { App } from "cdktf";
import type { BuildAppProps } from "../stacks";
import type { StateBackendSettings } from "./backend";
import type { EnvironmentConfig, SharedConfig, StateConfig } from "./config";
import { ConfigError, ConfigProblem } from "./errors";
import { isRecord } from "./problems";
import { readEnvArgs, synthesize } from "./synth";

/** What the command line works on; every field defaults to the real one. */
export interface CliDeps {
  /** The environments (environments/index.ts ENVIRONMENTS). */
  readonly environments: readonly EnvironmentConfig[];
  /** The shared settings (environments/shared.ts). */
  readonly shared: SharedConfig;
  /** The state account (environments/accounts.ts). */
  readonly state: StateConfig;
  /** Reads backend.tf.json (lib/backend.ts loadBackendSettings), given the state account's id. */
  readonly loadBackendSettings: (stateAccountId: string | undefined) => StateBackendSettings;
  /** Adds the stacks to the app (stacks/index.ts buildApp). */
  readonly buildApp: (app: App, props: BuildAppProps) => void;
  /** Environment variables: CDKTF_OUTDIR (default cdktf.out), CHATBOT_DEBUG=1 (as --debug). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Where the command line writes. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const PROCESS_IO: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * The real dependencies, loaded when first needed rather than imported: an error while loading
 * the configuration files is then reported like any other (one line, or the trace with --debug).
 */
function realDeps(): CliDeps {
  const environments = require("../environments") as typeof import("../environments");
  const backend = require("./backend") as typeof import("./backend");
  const stacks = require("../stacks") as typeof import("../stacks");
  return {
    environments: environments.ENVIRONMENTS,
    shared: environments.SHARED,
    state: environments.STATE,
    loadBackendSettings: (stateAccountId) => backend.loadBackendSettings(undefined, stateAccountId),
    buildApp: stacks.buildApp,
    env: process.env,
  };
}

/**
 * The one line an unexpected error gets: it is a bug, its message, and (unless the trace follows)
 * how to see where it happened.
 */
export function bugLine(err: unknown, traceFollows = false): string {
  const what = (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).replace(/\s*\n\s*/g, " ");
  const line = `Unexpected error, a bug in this app rather than in its input: ${what}.`;
  return traceFollows ? line : `${line} Run again with --debug (or CHATBOT_DEBUG=1) for the stack trace.`;
}

/** Runs the synth for `argv` (without `node main.js`); returns the exit code. */
export function runCli(argv: readonly string[], deps: Partial<CliDeps> = {}, io: CliIo = PROCESS_IO): number {
  const variables = deps.env ?? process.env;
  const debug = argv.includes("--debug") || variables.CHATBOT_DEBUG === "1" || variables.CHATBOT_DEBUG === "true";
  try {
    // A field given (even as undefined or null: a test of a missing export) replaces the real one.
    let real: CliDeps | undefined;
    const dep = <K extends keyof CliDeps>(key: K): CliDeps[K] => (key in deps ? (deps[key] as CliDeps[K]) : (real ??= realDeps())[key]);
    const d: CliDeps = {
      environments: dep("environments"),
      shared: dep("shared"),
      state: dep("state"),
      loadBackendSettings: dep("loadBackendSettings"),
      buildApp: dep("buildApp"),
      env: variables,
    };
    const argProblems: ConfigProblem[] = [];
    const only = readEnvArgs(argv, argProblems);
    const state = d.state;
    const result = synthesize({
      outdir: variables.CDKTF_OUTDIR ?? "cdktf.out",
      environments: d.environments,
      // Given to the validation even when left out (an export missing), which reports them then.
      shared: d.shared ?? (null as unknown as SharedConfig),
      state: state ?? (null as unknown as StateConfig),
      only,
      problems: argProblems,
      loadBackendSettings: () => d.loadBackendSettings(isRecord(state) && typeof state.accountId === "string" ? state.accountId : undefined),
      build: (app, environments, allEnvironments, backendSettings) => d.buildApp(app, { environments, allEnvironments, shared: d.shared, backendSettings, state }),
    });
    io.stdout(`Synthesized ${result.stacks.length} stacks into ${result.outdir}: ${result.stacks.join(", ")}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr(`${err.message}\n`);
    } else {
      io.stderr(`${bugLine(err, debug)}\n`);
      if (debug) {
        io.stderr(`${err instanceof Error && err.stack ? err.stack : String(err)}\n`);
      }
    }
    return 1;
  }
}
