import type { Clock } from "../clock";
import { isoTime } from "../clock";
import { GoneError, type KubeletApi } from "./api";

/** What an event is about. */
export interface EventTarget {
  kind: string;
  namespace: string;
  name: string;
  uid?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export interface EventSource {
  component: "kubelet" | "default-scheduler";
  host?: string;
}

/**
 * Posts core/v1 Events the way client-go's recorder does: identical events (object, fieldPath,
 * type, reason, message, source) are aggregated into one Event whose count and lastTimestamp
 * grow, so `kubectl describe` shows "(x12 over 2m)" for a failing readiness probe. Writes are
 * fire-and-forget and serialised per aggregate, so counts never race.
 */
export class EventRecorder {
  private readonly seen = new Map<string, { namespace: string; name: string; count: number; chain: Promise<void> }>();

  constructor(
    private readonly api: Pick<KubeletApi, "createEvent" | "patchEvent">,
    private readonly clock: Clock,
    private readonly log: (msg: string) => void,
  ) {}

  record(target: EventTarget, source: EventSource, type: "Normal" | "Warning", reason: string, message: string): void {
    const key = [
      target.namespace,
      target.kind,
      target.name,
      target.uid,
      target.fieldPath,
      type,
      reason,
      message,
      source.component,
      source.host,
    ].join("\u0000");
    const ts = isoTime(this.clock.now());
    const prev = this.seen.get(key);
    if (prev) {
      prev.count++;
      const count = prev.count;
      prev.chain = prev.chain.then(() =>
        this.api.patchEvent(prev.namespace, prev.name, { count, lastTimestamp: ts }).catch((err: unknown) => {
          // The event expired (TTL) or was deleted: start a fresh aggregate next time.
          if (err instanceof GoneError) this.seen.delete(key);
          else this.log(`event patch failed: ${String(err)}`);
        }),
      );
      return;
    }
    const name = `${target.name}.${eventSuffix(this.clock.now())}`;
    const event = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace: target.namespace },
      involvedObject: {
        apiVersion: "v1",
        kind: target.kind,
        // Cluster-scoped objects (Nodes) have no namespace; their events live in "default".
        ...(target.kind === "Node" ? {} : { namespace: target.namespace }),
        name: target.name,
        ...(target.uid ? { uid: target.uid } : {}),
        ...(target.resourceVersion ? { resourceVersion: target.resourceVersion } : {}),
        ...(target.fieldPath ? { fieldPath: target.fieldPath } : {}),
      },
      reason,
      message,
      source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      type,
      reportingComponent: source.component,
      reportingInstance: source.host ?? "",
    };
    const entry = { namespace: target.namespace, name, count: 1, chain: Promise.resolve() };
    entry.chain = this.api.createEvent(target.namespace, event).catch((err: unknown) => {
      this.seen.delete(key);
      this.log(`event create failed: ${String(err)}`);
    });
    this.seen.set(key, entry);
  }

  /** Drops the aggregation memory of an object that is gone. */
  forget(namespace: string, name: string): void {
    const prefix = `${namespace}\u0000`;
    for (const [k] of this.seen) if (k.startsWith(prefix) && k.split("\u0000")[2] === name) this.seen.delete(k);
  }
}

let lastNanos = 0n;

// Real names are `<object>.<hex unix nanos>`; simulated time can stand still, so keep them unique.
function eventSuffix(nowMs: number): string {
  let nanos = BigInt(Math.floor(nowMs)) * 1_000_000n;
  if (nanos <= lastNanos) nanos = lastNanos + 1n;
  lastNanos = nanos;
  return nanos.toString(16);
}
