#!/usr/bin/env node
/**
 * Synth benchmark: `npm run bench` (issue 7). Prints figures and writes them to docs/benchmarks.md;
 * it asserts nothing (targets are reported as met or not, the exit code only says whether every
 * command ran). Timing never belongs in the tests.
 *
 *   npm run bench                       # 5 runs (3 for the scale sizes), about four minutes on 2 cores
 *   npm run bench -- --runs 3           # fewer runs
 *   npm run bench -- --no-write         # print only, leave docs/benchmarks.md alone
 *
 * What is measured, each as its own child process, after one discarded warm-up run (for the scale
 * sizes, one warm-up of the smallest, and 3 runs each):
 *   - `node dist/main.js` (all environments, the app step of `npm run synth`) and `--env dev`;
 *   - `npm run synth` end to end (npm + incremental `tsc` + the app);
 *   - `npx cdktf synth` through the CLI (CHECKPOINT_DISABLE=1, CI=true; its app command also runs tsc);
 *   - the type-check `npx tsc -p tsconfig.json --noEmit` as `npm run typecheck` runs it (incremental,
 *     reusing dist/.tsbuildinfo) and cold (`--incremental false`);
 *   - the baseline: the same app run the way a `cdktf init` project runs it, `npx ts-node main.ts`
 *     (ts-node type-checks and compiles the TypeScript sources on every run);
 *   - scale: scripts/bench-driver.js synthesizing 3, 30 and 100 generated environments;
 *   - size: resources and bytes of JSON per stack and per environment, from a synthesized output.
 * The commands are run round-robin (run 1 of each, then run 2 of each, ...) so that a burst of
 * load on the machine hits all of them alike. Every output goes to a temporary directory
 * (CDKTF_OUTDIR, `cdktf synth --output`, the driver's --outdir): the repository's cdktf.out is never
 * touched. The sources are compiled once first (`tsc -p tsconfig.json`, i.e. `npm run build`),
 * as `npm run synth` does; the benchmark stops there if they do not compile.
 *
 * Wall time: from spawn to the exit of the child, measured with process.hrtime in this process.
 *
 * Peak memory: every Node process in the measured tree preloads scripts/bench-rusage.js
 * (NODE_OPTIONS=--require ...), which on exit records its own `ru_maxrss` (getrusage, via
 * process.resourceUsage().maxRSS): the kernel's exact high-water mark of resident memory for that
 * process, with no polling and no missed short peak. "Peak RSS" below is the largest of those, the
 * process that needed the most memory (the same meaning as the "maximum resident set size" of
 * `/usr/bin/time -v`, which reports the largest process of the tree it waited for). For commands
 * that keep several processes alive at once (npm, npx, the cdktf CLI around the app) the table also
 * shows an upper bound for the whole tree: the largest sum of the peaks of processes that were
 * alive at the same moment (from the start and end times the probe records). The only processes
 * not seen are non-Node ones (`sh` between npm/npx and their command, a few MB).
 *
 * When GNU time is installed (Debian/Ubuntu package `time`, /usr/bin/time), every run is also
 * wrapped in `/usr/bin/time -f %M`, which gets ru_maxrss from wait4() independently, and the largest
 * difference between the two is reported as a cross-check; when it is missing the benchmark says so
 * and uses the probe alone. MB means MiB.
 */
"use strict";

const { execFileSync, spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const PROBE = path.join(__dirname, "bench-rusage.js");
const DRIVER = path.join(__dirname, "bench-driver.js");
const DOC = path.join(ROOT, "docs", "benchmarks.md");
const TIME_BIN = "/usr/bin/time";
const SCALE_SIZES = [3, 30, 100];
const SCALE_RUNS = 3;

const TARGETS = {
  timeRatio: 0.25, // full synth <= 25% of the baseline's wall time
  peakMb: 300, // full synth below 300 MB peak RSS
  perEnvDrift: 1.5, // marginal cost per environment for 30 -> 100 within 1.5x of 3 -> 30
  hundredEnvsS: 30, // "well under a minute": at most 30 s for 100 environments
};

// ---------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const options = { runs: 5, write: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--runs") {
      options.runs = Number(argv[++i]);
    } else if (arg.startsWith("--runs=")) {
      options.runs = Number(arg.slice("--runs=".length));
    } else if (arg === "--no-write") {
      options.write = false;
    } else {
      fail(`unknown argument ${arg}; usage: npm run bench [-- --runs N] [--no-write]`);
    }
  }
  if (!Number.isInteger(options.runs) || options.runs < 1 || options.runs > 50) {
    fail("--runs takes a whole number from 1 to 50");
  }
  return options;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

