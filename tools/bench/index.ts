/**
 * Synth benchmark: `npm run bench` (issue 7). Prints figures and writes them to docs/benchmarks.md;
 * it asserts nothing (targets are reported as met or not, the exit code only says whether every
 * command ran). Timing never belongs in the tests.
 *
 *   npm run bench                       # 5 runs (3 for the scale sizes and jest), about a quarter of an hour on 2 cores
 *   npm run bench -- --runs 3           # fewer runs
 *   npm run bench -- --no-jest          # leave jest out (it takes most of the time)
 *   npm run bench -- --no-write         # print only, leave docs/benchmarks.md alone
 *
 * What is measured, each as its own child process, after one discarded warm-up run (for the scale
 * sizes, one warm-up of the smallest, and 3 runs each):
 *   - `node dist/main.js` (all environments, the app step of `npm run synth`) and `--env dev`;
 *   - `npm run synth` end to end, warm (in the repository, after the build) and cold (each run in
 *     a fresh copy of the working tree as a clone would have it: no dist/, nothing cached);
 *   - `npx cdktf synth` through the CLI (CHECKPOINT_DISABLE=1, CI=true; it runs cdktf.json's app);
 *   - the type-check `npx tsc -p tsconfig.json --noEmit` as `npm run typecheck` runs it (incremental,
 *     reusing dist/.tsbuildinfo) and cold (`--incremental false`);
 *   - the baseline: the same app run the way a `cdktf init` project runs it, `npx ts-node main.ts`
 *     (ts-node type-checks and compiles the TypeScript sources on every run);
 *   - jest (`npx jest --ci`), warm (its transform cache filled by the warm-up run) and cold (an
 *     empty cache directory for every run), 3 runs each;
 *   - scale: tools/bench/driver.ts synthesizing 3, 30 and 100 generated environments;
 *   - size: resources and bytes of JSON per stack and per environment, from a synthesized output.
 * The commands are run round-robin (run 1 of each, then run 2 of each, ...) so that a burst of
 * load on the machine hits all of them alike. Every output goes to a temporary directory
 * (CDKTF_OUTDIR, `cdktf synth --output`, the driver's --outdir): the repository's cdktf.out is never
 * touched. The sources are type-checked and compiled once first (`tsc -p tsconfig.json`, i.e.
 * `npm run build`); the benchmark stops there if they do not compile.
 *
 * Wall time: from spawn to the exit of the child, measured with process.hrtime in this process.
 *
 * Peak memory: every Node process in the measured tree preloads the probe (tools/bench/rusage.ts,
 * compiled, copied to the scratch directory so that a rebuild during the run cannot touch it)
 * through NODE_OPTIONS=--require, which on exit records its own `ru_maxrss` (getrusage, via
 * process.resourceUsage().maxRSS): the kernel's exact high-water mark of resident memory for that
 * process, with no polling and no missed short peak. "Peak RSS" below is the largest of those, the
 * process that needed the most memory (the same meaning as the "maximum resident set size" of
 * `/usr/bin/time -v`, which reports the largest process of the tree it waited for). For commands
 * that keep several processes alive at once (npm, npx, the cdktf CLI around the app, jest and its
 * workers) the table also shows an upper bound for the whole tree: the largest sum of the peaks of
 * processes that were alive at the same moment (from the start and end times the probe records).
 * The only processes not seen are non-Node ones (`sh` between npm/npx and their command, esbuild,
 * a few MB).
 *
 * When GNU time is installed (Debian/Ubuntu package `time`, /usr/bin/time), every run is also
 * wrapped in `/usr/bin/time -f %M`, which gets ru_maxrss from wait4() independently, and the largest
 * difference between the two is reported as a cross-check; when it is missing the benchmark says so
 * and uses the probe alone. MB means MiB.
 *
 * docs/benchmarks.md is rewritten up to KEPT_MARKER; what follows the marker is written by hand
 * (the before/after record of a change) and kept as it is.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { DriverReport } from "./driver";
import { machine, readText } from "./machine";
import { command, Command, freshCheckout, hasGnuTime, progress, Runner, TIME_BIN } from "./measure";
import { fmtKb, fmtMb, fmtMb1, fmtMs, fmtS, lastLines, mostCommon, percent, renderMarkdown, renderText, spread, stats, Table, table } from "./report";
import { stackSizes, sumBy } from "./sizes";

/** The repository: two levels up from tools/bench, three from its compiled dist/tools/bench. */
const ROOT = [path.resolve(__dirname, "..", ".."), path.resolve(__dirname, "..", "..", "..")].find((dir) => fs.existsSync(path.join(dir, "package.json"))) ?? process.cwd();
const PROBE = path.join(__dirname, "rusage.js");
const DRIVER = path.join(__dirname, "driver.js");
const DOC = path.join(ROOT, "docs", "benchmarks.md");
const SCALE_SIZES = [3, 30, 100];
const SCALE_RUNS = 3;
const JEST_RUNS = 3;

