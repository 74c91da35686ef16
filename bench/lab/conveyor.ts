/**
 * Motion for the frame-rate figure: every `intervalMs`, each ReplicaSet of the namespace loses
 * its oldest pod and gains a new one. On the stage the old glyph leaves, every glyph behind it
 * slides one slot and the new one enters, so nearly every pod of every lane is moving.
 */
import type { Store } from "@/lib/labcluster/store";
import type { KObj } from "@/lib/labcluster/types";
import type { Churn } from "./churn";

export function startConveyor(store: Store, namespace: string, intervalMs: number): Churn {
  const lanes = new Map<string, string[]>();
  for (const p of store.list("pods", namespace)) {
    const owner = p.metadata.ownerReferences?.find((r) => r.controller)?.name ?? "";
    let lane = lanes.get(owner);
    if (!lane) lanes.set(owner, (lane = []));
    lane.push(p.metadata.name!);
  }
  const start = Date.now();
  let writes = 0;
  let counter = 0;
  const tick = () => {
    for (const [owner, lane] of lanes) {
      const oldest = lane.shift();
      if (!oldest) continue;
      const pod = store.get("pods", namespace, oldest);
      if (!pod) continue;
      store.remove("pods", "", namespace, oldest);
      // Zero-padded so creation order and name order agree within one second.
      const name = `${owner}-c${String(counter++).padStart(6, "0")}`;
      const fresh: KObj = { ...pod, metadata: { ...pod.metadata, name } };
      delete fresh.metadata.uid;
      delete fresh.metadata.resourceVersion;
      delete fresh.metadata.creationTimestamp;
      store.create("pods", "", fresh);
      lane.push(name);
      writes += 2;
    }
  };
  const timer = setInterval(tick, intervalMs);
  let pods = 0;
  for (const lane of lanes.values()) pods += lane.length;
  return {
    pods,
    stop() {
      clearInterval(timer);
      return { writes, seconds: (Date.now() - start) / 1000, lagMaxMs: 0 };
    },
  };
}
