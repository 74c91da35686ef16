/**
 * Rollout churn at a fixed rate: each write flips one pod's readiness (Ready ↔ RunningNotReady on
 * the stage), round robin over the namespace's pods, stamped with a sequence number and the
 * wall-clock write time so every receiver can compute its own latency.
 */
import type { Store } from "@/lib/labcluster/store";
import { STORE, type Pod } from "@/lib/labcluster/kinds";
import { wallMs } from "../lib/clock";
import { podStatus, SEQ_ANNOTATION, WRITTEN_AT_ANNOTATION } from "../lib/synthetic";

export interface Churn {
  stop(): { writes: number; seconds: number; lagMaxMs: number };
  readonly pods: number;
}

function isReady(pod: Pod): boolean {
  const conds: { type: string; status: string }[] = pod.status?.conditions ?? [];
  return conds.some((c) => c.type === "Ready" && c.status === "True");
}

/** Writes `rate` pod updates per second until stopped. `subset` limits churn to the first pods by name. */
export function startChurn(store: Store, namespace: string, rate: number, subset?: number): Churn {
  const names = store.list(STORE.pods, namespace).map((p) => p.metadata.name!);
  const targets = subset ? names.slice(0, subset) : names;
  if (targets.length === 0) throw new Error(`no pods in namespace ${namespace}`);
  const start = Date.now();
  let writes = 0;
  let next = 0;
  let lagMaxMs = 0;
  const write = () => {
    const name = targets[next++ % targets.length]!;
    const cur = store.get(STORE.pods, namespace, name);
    if (!cur) return;
    const seq = writes++;
    const now = store.clock.now();
    const annotations = { ...cur.metadata.annotations, [SEQ_ANNOTATION]: String(seq), [WRITTEN_AT_ANNOTATION]: wallMs().toFixed(3) };
    store.update(STORE.pods, "", {
      ...cur,
      metadata: { ...cur.metadata, annotations },
      status: podStatus(!isReady(cur), cur.status?.podIP ?? "", cur.spec?.nodeName ?? "", now),
    });
  };
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - start) * rate) / 1000);
    // When the process cannot keep up, the backlog shows as lag rather than a silent lower rate.
    lagMaxMs = Math.max(lagMaxMs, ((due - writes) * 1000) / rate);
    while (writes < due) write();
  }, 5);
  return {
    pods: targets.length,
    stop() {
      clearInterval(timer);
      return { writes, seconds: (Date.now() - start) / 1000, lagMaxMs };
    },
  };
}
