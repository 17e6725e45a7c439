/**
 * Running and measuring one command for `npm run bench`: wall time from spawn to exit, and the
 * peak RSS of every Node process in its tree from the probe (rusage.ts), cross-checked with GNU
 * time when it is installed. Commands are measured round-robin after a discarded warm-up run.
 */
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { indent, lastLines, fmtMb, fmtS } from "./report";
import { RUSAGE_FILE_VARIABLE, type ProbeRecord } from "./rusage";

/** GNU time, which reports ru_maxrss from wait4() independently of the probe. */
export const TIME_BIN = "/usr/bin/time";

/** A probe record with a short name for the process it came from. */
export interface ProcessPeak extends ProbeRecord {
  readonly name: string;
}

/** One run of a command. The figures are there when the command could be started. */
export interface RunResult<P = unknown> {
  readonly ok: boolean;
  readonly error?: string;
  /** The last 20,000 characters of stdout and stderr together. */
  readonly output: string;
  readonly wallMs?: number;
  /** Peak RSS of the largest process, KiB. */
  readonly peakKb?: number;
  /** The name of the largest process. */
  readonly largest?: string;
  /** Upper bound of the tree's memory at any moment, KiB. */
  readonly treeKb?: number;
  readonly processes?: readonly ProcessPeak[];
  /** GNU time's figure, KiB. */
  readonly timeKb?: number;
  /** What the command's `parse` made of its output. */
  parsed?: P;
}

/** A value of a command's settings, fixed or computed from the run's scratch directory. */
type PerRun<T> = T | ((scratch: string | undefined) => T);

/**
 * A measured command. A run's scratch directory (when `outdirFor`) is fresh for every run and
 * removed after it, unless it is the one `keep` keeps.
 */
export interface Command<P = unknown> {
  /** Short key, names the scratch directories. */
  readonly key: string;
  /** Name in progress lines. */
  readonly label: string;
  /** Name in the tables. */
  readonly shown: string;
  readonly file: string;
  readonly args: PerRun<readonly string[]>;
  readonly env: PerRun<Readonly<Record<string, string>>>;
  /** Gives every run a fresh scratch directory (outputs, a checkout, a cache). */
  readonly outdirFor: boolean;
  /** Prepares a run before its clock starts and returns its working directory. @default - the repository */
  readonly cwd?: (scratch: string) => string;
  readonly parse?: (output: string) => P | undefined;
  /** Keeps the first measured run's scratch directory (to read the output). */
  readonly keep: boolean;
  /** Runs once, discarded, before the measured runs. */
  readonly warmup: boolean;
  readonly runs: RunResult<P>[];
  failure?: string;
  kept?: string;
}

export interface CommandOptions<P> {
  /** @default - nothing added to the environment */
  readonly env?: PerRun<Readonly<Record<string, string>>>;
  /** @default false */
  readonly outdirFor?: boolean;
  /** @default - runs in the repository */
  readonly cwd?: (scratch: string) => string;
  /** @default - the output is not parsed */
  readonly parse?: (output: string) => P | undefined;
  /** @default false */
  readonly keep?: boolean;
  /** @default true */
  readonly warmup?: boolean;
}

export function command<P = unknown>(key: string, label: string, shown: string, file: string, args: PerRun<readonly string[]>, options: CommandOptions<P> = {}): Command<P> {
  return {
    key,
    label,
    shown,
    file,
    args,
    env: options.env ?? {},
    outdirFor: options.outdirFor ?? false,
    cwd: options.cwd,
    parse: options.parse,
    keep: options.keep ?? false,
    warmup: options.warmup ?? true,
    runs: [],
  };
}

