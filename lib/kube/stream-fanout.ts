/**
 * One coalescing and one serialisation per flush for every open stream of a scope (a namespace,
 * or all namespaces): the hub's changes become one delta frame, written as the same string to
 * every member. Frames are throttled, not delayed: a change after a quiet spell goes out on the
 * next turn, and changes that arrive within `coalesceMs` of the last frame wait for the end of that
 * window together (at most one frame per window, no fixed wait added to every change). Changes are encoded against the version the members hold
 * (stream-codec.ts): the hub tells each change's previous object, and a member joins only right
 * after a flush, with a snapshot or a resume that brings it to the hub's current state.
 */
import type { Kind, RawObject } from "@/lib/model/store";
import { objectKey } from "@/lib/model/raw";
import type { Hub, SeqEvent } from "./hub";
import { encodeChange, encodeDelta, type WireChange } from "./stream-codec";
import { sseFrame, streamId, type ClockSync } from "./stream-protocol";

export interface FanoutTiming {
  setTimer(fn: () => void, ms: number): () => void;
  setRepeating(fn: () => void, ms: number): () => void;
  clock(): ClockSync;
  coalesceMs?: number;
  heartbeatMs?: number;
  /** Monotonic milliseconds for the throttle (default performance.now). */
  now?: () => number;
}

export interface Fanout {
  /**
   * Brings the members up to date, calls `greet` (which writes the newcomer's first frames from
   * the hub as it is now), then adds `write` as a member. Returns the leave function.
   */
  join(write: (chunk: string) => void, greet: () => void): () => void;
}

/** A pending change of one object: its latest version and the version the members hold. */
interface Pending {
  type: SeqEvent["type"];
  kind: Kind;
  object: RawObject;
  base: RawObject | undefined;
}

const fanouts = new WeakMap<Hub, Map<string, Fanout>>();

/** The fanout of `namespace` (undefined: all namespaces) on `hub`, created by its first member's timing. */
export function fanoutFor(hub: Hub, namespace: string | undefined, timing: FanoutTiming): Fanout {
  let byScope = fanouts.get(hub);
  if (!byScope) fanouts.set(hub, (byScope = new Map()));
  const scope = namespace ?? "";
  let f = byScope.get(scope);
  if (!f) byScope.set(scope, (f = createFanout(hub, namespace, timing, () => byScope.delete(scope))));
  return f;
}

/** Namespaces that hold Deployments, Services or Pods. */
export function namespacesOf(hub: Hub): string[] {
  const out = new Set<string>();
  for (const kind of ["Deployment", "Service", "Pod"] as const) {
    for (const o of Object.values(hub.store.objects[kind])) if (o.metadata.namespace) out.add(o.metadata.namespace);
  }
  return [...out].sort();
}

function encode(p: Pending): WireChange[] {
  // Added and deleted within one window: the members never held it.
  if (p.type === "DELETED") return p.base ? [encodeChange("DELETED", p.kind, p.object, p.base)] : [];
  return [encodeChange(p.base ? p.type : "ADDED", p.kind, p.object, p.base)];
}

function createFanout(hub: Hub, namespace: string | undefined, t: FanoutTiming, onEmpty: () => void): Fanout {
  const members = new Set<(chunk: string) => void>();
  let pending = new Map<string, Pending>();
  let lastSeq = 0;
  let cancelFlush: (() => void) | undefined;
  let lastFrameAt = -Infinity;
  const now = t.now ?? (() => performance.now());
  let unsubscribe: (() => void) | undefined;
  let stopHeartbeat: (() => void) | undefined;

  const send = (frame: string) => {
    for (const write of members) write(frame);
  };

  const flush = () => {
    cancelFlush?.();
    cancelFlush = undefined;
    if (pending.size === 0) return;
    lastFrameAt = now();
    const changes = [...pending.values()].flatMap(encode);
    pending = new Map();
    if (changes.length > 0) send(sseFrame("delta", encodeDelta(changes), streamId(hub.epoch, lastSeq)));
  };

  const queue = (events: readonly SeqEvent[]) => {
    for (const e of events) {
      lastSeq = Math.max(lastSeq, e.seq);
      if (namespace && e.object.metadata.namespace !== namespace) continue;
      const key = `${e.kind}/${objectKey(e.object)}`;
      const held = pending.get(key);
      // A burst of updates to one object sends only the last, against what the members hold.
      pending.delete(key);
      pending.set(key, { type: e.type, kind: e.kind, object: e.object, base: held ? held.base : e.previous });
    }
    if (pending.size > 0 && !cancelFlush) cancelFlush = t.setTimer(flush, Math.max(0, lastFrameAt + (t.coalesceMs ?? 50) - now()));
  };

  const open = () => {
    lastSeq = hub.seq;
    unsubscribe = hub.subscribe((m) => {
      if (m.type === "events") return queue(m.events);
      flush();
      send(sseFrame("status", m.status));
    });
    stopHeartbeat = t.setRepeating(
      () => send(sseFrame("heartbeat", { clock: t.clock(), namespaces: namespacesOf(hub) })),
      t.heartbeatMs ?? 15_000,
    );
  };

  const close = () => {
    unsubscribe?.();
    stopHeartbeat?.();
    cancelFlush?.();
    pending = new Map();
    onEmpty();
  };

  return {
    join(write, greet) {
      if (!unsubscribe) open();
      // Whatever the hub holds now goes out to the members first; the newcomer starts from it.
      void hub.seq;
      flush();
      greet();
      members.add(write);
      return () => {
        if (!members.delete(write)) return;
        if (members.size === 0) close();
      };
    },
  };
}
