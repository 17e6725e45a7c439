/**
 * Writes a copy of a synthesized stack without the parts of providers that are unavailable on this
 * machine, and prints what was not checked: scripts/validate.sh validates that copy when a stack
 * needs such a provider (a partial result). The rules are in ./strip-unavailable/strip.ts.
 *
 * Usage:
 *   node dist/tools/strip-unavailable.js IN.json OUT.json --unavailable NS/TYPE=WHY [--unavailable ...]
 *     Writes the stripped copy to OUT.json and prints the report: one summary line (what was not
 *     checked and why), then detail lines indented by 8 spaces.
 */
import * as fs from "fs";
import { CdktfOutError, readStackFile } from "./lib/cdktf-out";
import { formatJsonLikePython } from "./lib/json";
import { describeReport, normalizeSource, strip, StripError } from "./strip-unavailable/strip";

const USAGE = "usage: strip-unavailable IN.json OUT.json --unavailable NS/TYPE=WHY [--unavailable NS/TYPE=WHY ...]";

/** The command line, read: the files and, per normalized provider source, why it is unavailable. */
export interface StripArgs {
  readonly input: string;
  readonly output: string;
  readonly unavailable: ReadonlyMap<string, string>;
}

/** Reads the command line; throws a `UsageError` naming what is wrong. */
export function parseArgs(argv: readonly string[]): StripArgs {
  const files: string[] = [];
  const specs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--unavailable") {
      if (i + 1 >= argv.length) throw new UsageError("--unavailable needs a value NS/TYPE=WHY");
      specs.push(argv[++i]);
    } else if (a.startsWith("--unavailable=")) {
      specs.push(a.slice("--unavailable=".length));
    } else if (a.startsWith("-") && a !== "-") {
      throw new UsageError(`unknown option ${a}`);
    } else {
      files.push(a);
    }
  }
  if (files.length > 2) throw new UsageError(`unexpected argument ${files[2]}`);
  if (files.length < 2 || specs.length === 0) throw new UsageError("IN.json OUT.json and at least one --unavailable are required");
  const unavailable = new Map<string, string>();
  for (const spec of specs) {
    const at = spec.indexOf("=");
    const source = at < 0 ? spec : spec.slice(0, at);
    const why = at < 0 ? "" : spec.slice(at + 1);
    unavailable.set(normalizeSource(source), why || `provider ${source} unavailable`);
  }
  return { input: files[0], output: files[1], unavailable };
}

/** A command line that cannot be run. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Strips IN into OUT; returns the report text. */
export function run(args: StripArgs): string {
  const { config, report } = strip(readStackFile(args.input).raw, args.unavailable);
  fs.writeFileSync(args.output, formatJsonLikePython(config, 2) + "\n");
  return describeReport(report);
}

function main(argv: readonly string[]): number {
  if (argv.includes("-h") || argv.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  let args: StripArgs;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${USAGE}\nstrip-unavailable: error: ${err.message}`);
    return 2;
  }
  try {
    console.log(run(args));
    return 0;
  } catch (err) {
    if (err instanceof StripError || err instanceof CdktfOutError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
