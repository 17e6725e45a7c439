/**
 * The order the fake cloud tier applies one environment in: bootstrap, then the environment's
 * stacks and the shared stacks they depend on, each after its dependencies (the manifest's
 * cross-stack references), layers in their natural order among the stacks that are ready.
 */
import { Manifest } from "../lib/cdktf-out";

/** Layers by stack name prefix (`shared-<account>`) or suffix (`<env>-network`), first to last. */
export const LAYER_ORDER = ["bootstrap", "shared", "network", "data", "platform", "serverless", "delivery", "edge", "apps", "observability"] as const;

/** No stack is ready while some are left: the manifest's dependencies form a cycle (or name a missing stack). */
export class ApplyOrderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ApplyOrderError";
  }
}

/** The stacks to apply for `environment`, in order, bootstrap first. */
export function applyOrder(manifest: Manifest, environment: string): string[] {
  const stacks = manifest.stacks;
  const dependenciesOf = (name: string): readonly string[] => {
    const entry = stacks[name];
    if (entry === undefined) throw new ApplyOrderError(`stack ${name} is a dependency but not in the manifest; synthesize again`);
    return entry.dependencies;
  };
  const wanted = new Set(Object.keys(stacks).filter((s) => s.startsWith(`${environment}-`)));
  const todo = [...wanted];
  while (todo.length > 0) {
    for (const dep of dependenciesOf(todo.pop() as string)) {
      if (!wanted.has(dep)) {
        wanted.add(dep);
        todo.push(dep);
      }
    }
  }
  const layers: readonly string[] = LAYER_ORDER;
  const layer = (s: string): number => {
    const head = s.split("-")[0];
    const i = layers.indexOf(layers.includes(head) ? head : s.split("-").slice(1).join("-"));
    if (i < 0) throw new ApplyOrderError(`stack ${s} is in no layer of ${LAYER_ORDER.join(", ")}; add its layer to LAYER_ORDER`);
    return i;
  };
  const byRank = (a: string, b: string): number => layer(a) - layer(b) || (a < b ? -1 : a > b ? 1 : 0);
  const order = ["bootstrap"];
  const done = new Set(order);
  while (done.size < wanted.size + 1) {
    // Every ready stack is ranked, so a stack in no layer fails even when it is the only one ready.
    const ready = [...wanted].filter((s) => !done.has(s) && dependenciesOf(s).every((d) => done.has(d)));
    ready.forEach(layer);
    ready.sort(byRank);
    if (ready.length === 0) {
      const left = [...wanted].filter((s) => !done.has(s)).sort();
      throw new ApplyOrderError(`dependency cycle among [${left.map((s) => `'${s}'`).join(", ")}]`);
    }
    order.push(ready[0]);
    done.add(ready[0]);
  }
  return order;
}
