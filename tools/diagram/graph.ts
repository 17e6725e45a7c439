/**
 * The diagram model: nodes, subgraphs and edges with ids derived from stable names, written out as
 * a Mermaid `flowchart`. Labels are escaped here, so the text is always in the subset of Mermaid
 * that `checkMermaid` (./check) accepts.
 */

/** Words Mermaid reads as keywords: never used as ids. */
export const RESERVED_IDS: ReadonlySet<string> = new Set(["end", "subgraph", "graph", "flowchart", "style", "class", "classdef", "click", "call", "linkstyle", "default", "direction", "href"]);

/** Node shapes and their Mermaid brackets. */
export const SHAPES = {
  box: ["[", "]"],
  round: ["(", ")"],
  stadium: ["([", "])"],
  cylinder: ["[(", ")]"],
  circle: ["((", "))"],
  hexagon: ["{{", "}}"],
  subroutine: ["[[", "]]"],
} as const satisfies Record<string, readonly [string, string]>;

export type Shape = keyof typeof SHAPES;

/** Node classes (fill, stroke, text colour). */
export const CLASS_DEFS = {
  external: "fill:#f3f4f6,stroke:#6b7280,color:#111827",
  github: "fill:#24292e,stroke:#24292e,color:#ffffff",
  compute: "fill:#ff9900,stroke:#b45309,color:#111827",
  api: "fill:#fbcfe8,stroke:#be185d,color:#111827",
  subnet: "fill:#ede9fe,stroke:#6d28d9,color:#111827",
  gateway: "fill:#fde68a,stroke:#b45309,color:#111827",
  endpoint: "fill:#d1fae5,stroke:#065f46,color:#111827",
  store: "fill:#bfdbfe,stroke:#1d4ed8,color:#111827",
  iam: "fill:#fee2e2,stroke:#b91c1c,color:#111827",
} as const;

export type NodeClass = keyof typeof CLASS_DEFS;

/** Subgraph styles. */
export const SUBGRAPH_STYLES = {
  account: "fill:#fffbeb,stroke:#d97706",
  vpc: "fill:#faf5ff,stroke:#7c3aed",
  tier: "fill:#ffffff,stroke:#a78bfa",
  group: "fill:#ffffff,stroke:#9ca3af",
} as const;

export type SubgraphStyle = keyof typeof SUBGRAPH_STYLES;

/** Edge styles and their arrows. */
const ARROWS = { solid: "-->", dotted: "-.->", thick: "==>", link: "-.-" } as const;

export type EdgeStyle = keyof typeof ARROWS;

