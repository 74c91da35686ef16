/**
 * One browser's stream: a snapshot (or the missed changes on resume), then the deltas, heartbeats
 * and status changes its scope's fanout (stream-fanout.ts) serialises once for every stream of
 * that scope. Timers are injected so tests drive it without waiting.
 */
import type { Kind, RawObject } from "@/lib/model/store";
import { listKind } from "@/lib/model/store";
import { objectKey } from "@/lib/model/raw";
import type { Hub, SeqEvent } from "./hub";
import { encodeChange, encodeDelta, encodeSnapshotList, type SnapshotItem, type WireChange } from "./stream-codec";
import { fanoutFor, namespacesOf, type FanoutTiming } from "./stream-fanout";
import { seqOfStreamId, sseFrame, streamId, type ClockSync, type SnapshotMessage } from "./stream-protocol";

export { namespacesOf } from "./stream-fanout";

export interface SessionOptions extends FanoutTiming {
  hub: Hub;
  namespace?: string;
  /** Last-Event-ID the browser sent back, if any. */
  lastEventId?: string | null;
  write(chunk: string): void;
}

/** The snapshot of `namespace` (undefined: all), each kind's objects chained as patches. */
export function snapshotOf(hub: Hub, clock: ClockSync, namespace?: string): SnapshotMessage {
  const objects: Partial<Record<Kind, SnapshotItem[]>> = {};
  for (const kind of Object.keys(hub.store.objects) as Kind[]) {
    const items = listKind(hub.store, kind, namespace);
    if (items.length) objects[kind] = encodeSnapshotList(items);
  }
  return { objects, status: hub.status(), clock, namespaces: namespacesOf(hub) };
}

/**
 * The missed changes in scope, one per object, as whole objects: the client's versions are
 * somewhere in the past, so no patch could name its base.
 */
function missedChanges(missed: readonly SeqEvent[], namespace: string | undefined): WireChange[] {
  const last = new Map<string, { first: SeqEvent; last: SeqEvent }>();
  for (const e of missed) {
    if (namespace && e.object.metadata.namespace !== namespace) continue;
    const key = `${e.kind}/${objectKey(e.object)}`;
    const seen = last.get(key);
    last.delete(key);
    last.set(key, { first: seen?.first ?? e, last: e });
  }
  return [...last.values()].map(({ first, last: e }) => {
    const type = e.type === "DELETED" ? "DELETED" : first.type === "ADDED" && !first.previous ? "ADDED" : "MODIFIED";
    return encodeChange(type, e.kind, e.object as RawObject, undefined);
  });
}

/** Starts the session; returns its close function. */
export function startStreamSession(o: SessionOptions): () => void {
  const greet = () => {
    const resumeFrom = seqOfStreamId(o.lastEventId, o.hub.epoch);
    const missed = resumeFrom !== undefined ? o.hub.eventsSince(resumeFrom) : undefined;
    if (!missed) {
      o.write(sseFrame("snapshot", snapshotOf(o.hub, o.clock(), o.namespace), streamId(o.hub.epoch, o.hub.seq)));
      return;
    }
    o.write(sseFrame("status", o.hub.status()));
    o.write(sseFrame("heartbeat", { clock: o.clock(), namespaces: namespacesOf(o.hub) }));
    const changes = missedChanges(missed, o.namespace);
    if (changes.length > 0) o.write(sseFrame("delta", encodeDelta(changes), streamId(o.hub.epoch, missed[missed.length - 1]!.seq)));
  };
  return fanoutFor(o.hub, o.namespace, o).join(o.write, greet);
}
