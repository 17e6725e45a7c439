/**
 * Statistics and formatting for `npm run bench`: medians with their spread, and tables printed as
 * aligned text on the terminal and as Markdown in docs/benchmarks.md.
 */

/** Median, min and max of a series of measurements, and how many there were. */
export interface Stats {
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly n: number;
}

/** The statistics of the finite numbers among `values`; undefined when there are none. */
export function stats(values: readonly (number | undefined)[]): Stats | undefined {
  const sorted = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) {
    return undefined;
  }
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1], n: sorted.length };
}

/** Milliseconds as seconds with two decimals. */
export const fmtS = (ms: number | undefined): string => (ms === undefined ? "-" : (ms / 1000).toFixed(2));
/** Milliseconds, whole. */
export const fmtMs = (ms: number | undefined): string => (ms === undefined ? "-" : ms.toFixed(0));
/** KiB as whole MiB. */
export const fmtMb = (kb: number | undefined): string => (kb === undefined ? "-" : (kb / 1024).toFixed(0));
/** KiB as MiB with one decimal. */
export const fmtMb1 = (kb: number | undefined): string => (kb === undefined ? "-" : (kb / 1024).toFixed(1));
/** Bytes as KiB with one decimal. */
export const fmtKb = (bytes: number): string => (bytes / 1024).toFixed(1);

/** `median (min-max)` in the given format, or `-`. */
export function spread(s: Stats | undefined, fmt: (value: number) => string): string {
  return s ? `${fmt(s.median)} (${fmt(s.min)}-${fmt(s.max)})` : "-";
}

/** A ratio as a whole percentage, or `-`. */
export function percent(ratio: number | undefined): string {
  return ratio === undefined || !Number.isFinite(ratio) ? "-" : `${(ratio * 100).toFixed(0)}%`;
}

/** The value seen most often, or `-`. */
export function mostCommon(values: readonly (string | undefined)[]): string {
  const counts = new Map<string | undefined, number>();
  for (const v of values) {
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "-";
}

/** Left or right alignment of a column. */
export type Align = "l" | "r";

/** A cell of a table. */
export type Cell = string | number;

/** A table with its title and the notes printed under it. */
export interface Table {
  readonly title: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  readonly align: readonly Align[];
  readonly notes: readonly string[];
}

/**
 * A table printed as aligned text on the terminal and as Markdown in the document.
 * @param options.align per column; @default - the first column left, the others right
 * @param options.notes @default - none
 */
export function table(title: string, headers: readonly string[], rows: readonly (readonly Cell[])[], options: { align?: readonly Align[]; notes?: readonly string[] } = {}): Table {
  return { title, headers, rows, align: options.align ?? headers.map((_, i) => (i === 0 ? "l" : "r")), notes: options.notes ?? [] };
}

export function renderText(t: Table): string {
  const widths = t.headers.map((h, i) => Math.max(h.length, ...t.rows.map((r) => String(r[i]).length)));
  const line = (cells: readonly Cell[]): string =>
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

export function renderMarkdown(t: Table): string {
  const escape = (c: Cell): string => String(c).replace(/\|/g, "\\|");
  const out = [`## ${t.title}`, "", `| ${t.headers.map(escape).join(" | ")} |`, `|${t.align.map((a) => (a === "r" ? "---:" : "---")).join("|")}|`];
  out.push(...t.rows.map((r) => `| ${r.map(escape).join(" | ")} |`));
  if (t.notes.length) {
    out.push("", ...t.notes.map((n) => `- ${n}`));
  }
  return out.join("\n");
}

/** The last `n` lines of a text. */
export function lastLines(text: string, n: number): string {
  return text.trim().split("\n").slice(-n).join("\n");
}

/** A text indented as quoted output under a progress line. */
export function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `    | ${line}`)
    .join("\n");
}
