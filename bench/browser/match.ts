/**
 * Pairs what the page painted with what kubectl received: a paint of pod P in state S belongs to
 * the latest churn write of P to that readiness written before the paint.
 */
import type { BaselineEvent } from "./kubectl-baseline";

export interface PagePaint {
  pod: string;
  state: string;
  mutatedAt: number;
  paintedAt: number;
}

export interface Matched {
  /** paint − kubectl receipt, ms (can be negative when the page beat kubectl). */
  behindKubectl: number;
  /** paint − store write, ms. */
  pageLatency: number;
  /** kubectl receipt − store write, ms. */
  kubectlLatency: number;
}

export function matchPaints(paints: readonly PagePaint[], byPod: ReadonlyMap<string, readonly BaselineEvent[]>): Matched[] {
  const out: Matched[] = [];
  const used = new Set<BaselineEvent>();
  for (const p of paints) {
    const ready = p.state === "Ready";
    const events = byPod.get(p.pod);
    if (!events) continue;
    let best: BaselineEvent | undefined;
    for (const e of events) if (e.ready === ready && e.writtenAt <= p.paintedAt && (!best || e.writtenAt > best.writtenAt)) best = e;
    if (!best || used.has(best)) continue;
    used.add(best);
    out.push({
      behindKubectl: p.paintedAt - best.receivedAt,
      pageLatency: p.paintedAt - best.writtenAt,
      kubectlLatency: best.receivedAt - best.writtenAt,
    });
  }
  return out;
}

export function baselineCount(byPod: ReadonlyMap<string, readonly BaselineEvent[]>): number {
  let n = 0;
  for (const list of byPod.values()) n += list.length;
  return n;
}

/**
 * The baseline narrowed to pods of the lanes the page draws (pods are named `<replicaset>-…`):
 * stages away from the viewport are placeholders, so only these writes can be painted.
 */
export function onDrawnLanes(
  byPod: ReadonlyMap<string, readonly BaselineEvent[]>,
  lanes: readonly string[],
): Map<string, readonly BaselineEvent[]> {
  const prefixes = new Set(lanes.map((l) => `${l}-`));
  const out = new Map<string, readonly BaselineEvent[]>();
  for (const [pod, events] of byPod) {
    const cut = pod.lastIndexOf("-");
    if (cut > 0 && prefixes.has(pod.slice(0, cut + 1))) out.set(pod, events);
  }
  return out;
}
