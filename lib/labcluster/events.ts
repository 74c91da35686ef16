import { isoTime } from "./clock";
import type { Store } from "./store";
import type { KObj } from "./types";

/**
 * Records a core/v1 Event the way client-go's EventRecorder does: identical events (same
 * involved object, type, reason, message and component) are aggregated into one Event whose
 * `count` and `lastTimestamp` grow, so `kubectl describe` shows "(x3 over 20s)" like a real cluster.
 * Events live in the shared "events" storage that both core/v1 and events.k8s.io/v1 serve.
 */
export function recordEvent(
  store: Store,
  obj: KObj,
  type: "Normal" | "Warning",
  reason: string,
  message: string,
  component: string,
): void {
  // Cluster-scoped objects (Nodes) get their events in "default", as the real recorder does.
  const namespace = obj.metadata.namespace || "default";
  const now = store.clock.now();
  const ts = isoTime(now);
  const aggKey = [namespace, obj.kind, obj.metadata.name, obj.metadata.uid, type, reason, message, component].join("\u0000");
  const seen = seenEvents(store);
  const prevName = seen.get(aggKey);
  const prev = prevName ? store.get("events", namespace, prevName) : undefined;
  if (prev) {
    const next: KObj = structuredClone(prev);
    next.count = (typeof prev.count === "number" ? prev.count : 1) + 1;
    next.lastTimestamp = ts;
    delete next.metadata.resourceVersion; // the recorder patches; no optimistic lock
    store.update("events", "", next);
    return;
  }
  const name = uniqueName(store, namespace, obj.metadata.name ?? "unknown", now);
  const ev: KObj = {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name, namespace },
    involvedObject: {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      name: obj.metadata.name,
      ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
    },
    reason,
    message,
    source: { component },
    firstTimestamp: ts,
    lastTimestamp: ts,
    count: 1,
    type,
    eventTime: null,
    reportingComponent: component,
    reportingInstance: "",
  };
  store.create("events", "", ev);
  seen.set(aggKey, name);
  // Forget the oldest keys in a long session; a forgotten key only starts a new Event.
  if (seen.size > MAX_AGGREGATION_KEYS) seen.delete(seen.keys().next().value!);
}

const MAX_AGGREGATION_KEYS = 4096;

const seenByStore = new WeakMap<Store, Map<string, string>>();

function seenEvents(store: Store): Map<string, string> {
  let m = seenByStore.get(store);
  if (!m) seenByStore.set(store, (m = new Map()));
  return m;
}

// The real recorder names events `<object>.<hex unix nanos>`; simulated time can stand still
// (ManualClock), so bump until the name is free.
function uniqueName(store: Store, ns: string, base: string, nowMs: number): string {
  let nanos = BigInt(Math.floor(nowMs)) * 1_000_000n;
  for (;;) {
    const name = `${base}.${nanos.toString(16)}`;
    if (!store.get("events", ns, name)) return name;
    nanos += 1n;
  }
}
