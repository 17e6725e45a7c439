/**
 * The report as blocks (headings, paragraphs, lists, tables, code), rendered twice: as terminal
 * text (printed) and as Markdown (docs/cost.md). A block can be left out of one of the two.
 */

/** Where a block appears. */
export interface BlockOptions {
  /** Only in the Markdown file. @default false */
  readonly mdOnly?: boolean;
  /** Only in the terminal text. @default false */
  readonly textOnly?: boolean;
}

/** A table column. */
export interface Column {
  readonly title: string;
  /** @default "left" */
  readonly align?: "left" | "right";
}

/** A table row: cells, or a rule (a line of dashes in the text, nothing in Markdown). */
export type Row = { readonly cells: readonly string[]; readonly bold?: boolean; readonly rule?: undefined } | { readonly rule: true };

export type Block =
  | ({ readonly kind: "h"; readonly level: number; readonly text: string } & BlockOptions)
  | ({ readonly kind: "p"; readonly text: string } & BlockOptions)
  | ({ readonly kind: "list"; readonly items: readonly string[] } & BlockOptions)
  | ({ readonly kind: "table"; readonly columns: readonly Column[]; readonly rows: readonly Row[] } & BlockOptions)
  | ({ readonly kind: "code"; readonly lines: readonly string[] } & BlockOptions);

export class Doc {
  readonly blocks: Block[] = [];

  h(level: number, text: string, opts: BlockOptions = {}): void {
    this.blocks.push({ kind: "h", level, text, ...opts });
  }

  p(text: string, opts: BlockOptions = {}): void {
    this.blocks.push({ kind: "p", text, ...opts });
  }

  list(items: readonly string[], opts: BlockOptions = {}): void {
    this.blocks.push({ kind: "list", items, ...opts });
  }

  table(columns: readonly Column[], rows: readonly Row[], opts: BlockOptions = {}): void {
    this.blocks.push({ kind: "table", columns, rows, ...opts });
  }

  code(lines: readonly string[], opts: BlockOptions = {}): void {
    this.blocks.push({ kind: "code", lines, ...opts });
  }
}

export function renderText(doc: Doc): string {
  const out: string[] = [];
  for (const b of doc.blocks) {
    if (b.mdOnly) continue;
    switch (b.kind) {
      case "h":
        out.push("", b.level <= 2 ? b.text.toUpperCase() : b.text, b.level <= 2 ? "=".repeat(b.text.length) : "-".repeat(b.text.length));
        break;
      case "p":
        out.push("", ...wrap(stripMd(b.text), 100));
        break;
      case "list":
        out.push("");
        for (const item of b.items) {
          const lines = wrap(stripMd(item), 96);
          out.push(`  - ${lines[0]}`, ...lines.slice(1).map((l) => `    ${l}`));
        }
        break;
      case "code":
        out.push("", ...b.lines.map((l) => `  ${l}`));
        break;
      case "table": {
        const cells = b.rows.map((r) => (r.rule ? null : r.cells.map((c) => stripMd(String(c)))));
        const widths = b.columns.map((c, i) => Math.max(c.title.length, ...cells.filter((r): r is string[] => r !== null).map((r) => r[i].length)));
        const fmt = (row: readonly string[]): string =>
          row
            .map((c, i) => (b.columns[i].align === "right" ? c.padStart(widths[i]) : c.padEnd(widths[i])))
            .join("  ")
            .trimEnd();
        out.push("", fmt(b.columns.map((c) => c.title)), widths.map((w) => "-".repeat(w)).join("  "));
        for (const r of cells) {
          out.push(r ? fmt(r) : widths.map((w) => "-".repeat(w)).join("  "));
        }
        break;
      }
    }
  }
  return out.join("\n").replace(/^\n+/, "") + "\n";
}

export function renderMarkdown(doc: Doc): string {
  const out: string[] = [];
  for (const b of doc.blocks) {
    if (b.textOnly) continue;
    switch (b.kind) {
      case "h":
        out.push("", `${"#".repeat(b.level)} ${b.text}`);
        break;
      case "p":
        out.push("", b.text);
        break;
      case "list":
        out.push("", ...b.items.map((i) => `- ${i}`));
        break;
      case "code":
        out.push("", "```", ...b.lines, "```");
        break;
      case "table":
        out.push("", `| ${b.columns.map((c) => c.title).join(" | ")} |`, `|${b.columns.map((c) => (c.align === "right" ? "---:" : "---")).join("|")}|`);
        for (const r of b.rows) {
          if (r.rule) continue;
          const cells = r.cells.map((c) => String(c).replace(/\|/g, "\\|"));
          out.push(`| ${(r.bold ? cells.map((c) => (c ? `**${c}**` : c)) : cells).join(" | ")} |`);
        }
        break;
    }
  }
  return out.join("\n").replace(/^\n+/, "") + "\n";
}

function stripMd(s: string): string {
  return s.replace(/\*\*/g, "").replace(/`/g, "");
}

/** Words to lines of at most `width` characters (a longer word gets a line of its own). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const word of para.split(/ +/)) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(line);
  }
  return lines;
}
