/**
 * Synthesis as a transaction: validate everything first, synthesize into a staging directory next
 * to the output, and only then move the result into place. A failure at any point leaves the
 * previous `cdktf.out` exactly as it was.
 */
import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { EnvironmentConfig, SharedConfig, StateConfig } from "./config";
import { ConfigError } from "./errors";
import { selectEnvironments, validateEnvironments } from "./validate";
import { StateBackendSettings } from "./backend";

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
  /** Loads the backend settings (deferred so that its errors are reported like config errors). */
  readonly loadBackendSettings: () => StateBackendSettings;
  /** Adds the stacks to the app: `selected` are synthesized; `all` for what serves every environment. */
  readonly build: (app: App, selected: readonly EnvironmentConfig[], all: readonly EnvironmentConfig[], settings: StateBackendSettings) => void;
}

export interface SynthResult {
  readonly stacks: string[];
  readonly outdir: string;
}

/** Parses `--env a --env b,c` (and `--env=a`). Other arguments are an error. */
export function parseEnvArgs(argv: readonly string[]): string[] {
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let value: string | undefined;
    if (arg === "--env" || arg === "-e") {
      value = argv[++i];
      if (value === undefined || value.startsWith("-")) {
        throw new ConfigError([{ path: "--env", value: value ?? null, problem: "has no environment name after it", allowed: "--env <name>[,<name>...]", fix: "pass an environment name, e.g. --env prod" }]);
      }
    } else if (arg.startsWith("--env=")) {
      value = arg.slice("--env=".length);
    } else {
      throw new ConfigError([{ path: "argv", value: arg, problem: "is not an option of synth", allowed: "--env <name>[,<name>...] (repeatable)", fix: "remove the argument, or use --env to pick environments" }]);
    }
    names.push(...value.split(",").map((s) => s.trim()).filter((s) => s.length > 0));
  }
  return [...new Set(names)];
}

interface Manifest {
  version: string;
  stacks: Record<string, unknown>;
}

/** Runs validation and synthesis; throws ConfigError (or another error) with nothing written. */
export function synthesize(options: SynthOptions): SynthResult {
  validateEnvironments(options.environments, options.shared, options.state);
  const selected = selectEnvironments(options.environments, options.only);
  const settings = options.loadBackendSettings();

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
      replaceDirectory(staging, outdir);
    } else {
      mergeInto(staging, outdir, manifest);
    }
    return { stacks, outdir };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Swaps a fully written directory into place with renames only. */
function replaceDirectory(from: string, to: string): void {
  const old = `${to}.old-${process.pid}`;
  if (fs.existsSync(to)) {
    fs.renameSync(to, old);
  }
  fs.renameSync(from, to);
  fs.rmSync(old, { recursive: true, force: true });
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
    replaceDirectory(path.join(staging, "stacks", stack), target);
  }
  const merged: Manifest = { ...existing, ...manifest, stacks: { ...existing.stacks, ...manifest.stacks } };
  const tmp = path.join(outdir, `.manifest.json.${process.pid}`);
  fs.writeFileSync(tmp, JSON.stringify(merged, null, 2));
  fs.renameSync(tmp, path.join(outdir, "manifest.json"));
}
