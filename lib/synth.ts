/**
 * Synthesis as a transaction: validate everything first (arguments, every environment, the
 * selection, backend.tf.json, all reported together in one ConfigError), synthesize into a staging
 * directory next to the output, and only then move the result into place. A failure at any point
 * leaves the previous `cdktf.out` exactly as it was.
 */
import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { EnvironmentConfig, SharedConfig, StateConfig } from "./config";
import { ConfigError, ConfigProblem } from "./errors";
import { selectEnvironments, validateEnvironments } from "./validate";
import { StateBackendSettings } from "./backend";
import { STATE_READ_OVERRIDE_FILE } from "./state-access";

export interface SynthOptions {
  /** Output directory, normally `cdktf.out` (or `CDKTF_OUTDIR` when the cdktf CLI runs the app). */
  readonly outdir: string;
  /** Every environment; all are validated even when only some are synthesized. */
  readonly environments: readonly EnvironmentConfig[];
  /** Settings shared by every environment, validated with them. */
  readonly shared?: SharedConfig;
  /** The state account's settings, validated with them. */
  readonly state?: StateConfig;
  /** Names from `--env`; empty means all. */
  readonly only: readonly string[];
  /**
   * Problems found before synthesis was asked for (the command line's), reported with the rest.
   * @default - none
   */
  readonly problems?: readonly ConfigProblem[];
  /** Loads the backend settings (deferred so that its errors are reported like config errors). */
  readonly loadBackendSettings: () => StateBackendSettings;
  /** Adds the stacks to the app: `selected` are synthesized; `all` for what serves every environment. */
  readonly build: (app: App, selected: readonly EnvironmentConfig[], all: readonly EnvironmentConfig[], settings: StateBackendSettings) => void;
}

export interface SynthResult {
  readonly stacks: string[];
  readonly outdir: string;
}

/** The options synth takes, for the "allowed" of an unknown argument. */
export const SYNTH_OPTIONS = "--env <name>[,<name>...] (repeatable), --debug";

/**
 * Reads `--env a --env b,c` (and `--env=a`) into environment names, reporting every other
 * argument and every empty `--env` to `problems`. `--debug` is the CLI's (lib/cli.ts), skipped here.
 */
export function readEnvArgs(argv: readonly string[], problems: ConfigProblem[]): string[] {
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let value: string | undefined;
    if (arg === "--debug") {
      continue;
    } else if (arg === "--env" || arg === "-e") {
      value = argv[i + 1];
      if (value === undefined || value.startsWith("-")) {
        problems.push({ path: "--env", value: value ?? null, problem: "has no environment name after it", allowed: "--env <name>[,<name>...]", fix: "pass an environment name, e.g. --env prod" });
        continue;
      }
      i++;
    } else if (arg.startsWith("--env=")) {
      value = arg.slice("--env=".length);
    } else {
      problems.push({ path: "argv", value: arg, problem: "is not an option of synth", allowed: SYNTH_OPTIONS, fix: "remove the argument, or use --env to pick environments" });
      continue;
    }
    const listed = value.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
    if (listed.length === 0) {
      // An empty value would select nothing, which synth reads as "every environment".
      problems.push({ path: "--env", value, problem: "names no environment", allowed: "--env <name>[,<name>...]", fix: "pass an environment name, e.g. --env prod, or leave --env out to synthesize every environment" });
      continue;
    }
    names.push(...listed);
  }
  return [...new Set(names)];
}

/** Parses `--env a --env b,c` (and `--env=a`); throws one ConfigError listing every bad argument. */
export function parseEnvArgs(argv: readonly string[]): string[] {
  const problems: ConfigProblem[] = [];
  const names = readEnvArgs(argv, problems);
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return names;
}

/** Runs one check, moving the problems of a ConfigError it throws into `problems`; other errors pass. */
function collect<T>(problems: ConfigProblem[], check: () => T): T | undefined {
  try {
    return check();
  } catch (err) {
    if (err instanceof ConfigError) {
      problems.push(...err.problems);
      return undefined;
    }
    throw err;
  }
}

interface Manifest {
  version: string;
  stacks: Record<string, unknown>;
}

/**
 * Runs validation and synthesis. Every problem of the input (command line, environments, the
 * selection, backend.tf.json) is thrown together as one ConfigError before anything is built;
 * any error leaves the output as it was.
 */
