#!/usr/bin/env node
/**
 * Monthly cost estimate: `npm run cost` (issue 8). Prints the estimate and writes it to docs/cost.md.
 *
 *   npm run cost                      # build, synthesize into a temporary directory, price, write docs/cost.md
 *   npm run cost -- --no-write        # print only, leave docs/cost.md alone
 *   npm run cost -- --from cdktf.out  # price an existing synthesized output instead of synthesizing
 *
 * What it prices is what the app synthesizes, not the environment configs: it runs
 * `npm run --silent build` and `node dist/main.js` with CDKTF_OUTDIR set to a temporary directory
 * (the repository's cdktf.out is never touched), reads it with the cdktf.out reader
 * (tools/lib/cdktf-out) and walks the resources of every stack. A resource type prices the same
 * way wherever it appears, so stacks that do not exist yet (`<env>-data`, `<env>-platform`) are
 * priced as soon as they are synthesized.
 *
 * Prices come only from pricing/ap-southeast-2.json (each with its source page, as_of date and a
 * confidence); usage that a price needs (requests, GB) comes only from the named ASSUMPTIONS
 * (./assumptions), printed with the output. A resource type with no price rule (./rules), or a
 * rule whose price is missing from the data file, is reported as "unknown: <type>" and adds
 * nothing: nothing is guessed. Resources of a provider aliased to another region (us-east-1, for
 * the CloudFront edge) are priced at that region's prices (the data file's `regions`) or at a price
 * that is the same everywhere (`scope: global`), else reported as unknown.
 *
 * The report gives each environment's sourced share: the part of its total resting only on prices
 * read from a dated source page (not marked `verify`); __tests__/cost.test.ts checks it.
 *
 * Grouping (./grouping): `<env>-<layer>` stacks belong to their environment; `shared-<account>`
 * belongs to the environment whose stacks use that account (the AWS provider's
 * allowed_account_ids), otherwise, like `bootstrap`, to "shared" (state and registry).
 * Environments in EXCLUDED_ENVIRONMENTS are left out of the tables and the totals.
 *
 * Months are 730 hours. Amounts are summed unrounded and rounded to cents for display, so a total
 * can differ by a cent from the sum of the rounded lines.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CdktfOut, CdktfOutError } from "../lib/cdktf-out";
import { repoRoot } from "../lib/repo";
import { renderMarkdown, renderText } from "./doc";
import { costStack, groupStacks } from "./grouping";
import { loadPrices, PriceFile, PriceFileError } from "./prices";
import { priceAll } from "./pricing";
import { buildDoc } from "./report";

const ROOT = repoRoot();
const PRICE_FILE = path.join(ROOT, "pricing", "ap-southeast-2.json");
const DOC = path.join(ROOT, "docs", "cost.md");
const USAGE = "usage: npm run cost [-- --no-write] [--from <synthesized dir>]";

/** Parsed command line. */
export interface CostOptions {
  /** Write docs/cost.md as well as printing. @default true */
  readonly write: boolean;
  /** A synthesized directory to price instead of synthesizing. @default - synthesize into a temporary directory */
  readonly from: string | null;
  /** Print the usage and stop. @default false */
  readonly help: boolean;
}

/** A wrong argument or a failed step: printed as `cost: <message>`, exit 2. */
export class CostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CostError";
  }
}

export function parseArgs(argv: readonly string[]): CostOptions {
  let write = true;
  let from: string | null = null;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--no-write") {
      write = false;
    } else if (arg === "--from") {
      from = argv[++i];
      if (!from) {
        throw new CostError("--from needs a directory holding manifest.json, e.g. --from cdktf.out");
      }
    } else if (arg.startsWith("--from=")) {
      from = arg.slice("--from=".length);
    } else if (arg === "--help" || arg === "-h") {
      help = true;
      break;
    } else {
      throw new CostError(`unknown argument ${arg}; ${USAGE}`);
    }
  }
  return { write, from, help };
}

/** Builds and runs the app into a fresh temporary directory; returns [outdir, cleanup]. */
function synthesizeIntoTemp(): [string, () => void] {
  try {
    execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  } catch (err) {
    throw new CostError(`npm run build failed (exit ${(err as { status?: number }).status}); the sources must compile before they can be priced`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "chatbot-cost-"));
  const outdir = path.join(tmp, "out");
  const cleanup = (): void => fs.rmSync(tmp, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, [path.join(ROOT, "dist", "main.js")], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
      stdio: ["ignore", "ignore", "inherit"],
    });
  } catch (err) {
    cleanup();
    throw new CostError(`node dist/main.js failed (exit ${(err as { status?: number }).status}); nothing was priced`);
  }
  return [outdir, cleanup];
}

/** Reads a synthesized directory; a missing manifest says how to get one. */
function readOut(outdir: string): CdktfOut {
  const manifestFile = CdktfOut.manifestFile(outdir);
  if (!fs.existsSync(manifestFile)) {
    throw new CostError(`${manifestFile} does not exist; synthesize first or point --from at a synthesized directory`);
  }
  return CdktfOut.read(outdir);
}

/** The report as terminal text and as Markdown, from a synthesized app and the price data. */
export function estimate(out: CdktfOut, prices: PriceFile, source: string): { text: string; markdown: string } {
  const stacks = out.stacks().map(costStack);
  const report = priceAll(groupStacks(stacks), prices);
  const doc = buildDoc(report, prices, { stackCount: stacks.length, source });
  return { text: renderText(doc), markdown: renderMarkdown(doc) };
}

export function main(argv: readonly string[]): void {
  const options = parseArgs(argv);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const prices = loadPrices(PRICE_FILE, path.relative(ROOT, PRICE_FILE));
  let outdir: string;
  let cleanup = (): void => {};
  let source: string;
  if (options.from) {
    outdir = path.resolve(ROOT, options.from);
    source = `\`${path.relative(ROOT, outdir) || "."}\``;
  } else {
    [outdir, cleanup] = synthesizeIntoTemp();
    source = "`npm run build` and `node dist/main.js` into a temporary directory";
  }
  let out: CdktfOut;
  try {
    out = readOut(outdir);
  } finally {
    cleanup();
  }
  const { text, markdown } = estimate(out, prices, source);

  process.stdout.write(text);
  if (options.write) {
    fs.mkdirSync(path.dirname(DOC), { recursive: true });
    fs.writeFileSync(DOC, markdown);
    process.stderr.write(`\nwrote ${path.relative(ROOT, DOC)}\n`);
  }
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof CostError || err instanceof PriceFileError || err instanceof CdktfOutError)) throw err;
    console.error(`cost: ${err.message}`);
    process.exitCode = 2;
  }
}
