/**
 * Runs the Terraform engine over synthesized stacks one at a time, in dependency order.
 *
 *   npm run stacks -- <init|plan|apply|destroy|output> [--env <name>[,<name>]] [--stack <name>]...
 *                     [--with-shared] [--ignore-dependents] [--outdir <dir>] [--dry-run] [-- <engine args>]
 *
 * Why not `cdktf deploy/destroy`: to destroy a subset, cdktf-cli 0.21.0 needs
 * `--ignore-missing-stack-dependencies`, and with that flag it ignores the order and keeps picking
 * the stack that is already running, so one destroy spawns hundreds of `terraform destroy`
 * processes on the same state. This tool reads `cdktf.out/manifest.json`, orders the selection
 * itself (dependencies first; reversed for destroy), runs exactly one engine process per step,
 * never runs `providers lock` (which fails with a filesystem mirror or offline) and stops at the
 * first failure.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** What the tool can run on each stack. */
export const COMMANDS = ["init", "plan", "apply", "destroy", "output"] as const;
export type Command = (typeof COMMANDS)[number];

/**
 * The stack that creates the remote-state bucket, lock table and key. Every other stack keeps its
 * state there (or gains nothing from running before it), so it is ordered first and destroyed last.
 */
export const STATE_STACK = "bootstrap";

/** Prefix of the once-per-account stacks that every environment depends on. */
export const SHARED_PREFIX = "shared-";

/** A wrong argument, a missing `cdktf.out`, an unknown stack or a refused selection. */
export class RunStacksError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunStacksError";
  }
}

/** One stack as `cdktf.out/manifest.json` describes it (the fields this tool reads). */
export interface ManifestStack {
  /** Stack name, e.g. `local-network`. */
  readonly name: string;
  /** Stacks whose outputs this one reads (cross-stack references). */
  readonly dependencies: readonly string[];
  /** The stack's directory, relative to the output directory, e.g. `stacks/local-network`. */
  readonly workingDirectory: string;
}

/** The parts of `cdktf.out/manifest.json` this tool reads. */
export interface StackManifest {
  readonly stacks: Readonly<Record<string, ManifestStack>>;
}

/** Parsed command line. */
export interface RunStacksOptions {
  /** The engine command to run on every selected stack. */
  readonly command: Command;
  /** Environments whose stacks (`<env>-*`) are selected. @default - none */
  readonly environments: readonly string[];
  /** Stacks selected by name (the only way to select `bootstrap`). @default - none */
  readonly stacks: readonly string[];
  /** Also select the `shared-*` stacks the selected stacks depend on. @default false */
  readonly withShared: boolean;
  /** Destroy even though unselected stacks depend on a selected one. @default false */
  readonly ignoreDependents: boolean;
  /** Print the order and the engine calls without running anything. @default false */
  readonly dryRun: boolean;
  /** Output directory of the synth. @default - `$CDKTF_OUTDIR`, else `cdktf.out` */
  readonly outdir?: string;
  /** Arguments after `--`, passed to the engine's command on every stack. @default - none */
  readonly extraArgs: readonly string[];
}

export const USAGE = `usage: npm run stacks -- <${COMMANDS.join("|")}> [--env <name>[,<name>]] [--stack <name>]...
         [--with-shared] [--ignore-dependents] [--outdir <dir>] [--dry-run] [-- <engine args>]

  --env <names>        the environment's stacks (<env>-*); repeatable or comma-separated
  --stack <name>       one stack by name; repeatable; the only way to select ${STATE_STACK}
  --with-shared        add the ${SHARED_PREFIX}* stacks the selected stacks depend on
  --ignore-dependents  destroy although stacks outside the selection depend on a selected one
                       (only when those are already destroyed or were never applied)
  --outdir <dir>       where the synth wrote its output (default: $CDKTF_OUTDIR or cdktf.out)
  --dry-run            print the order and the engine calls, run nothing
  -- <engine args>     passed on to every stack's command, e.g. -- -auto-approve

Stacks run one at a time: init/plan/apply/output in dependency order, destroy in reverse. A stack
without .terraform/ is initialized first. The engine is $TERRAFORM_BINARY_NAME, else tofu when it
is on PATH, else terraform.`;

function isCommand(value: string): value is Command {
  return (COMMANDS as readonly string[]).includes(value);
}