export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** True when GNU time is installed and answers `-f %M`. */
export function hasGnuTime(): boolean {
  try {
    execFileSync(TIME_BIN, ["-f", "%M", "-o", "/dev/null", "true"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** A short name for the process a probe record came from. */
export function processName(record: ProbeRecord): string {
  const script = record.script.replace(/\\/g, "/");
  const rules: readonly [RegExp, string][] = [
    [/(typescript\/bin|\.bin)\/tsc$/, "tsc"],
    [/ts-node|\.ts$/, "ts-node"],
    [/(cdktf-cli\/.*|\.bin\/cdktf)$/, "cdktf CLI"],
    [/npx(-cli\.js)?$/, "npx"],
    [/npm(-cli\.js)?$/, "npm"],
    [/jest-worker\/build\/workers\/processChild\.js$/, "jest worker"],
    [/(jest(-cli)?\/bin\/jest(\.js)?|\.bin\/jest)$/, "jest"],
    [/esbuild\/bin\/esbuild$/, "esbuild"],
    [/dist\/main\.js$/, "app"],
    [/(bench-driver|tools\/bench\/driver)\.js$/, "app (driver)"],
  ];
  for (const [pattern, name] of rules) {
    if (pattern.test(script)) {
      return name;
    }
  }
  return path.basename(script) || "node";
}

/** Reads the probe records of one run; one per process id, the largest if a process wrote twice. */
function readProbe(file: string): ProbeRecord[] {
  if (!fs.existsSync(file)) {
    return [];
  }
  const byPid = new Map<number, ProbeRecord>();
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) {
      continue;
    }
    try {
      const record = JSON.parse(line) as ProbeRecord;
      const seen = byPid.get(record.pid);
      if (!seen || seen.maxRssKb < record.maxRssKb) {
        byPid.set(record.pid, record);
      }
    } catch {
      // A torn line (process killed mid-write) is skipped.
    }
  }
  return [...byPid.values()];
}

/**
 * Upper bound of the tree's memory at any moment: for each process start, the sum of the peaks of
 * every process alive then (an interval-overlap maximum is reached at some interval's start).
 */
function concurrentPeak(processes: readonly ProbeRecord[]): number {
  let best = 0;
  for (const p of processes) {
    const t = p.startMs ?? 0;
    const alive = processes.filter((q) => (q.startMs ?? 0) <= t && (q.endMs ?? Infinity) >= t);
    best = Math.max(
      best,
      alive.reduce((n, q) => n + q.maxRssKb, 0),
    );
  }
  return best;
}

/** Runs commands and keeps the state they share: the scratch root, the probe and GNU time. */
export class Runner {
  private sequence = 0;

  /**
   * @param root the repository, the working directory of every command without its own
   * @param tmpRoot the scratch root: probe files, outputs, checkouts
   * @param probe the compiled probe to preload
   * @param useTime wrap every run in GNU time
   */
  constructor(
    readonly root: string,
    readonly tmpRoot: string,
    private readonly probe: string,
    readonly useTime: boolean,
  ) {}

  /**
   * Runs one command to completion and returns its wall time, the probe's per-process peaks and,
   * when GNU time is there, its figure.
   */
  runOnce(file: string, args: readonly string[], extraEnv: Readonly<Record<string, string>>, useTime: boolean, cwd = this.root): Promise<RunResult> {
    const id = ++this.sequence;
    const probeFile = path.join(this.tmpRoot, `probe-${id}.jsonl`);
    const timeFile = path.join(this.tmpRoot, `time-${id}.txt`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...extraEnv,
      [RUSAGE_FILE_VARIABLE]: probeFile,
      NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require ${JSON.stringify(this.probe)}`].filter(Boolean).join(" "),
    };
    const [spawnFile, argv] = useTime ? [TIME_BIN, ["-f", "%M", "-o", timeFile, file, ...args]] : [file, [...args]];
    return new Promise((resolve) => {
      let output = "";
      let exited = 0n;
      const started = process.hrtime.bigint();
      const child = spawn(spawnFile, argv, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
      const collect = (chunk: Buffer): void => {
        output = (output + chunk.toString()).slice(-20000);
      };
      child.stdout.on("data", collect);
      child.stderr.on("data", collect);
      child.on("exit", () => {
        exited = process.hrtime.bigint();
      });
      child.on("error", (err) => resolve({ ok: false, error: err.message, output }));
      child.on("close", (code, signal) => {
        const wallMs = Number((exited || process.hrtime.bigint()) - started) / 1e6;
        const processes = readProbe(probeFile).map((r) => ({ ...r, name: processName(r) }));
        let timeKb: number | undefined;
        if (useTime && fs.existsSync(timeFile)) {
          const lines = fs.readFileSync(timeFile, "utf8").trim().split("\n");
          const value = Number(lines[lines.length - 1]);
          timeKb = Number.isFinite(value) ? value : undefined;
        }
        fs.rmSync(probeFile, { force: true });
        fs.rmSync(timeFile, { force: true });
        const largest = processes.reduce<ProcessPeak | undefined>((a, b) => (b.maxRssKb > (a?.maxRssKb ?? -1) ? b : a), undefined);
        resolve({
          ok: code === 0,
          error: code === 0 ? undefined : signal ? `killed by ${signal}` : `exit code ${code}`,
          output,
          wallMs,
          peakKb: largest?.maxRssKb,
          largest: largest?.name,
          treeKb: concurrentPeak(processes),
          processes,
          timeKb,
        });
      });
    });
  }

  private async measureRound(commands: readonly Command[], round: number, total: number, warmup: boolean): Promise<void> {
    for (const cmd of commands) {
      if (cmd.failure || (warmup && !cmd.warmup)) {
        continue;
      }
      const outdir = cmd.outdirFor ? path.join(this.tmpRoot, `${cmd.key}-${warmup ? "warmup" : round}`) : undefined;
      const args = typeof cmd.args === "function" ? cmd.args(outdir) : cmd.args;
      const env = typeof cmd.env === "function" ? cmd.env(outdir) : cmd.env;
      const tag = warmup ? "warm-up" : `run ${round}/${total}`;
      let cwd: string | undefined;
      try {
        cwd = cmd.cwd && outdir ? cmd.cwd(outdir) : undefined;
      } catch (err) {
        cmd.failure = `could not prepare the run: ${err instanceof Error ? err.message : String(err)}`;
        progress(`  ${cmd.label} ${tag}: FAILED (${cmd.failure})`);
        continue;
      }
      const result = await this.runOnce(cmd.file, args, env, this.useTime, cwd);
      if (!result.ok) {
        cmd.failure = `${result.error}: ${lastLines(result.output, 12)}`;
        progress(`  ${cmd.label} ${tag}: FAILED (${result.error})`);
        progress(indent(lastLines(result.output, 12)));
      } else {
        if (cmd.parse) {
          result.parsed = cmd.parse(result.output);
        }
        progress(`  ${cmd.label} ${tag}: ${fmtS(result.wallMs)} s, ${fmtMb(result.peakKb)} MB (${result.largest})`);
        if (!warmup) {
          cmd.runs.push(result);
          if (cmd.keep && outdir && !cmd.kept) {
            cmd.kept = outdir;
          }
        }
      }
      if (outdir && cmd.kept !== outdir) {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    }
  }

  /** One warm-up round (of the commands that take one), then `runs` measured rounds. */
  async measureAll(title: string, commands: readonly Command[], runs: number): Promise<void> {
    const warmed = commands.filter((c) => c.warmup).length;
    const warmups = warmed === commands.length ? "a warm-up run of each" : warmed === 0 ? "no warm-up run" : `a warm-up run of ${warmed} of them`;
    progress(`\n${title}: ${commands.length} commands, ${runs} runs each, round-robin, after ${warmups}`);
    await this.measureRound(commands, 0, runs, true);
    for (let round = 1; round <= runs; round++) {
      await this.measureRound(commands, round, runs, false);
    }
  }
}

/**
 * A fresh copy of the repository's working tree, as a clone would give it: every file git tracks
 * or would track (`git ls-files --cached --others --exclude-standard`, so uncommitted changes are
 * in), and nothing ignored (no dist/, no .tsbuildinfo, no cdktf.out). node_modules is a symlink to
 * the repository's: installed packages are not a cache of ours.
 */
export function freshCheckout(root: string, dir: string): string {
  const listing = execFileSync("git", ["--no-optional-locks", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  for (const file of new Set(listing.split("\0").filter(Boolean))) {
    const from = path.join(root, file);
    const stat = fs.lstatSync(from, { throwIfNoEntry: false });
    if (!stat || !(stat.isFile() || stat.isSymbolicLink()) || file === "node_modules") {
      continue; // deleted in the working tree, a submodule, or the node_modules link itself
    }
    const to = path.join(dir, file);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    if (stat.isSymbolicLink()) {
      fs.symlinkSync(fs.readlinkSync(from), to);
    } else {
      fs.copyFileSync(from, to);
      fs.chmodSync(to, stat.mode);
    }
  }
  fs.symlinkSync(fs.realpathSync(path.join(root, "node_modules")), path.join(dir, "node_modules"));
  return dir;
}
