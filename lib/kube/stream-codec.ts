/**
 * The compact stream encoding (browser-safe, pure). A delta carries, per changed object, either
 * a structural patch against the version every client of the stream already holds (keyed by
 * kind + object key, with that version's resourceVersion as the base) or the whole object when
 * the client cannot hold a base (new objects, resumes). A snapshot lists each kind's objects in
 * (namespace, name) order, each one a patch against the object before it: sibling pods differ in
 * a few fields, so a pod costs a fraction of its JSON.
 */
import { objectKey, type Kind, type RawMeta, type RawObject } from "@/lib/model/raw";
import type { StoreEvent } from "@/lib/model/store";
import { applyPatch, diffValue, SAME_VALUE, type Patch } from "./wire-patch";
import { compact, expand, type Compacted } from "./wire-compact";

/** One change on the wire. */
export type WireChange =
  /** The whole object: ADDED (A) or MODIFIED (M). */
  | { t: "A" | "M"; k: Kind; o: RawObject }
  /** A patch (p) of object key u whose current version has resourceVersion b. */
  | { t: "P"; k: Kind; u: string; b: string; p: Patch }
  /** Deleted: the object's identifying metadata. */
  | { t: "D"; k: Kind; m: RawMeta };

/** A snapshot item: a patch against the item before it, or [the whole object]. */
export type SnapshotItem = Patch | [RawObject];

/** Objects per kind, as a snapshot carries them once decoded. */
export type SnapshotObjects = Partial<Record<Kind, RawObject[]>>;

const rvOf = (o: RawObject): string => o.metadata.resourceVersion ?? "";

/** The wire form of the latest version `object` of a change whose clients hold `base` (undefined: nothing). */
export function encodeChange(type: StoreEvent["type"], kind: Kind, object: RawObject, base: RawObject | undefined): WireChange {
  if (type === "DELETED") {
    const { name, namespace, uid, resourceVersion } = object.metadata;
    return { t: "D", k: kind, m: { name, namespace, uid, resourceVersion } };
  }
  if (!base) return { t: type === "ADDED" ? "A" : "M", k: kind, o: object };
  const p = diffValue(base, object);
  if (p === undefined || p === SAME_VALUE) return { t: "M", k: kind, o: object };
  return { t: "P", k: kind, u: objectKey(base), b: rvOf(base), p };
}

/** A delta message as version 1 sent it: the changes as they are. */
export interface DeltaV1 {
  changes: WireChange[];
}

/** A delta message of version 2: the changes compacted (wire-compact.ts). */
export interface DeltaV2 extends Compacted {
  v: 2;
  changes: unknown[];
}

/** Version 3: as version 2, the changes under `c`, with version 3's compaction (kubelet message prefixes). */
export interface DeltaV3 extends Compacted {
  v: 3;
  c: unknown[];
}

/**
 * The delta message the server sends for `changes` (version 3): compacted, and in each change
 * the most common type and kind, a patch (t "P") of a Pod (k "Pod"), are left out.
 */
export function encodeDelta(changes: WireChange[]): DeltaV3 {
  const short = changes.map((c) => {
    const { t, k, ...rest } = c;
    return { ...(t === "P" ? {} : { t }), ...(k === "Pod" ? {} : { k }), ...rest };
  });
  const { value, meta } = compact(short);
  return { ...meta, v: 3, c: value as unknown[] };
}

/** The changes of a delta message of any version. */
export function changesOf(msg: DeltaV1 | DeltaV2 | DeltaV3): WireChange[] {
  if (!("v" in msg)) return msg.changes;
  const changes = expand(msg.v === 3 ? msg.c : msg.changes, msg) as Partial<WireChange>[];
  return changes.map((c) => ({ ...c, t: c.t ?? "P", k: c.k ?? "Pod" }) as WireChange);
}

/** One kind's objects (already in order) as a chain of patches. */
export function encodeSnapshotList(objects: readonly RawObject[]): SnapshotItem[] {
  let prev: RawObject | undefined;
  return objects.map((o) => {
    const p = prev ? diffValue(prev, o) : undefined;
    prev = o;
    return p === undefined ? [o] : p === SAME_VALUE ? {} : p;
  });
}

/** The objects of a snapshot's chains. */
export function decodeSnapshotObjects(chains: Partial<Record<Kind, SnapshotItem[]>>): SnapshotObjects {
  const out: SnapshotObjects = {};
  for (const [kind, items] of Object.entries(chains) as [Kind, SnapshotItem[]][]) {
    let prev: RawObject | undefined;
    out[kind] = items.map((item) => (prev = Array.isArray(item) ? (item[0] as RawObject) : (applyPatch(prev, item) as RawObject)));
  }
  return out;
}

/** What decoding a delta gives: the store events, and how many patches found no base to apply to. */
export interface DecodedDelta {
  events: StoreEvent[];
  /** Patches skipped because the client's object is missing or at another version (never merged wrongly): resync. */
  missingBase: number;
}

/**
 * The store events of a delta. `lookup` reads the client's current object of a kind by key
 * (the store record, objectKey). A patch is applied only onto the exact version it was made
 * against; otherwise it is counted in `missingBase` and skipped.
 */
export function decodeChanges(lookup: (kind: Kind, key: string) => RawObject | undefined, changes: readonly WireChange[]): DecodedDelta {
  const events: StoreEvent[] = [];
  let missingBase = 0;
  // Later changes of the same message see earlier ones (a message normally has one per object).
  const seen = new Map<string, RawObject | undefined>();
  const current = (k: Kind, key: string) => (seen.has(`${k}/${key}`) ? seen.get(`${k}/${key}`) : lookup(k, key));
  for (const c of changes) {
    if (c.t === "P") {
      const base = current(c.k, c.u);
      if (!base || rvOf(base) !== c.b) {
        missingBase++;
        continue;
      }
      const object = applyPatch(base, c.p) as RawObject;
      seen.set(`${c.k}/${c.u}`, object);
      events.push({ type: "MODIFIED", kind: c.k, object });
    } else if (c.t === "D") {
      const key = objectKey({ metadata: c.m });
      events.push({ type: "DELETED", kind: c.k, object: current(c.k, key) ?? { kind: c.k, metadata: c.m } });
      seen.set(`${c.k}/${key}`, undefined);
    } else {
      seen.set(`${c.k}/${objectKey(c.o)}`, c.o);
      events.push({ type: c.t === "A" ? "ADDED" : "MODIFIED", kind: c.k, object: c.o });
    }
  }
  return { events, missingBase };
}