/** Parses the arguments after `npm run stacks --`. */
export function parseArgs(argv: readonly string[]): RunStacksOptions {
  const dash = argv.indexOf("--");
  const own = dash === -1 ? [...argv] : argv.slice(0, dash);
  const extraArgs = dash === -1 ? [] : argv.slice(dash + 1);
  const environments: string[] = [];
  const stacks: string[] = [];
  let command: Command | undefined;
  let withShared = false;
  let ignoreDependents = false;
  let dryRun = false;
  let outdir: string | undefined;

  const valueOf = (i: number, flag: string): string => {
    const inline = own[i].startsWith(`${flag}=`) ? own[i].slice(flag.length + 1) : undefined;
    const value = inline ?? own[i + 1];
    if (value === undefined || value === "" || value.startsWith("-")) {
      throw new RunStacksError(`${flag} needs a value (got ${value === undefined ? "nothing" : JSON.stringify(value)}): e.g. ${flag} local\n\n${USAGE}`);
    }
    return value;
  };
  const list = (value: string): string[] => value.split(",").map((s) => s.trim()).filter((s) => s.length > 0);

  for (let i = 0; i < own.length; i++) {
    const arg = own[i];
    const flag = arg.split("=")[0];
    const inline = arg.includes("=");
    switch (flag) {
      case "--env":
      case "--stack":
      case "--outdir": {
        const value = valueOf(i, flag);
        if (!inline) {
          i++;
        }
        if (flag === "--env") {
          environments.push(...list(value));
        } else if (flag === "--stack") {
          stacks.push(...list(value));
        } else {
          outdir = value;
        }
        break;
      }
      case "--with-shared":
        withShared = true;
        break;
      case "--ignore-dependents":
        ignoreDependents = true;
        break;
      case "--dry-run":
        dryRun = true;
        break;
      default:
        if (arg.startsWith("-")) {
          throw new RunStacksError(`unknown option ${JSON.stringify(arg)}; engine arguments go after "--" (e.g. -- -auto-approve)\n\n${USAGE}`);
        }
        if (command !== undefined) {
          throw new RunStacksError(`more than one command (${JSON.stringify(command)} and ${JSON.stringify(arg)}); give exactly one of ${COMMANDS.join(", ")}\n\n${USAGE}`);
        }
        if (!isCommand(arg)) {
          throw new RunStacksError(`unknown command ${JSON.stringify(arg)}; use one of ${COMMANDS.join(", ")}\n\n${USAGE}`);
        }
        command = arg;
    }
  }
  if (command === undefined) {
    throw new RunStacksError(`no command given; use one of ${COMMANDS.join(", ")}\n\n${USAGE}`);
  }
  return {
    command,
    environments: [...new Set(environments)],
    stacks: [...new Set(stacks)],
    withShared,
    ignoreDependents,
    dryRun,
    outdir,
    extraArgs,
  };
}