/** The line after which docs/benchmarks.md is written by hand; the benchmark keeps it and what follows. */
export const KEPT_MARKER = "<!-- Written by hand from here on: npm run bench keeps this line and what follows. -->";

const TARGETS = {
  timeRatio: 0.25, // full synth <= 25% of the baseline's wall time
  peakMb: 300, // full synth below 300 MB peak RSS
  perEnvDrift: 1.5, // marginal cost per environment for 30 -> 100 within 1.5x of 3 -> 30
  hundredEnvsS: 30, // "well under a minute": at most 30 s for 100 environments
  synthOverApp: 1.3, // `npm run synth` end to end at most 1.3x the built app alone, warm and cold
};

interface Options {
  readonly runs: number;
  readonly write: boolean;
  readonly jest: boolean;
}

// ---------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv: readonly string[]): Options {
  const options = { runs: 5, write: true, jest: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--runs") {
      options.runs = Number(argv[++i]);
    } else if (arg.startsWith("--runs=")) {
      options.runs = Number(arg.slice("--runs=".length));
    } else if (arg === "--no-write") {
      options.write = false;
    } else if (arg === "--no-jest") {
      options.jest = false;
    } else {
      fail(`unknown argument ${arg}; usage: npm run bench [-- --runs N] [--no-jest] [--no-write]`);
    }
  }
  if (!Number.isInteger(options.runs) || options.runs < 1 || options.runs > 50) {
    fail("--runs takes a whole number from 1 to 50");
  }
  return options;
}

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// The repository

/** Names of the real environments, from the build (to tell their stacks from the shared ones). */
function realEnvironmentNames(): string[] {
  try {
    const { ENVIRONMENTS } = require(path.join(ROOT, "dist", "environments", "index.js")) as typeof import("../../environments");
    return ENVIRONMENTS.map((e) => e.name);
  } catch {
    return [];
  }
}

/** An npm script of package.json, or "?" (the tables say what the measured command ran). */
function npmScript(name: string): string {
  try {
    return (JSON.parse(readText(path.join(ROOT, "package.json"))) as { scripts?: Record<string, string> }).scripts?.[name] ?? "?";
  } catch {
    return "?";
  }
}

/** cdktf.json's app command, or "?". */
function cdktfApp(): string {
  try {
    return (JSON.parse(readText(path.join(ROOT, "cdktf.json"))) as { app?: string }).app ?? "?";
  } catch {
    return "?";
  }
}

/** Inline code in Markdown, with a fence long enough for any backquotes inside. */
function code(text: string): string {
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const runs = options.runs;
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "chatbot-bench-"));
  const cleanup = (): void => fs.rmSync(tmpRoot, { recursive: true, force: true });
  process.on("SIGINT", () => {
    cleanup();
    process.exit(130);
  });
  try {
    await bench(options, runs, tmpRoot);
  } finally {
    cleanup();
  }
}

