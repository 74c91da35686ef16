import { isoTime } from "./clock";
import type { Store } from "./store";
import type { KObj } from "./types";

/**
 * Records a core/v1 Event the way client-go's EventRecorder does (tools/record/events_cache.go
 * EventCorrelator):
 * - identical events (same involved object, type, reason, message and component) are one Event
 *   whose `count` and `lastTimestamp` grow, so `kubectl describe` shows "(x3 over 20s)";
 * - EventAggregator: once one source has sent 10 distinct messages with the same reason about an
 *   object within 10 minutes of each other, further ones go to a single
 *   "(combined from similar events): <latest message>" Event whose count grows;
 * - EventSourceObjectSpamFilter: a token bucket per source, object and type (burst 25, one more
 *   every 5 minutes); an event without a token is dropped.
 * Events live in the shared "events" storage that both core/v1 and events.k8s.io/v1 serve.
 */
export function recordEvent(store: Store, obj: KObj, type: "Normal" | "Warning", reason: string, message: string, component: string): void {
  // Cluster-scoped objects (Nodes) get their events in "default", as the real recorder does.
  const namespace = obj.metadata.namespace || "default";
  const now = store.clock.now();
  const ts = isoTime(now);
  const state = correlatorOf(store);
  const objectKey = [component, obj.kind, obj.metadata.namespace ?? "", obj.metadata.name, obj.metadata.uid, obj.apiVersion].join("\u0000");

  // EventAggregate: distinct messages per (source, object, type, reason).
  const aggregateKey = [objectKey, type, reason].join("\u0000");
  let agg = state.aggregates.get(aggregateKey);
  if (!agg || now - agg.last > AGGREGATE_INTERVAL_MS) agg = { messages: new Set(), last: now };
  agg.messages.add(message);
  agg.last = now;
  state.aggregates.set(aggregateKey, agg);
  let key = [objectKey, type, reason, message].join("\u0000");
  let shownMessage = message;
  let combined = false;
  if (agg.messages.size >= AGGREGATE_MAX_EVENTS) {
    // PopAny: the set never grows past the threshold.
    agg.messages.delete(agg.messages.values().next().value!);
    key = aggregateKey;
    shownMessage = `(combined from similar events): ${message}`;
    combined = true;
  }

  // eventObserve: an earlier observation under the same key makes this an update of that Event.
  const prev = state.observed.get(key);
  const count = (prev?.count ?? 0) + 1;
  state.observed.set(key, { name: prev?.name ?? "", count });
  forgetOldest(state.observed);
  forgetOldest(state.aggregates);

  // The spam filter runs last and also drops count updates.
  if (!takeToken(state, [objectKey, type].join("\u0000"), now)) return;

  const stored = prev?.name ? store.get("events", namespace, prev.name) : undefined;
  if (stored) {
    const next: KObj = structuredClone(stored);
    next.count = count;
    next.lastTimestamp = ts;
    next.message = shownMessage;
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
    message: shownMessage,
    source: { component },
    firstTimestamp: ts,
    lastTimestamp: ts,
    count,
    type,
    eventTime: null,
    // The aggregate Event is built without the reporting fields.
    reportingComponent: combined ? "" : component,
    reportingInstance: "",
  };
  store.create("events", "", ev);
  state.observed.set(key, { name, count });
}

// events_cache.go: defaultAggregateMaxEvents, defaultAggregateIntervalInSeconds, defaultSpamBurst,
// defaultSpamQPS.
const AGGREGATE_MAX_EVENTS = 10;
const AGGREGATE_INTERVAL_MS = 600_000;
const SPAM_BURST = 25;
const SPAM_REFILL_PER_MS = 1 / 300_000;
// client-go's LRU caches hold 4096 keys; a forgotten key only starts afresh.
const MAX_KEYS = 4096;

interface Correlator {
  aggregates: Map<string, { messages: Set<string>; last: number }>;
  observed: Map<string, { name: string; count: number }>;
  buckets: Map<string, { tokens: number; at: number }>;
}

const correlators = new WeakMap<Store, Correlator>();

function correlatorOf(store: Store): Correlator {
  let c = correlators.get(store);
  if (!c) correlators.set(store, (c = { aggregates: new Map(), observed: new Map(), buckets: new Map() }));
  return c;
}

function forgetOldest<V>(m: Map<string, V>): void {
  if (m.size > MAX_KEYS) m.delete(m.keys().next().value!);
}

/** TokenBucketPassiveRateLimiter.TryAccept: starts full, refills continuously. */
function takeToken(state: Correlator, key: string, now: number): boolean {
  const b = state.buckets.get(key) ?? { tokens: SPAM_BURST, at: now };
  b.tokens = Math.min(SPAM_BURST, b.tokens + (now - b.at) * SPAM_REFILL_PER_MS);
  b.at = now;
  state.buckets.set(key, b);
  forgetOldest(state.buckets);
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
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