/** Reads and checks `<outdir>/manifest.json`. */
export function readManifest(outdir: string): StackManifest {
  const file = path.join(outdir, "manifest.json");
  if (!fs.existsSync(file)) {
    throw new RunStacksError(`${file} does not exist: nothing has been synthesized there. Run \`npm run synth\` first (or pass --outdir to where the synth wrote).`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new RunStacksError(`${file} is not valid JSON (${(err as Error).message}); run \`npm run synth\` again.`);
  }
  const stacks = (parsed as { stacks?: unknown }).stacks;
  if (typeof stacks !== "object" || stacks === null) {
    throw new RunStacksError(`${file} has no "stacks" object; it was not written by a cdktf synth. Run \`npm run synth\` again.`);
  }
  const out: Record<string, ManifestStack> = {};
  for (const [name, raw] of Object.entries(stacks as Record<string, Partial<ManifestStack>>)) {
    out[name] = {
      name,
      dependencies: Array.isArray(raw.dependencies) ? raw.dependencies : [],
      workingDirectory: raw.workingDirectory ?? path.join("stacks", name),
    };
  }
  return { stacks: out };
}

/**
 * A stack's dependencies: those in the manifest, plus the state stack for every other stack (its
 * backend keeps state in the bucket the state stack creates; the manifest does not record that).
 */
export function dependenciesOf(manifest: StackManifest, name: string): string[] {
  const deps = new Set(manifest.stacks[name]?.dependencies ?? []);
  if (name !== STATE_STACK && manifest.stacks[STATE_STACK] !== undefined) {
    deps.add(STATE_STACK);
  }
  return [...deps];
}

/** The environments the manifest holds stacks of (`<env>-*`, not shared or the state stack). */
export function environmentsIn(manifest: StackManifest): string[] {
  const names = Object.keys(manifest.stacks).filter((s) => s !== STATE_STACK && !s.startsWith(SHARED_PREFIX) && s.includes("-"));
  return [...new Set(names.map((s) => s.slice(0, s.indexOf("-"))))].sort();
}

/** The selected stack names (unordered), from environments, names and `--with-shared`. */
export function selectStacks(manifest: StackManifest, options: Pick<RunStacksOptions, "environments" | "stacks" | "withShared">): string[] {
  if (options.environments.length === 0 && options.stacks.length === 0) {
    throw new RunStacksError(`no stacks selected: pass --env <name> and/or --stack <name> (environments in the manifest: ${environmentsIn(manifest).join(", ")})`);
  }
  const all = Object.keys(manifest.stacks).sort();
  const selected = new Set<string>();
  const problems: string[] = [];
  for (const env of options.environments) {
    const own = all.filter((s) => s.startsWith(`${env}-`) && !s.startsWith(SHARED_PREFIX));
    if (own.length === 0) {
      problems.push(`environment ${JSON.stringify(env)} has no stacks in the manifest (environments there: ${environmentsIn(manifest).join(", ")}); check the name, or synthesize it: npm run synth -- --env ${env}`);
    }
    own.forEach((s) => selected.add(s));
  }
  for (const name of options.stacks) {
    if (manifest.stacks[name] === undefined) {
      const near = all.filter((s) => s.includes(name));
      problems.push(`stack ${JSON.stringify(name)} is not in the manifest${near.length > 0 ? ` (did you mean ${near.slice(0, 5).join(", ")}?)` : ""}; stacks there: ${all.join(", ")}`);
      continue;
    }
    selected.add(name);
  }
  if (problems.length > 0) {
    throw new RunStacksError(problems.join("\n"));
  }
  if (options.withShared) {
    const todo = [...selected];
    while (todo.length > 0) {
      for (const dep of manifest.stacks[todo.pop() as string]?.dependencies ?? []) {
        if (dep.startsWith(SHARED_PREFIX) && !selected.has(dep)) {
          selected.add(dep);
          todo.push(dep);
        }
      }
    }
  }
  return [...selected].sort();
}

/** Tie-break among stacks ready at the same time: the state stack, shared stacks, then by name. */
function rank(name: string): string {
  return `${name === STATE_STACK ? 0 : name.startsWith(SHARED_PREFIX) ? 1 : 2}:${name}`;
}

/** Finds one dependency cycle among `names` (each of which has an unmet dependency among them). */
function findCycle(manifest: StackManifest, names: ReadonlySet<string>): string[] {
  const start = [...names].sort()[0];
  const pathSoFar: string[] = [];
  let current = start;
  while (!pathSoFar.includes(current)) {
    pathSoFar.push(current);
    current = dependenciesOf(manifest, current).filter((d) => names.has(d)).sort()[0];
  }
  return [...pathSoFar.slice(pathSoFar.indexOf(current)), current];
}

/**
 * Orders the selection: every stack after the selected stacks it depends on (dependencies outside
 * the selection are not waited for); `destroy` runs the reverse of that order.
 */
export function orderStacks(manifest: StackManifest, selected: readonly string[], command: Command): string[] {
  const pending = new Set(selected);
  const order: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending].filter((s) => dependenciesOf(manifest, s).every((d) => !pending.has(d))).sort((a, b) => (rank(a) < rank(b) ? -1 : 1));
    if (ready.length === 0) {
      throw new RunStacksError(
        `dependency cycle in the manifest: ${findCycle(manifest, pending).join(" -> ")}; no order can run these stacks. ` +
          `A stack must not read outputs of a stack that reads its own: remove one of the cross-stack references and synthesize again.`,
      );
    }
    order.push(ready[0]);
    pending.delete(ready[0]);
  }
  return command === "destroy" ? order.reverse() : order;
}

/**
 * Refuses a destroy that would leave stacks behind whose state reads the destroyed ones: every
 * stack that depends on a selected stack must be selected too, unless `ignoreDependents` says
 * (explicitly) that those are already gone or were never applied.
 */