async function bench(options: Options, runs: number, tmpRoot: string): Promise<void> {
  const host = machine(ROOT);
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
  // The probe is copied out of dist/: `npm run synth` rewrites dist/ while processes preload it.
  const probe = path.join(tmpRoot, "rusage.js");
  fs.copyFileSync(PROBE, probe);
  const runner = new Runner(ROOT, tmpRoot, probe, useTime);

  // 1. Type-check and build once, as `npm run build` does. Nothing below means anything if this fails.
  progress("\nbuild: tsc -p tsconfig.json");
  const build = await runner.runOnce("npx", ["tsc", "-p", "tsconfig.json"], {}, false);
  if (!build.ok) {
    console.error(`bench: the sources do not compile (${build.error}); fix that first:\n${lastLines(build.output, 30)}`);
    process.exitCode = 1;
    return;
  }
  progress(`  ${fmtS(build.wallMs)} s, ${fmtMb(build.peakKb)} MB`);

  const CI_ENV = { CHECKPOINT_DISABLE: "1", CI: "true" };
  const out = (outdir: string | undefined): Record<string, string> => ({ CDKTF_OUTDIR: outdir ?? "" });
  const inScratch = (outdir: string | undefined): Record<string, string> => ({ CDKTF_OUTDIR: path.join(outdir ?? "", "cdktf.out") });
  const app = command("app", "node dist/main.js", "(a) node dist/main.js, all envs", "node", ["dist/main.js"], { env: out, outdirFor: true, keep: true });
  const appDev = command("dev", "node dist/main.js --env dev", "(b) node dist/main.js --env dev", "node", ["dist/main.js", "--env", "dev"], { env: out, outdirFor: true });
  const npmSynth = command("npmsynth", "npm run synth", "npm run synth, all envs", "npm", ["run", "synth"], { env: out, outdirFor: true });
  const npmSynthCold = command("npmsynthcold", "npm run synth (cold)", "npm run synth, all envs, cold", "npm", ["run", "synth"], {
    env: inScratch,
    outdirFor: true,
    cwd: (scratch) => freshCheckout(ROOT, path.join(scratch, "checkout")),
  });
  const cli = command("cli", "npx cdktf synth", "(c) npx cdktf synth, all envs", "npx", (outdir) => ["cdktf", "synth", "--output", outdir ?? ""], { env: CI_ENV, outdirFor: true });
  const typecheck = command("tsc", "tsc --noEmit", "(d) tsc --noEmit", "npx", ["tsc", "-p", "tsconfig.json", "--noEmit"]);
  const typecheckCold = command("tsccold", "tsc --noEmit (cold)", "(d) tsc --noEmit, cold", "npx", ["tsc", "-p", "tsconfig.json", "--noEmit", "--incremental", "false"]);
  const baseline = command("tsnode", "ts-node main.ts", "baseline: ts-node main.ts, all envs", "npx", ["ts-node", "main.ts"], { env: out, outdirFor: true });
  const synthGroup: Command[] = [app, baseline, appDev, npmSynth, npmSynthCold, cli, typecheck, typecheckCold];
  await runner.measureAll("synth and type-check", synthGroup, runs);

  // jest takes a minute or more per run: fewer runs. The cold runs take no warm-up (each has an empty cache).
  const jestRuns = Math.min(runs, JEST_RUNS);
  const jestWarm = command("jest", "npx jest", "(e) npx jest --ci", "npx", ["jest", "--ci"]);
  const jestCold = command("jestcold", "npx jest (cold)", "(e) npx jest --ci, cold", "npx", (scratch) => ["jest", "--ci", "--cacheDirectory", path.join(scratch ?? "", "jest-cache")], {
    outdirFor: true,
    warmup: false,
  });
  const jestGroup: Command[] = options.jest ? [jestWarm, jestCold] : [];
  if (options.jest) {
    await runner.measureAll("jest", jestGroup, jestRuns);
  }

  const parseDriver = (output: string): DriverReport | undefined => {
    const line = output
      .trim()
      .split("\n")
      .reverse()
      .find((l) => l.startsWith("{"));
    return line ? (JSON.parse(line) as DriverReport) : undefined;
  };
  // The largest size takes seconds per run: fewer runs, and one warm-up (of the smallest) for all.
  const scaleRuns = Math.min(runs, SCALE_RUNS);
  const scaleGroup = SCALE_SIZES.map((n, i) =>
    command<DriverReport>(`scale${n}`, `driver ${n} environments`, `${n}`, "node", (outdir) => [DRIVER, "--count", String(n), "--outdir", outdir ?? ""], {
      outdirFor: true,
      keep: true,
      parse: parseDriver,
      warmup: i === 0,
    }),
  );
  await runner.measureAll("scale", scaleGroup, scaleRuns);
  const loadAfter = host.load();

  // ---- Tables
  const tables: Table[] = [];
  const environmentNames = realEnvironmentNames();
  const wall = (cmd: Command): ReturnType<typeof stats> => stats(cmd.runs.map((r) => r.wallMs));
  const peak = (cmd: Command): ReturnType<typeof stats> => stats(cmd.runs.map((r) => r.peakKb));
  const failures = [...synthGroup, ...jestGroup, ...scaleGroup].filter((c) => c.failure);
  const timingRow = (c: Command): (string | number)[] =>
    c.failure && c.runs.length === 0
      ? [c.shown, 0, "failed", "failed", "-", "-"]
      : [c.shown, c.runs.length, spread(wall(c), fmtS), spread(peak(c), fmtMb), mostCommon(c.runs.map((r) => r.largest)), fmtMb(stats(c.runs.map((r) => r.treeKb))?.median)];
  const timingHeaders = ["command", "runs", "wall s: median (min-max)", "peak RSS MB: median (min-max)", "largest process", "tree at once MB, upper bound"];
  const timingAlign = ["l", "r", "r", "r", "l", "r"] as const;

  tables.push(
    table("Synth and type-check", timingHeaders, synthGroup.map(timingRow), {
      align: timingAlign,
      notes: [
        `(a) \`node dist/main.js\`, the app step of \`npm run synth\`: every environment (the ${environmentNames.length} in \`environments/index.ts\`) and the stacks that serve them all. (b) the same with \`--env dev\`: dev's stacks and those that serve all.`,
        `\`npm run synth\` end to end: npm, then ${code(npmScript("synth"))}. Warm: in the repository, after the build. Cold: every run in a fresh copy of the working tree (what \`git clone\` gives: no \`dist/\`, no \`.tsbuildinfo\`, nothing cached; \`node_modules\` linked, not copied), the copy made before the clock starts.`,
        `(c) \`CHECKPOINT_DISABLE=1 CI=true npx cdktf synth --output <tmp>\`: the CLI runs \`cdktf.json\`'s app command, ${code(cdktfApp())}.`,
        "(d) `npx tsc -p tsconfig.json --noEmit` as `npm run typecheck` runs it (incremental, reusing `dist/.tsbuildinfo`), and cold with `--incremental false`.",
        "Baseline: `npx ts-node main.ts`, the app command of a `cdktf init` project: ts-node type-checks and compiles the TypeScript sources in memory on every run.",
        `Each command: 1 discarded warm-up run, then ${runs} measured run${runs === 1 ? "" : "s"}, round-robin with the others. Build before measuring (\`tsc -p tsconfig.json\`): ${fmtS(build.wallMs)} s, ${fmtMb(build.peakKb)} MB.`,
      ],
    }),
  );

  if (options.jest) {
    tables.push(
      table("Unit tests (jest)", timingHeaders, jestGroup.map(timingRow), {
        align: timingAlign,
        notes: [
          `(e) \`npx jest --ci\` in the repository, every suite, after the build (\`main.test.ts\` runs \`dist/main.js\`); \`npm test\` runs ${code(npmScript("test"))}, so the type-check (d) comes on top. Warm: jest's transform cache filled by a discarded warm-up run. Cold: an empty \`--cacheDirectory\` for every run, no warm-up.`,
          `${jestRuns} run${jestRuns === 1 ? "" : "s"} each, round-robin.`,
        ],
      }),
    );
  }

  const ratio = (a: Command, b: Command, f: (c: Command) => ReturnType<typeof stats>): number | undefined => {
    const x = f(a);
    const y = f(b);
    return x && y ? x.median / y.median : undefined;
  };
  const versus = (ours: Command): string[] => {
    const r = ratio(ours, baseline, wall);
    return [ours.shown, percent(r), r ? `${(1 / r).toFixed(1)}x` : "-", percent(ratio(ours, baseline, peak))];
  };
  tables.push(
    table("Ours versus the ts-node baseline (medians)", ["ours", "time, ours/baseline", "faster by", "peak RSS, ours/baseline"], [versus(app), versus(appDev), versus(npmSynth), versus(npmSynthCold), versus(cli)], {
      notes: [`Baseline \`npx ts-node main.ts\`: ${spread(wall(baseline), fmtS)} s, ${spread(peak(baseline), fmtMb)} MB (median (min-max)).`],
    }),
  );

  // Scale.
  const scaleRows: (string | number)[][] = [];
  const marginal: { from: number; to: number; ms: number; kb: number }[] = [];
  let previous: { n: number; w: NonNullable<ReturnType<typeof stats>>; p: NonNullable<ReturnType<typeof stats>> } | undefined;
  for (const [i, c] of scaleGroup.entries()) {
    const n = SCALE_SIZES[i];
    const w = wall(c);
    const p = peak(c);
    if (c.runs.length === 0 || !w || !p) {
      scaleRows.push([n, "-", 0, "failed", "failed", "-", "-", "-", "-", "-", "-"]);
      previous = undefined;
      continue;
    }
    const synthMs = stats(c.runs.map((r) => r.parsed?.synthMs));
    const sizes = c.kept ? stackSizes(c.kept, []) : [];
    let dMs = 0;
    let dKb = 0;
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
      "Scale: generated environments in one synth (tools/bench/driver.ts)",
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
  const overApp = ratio(npmSynth, app, wall);
  const overAppCold = ratio(npmSynthCold, app, wall);
  const fullPeak = peak(app)?.median;
  const npmPeak = peak(npmSynth)?.median;
  const drift = marginal.length >= 2 && marginal[0].ms > 0 ? marginal[marginal.length - 1].ms / marginal[0].ms : undefined;
  const hundred = scaleGroup[SCALE_SIZES.indexOf(100)];
  const hundredWall = hundred ? wall(hundred)?.median : undefined;
  const verdict = (ok: boolean | undefined): string => (ok === undefined ? "not measured" : ok ? "met" : "NOT met");
  const times = (r: number | undefined): string => (r === undefined ? "-" : `${r.toFixed(2)}x`);
  const targetRows = [
    ["full synth time <= 25% of the baseline's", `(a) node dist/main.js: ${percent(fullRatio)} of ts-node`, verdict(fullRatio === undefined ? undefined : fullRatio <= TARGETS.timeRatio)],
    ["same, end to end with the build", `npm run synth: ${percent(npmRatio)} of ts-node`, verdict(npmRatio === undefined ? undefined : npmRatio <= TARGETS.timeRatio)],
    [`npm run synth <= ${TARGETS.synthOverApp}x the built app alone, warm`, `${times(overApp)} (a)`, verdict(overApp === undefined ? undefined : overApp <= TARGETS.synthOverApp)],
    [`same, cold (fresh clone)`, `${times(overAppCold)} (a)`, verdict(overAppCold === undefined ? undefined : overAppCold <= TARGETS.synthOverApp)],
    ["full synth peak RSS < 300 MB", `(a) node dist/main.js: ${fmtMb(fullPeak)} MB`, verdict(fullPeak === undefined ? undefined : fullPeak / 1024 < TARGETS.peakMb)],
    ["same, end to end with the build", `npm run synth: ${fmtMb(npmPeak)} MB`, verdict(npmPeak === undefined ? undefined : npmPeak / 1024 < TARGETS.peakMb)],
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
    const diffs = [...synthGroup, ...jestGroup, ...scaleGroup].flatMap((c) =>
      c.runs.flatMap((r) => (r.timeKb !== undefined && r.peakKb !== undefined ? [r.timeKb - r.peakKb] : [])),
    );
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
    text.push("", "Failed commands:", ...failures.map((c) => `  ${c.label}: ${(c.failure ?? "").split("\n")[0]}`));
  }
  console.log(text.join("\n"));

  if (options.write) {
    const previousDoc = readText(DOC);
    const kept = previousDoc.includes(KEPT_MARKER) ? previousDoc.slice(previousDoc.indexOf(KEPT_MARKER)) : "";
    const markdown = [
      "# Synth benchmark",
      "",
      "Written by `npm run bench` (`tools/bench/`); run it again to refresh. Figures from one run on",
      "the machine below, not assertions: timing never belongs in the tests.",
      ...(kept ? ["", "The before/after record of changes to the build is kept by hand at the end."] : []),
      "",
      ...header.map((h) => `- ${h}`),
      "",
      "How it measures: each command is a child process; 1 warm-up run is discarded, then the commands",
      "run round-robin. Wall time is spawn to exit. Peak RSS is `ru_maxrss` (getrusage) of every Node",
      "process in the command's tree, recorded at its exit by `tools/bench/rusage.ts` (preloaded through",
      "`NODE_OPTIONS`); the tables show the largest process. For commands that run several processes at",
      "once, \"tree at once\" is an upper bound for all of them together: the largest sum of the peaks of",
      "processes alive at the same moment. MB = MiB. Outputs go to temporary directories;",
      "the repository's `cdktf.out` is not touched.",
      "",
      crossCheck,
      "",
      tables.map(renderMarkdown).join("\n\n"),
      ...(failures.length ? ["", "## Failed commands", "", ...failures.map((c) => `- ${c.label}: ${(c.failure ?? "").split("\n")[0]}`)] : []),
      "",
      ...(kept ? [kept.trimEnd(), ""] : []),
    ].join("\n");
    fs.mkdirSync(path.dirname(DOC), { recursive: true });
    fs.writeFileSync(DOC, markdown);
    progress(`\nbench: wrote ${path.relative(ROOT, DOC)}`);
  }
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
