/**
 * Line-by-line check of the Mermaid subset the diagram writes: the header, balanced
 * subgraph/end, ids that are plain identifiers and not keywords, quoted labels without raw
 * quotes, no id declared twice, edges between declared ids, classes that are defined.
 * Runs on every diagram, with or without Chromium.
 */
import { RESERVED_IDS, SHAPES } from "./graph";

/** Problems of a diagram's text, each with its line number; empty when it is well formed. */
export function checkMermaid(text: string): string[] {
  const problems: string[] = [];
  const declared = new Set<string>();
  const edges: [string, string, number][] = [];
  const classDefs = new Set<string>();
  const classUses: [string[], string, number][] = [];
  const styled: [string, number][] = [];
  let depth = 0;
  let sawHeader = false;
  const ID = "[A-Za-z][A-Za-z0-9_]*";
  const LABEL = '"[^"]*"';
  const shapes = Object.values(SHAPES).map(([o, c]) => `${o.replace(/[[\](){}]/g, "\\$&")}${LABEL}${c.replace(/[[\](){}]/g, "\\$&")}`);
  const nodeRe = new RegExp(`^(${ID})(?:${shapes.join("|")})$`);
  const subgraphRe = new RegExp(`^subgraph (${ID})\\[${LABEL}\\]$`);
  const edgeRe = new RegExp(`^(${ID}) (-->|-\\.->|==>|-\\.-)(?:\\|${LABEL}\\|)? (${ID})$`);
  const declare = (id: string, n: number): void => {
    if (RESERVED_IDS.has(id.toLowerCase())) problems.push(`line ${n}: id "${id}" is a Mermaid keyword`);
    if (declared.has(id)) problems.push(`line ${n}: id "${id}" declared twice`);
    declared.add(id);
  };
  text.split("\n").forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    if (line === "" || line.startsWith("%%")) return;
    if (!sawHeader) {
      if (!/^flowchart (LR|RL|TB|TD|BT)$/.test(line)) problems.push(`line ${n}: expected "flowchart <direction>" first, got "${line}"`);
      sawHeader = true;
      return;
    }
    let m: RegExpExecArray | null;
    if ((m = subgraphRe.exec(line))) {
      declare(m[1], n);
      if (line.includes("<br/>")) problems.push(`line ${n}: subgraph title of "${m[1]}" spans lines (Mermaid draws it over the content)`);
      depth++;
    } else if (line === "end") {
      if (--depth < 0) problems.push(`line ${n}: "end" without a subgraph`);
    } else if ((m = nodeRe.exec(line))) {
      declare(m[1], n);
    } else if ((m = edgeRe.exec(line))) {
      edges.push([m[1], m[3], n]);
    } else if ((m = /^classDef ([A-Za-z][A-Za-z0-9_]*) [a-z-]+:[^;\s]+(?:,[a-z-]+:[^;\s]+)*;$/.exec(line))) {
      classDefs.add(m[1]);
    } else if ((m = new RegExp(`^class (${ID}(?:,${ID})*) (${ID});$`).exec(line))) {
      classUses.push([m[1].split(","), m[2], n]);
    } else if ((m = new RegExp(`^style (${ID}) [a-z-]+:[^;\\s]+(?:,[a-z-]+:[^;\\s]+)*$`).exec(line))) {
      styled.push([m[1], n]);
    } else {
      problems.push(`line ${n}: not a recognized statement: "${line}"`);
    }
  });
  if (!sawHeader) problems.push("empty diagram");
  if (depth !== 0) problems.push(`${depth} subgraph(s) not closed with "end"`);
  for (const [from, to, n] of edges) for (const id of [from, to]) if (!declared.has(id)) problems.push(`line ${n}: edge end "${id}" is not declared`);
  for (const [ids, cls, n] of classUses) {
    if (!classDefs.has(cls)) problems.push(`line ${n}: class "${cls}" has no classDef`);
    for (const id of ids) if (!declared.has(id)) problems.push(`line ${n}: class on undeclared "${id}"`);
  }
  for (const [id, n] of styled) if (!declared.has(id)) problems.push(`line ${n}: style on undeclared "${id}"`);
  return problems;
}