export function synthesize(options: SynthOptions): SynthResult {
  const problems: ConfigProblem[] = [...(options.problems ?? [])];
  collect(problems, () => validateEnvironments(options.environments, options.shared, options.state));
  const selected = collect(problems, () => selectEnvironments(options.environments, options.only));
  const settings = collect(problems, () => options.loadBackendSettings());
  if (problems.length > 0 || selected === undefined || settings === undefined) {
    throw new ConfigError(problems);
  }

  const outdir = path.resolve(options.outdir);
  const parent = path.dirname(outdir);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(outdir)}.staging-`));
  fs.chmodSync(staging, 0o755);
  try {
    const app = new App({ outdir: staging });
    options.build(app, selected, options.environments, settings);
    app.synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(staging, "manifest.json"), "utf8")) as Manifest;
    const stacks = Object.keys(manifest.stacks);
    if (options.only.length === 0 || !fs.existsSync(path.join(outdir, "manifest.json"))) {
      replaceDirectory(staging, outdir, carryStacks);
    } else {
      mergeInto(staging, outdir, manifest);
    }
    return { stacks, outdir };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * What `init`, the user and the cdktf CLI leave in a stack's directory and the next synth must
 * not lose: providers and modules (`.terraform/`), the dependency lock file (without it the cdktf
 * CLI runs `providers lock` again, which fails offline or with a mirror), override files, and any
 * state file a local backend keeps there.
 */
const CARRIED_OVER = [/^\.terraform$/, /^\.terraform\.lock\.hcl$/, /^(.+_)?override\.tf(\.json)?$/, /\.tfstate(\.backup)?$/, /^terraform\.tfstate\.d$/];
/**
 * Never carried over: the read-only plan override (tools/plan-override.ts) is a snapshot of the
 * backend it replaces; kept across a synth it would hide every later backend change, and an apply
 * in that directory would run with the read-only role.
 */
const NOT_CARRIED_OVER = STATE_READ_OVERRIDE_FILE;

interface Move {
  readonly from: string;
  readonly to: string;
}

/** Moves what CARRIED_OVER matches from an old stack directory into its new version. */
function carryOver(oldStackDir: string, newStackDir: string, moves: Move[]): void {
  if (!fs.existsSync(oldStackDir) || !fs.existsSync(newStackDir)) {
    return;
  }
  for (const entry of fs.readdirSync(oldStackDir)) {
    const to = path.join(newStackDir, entry);
    if (CARRIED_OVER.some((pattern) => pattern.test(entry)) && entry !== NOT_CARRIED_OVER && !fs.existsSync(to)) {
      const from = path.join(oldStackDir, entry);
      fs.renameSync(from, to);
      moves.push({ from, to });
    }
  }
}

/**
 * Swaps a fully written directory into place with renames only, carrying over what `carry`
 * moves from the old version. On any failure the moves are undone and the old version is put
 * back; if the process dies half-way, both versions stay on disk (nothing is deleted before the
 * new version is in place).
 */
function replaceDirectory(from: string, to: string, carry: (oldDir: string, newDir: string, moves: Move[]) => void): void {
  const old = `${to}.old-${process.pid}`;
  const hadOld = fs.existsSync(to);
  if (hadOld) {
    fs.renameSync(to, old);
  }
  const moves: Move[] = [];
  try {
    if (hadOld) {
      carry(old, from, moves);
    }
    fs.renameSync(from, to);
  } catch (err) {
    for (const move of moves.reverse()) {
      fs.renameSync(move.to, move.from);
    }
    if (hadOld && !fs.existsSync(to)) {
      fs.renameSync(old, to);
    }
    throw err;
  }
  fs.rmSync(old, { recursive: true, force: true });
}

/** Carry-over for a whole output directory: every stack that exists in both versions. */
function carryStacks(oldOut: string, newOut: string, moves: Move[]): void {
  const stacks = path.join(newOut, "stacks");
  for (const stack of fs.existsSync(stacks) ? fs.readdirSync(stacks) : []) {
    carryOver(path.join(oldOut, "stacks", stack), path.join(stacks, stack), moves);
  }
}

/**
 * A partial synth (`--env`) replaces only the stacks it produced and keeps the others, so that
 * `cdktf.out` still describes every stack synthesized before.
 */
function mergeInto(staging: string, outdir: string, manifest: Manifest): void {
  const existing = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as Manifest;
  for (const stack of Object.keys(manifest.stacks)) {
    const target = path.join(outdir, "stacks", stack);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    replaceDirectory(path.join(staging, "stacks", stack), target, carryOver);
  }
  const merged: Manifest = { ...existing, ...manifest, stacks: { ...existing.stacks, ...manifest.stacks } };
  const tmp = path.join(outdir, `.manifest.json.${process.pid}`);
  fs.writeFileSync(tmp, JSON.stringify(merged, null, 2));
  fs.renameSync(tmp, path.join(outdir, "manifest.json"));
}
