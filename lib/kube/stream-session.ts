/**
 * One browser's stream: a snapshot (or the missed changes on resume), then deltas coalesced so
 * a burst becomes at most one message per `coalesceMs`, heartbeats, and status changes. Timers
 * are injected so tests drive it without waiting.
 */
import type { Kind, RawObject, StoreEvent } from "@/lib/model/store";
import { listKind } from "@/lib/model/store";
import type { Hub, SeqEvent } from "./hub";
import { seqOfStreamId, sseFrame, streamId, type ClockSync, type SnapshotMessage } from "./stream-protocol";
import { objectKey } from "@/lib/model/raw";

export interface SessionOptions {
  hub: Hub;
  namespace?: string;
  /** Last-Event-ID the browser sent back, if any. */
  lastEventId?: string | null;
  write(chunk: string): void;
  setTimer(fn: () => void, ms: number): () => void;
  setRepeating(fn: () => void, ms: number): () => void;
  clock(): ClockSync;
  coalesceMs?: number;
  heartbeatMs?: number;
}

export function snapshotOf(hub: Hub, clock: ClockSync, namespace?: string): SnapshotMessage {
  const objects: Partial<Record<Kind, RawObject[]>> = {};
  for (const kind of Object.keys(hub.store.objects) as Kind[]) {
    const items = listKind(hub.store, kind, namespace);
    if (items.length) objects[kind] = items;
  }
  return { objects, status: hub.status(), clock, namespaces: namespacesOf(hub) };
}

/** Namespaces that hold Deployments, Services or Pods. */
export function namespacesOf(hub: Hub): string[] {
  const out = new Set<string>();
  for (const kind of ["Deployment", "Service", "Pod"] as const) {
    for (const o of Object.values(hub.store.objects[kind])) if (o.metadata.namespace) out.add(o.metadata.namespace);
  }
  return [...out].sort();
}

/** Starts the session; returns its close function. */
export function startStreamSession(o: SessionOptions): () => void {
  const coalesceMs = o.coalesceMs ?? 50;
  const inScope = (e: StoreEvent) => !o.namespace || e.object.metadata.namespace === o.namespace;
  // Pending changes keyed by kind+object: a burst of updates to one pod sends only the last.
  let pending = new Map<string, SeqEvent>();
  let lastSeq = o.hub.seq;
  let cancelFlush: (() => void) | undefined;

  const flush = () => {
    cancelFlush = undefined;
    if (pending.size === 0) return;
    const events = [...pending.values()].map(({ type, kind, object }) => ({ type, kind, object }));
    pending = new Map();
    o.write(sseFrame("delta", { events }, streamId(o.hub.epoch, lastSeq)));
  };

  const queue = (events: SeqEvent[]) => {
    for (const e of events) {
      lastSeq = Math.max(lastSeq, e.seq);
      if (!inScope(e)) continue;
      const key = `${e.kind}/${objectKey(e.object)}`;
      pending.delete(key);
      pending.set(key, e);
    }
    if (pending.size > 0 && !cancelFlush) cancelFlush = o.setTimer(flush, coalesceMs);
  };

  const resumeFrom = seqOfStreamId(o.lastEventId, o.hub.epoch);
  const missed = resumeFrom !== undefined ? o.hub.eventsSince(resumeFrom) : undefined;
  if (missed) {
    o.write(sseFrame("status", o.hub.status()));
    o.write(sseFrame("heartbeat", { clock: o.clock(), namespaces: namespacesOf(o.hub) }));
    queue(missed);
    flush();
  } else {
    o.write(sseFrame("snapshot", snapshotOf(o.hub, o.clock(), o.namespace), streamId(o.hub.epoch, o.hub.seq)));
  }

  const unsubscribe = o.hub.subscribe((m) => {
    if (m.type === "events") queue(m.events);
    else {
      flush();
      o.write(sseFrame("status", m.status));
    }
  });
  const stopHeartbeat = o.setRepeating(() => o.write(sseFrame("heartbeat", { clock: o.clock(), namespaces: namespacesOf(o.hub) })), o.heartbeatMs ?? 15_000);

  return () => {
    unsubscribe();
    stopHeartbeat();
    cancelFlush?.();
  };
}
