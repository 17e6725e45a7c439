/**
 * Bad-input harness: runs the synth's command line (lib/cli.ts runCli) in-process on a changed
 * copy of the real configuration and/or command line, against an output directory that already
 * holds a successful synth, and returns what the user would see and whether that output survived.
 *
 *     const harness = useBadInputHarness(); // once per test file: synthesizes once (beforeAll)
 *
 *     const result = harness.run({ mutate: (c) => { c.env.dev.data.atlas.diskSizeGb = 5; } });
 *     expect(result.exitCode).toBe(1);
 *     expect(result.stderr).toBe("Invalid configuration (1 problem); nothing was synthesized:\n  - dev.data.atlas.diskSizeGb: ...");
 *     expect(result.outBytesUnchanged).toBe(true);
 *
 * `mutate` receives a deep copy of environments/ made in one piece, so it keeps the files'
 * sharing: an object one file exports and several environments use is ONE object in the copy
 * (`c.files.JOB_QUEUES === c.env.dev.data.queues`, and `remote` shares `local`'s data), so editing
 * it is a mistake in that file, seen by every environment using it. To change one environment
 * only, replace the shared object there: `c.env.dev.data = { ...c.env.dev.data, queues: [...] }`.
 * The copy is typed loosely on purpose: the point is to put in what the types forbid.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ENVIRONMENTS, SHARED, STATE } from "../../environments";
import { ADDON_VERSIONS, BACKEND_SCALING, CHART_VERSIONS } from "../../environments/cluster-versions";
import { DATA_BUCKETS, JOB_QUEUES } from "../../environments/data-shapes";
import { loadBackendSettings, parseBackendSettings } from "../../lib/backend";
import { CliDeps, runCli } from "../../lib/cli";
import { buildApp } from "../../stacks";


/** The configuration a mutation edits: a deep copy of environments/, sharing kept (see above). */
export interface MutableConfig {
  /** environments/index.ts ENVIRONMENTS, in order (assign a new list to add or drop one). */
  environments: any[];
  /** The same environments by name: `c.env.dev`. */
  readonly env: Record<string, any>;
  /** environments/shared.ts. */
  shared: any;
  /** environments/accounts.ts STATE. */
  state: any;
  /** Objects of the shared files, as the environments use them (editing one edits every user). */
  readonly files: {
    readonly JOB_QUEUES: any[];
    readonly DATA_BUCKETS: any[];
    readonly ADDON_VERSIONS: any;
    readonly CHART_VERSIONS: any;
    readonly BACKEND_SCALING: any;
  };
}

/** One bad input: any of a changed configuration, command line, environment, backend.tf.json. */
export interface BadInput {
  /** Edits the copy of the configuration in place. */
  readonly mutate?: (config: MutableConfig) => void;
  /** Arguments after `node dist/main.js`. @default [] */
  readonly argv?: readonly string[];
  /** Environment variables besides CDKTF_OUTDIR (e.g. CHATBOT_DEBUG). @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /** Contents of backend.tf.json. @default - the repository's file */
  readonly backend?: unknown;
  /** Replaces other dependencies of the command line, e.g. a buildApp that throws. */
  readonly deps?: Partial<CliDeps>;
}

export interface BadInputResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Every file under the output directory has the same path and bytes as before the run. */
  readonly outBytesUnchanged: boolean;
  /** The output directory of this run (removed with the harness's directory after the test file). */
  readonly outdir: string;
}

export interface BadInputHarness {
  /** Synthesizes the real configuration once; the template every run starts from. */
  setUp(): void;
  /** Runs the command line on one bad input. */
  run(input: BadInput): BadInputResult;
  /** Removes every directory the harness made. */
  tearDown(): void;
}

/** A fresh deep copy of environments/, made in one piece so that shared objects stay shared. */
export function copyConfig(): MutableConfig {
  const copy = structuredClone({ environments: ENVIRONMENTS, shared: SHARED, state: STATE, files: { JOB_QUEUES, DATA_BUCKETS, ADDON_VERSIONS, CHART_VERSIONS, BACKEND_SCALING } });
  const config: MutableConfig = {
    environments: copy.environments as any[],
    env: Object.fromEntries(copy.environments.map((e) => [e.name, e])),
    shared: copy.shared,
    state: copy.state,
    files: copy.files as MutableConfig["files"],
  };
  return config;
}