/** Mermaid text for a label: entity codes for the characters Mermaid or HTML would interpret. */
export function escapeText(text: unknown): string {
  return String(text)
    .replace(/#/g, "#35;")
    .replace(/&/g, "#amp;")
    .replace(/"/g, "#quot;")
    .replace(/</g, "#lt;")
    .replace(/>/g, "#gt;");
}

/** A label of several lines (empty ones dropped). */
export function lines(...parts: unknown[]): string {
  return parts
    .filter((p) => p !== undefined && p !== null && p !== "")
    .map(escapeText)
    .join("<br/>");
}

/** A Mermaid id from any text: letters, digits and `_`, starting with a letter, not a keyword. */
export function sanitizeId(text: unknown): string {
  let id = String(text)
    .replace(/[^A-Za-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .replace(/_+/g, "_");
  if (!/^[A-Za-z]/.test(id)) id = `n_${id}`;
  if (RESERVED_IDS.has(id.toLowerCase())) id = `${id}_`;
  return id;
}

export interface GraphNode {
  readonly id: string;
  /** Escaped label (see `lines`). */
  readonly label: string;
  /** Subgraph it is drawn in. @default - top level */
  readonly parent?: string;
  readonly shape: Shape;
  /** @default - no class */
  readonly cls?: NodeClass;
}

export interface Subgraph {
  readonly id: string;
  /** Escaped title; changed once the content is known (e.g. "no default route"). */
  label: string;
  /** @default - top level */
  readonly parent?: string;
  /** @default - Mermaid's default */
  readonly style?: SubgraphStyle;
}

export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly style: EdgeStyle;
  /** Escaped labels of every edge merged into this one. */
  readonly labels: string[];
}

/** Where a subgraph or node goes, and the key that makes a second call return the same id. */
export interface PlaceOptions {
  /** @default - top level */
  readonly parent?: string;
  /** @default - the same base name gets a new id each call */
  readonly key?: string;
}

export interface SubgraphOptions extends PlaceOptions {
  readonly style?: SubgraphStyle;
}

export interface NodeOptions extends PlaceOptions {
  /** @default "box" */
  readonly shape?: Shape;
  readonly cls?: NodeClass;
}

/** Nodes, subgraphs and edges of one diagram; ids are unique and derived from stable names. */
export class Graph {
  readonly nodes = new Map<string, GraphNode>();
  readonly subgraphs = new Map<string, Subgraph>();
  readonly edges = new Map<string, Edge>();
  readonly usedIds = new Set<string>();
  readonly byKey = new Map<string, string>();

  /** A unique id from a stable base name; the same key always gets the same id. */
  allocate(base: string, key?: string): string {
    const known = key ? this.byKey.get(key) : undefined;
    if (known !== undefined) return known;
    const root = sanitizeId(base);
    let id = root;
    for (let i = 2; this.usedIds.has(id); i++) id = `${root}_${i}`;
    this.usedIds.add(id);
    if (key) this.byKey.set(key, id);
    return id;
  }

  subgraph(base: string, label: string, { parent, style, key }: SubgraphOptions = {}): string {
    const known = key ? this.byKey.get(key) : undefined;
    if (known !== undefined) return known;
    const id = this.allocate(base, key);
    this.subgraphs.set(id, { id, label, parent, style });
    return id;
  }

  node(base: string, label: string, { parent, shape = "box", cls, key }: NodeOptions = {}): string {
    const known = key ? this.byKey.get(key) : undefined;
    if (known !== undefined) return known;
    const id = this.allocate(base, key);
    this.nodes.set(id, { id, label, parent, shape, cls });
    return id;
  }

  has(id: string): boolean {
    return this.nodes.has(id) || this.subgraphs.has(id);
  }

  /**
   * An edge; a second edge between the same ends in the same style merges its label in.
   * The label is plain text, or an array of lines.
   */
  edge(from: string | undefined, to: string | undefined, text?: string | readonly string[], style: EdgeStyle = "solid"): void {
    if (!from || !to || from === to) return;
    const label = text === undefined || text === "" ? undefined : (typeof text === "string" ? [text] : text).map(escapeText).join("<br/>");
    const key = `${from}|${to}|${style}`;
    const existing = this.edges.get(key);
    if (existing) {
      if (label && !existing.labels.includes(label)) existing.labels.push(label);
      return;
    }
    this.edges.set(key, { from, to, style, labels: label ? [label] : [] });
  }

  /** The Mermaid text, with `header` as `%%` comment lines; empty subgraphs and edges to them are left out. */
  toMermaid(header: readonly string[]): string {
    const out: string[] = [];
    for (const line of header) out.push(`%% ${line}`);
    out.push("flowchart LR");
    const children = (parent: string | undefined): { nodes: GraphNode[]; subgraphs: Subgraph[] } => ({
      nodes: [...this.nodes.values()].filter((n) => n.parent === parent),
      subgraphs: [...this.subgraphs.values()].filter((s) => s.parent === parent),
    });
    const nonEmpty = (id: string): boolean => {
      const c = children(id);
      return c.nodes.length > 0 || c.subgraphs.some((s) => nonEmpty(s.id));
    };
    const emit = (parent: string | undefined, indent: string): void => {
      const c = children(parent);
      for (const n of c.nodes) {
        const [open, close] = SHAPES[n.shape];
        out.push(`${indent}${n.id}${open}"${n.label}"${close}`);
      }
      for (const s of c.subgraphs) {
        if (!nonEmpty(s.id)) continue;
        out.push(`${indent}subgraph ${s.id}["${s.label}"]`);
        emit(s.id, `${indent}  `);
        out.push(`${indent}end`);
      }
    };
    emit(undefined, "  ");
    const visible = (id: string): boolean => this.nodes.has(id) || (this.subgraphs.has(id) && nonEmpty(id));
    for (const e of this.edges.values()) {
      if (!visible(e.from) || !visible(e.to)) continue;
      const text = e.labels.length ? `|"${e.labels.join("<br/>")}"|` : "";
      out.push(`  ${e.from} ${ARROWS[e.style]}${text} ${e.to}`);
    }
    for (const [name, def] of Object.entries(CLASS_DEFS)) out.push(`  classDef ${name} ${def};`);
    for (const name of Object.keys(CLASS_DEFS)) {
      const members = [...this.nodes.values()].filter((n) => n.cls === name).map((n) => n.id);
      if (members.length) out.push(`  class ${members.join(",")} ${name};`);
    }
    for (const s of this.subgraphs.values()) {
      if (s.style && nonEmpty(s.id)) out.push(`  style ${s.id} ${SUBGRAPH_STYLES[s.style]}`);
    }
    return `${out.join("\n")}\n`;
  }
}
