/**
 * Watch fan-out. One Store subscription for all watches; watchers are indexed by storage, and each
 * event is serialized once per (shape, event type) and the same line written to every watcher of
 * that shape, so N watchers cost N socket writes, not N serializations.
 */
import { toServed } from "./conversion";
import type { ApiError } from "./errors";
import type { Store } from "./store";
import { encodeWatchFrame, hasProtobufForm } from "./protobuf/envelope";
import { toTable, type IncludeObject } from "./table";
import type { KObj, ResourceInfo, StoreEvent, WatchEventType } from "./types";

export interface WatchFormat {
  table: boolean;
  include: IncludeObject;
  /** Length-prefixed protobuf WatchEvent frames instead of JSON lines. */
  protobuf?: boolean;
}

/** One encoded event: a JSON line or a protobuf frame. */
export type WatchChunk = string | Uint8Array;

export interface Watcher {
  ri: ResourceInfo;
  namespace?: string;
  filter: (o: KObj) => boolean;
  format: WatchFormat;
  /** Table watches: the first event carries the column definitions, later ones null (as real). */
  tableHeadersSent?: boolean;
  /** Writes one encoded event. Returns false when the watcher should be dropped. */
  write: (chunk: WatchChunk) => boolean;
  close: () => void;
}

type OutType = WatchEventType | "ERROR";

/**
 * What a filtered watcher sees for a store event: a MODIFIED that moves an object into the
 * selection is an ADDED, out of it a DELETED (the watch cache's semantics).
 */
export function visibleType(w: Pick<Watcher, "namespace" | "filter">, ev: StoreEvent): StoreEvent["type"] | undefined {
  if (w.namespace !== undefined && ev.object.metadata.namespace !== w.namespace) return undefined;
  const now = w.filter(ev.object);
  if (ev.type !== "MODIFIED") return now ? ev.type : undefined;
  const before = ev.old ? w.filter(ev.old) : false;
  if (now && before) return "MODIFIED";
  if (now) return "ADDED";
  if (before) return "DELETED";
  return undefined;
}

export class WatchHub {
  private readonly byStorage = new Map<string, Set<Watcher>>();
  private readonly unsubscribe: () => void;

  constructor(private readonly store: Store) {
    this.unsubscribe = store.subscribe((ev) => this.dispatch(ev));
  }

  /** Serializes one watch event line in a watcher's shape. */
  encode(ri: ResourceInfo, format: WatchFormat, type: OutType, obj: KObj | Record<string, unknown>, withHeaders = true): WatchChunk {
    let object: unknown = obj;
    if (type !== "ERROR" && type !== "BOOKMARK") {
      const served = toServed(ri, obj as KObj);
      object = format.table
        ? toTable(ri, [served], this.store.clock.now(), format.include, { resourceVersion: served.metadata.resourceVersion }, withHeaders)
        : served;
    }
    if (format.protobuf && hasProtobufForm(object)) return encodeWatchFrame(type, object as Record<string, unknown>);
    return JSON.stringify({ type, object }) + "\n";
  }

  bookmark(ri: ResourceInfo, initialEventsEnd = false, protobuf = false): WatchChunk {
    const metadata: Record<string, unknown> = { resourceVersion: this.store.resourceVersion };
    if (initialEventsEnd) metadata.annotations = { "k8s.io/initial-events-end": "true" };
    const apiVersion = ri.group ? `${ri.group}/${ri.version}` : ri.version;
    return this.encode(ri, { table: false, include: "None", protobuf }, "BOOKMARK", { kind: ri.kind, apiVersion, metadata });
  }

  errorLine(ri: ResourceInfo, err: ApiError, protobuf = false): WatchChunk {
    return this.encode(ri, { table: false, include: "None", protobuf }, "ERROR", err.toStatus());
  }

  add(w: Watcher): () => void {
    let set = this.byStorage.get(w.ri.storage);
    if (!set) this.byStorage.set(w.ri.storage, (set = new Set()));
    set.add(w);
    return () => this.remove(w);
  }

  remove(w: Watcher): void {
    this.byStorage.get(w.ri.storage)?.delete(w);
  }

  get size(): number {
    let n = 0;
    for (const s of this.byStorage.values()) n += s.size;
    return n;
  }

  /** Closes every watch connection (server stop). */
  closeAll(): void {
    for (const set of this.byStorage.values()) for (const w of [...set]) w.close();
    this.byStorage.clear();
  }

  stop(): void {
    this.unsubscribe();
    this.closeAll();
  }

  private dispatch(ev: StoreEvent): void {
    const set = this.byStorage.get(ev.storage);
    if (!set || !set.size) return;
    const lines = new Map<string, WatchChunk>();
    // Deleting the current element while iterating a Set is safe in JavaScript: no copy per event.
    for (const w of set) {
      const type = visibleType(w, ev);
      if (!type) continue;
      const headers = w.format.table && !w.tableHeadersSent;
      const key = `${w.ri.group}/${w.ri.version}|${w.format.table ? `t:${w.format.include}:${headers}` : w.format.protobuf ? "p" : "j"}|${type}`;
      let line = lines.get(key);
      if (line === undefined) lines.set(key, (line = this.encode(w.ri, w.format, type, ev.object, headers)));
      w.tableHeadersSent = true;
      if (!w.write(line)) {
        set.delete(w);
        w.close();
      }
    }
  }
}