function progress(message) {
  process.stderr.write(`${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// Running and measuring one command

let tmpRoot = "";
let sequence = 0;

/** True when GNU time is installed and answers `-f %M`. */
function hasGnuTime() {
  try {
    execFileSync(TIME_BIN, ["-f", "%M", "-o", "/dev/null", "true"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** A short name for the process a probe record came from. */
function processName(record) {
  const script = record.script.replace(/\\/g, "/");
  const rules = [
    [/(typescript\/bin|\.bin)\/tsc$/, "tsc"],
    [/ts-node|\.ts$/, "ts-node"],
    [/(cdktf-cli\/.*|\.bin\/cdktf)$/, "cdktf CLI"],
    [/npx(-cli\.js)?$/, "npx"],
    [/npm(-cli\.js)?$/, "npm"],
    [/dist\/main\.js$/, "app"],
    [/bench-driver\.js$/, "app (driver)"],
  ];
  for (const [pattern, name] of rules) {
    if (pattern.test(script)) {
      return name;
    }
  }
  return path.basename(script) || "node";
}

/** Reads the probe records of one run; one per process id, the largest if a process wrote twice. */
function readProbe(file) {
  if (!fs.existsSync(file)) {
    return [];
  }
  const byPid = new Map();
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) {
      continue;
    }
    try {
      const record = JSON.parse(line);
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
function concurrentPeak(processes) {
  let best = 0;
  for (const p of processes) {
    const t = p.startMs ?? 0;
    const alive = processes.filter((q) => (q.startMs ?? 0) <= t && (q.endMs ?? Infinity) >= t);
    best = Math.max(best, alive.reduce((n, q) => n + q.maxRssKb, 0));
  }
  return best;
}

/**
 * Runs one command to completion and returns its wall time, the probe's per-process peaks and,
 * when GNU time is there, its figure.
 */
function runOnce(command, args, extraEnv, useTime) {
  const id = ++sequence;
  const probeFile = path.join(tmpRoot, `probe-${id}.jsonl`);
  const timeFile = path.join(tmpRoot, `time-${id}.txt`);
  const env = {
    ...process.env,
    ...extraEnv,
    BENCH_RUSAGE_FILE: probeFile,
    NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require ${JSON.stringify(PROBE)}`].filter(Boolean).join(" "),
  };
  const [file, argv] = useTime ? [TIME_BIN, ["-f", "%M", "-o", timeFile, command, ...args]] : [command, args];
  return new Promise((resolve) => {
    let output = "";
    let exited = 0n;
    const started = process.hrtime.bigint();
    const child = spawn(file, argv, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    const collect = (chunk) => {
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
      let timeKb;
      if (useTime && fs.existsSync(timeFile)) {
        const lines = fs.readFileSync(timeFile, "utf8").trim().split("\n");
        const value = Number(lines[lines.length - 1]);
        timeKb = Number.isFinite(value) ? value : undefined;
      }
      fs.rmSync(probeFile, { force: true });
      fs.rmSync(timeFile, { force: true });
      const largest = processes.reduce((a, b) => (b.maxRssKb > (a?.maxRssKb ?? -1) ? b : a), undefined);
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

/**
 * A measured command. `prepare(run)` returns the extra environment and arguments of one run (fresh
 * output directories); `after(result, run)` inspects or removes them.
 */
function command(key, label, shown, file, args, options = {}) {
  return {
    key,
    label,
    shown,
    file,
    args,
    env: options.env ?? {},
    outdirFor: options.outdirFor,
    parse: options.parse,
    keep: options.keep,
    warmup: options.warmup ?? true,
    runs: [],
    failure: undefined,
  };
}

async function measureRound(commands, round, total, useTime, warmup) {
  for (const cmd of commands) {
    if (cmd.failure || (warmup && !cmd.warmup)) {
      continue;
    }
    const outdir = cmd.outdirFor ? path.join(tmpRoot, `${cmd.key}-${warmup ? "warmup" : round}`) : undefined;
    const args = typeof cmd.args === "function" ? cmd.args(outdir) : cmd.args;
    const env = typeof cmd.env === "function" ? cmd.env(outdir) : cmd.env;
    const result = await runOnce(cmd.file, args, env, useTime);
    const tag = warmup ? "warm-up" : `run ${round}/${total}`;
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

async function measureAll(title, commands, runs, useTime) {
  const warmed = commands.filter((c) => c.warmup).length;
  progress(`\n${title}: ${commands.length} commands, ${runs} runs each, round-robin, after a warm-up run of ${warmed === commands.length ? "each" : `${warmed} of them`}`);
  await measureRound(commands, 0, runs, useTime, true);
  for (let round = 1; round <= runs; round++) {
    await measureRound(commands, round, runs, useTime, false);
  }
}

function lastLines(text, n) {
  return text.trim().split("\n").slice(-n).join("\n");
}

function indent(text) {
  return text
    .split("\n")
    .map((line) => `    | ${line}`)
    .join("\n");
}

// ---------------------------------------------------------------------------------------------
// Statistics and formatting

function stats(values) {
  const sorted = values.filter((v) => typeof v === "number" && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) {
    return undefined;
  }
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1], n: sorted.length };
}

const fmtS = (ms) => (ms === undefined ? "-" : (ms / 1000).toFixed(2));
const fmtMs = (ms) => (ms === undefined ? "-" : ms.toFixed(0));
const fmtMb = (kb) => (kb === undefined ? "-" : (kb / 1024).toFixed(0));
const fmtMb1 = (kb) => (kb === undefined ? "-" : (kb / 1024).toFixed(1));
const fmtKb = (bytes) => (bytes / 1024).toFixed(1);

function spread(s, fmt) {
  return s ? `${fmt(s.median)} (${fmt(s.min)}-${fmt(s.max)})` : "-";
}

function percent(ratio) {
  return ratio === undefined || !Number.isFinite(ratio) ? "-" : `${(ratio * 100).toFixed(0)}%`;
}

function mostCommon(values) {
  const counts = new Map();
  for (const v of values) {
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "-";
}

/** A table printed as aligned text on the terminal and as Markdown in the document. */
function table(title, headers, rows, options = {}) {
  return { title, headers, rows, align: options.align ?? headers.map((_, i) => (i === 0 ? "l" : "r")), notes: options.notes ?? [] };
}

function renderText(t) {
  const widths = t.headers.map((h, i) => Math.max(h.length, ...t.rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => (t.align[i] === "r" ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  const title = t.title.replace(/`/g, "");
  const out = [title, "=".repeat(title.length), line(t.headers), widths.map((w) => "-".repeat(w)).join("  ")];
  out.push(...t.rows.map(line));
  out.push(...t.notes.map((n) => `  * ${n.replace(/`/g, "")}`));
  return out.join("\n");
}

function renderMarkdown(t) {
  const escape = (c) => String(c).replace(/\|/g, "\\|");
  const out = [`## ${t.title}`, "", `| ${t.headers.map(escape).join(" | ")} |`, `|${t.align.map((a) => (a === "r" ? "---:" : "---")).join("|")}|`];
  out.push(...t.rows.map((r) => `| ${r.map(escape).join(" | ")} |`));
  if (t.notes.length) {
    out.push("", ...t.notes.map((n) => `- ${n}`));
  }
  return out.join("\n");
}

// ---------------------------------------------------------------------------------------------
// The machine

function readText(file) {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function tryExec(file, args) {
  try {
    return execFileSync(file, args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
}

function packageVersion(name) {
  try {
    return JSON.parse(readText(path.join(ROOT, "node_modules", name, "package.json"))).version ?? "?";
  } catch {
    return "not installed";
  }
}

function machine() {
  const cpuinfo = readText("/proc/cpuinfo");
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown";
  const memKb = Number(/^MemTotal:\s*(\d+)/m.exec(readText("/proc/meminfo"))?.[1] ?? os.totalmem() / 1024);
  const cgroupMem = readText("/sys/fs/cgroup/memory.max").trim();
  const cgroupCpu = readText("/sys/fs/cgroup/cpu.max").trim().split(/\s+/);
  const limits = [];
  if (cgroupMem && cgroupMem !== "max") {
    limits.push(`memory ${fmtMb(Number(cgroupMem) / 1024)} MB`);
  }
  if (cgroupCpu.length === 2 && cgroupCpu[0] !== "max") {
    limits.push(`CPU ${(Number(cgroupCpu[0]) / Number(cgroupCpu[1])).toFixed(1)} cores`);
  }
  const head = tryExec("git", ["--no-optional-locks", "rev-parse", "--short", "HEAD"]);
  const dirty = head ? tryExec("git", ["--no-optional-locks", "status", "--porcelain", "--untracked-files=no"]) : "";
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    nproc: tryExec("nproc", []) || String(os.availableParallelism?.() ?? os.cpus().length),
    memory: `${(memKb / 1024 / 1024).toFixed(1)} GiB`,
    limits: limits.join(", "),
    cpu: model,
    kernel: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    npm: tryExec("npm", ["--version"]) || "?",
    commit: head ? `${head}${dirty ? " with uncommitted changes" : ""}` : "not a git checkout",
    versions: ["typescript", "cdktf", "cdktf-cli", "ts-node", "@cdktf/provider-aws"].map((p) => `${p} ${packageVersion(p)}`).join(", "),
    load: () => os.loadavg().map((l) => l.toFixed(2)).join(" "),
  };
}

// ---------------------------------------------------------------------------------------------
// Size of the synthesized output

function countBlocks(block) {
  return Object.values(block ?? {}).reduce((n, byType) => n + Object.keys(byType ?? {}).length, 0);
}

/** Files and bytes under a directory (a stack's assets). */
function directorySize(dir) {
  let files = 0;
  let bytes = 0;
  if (!fs.existsSync(dir)) {
    return { files, bytes };
  }
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = directorySize(full);
      files += inner.files;
      bytes += inner.bytes;
    } else if (entry.isFile()) {
      files += 1;
      bytes += fs.statSync(full).size;
    }
  }
  return { files, bytes };
}

/**
 * Per stack: resources, data sources, outputs and bytes of cdk.tf.json (found through
 * manifest.json), plus the asset files next to it. A stack belongs to an environment when it is
 * named `<env>-<layer>` after one of `environmentNames`; the others serve all environments.
 */
function stackSizes(outdir, environmentNames) {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
  return Object.entries(manifest.stacks).map(([name, stack]) => {
    const file = path.join(outdir, stack.synthesizedStackPath ?? path.join("stacks", name, "cdk.tf.json"));
    const text = fs.readFileSync(file, "utf8");
    const json = JSON.parse(text);
    const prefix = name.includes("-") ? name.slice(0, name.indexOf("-")) : "";
    const assets = directorySize(path.join(path.dirname(file), "assets"));
    return {
      name,
      environment: environmentNames.includes(prefix) ? prefix : "",
      resources: countBlocks(json.resource),
      types: Object.keys(json.resource ?? {}).length,
      data: countBlocks(json.data),
      outputs: Object.keys(json.output ?? {}).length,
      bytes: Buffer.byteLength(text),
      assetFiles: assets.files,
      assetBytes: assets.bytes,
    };
  });
}

function sumBy(items, key) {
  return items.reduce((n, item) => n + item[key], 0);
}

/** Names of the real environments, from the build (to tell their stacks from the shared ones). */
function realEnvironmentNames() {
  try {
    return require(path.join(ROOT, "dist", "environments", "index.js")).ENVIRONMENTS.map((e) => e.name);
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const runs = options.runs;
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "chatbot-bench-"));
  const cleanup = () => fs.rmSync(tmpRoot, { recursive: true, force: true });
  process.on("SIGINT", () => {
    cleanup();
    process.exit(130);
  });

  const host = machine();
  const loadBefore = host.load();
  const busy = os.loadavg()[0] > Number(host.nproc) / 2;
  const useTime = hasGnuTime();
  progress(`bench: ${host.cpu}, ${host.nproc} CPUs, ${host.memory}, node ${host.node}; load ${loadBefore}`);
  if (busy) {
    progress(`bench: WARNING: the machine is busy (1-minute load ${os.loadavg()[0].toFixed(2)} on ${host.nproc} CPUs); wall times will come out high`);
  }
  progress(
    useTime
      ? `bench: peak RSS from the per-process probe, cross-checked with ${TIME_BIN} -f %M`
      : `bench: ${TIME_BIN} (GNU time, Debian/Ubuntu package \`time\`) is missing: peak RSS comes from the per-process probe alone, without the cross-check`,
  );
  progress(`bench: temporary outputs in ${tmpRoot}`);

  // 1. Build once, as `npm run synth` does. Nothing below means anything if this fails.
  progress("\nbuild: tsc -p tsconfig.json");
  const build = await runOnce("npx", ["tsc", "-p", "tsconfig.json"], {}, false);
  if (!build.ok) {
    console.error(`bench: the sources do not compile (${build.error}); fix that first:\n${lastLines(build.output, 30)}`);
    cleanup();
    process.exit(1);
  }
  progress(`  ${fmtS(build.wallMs)} s, ${fmtMb(build.peakKb)} MB`);

  const CI_ENV = { CHECKPOINT_DISABLE: "1", CI: "true" };
  const out = (outdir) => ({ CDKTF_OUTDIR: outdir });
  const app = command("app", "node dist/main.js", "(a) node dist/main.js, all envs", "node", ["dist/main.js"], { env: out, outdirFor: true, keep: true });
  const appDev = command("dev", "node dist/main.js --env dev", "(b) node dist/main.js --env dev", "node", ["dist/main.js", "--env", "dev"], { env: out, outdirFor: true });
  const npmSynth = command("npmsynth", "npm run synth", "npm run synth, all envs", "npm", ["run", "synth"], { env: out, outdirFor: true });
  const cli = command("cli", "npx cdktf synth", "(c) npx cdktf synth, all envs", "npx", (outdir) => ["cdktf", "synth", "--output", outdir], { env: CI_ENV, outdirFor: true });
  const typecheck = command("tsc", "tsc --noEmit", "(d) tsc --noEmit", "npx", ["tsc", "-p", "tsconfig.json", "--noEmit"]);
  const typecheckCold = command("tsccold", "tsc --noEmit (cold)", "(d) tsc --noEmit, cold", "npx", ["tsc", "-p", "tsconfig.json", "--noEmit", "--incremental", "false"]);
  const baseline = command("tsnode", "ts-node main.ts", "baseline: ts-node main.ts, all envs", "npx", ["ts-node", "main.ts"], { env: out, outdirFor: true });
  const synthGroup = [app, baseline, appDev, npmSynth, cli, typecheck, typecheckCold];
  await measureAll("synth and type-check", synthGroup, runs, useTime);

  const parseDriver = (output) => {
    const line = output.trim().split("\n").reverse().find((l) => l.startsWith("{"));
    return line ? JSON.parse(line) : undefined;
  };
  // The largest size takes seconds per run: fewer runs, and one warm-up (of the smallest) for all.
  const scaleRuns = Math.min(runs, SCALE_RUNS);
  const scaleGroup = SCALE_SIZES.map((n, i) =>
    command(`scale${n}`, `driver ${n} environments`, `${n}`, "node", (outdir) => [DRIVER, "--count", String(n), "--outdir", outdir], {
      outdirFor: true,
      keep: true,
      parse: parseDriver,
      warmup: i === 0,
    }),
  );
  await measureAll("scale", scaleGroup, scaleRuns, useTime);
  const loadAfter = host.load();

  // ---- Tables
  const tables = [];
  const environmentNames = realEnvironmentNames();
  const wall = (cmd) => stats(cmd.runs.map((r) => r.wallMs));
  const peak = (cmd) => stats(cmd.runs.map((r) => r.peakKb));
  const failures = [...synthGroup, ...scaleGroup].filter((c) => c.failure);

  tables.push(
    table(
      "Synth and type-check",
      ["command", "runs", "wall s: median (min-max)", "peak RSS MB: median (min-max)", "largest process", "tree at once MB, upper bound"],
      synthGroup.map((c) =>
        c.failure && c.runs.length === 0
          ? [c.shown, 0, "failed", "failed", "-", "-"]
          : [c.shown, c.runs.length, spread(wall(c), fmtS), spread(peak(c), fmtMb), mostCommon(c.runs.map((r) => r.largest)), fmtMb(stats(c.runs.map((r) => r.treeKb))?.median)],
      ),
      {
        align: ["l", "r", "r", "r", "l", "r"],
        notes: [
          `(a) \`node dist/main.js\`, the app step of \`npm run synth\`: every environment (the ${environmentNames.length} in \`environments/index.ts\`) and the stacks that serve them all. (b) the same with \`--env dev\`: dev's stacks and those that serve all.`,
          "`npm run synth` end to end: npm, then `tsc -p tsconfig.json` (incremental, nothing to emit), then the app.",
          "(c) `CHECKPOINT_DISABLE=1 CI=true npx cdktf synth --output <tmp>`: the CLI runs `cdktf.json`'s app command, `npx tsc -p tsconfig.json && node dist/main.js`, so it includes an incremental tsc.",
          "(d) `npx tsc -p tsconfig.json --noEmit` as `npm run typecheck` runs it (incremental, reusing `dist/.tsbuildinfo`), and cold with `--incremental false`.",
          "Baseline: `npx ts-node main.ts`, the app command of a `cdktf init` project: ts-node type-checks and compiles the TypeScript sources in memory on every run.",
          `Each command: 1 discarded warm-up run, then ${runs} measured run${runs === 1 ? "" : "s"}, round-robin with the others. Build before measuring (\`tsc -p tsconfig.json\`): ${fmtS(build.wallMs)} s, ${fmtMb(build.peakKb)} MB.`,
        ],
      },
    ),
  );

  const ratio = (a, b, f) => (f(a) && f(b) ? f(a).median / f(b).median : undefined);
  const versus = (ours) => [
    ours.shown,
    percent(ratio(ours, baseline, wall)),
    ratio(ours, baseline, wall) ? `${(1 / ratio(ours, baseline, wall)).toFixed(1)}x` : "-",
    percent(ratio(ours, baseline, peak)),
  ];
  tables.push(
    table("Ours versus the ts-node baseline (medians)", ["ours", "time, ours/baseline", "faster by", "peak RSS, ours/baseline"], [versus(app), versus(appDev), versus(npmSynth), versus(cli)], {
      notes: [`Baseline \`npx ts-node main.ts\`: ${spread(wall(baseline), fmtS)} s, ${spread(peak(baseline), fmtMb)} MB (median (min-max)).`],
    }),
  );

  // Scale.
  const scaleRows = [];
  const marginal = [];
  let previous;
  for (const [i, c] of scaleGroup.entries()) {
    const n = SCALE_SIZES[i];
    if (c.runs.length === 0) {
      scaleRows.push([n, "-", 0, "failed", "failed", "-", "-", "-", "-", "-", "-"]);
      previous = undefined;
      continue;
    }
    const w = wall(c);
    const p = peak(c);
    const synthMs = stats(c.runs.map((r) => r.parsed?.synthMs));
    const sizes = c.kept ? stackSizes(c.kept, []) : [];
    let dMs;
    let dKb;
    if (previous) {
      dMs = (w.median - previous.w.median) / (n - previous.n);
      dKb = (p.median - previous.p.median) / (n - previous.n);
      marginal.push({ from: previous.n, to: n, ms: dMs, kb: dKb });
    }
    scaleRows.push([
      n,
      c.runs[0].parsed?.stacks ?? "-",
      c.runs.length,
      spread(w, fmtS),
      spread(p, fmtMb),
      synthMs ? fmtS(synthMs.median) : "-",
      synthMs ? fmtMs(synthMs.median / n) : "-",
      previous ? `${fmtMs(dMs)} (${previous.n}->${n})` : "-",
      previous ? `${fmtMb1(dKb)} (${previous.n}->${n})` : "-",
      sizes.length ? fmtMb1(sumBy(sizes, "bytes") / 1024) : "-",
      sizes.length ? sumBy(sizes, "resources") : "-",
    ]);
    previous = { n, w, p };
  }
  const templateStacks = app.kept ? stackSizes(app.kept, environmentNames).filter((s) => s.environment === "dev") : [];
  tables.push(
    table(
      "Scale: generated environments in one synth (scripts/bench-driver.js)",
      ["envs", "stacks", "runs", "wall s: median (min-max)", "peak RSS MB: median (min-max)", "synth s in-process", "synth ms/env", "marginal ms/env", "marginal MB/env", "JSON MB", "resources"],
      scaleRows,
      {
        notes: [
          `Each generated environment is a copy of \`dev\` (\`bench001\`, \`bench002\`, ... with VPC CIDRs \`10.<n>.0.0/16\` that no real environment uses)${templateStacks.length ? `: like dev, ${templateStacks.length} stacks, ${sumBy(templateStacks, "resources")} resources, ${fmtKb(sumBy(templateStacks, "bytes"))} KB of JSON` : ""}; plus the stacks that serve all environments.`,
          "Wall and peak RSS are of the whole driver process (Node start-up and module loading included); synth in-process is validation + construct tree + `app.synth()` + moving the output into place, and synth ms/env divides it by the environments.",
          `${scaleRuns} run${scaleRuns === 1 ? "" : "s"} per size (the largest takes the longest), round-robin, after one warm-up run of the smallest.`,
          "Marginal ms/env and MB/env: the difference of the medians between two sizes divided by the environments added, i.e. the cost of one more environment without the fixed start-up.",
        ],
      },
    ),
  );

  // Size.
  if (app.kept) {
    const sizes = stackSizes(app.kept, environmentNames);
    tables.push(
      table(
        "Size per stack (`node dist/main.js`, all environments)",
        ["stack", "resources", "resource types", "data sources", "outputs", "cdk.tf.json KB", "asset files", "assets KB"],
        [
          ...sizes.map((s) => [s.name, s.resources, s.types, s.data, s.outputs, fmtKb(s.bytes), s.assetFiles, fmtKb(s.assetBytes)]),
          ["total", sumBy(sizes, "resources"), "", sumBy(sizes, "data"), sumBy(sizes, "outputs"), fmtKb(sumBy(sizes, "bytes")), sumBy(sizes, "assetFiles"), fmtKb(sumBy(sizes, "assetBytes"))],
        ],
      ),
    );
    const groups = [...new Set(sizes.map((s) => s.environment))].sort((a, b) => (a === "" ? -1 : b === "" ? 1 : 0));
    const common = sizes.filter((s) => s.environment === "");
    tables.push(
      table(
        "Size per environment",
        ["environment", "stacks", "resources", "data sources", "outputs", "JSON KB"],
        groups.map((env) => {
          const own = sizes.filter((s) => s.environment === env);
          return [env || "(serving all)", own.length, sumBy(own, "resources"), sumBy(own, "data"), sumBy(own, "outputs"), fmtKb(sumBy(own, "bytes"))];
        }),
        { notes: common.length ? [`(serving all): ${common.map((s) => s.name).join(", ")}.`] : [] },
      ),
    );
  }

  // Targets.
  const fullRatio = ratio(app, baseline, wall);
  const npmRatio = ratio(npmSynth, baseline, wall);
  const fullPeak = peak(app)?.median;
  const npmPeak = peak(npmSynth)?.median;
  const drift = marginal.length >= 2 && marginal[0].ms > 0 ? marginal[marginal.length - 1].ms / marginal[0].ms : undefined;
  const hundred = scaleGroup[SCALE_SIZES.indexOf(100)];
  const hundredWall = hundred ? wall(hundred)?.median : undefined;
  const verdict = (ok) => (ok === undefined ? "not measured" : ok ? "met" : "NOT met");
  const targetRows = [
    ["full synth time <= 25% of the baseline's", `(a) node dist/main.js: ${percent(fullRatio)} of ts-node`, verdict(fullRatio === undefined ? undefined : fullRatio <= TARGETS.timeRatio)],
    ["same, end to end with the tsc build", `npm run synth: ${percent(npmRatio)} of ts-node`, verdict(npmRatio === undefined ? undefined : npmRatio <= TARGETS.timeRatio)],
    ["full synth peak RSS < 300 MB", `(a) node dist/main.js: ${fmtMb(fullPeak)} MB`, verdict(fullPeak === undefined ? undefined : fullPeak / 1024 < TARGETS.peakMb)],
    ["same, end to end with the tsc build", `npm run synth: ${fmtMb(npmPeak)} MB`, verdict(npmPeak === undefined ? undefined : npmPeak / 1024 < TARGETS.peakMb)],
    [
      "cost per environment roughly constant",
      marginal.length >= 2 ? `marginal ${marginal.map((m) => `${fmtMs(m.ms)} ms/env (${m.from}->${m.to})`).join(", ")}: ratio ${drift?.toFixed(2) ?? "-"} (met if <= ${TARGETS.perEnvDrift}, i.e. no growth)` : "-",
      verdict(drift === undefined ? undefined : drift <= TARGETS.perEnvDrift),
    ],
    ["100 environments well under a minute", `${fmtS(hundredWall)} s (met if <= ${TARGETS.hundredEnvsS} s)`, verdict(hundredWall === undefined ? undefined : hundredWall / 1000 <= TARGETS.hundredEnvsS)],
  ];
  tables.push(table("Targets (reported, not asserted)", ["target", "measured", "result"], targetRows, { align: ["l", "l", "l"] }));

  const crossCheck = (() => {
    if (!useTime) {
      return `\`${TIME_BIN}\` (GNU time, package \`time\`) was not installed: peak RSS comes from the probe alone.`;
    }
    const diffs = [...synthGroup, ...scaleGroup].flatMap((c) => c.runs.filter((r) => r.timeKb !== undefined && r.peakKb !== undefined).map((r) => r.timeKb - r.peakKb));
    if (diffs.length === 0) {
      return `\`${TIME_BIN}\` gave no figures to compare.`;
    }
    const worst = diffs.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a), 0);
    return `Cross-check: \`${TIME_BIN} -f %M\` (ru_maxrss from wait4) differs from the probe's largest process by at most ${fmtMb1(Math.abs(worst))} MB over ${diffs.length} runs (${worst >= 0 ? "time higher" : "probe higher"}).`;
  })();

  // ---- Output
  const header = [
    `Date ${host.date}; ${host.commit}.`,
    `Machine: ${host.cpu}; nproc ${host.nproc}; ${host.memory} RAM${host.limits ? ` (cgroup limits: ${host.limits})` : ""}; ${host.kernel}.`,
    `Node ${host.node}, npm ${host.npm}; ${host.versions}.`,
    `Load average (1/5/15 min) before ${loadBefore}, after ${loadAfter}${busy ? "; the machine was busy with other work when the run started, so wall times are high" : ""}.`,
  ];
  const text = ["", ...header, "", ...tables.map(renderText).join("\n\n").split("\n"), "", crossCheck];
  if (failures.length) {
    text.push("", "Failed commands:", ...failures.map((c) => `  ${c.label}: ${c.failure.split("\n")[0]}`));
  }
  console.log(text.join("\n"));

  if (options.write) {
    const markdown = [
      "# Synth benchmark",
      "",
      "Written by `npm run bench` (`scripts/bench.js`); run it again to refresh. Figures from one run on",
      "the machine below, not assertions: timing never belongs in the tests.",
      "",
      ...header.map((h) => `- ${h}`),
      "",
      "How it measures: each command is a child process; 1 warm-up run is discarded, then the commands",
      "run round-robin. Wall time is spawn to exit. Peak RSS is `ru_maxrss` (getrusage) of every Node",
      "process in the command's tree, recorded at its exit by `scripts/bench-rusage.js` (preloaded through",
      "`NODE_OPTIONS`); the tables show the largest process. For commands that run several processes at",
      "once, \"tree at once\" is an upper bound for all of them together: the largest sum of the peaks of",
      "processes alive at the same moment. MB = MiB. Outputs go to temporary directories;",
      "the repository's `cdktf.out` is not touched.",
      "",
      crossCheck,
      "",
      tables.map(renderMarkdown).join("\n\n"),
      ...(failures.length ? ["", "## Failed commands", "", ...failures.map((c) => `- ${c.label}: ${c.failure.split("\n")[0]}`)] : []),
      "",
    ].join("\n");
    fs.mkdirSync(path.dirname(DOC), { recursive: true });
    fs.writeFileSync(DOC, markdown);
    progress(`\nbench: wrote ${path.relative(ROOT, DOC)}`);
  }
  cleanup();
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  if (tmpRoot) {
    fs.rmSync(tmpRoot, { recursive: true, force: true });
  }
  process.exit(1);
});