export function checkDestroyDependents(manifest: StackManifest, selected: readonly string[], ignoreDependents: boolean): void {
  if (ignoreDependents) {
    return;
  }
  const chosen = new Set(selected);
  const problems: string[] = [];
  for (const name of [...selected].sort()) {
    const dependents = Object.keys(manifest.stacks)
      .filter((other) => !chosen.has(other) && dependenciesOf(manifest, other).includes(name))
      .sort();
    if (dependents.length > 0) {
      const shown = dependents.length > 8 ? `${dependents.slice(0, 8).join(", ")} and ${dependents.length - 8} more` : dependents.join(", ");
      problems.push(`  ${name} is depended on by ${shown}`);
    }
  }
  if (problems.length > 0) {
    throw new RunStacksError(
      `refusing to destroy: stacks outside the selection depend on selected ones:\n${problems.join("\n")}\n` +
        `fix: select those stacks too (--stack <name> or --env <name>) so they are destroyed first, or, if they are already ` +
        `destroyed or were never applied, pass --ignore-dependents.`,
    );
  }
}

/** One engine process to start. */
export interface EngineCall {
  /** The stack it runs for. */
  readonly stack: string;
  /** The engine binary (`tofu`, `terraform`, or a path). */
  readonly engine: string;
  /** Its arguments, e.g. `["plan", "-input=false"]`. */
  readonly args: readonly string[];
  /** The stack's directory. */
  readonly cwd: string;
}

/** Starts one engine process and resolves with its exit code. Injectable for tests. */
export type EngineRunner = (call: EngineCall) => Promise<number>;

/** The engine calls for one stack: `init` when `.terraform/` is missing, then the command. */
export function stackCalls(command: Command, stack: string, cwd: string, engine: string, initialized: boolean, extraArgs: readonly string[]): EngineCall[] {
  const calls: EngineCall[] = [];
  if (command === "init") {
    return [{ stack, engine, cwd, args: ["init", "-input=false", ...extraArgs] }];
  }
  if (!initialized) {
    calls.push({ stack, engine, cwd, args: ["init", "-input=false"] });
  }
  const base: Record<Exclude<Command, "init">, string[]> = {
    plan: ["plan", "-input=false"],
    apply: ["apply"],
    destroy: ["destroy"],
    output: ["output"],
  };
  calls.push({ stack, engine, cwd, args: [...base[command], ...extraArgs] });
  return calls;
}

/** The result of a run. */
export interface RunResult {
  /** Stacks whose every call exited 0, in the order they ran. */
  readonly completed: readonly string[];
  /** The call that failed, with its exit code, if one did. */
  readonly failed?: { readonly call: EngineCall; readonly exitCode: number };
  /** Stacks not started because an earlier one failed (or the run was interrupted). */
  readonly notStarted: readonly string[];
}

/** Injected effects of a run: the process runner, the `.terraform/` check and the log. */
export interface RunEffects {
  readonly run: EngineRunner;
  /** Whether the stack directory has been initialized (`.terraform/` exists). */
  readonly isInitialized: (cwd: string) => boolean;
  readonly log: (line: string) => void;
  /** Asked before each stack; true stops the run (after Ctrl-C). @default - never */
  readonly interrupted?: () => boolean;
}

/** Runs `command` on `order`, one process at a time, stopping at the first failure. */
export async function runStacks(
  manifest: StackManifest,
  order: readonly string[],
  command: Command,
  settings: { readonly outdir: string; readonly engine: string; readonly extraArgs: readonly string[] },
  effects: RunEffects,
): Promise<RunResult> {
  const completed: string[] = [];
  for (let i = 0; i < order.length; i++) {
    const stack = order[i];
    if (effects.interrupted?.()) {
      return { completed, notStarted: order.slice(i) };
    }
    const cwd = stackDirectory(manifest, settings.outdir, stack);
    for (const call of stackCalls(command, stack, cwd, settings.engine, effects.isInitialized(cwd), settings.extraArgs)) {
      effects.log(`${i + 1}/${order.length} ${stack}: ${call.engine} ${call.args.join(" ")}`);
      const exitCode = await effects.run(call);
      if (exitCode !== 0) {
        return { completed, failed: { call, exitCode }, notStarted: order.slice(i + 1) };
      }
    }
    completed.push(stack);
  }
  return { completed, notStarted: [] };
}

/** A stack's directory: the manifest's `workingDirectory` under the output directory. */
export function stackDirectory(manifest: StackManifest, outdir: string, stack: string): string {
  return path.join(outdir, manifest.stacks[stack].workingDirectory);
}

function defaultIsInitialized(cwd: string): boolean {
  return fs.existsSync(path.join(cwd, ".terraform"));
}