/** sha256 of every file under `dir`, by path relative to it. */
function hashTree(dir: string): Map<string, string> {
  const hashes = new Map<string, string>();
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) {
        walk(p);
      } else {
        hashes.set(path.relative(dir, p), createHash("sha256").update(fs.readFileSync(p)).digest("hex"));
      }
    }
  };
  if (fs.existsSync(dir)) {
    walk(dir);
  }
  return hashes;
}

function sameTree(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([file, hash]) => b.get(file) === hash);
}

/** The harness without test-framework hooks (useBadInputHarness registers them). */
export function createBadInputHarness(): BadInputHarness {
  let root: string | undefined;
  let template: string | undefined;
  let runs = 0;
  return {
    setUp() {
      root = fs.mkdtempSync(path.join(os.tmpdir(), "bad-input-"));
      template = path.join(root, "template", "cdktf.out");
      const stderr: string[] = [];
      const code = runCli([], { env: { CDKTF_OUTDIR: template } }, { stdout: () => undefined, stderr: (t) => stderr.push(t) });
      if (code !== 0) {
        throw new Error(`the real configuration does not synthesize, so no bad input can be told apart:\n${stderr.join("")}`);
      }
    },
    run(input) {
      if (root === undefined || template === undefined) {
        throw new Error("call setUp() first (useBadInputHarness() does it in beforeAll)");
      }
      const outdir = path.join(root, `run-${++runs}`, "cdktf.out");
      fs.cpSync(template, outdir, { recursive: true });
      const before = hashTree(outdir);
      const config = copyConfig();
      input.mutate?.(config);
      const out: string[] = [];
      const err: string[] = [];
      const deps: Partial<CliDeps> = {
        environments: config.environments,
        shared: config.shared,
        state: config.state,
        loadBackendSettings:
          input.backend === undefined
            ? (stateAccountId) => loadBackendSettings(undefined, stateAccountId)
            : (stateAccountId) => parseBackendSettings(input.backend, "backend.tf.json", stateAccountId),
        buildApp,
        env: { ...input.env, CDKTF_OUTDIR: outdir },
        ...input.deps,
      };
      const exitCode = runCli(input.argv ?? [], deps, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
      return { exitCode, stdout: out.join(""), stderr: err.join(""), outBytesUnchanged: sameTree(before, hashTree(outdir)), outdir };
    },
    tearDown() {
      if (root !== undefined) {
        fs.rmSync(root, { recursive: true, force: true });
      }
      root = undefined;
    },
  };
}

/** The harness for one jest test file: sets up in beforeAll, tears down in afterAll. */
export function useBadInputHarness(): Pick<BadInputHarness, "run"> {
  const harness = createBadInputHarness();
  beforeAll(() => harness.setUp(), 120_000);
  afterAll(() => harness.tearDown());
  return { run: (input) => harness.run(input) };
}

/** One problem of a report, as ConfigError formats it: `  - <what>`, `    allowed: ...`, `    fix: ...`. */
export function problem(what: string, allowed: string, fix: string): string {
  return `  - ${what}\n    allowed: ${allowed}\n    fix: ${fix}`;
}

/** The whole stderr of a run whose input has exactly these problems. */
export function report(...problems: string[]): string {
  return `Invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}); nothing was synthesized:\n${problems.join("\n")}\n`;
}

/** A line of a Node stack trace. */
export const STACK_FRAME = /^\s+at /m;

/**
 * What every refused bad input must show: exactly `expected` on stderr, nothing on stdout, exit 1,
 * no stack trace, and the previous output directory byte for byte.
 */
export function expectRefused(result: BadInputResult, expected: string): void {
  expect(result.stderr).toBe(expected);
  expect(result.exitCode).toBe(1);
  expect(result.stdout).toBe("");
  expect(result.stderr).not.toMatch(STACK_FRAME);
  expect(result.outBytesUnchanged).toBe(true);
}
