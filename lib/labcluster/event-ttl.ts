/**
 * Events expire, as on a real cluster: kube-apiserver stores each Event with a lease of
 * `--event-ttl` (default 1 h), renewed on every write, and etcd deletes it when the lease runs out
 * (watchers see DELETED). Without this a long-running lab (a classroom day, the soak) keeps every
 * Event it ever made. Swept once a lab minute, on the lab clock.
 */
import type { Clock } from "./clock";
import type { Store } from "./store";

export const EVENT_TTL_MS = 60 * 60 * 1000;
const SWEEP_MS = 60 * 1000;

/** When an Event was last written: what its lease was renewed from. */
function lastWrite(ev: { metadata: { creationTimestamp?: string }; lastTimestamp?: unknown; eventTime?: unknown }): number {
  const times = [ev.lastTimestamp, ev.eventTime, ev.metadata.creationTimestamp].map((t) => (typeof t === "string" ? Date.parse(t) : NaN));
  return Math.max(...times.filter((t) => !Number.isNaN(t)), -Infinity);
}

/** Deletes Events whose last write is `ttlMs` old; returns the stop function. */
export function startEventTtl(store: Store, clock: Clock, ttlMs = EVENT_TTL_MS): () => void {
  let cancel: (() => void) | undefined;
  const sweep = () => {
    const now = clock.now();
    for (const ev of store.list("events")) {
      const at = lastWrite(ev as never);
      if (at !== -Infinity && at + ttlMs <= now) {
        try {
          store.remove("events", "", ev.metadata.namespace, ev.metadata.name!);
        } catch {
          // deleted meanwhile
        }
      }
    }
    cancel = clock.after(SWEEP_MS, sweep);
  };
  cancel = clock.after(SWEEP_MS, sweep);
  return () => cancel?.();
}