/** `$TERRAFORM_BINARY_NAME`, else `tofu` when it is on PATH, else `terraform`. */
export function pickEngine(env: NodeJS.ProcessEnv): string {
  if (env.TERRAFORM_BINARY_NAME) {
    return env.TERRAFORM_BINARY_NAME;
  }
  const onPath = (env.PATH ?? "").split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, "tofu"), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  return onPath ? "tofu" : "terraform";
}

/** Describes a failed run in one message: stack, command, exit code, what was not started. */
export function describeFailure(result: RunResult): string {
  if (!result.failed) {
    return "";
  }
  const { call, exitCode } = result.failed;
  return (
    `${call.stack}: \`${call.engine} ${call.args.join(" ")}\` exited ${exitCode} (in ${call.cwd}); stopped there.\n` +
    `  done: ${result.completed.join(", ") || "none"}\n` +
    `  not started: ${result.notStarted.join(", ") || "none"}`
  );
}

/** Entry point; resolves with the process exit code. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const log = (line: string): void => console.log(`[stacks] ${line}`);
  const started = Date.now();
  const own = argv.indexOf("--") === -1 ? argv : argv.slice(0, argv.indexOf("--"));
  if (own.includes("-h") || own.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  try {
    const options = parseArgs(argv);
    const outdir = path.resolve(options.outdir ?? env.CDKTF_OUTDIR ?? "cdktf.out");
    const manifest = readManifest(outdir);
    const selected = selectStacks(manifest, options);
    if (options.command === "destroy") {
      checkDestroyDependents(manifest, selected, options.ignoreDependents);
    }
    const order = orderStacks(manifest, selected, options.command);
    const missing = order.filter((s) => !fs.existsSync(stackDirectory(manifest, outdir, s)));
    if (missing.length > 0) {
      throw new RunStacksError(`the manifest lists ${missing.join(", ")} but ${outdir} has no directory for ${missing.length === 1 ? "it" : "them"}; run \`npm run synth\` again.`);
    }
    const engine = pickEngine(env);
    log(`${options.command} ${order.length} stack(s) with ${engine}, one at a time: ${order.join(", ")}`);
    let interrupted = false;
    // The engine gets Ctrl-C from the terminal too and stops cleanly (releasing its state lock);
    // this process only declines to start the next stack.
    const onSigint = (): void => {
      interrupted = true;
      log("interrupted: waiting for the running engine to stop; no further stack will start");
    };
    process.on("SIGINT", onSigint);
    try {
      const result = await runStacks(manifest, order, options.command, { outdir, engine, extraArgs: options.extraArgs }, {
        run: options.dryRun ? async () => 0 : spawnEngine,
        isInitialized: defaultIsInitialized,
        log: options.dryRun ? (line) => log(`(dry run) ${line}`) : log,
        interrupted: () => interrupted,
      });
      const seconds = Math.round((Date.now() - started) / 1000);
      if (result.failed) {
        console.error(`[stacks] FAILED: ${describeFailure(result)}`);
        return result.failed.exitCode > 0 ? result.failed.exitCode : 1;
      }
      if (result.notStarted.length > 0) {
        console.error(`[stacks] interrupted after ${result.completed.join(", ") || "no stack"}; not started: ${result.notStarted.join(", ")}`);
        return 130;
      }
      log(`${options.command} done in ${seconds} s: ${result.completed.join(", ")}`);
      return 0;
    } finally {
      process.off("SIGINT", onSigint);
    }
  } catch (err) {
    if (err instanceof RunStacksError) {
      console.error(`[stacks] ${err.message}`);
      return 2;
    }
    throw err;
  }
}

/** The default runner: one child process with the terminal's stdio, resolving with its exit code. */
export const spawnEngine: EngineRunner = (call) =>
  new Promise((resolve, reject) => {
    const child = spawn(call.engine, [...call.args], { cwd: call.cwd, stdio: "inherit" });
    child.on("error", (err: NodeJS.ErrnoException) => {
      reject(
        err.code === "ENOENT"
          ? new RunStacksError(`the engine ${JSON.stringify(call.engine)} was not found: install OpenTofu or Terraform >= 1.10, or set TERRAFORM_BINARY_NAME to its path (bash scripts/toolchain.sh env prints the toolchain's PATH)`)
          : err,
      );
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 + (signalNumbers[signal] ?? 1) : 1)));
  });

const signalNumbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
