import { randomUUID } from "node:crypto";
import type { Clock } from "./clock";
import { isoTime } from "./clock";
import { alreadyExists, conflict, gone, notFound } from "./errors";
import type { StorageKey } from "./kinds";
import type { KObj, StoreEvent } from "./types";

/**
 * The lab cluster's etcd: every object of every kind, one global resourceVersion counter, and a
 * bounded log of changes that watches resume from. Writes are synchronous and atomic (one
 * JavaScript turn), listeners are told after each write. It knows nothing of HTTP, defaulting or
 * controllers; deletion policy (grace periods, finalizers, propagation) is the caller's business:
 * `remove` really removes.
 */
export interface StoreOptions {
  /** How many changes watches can resume from before they get 410 Gone. */
  historyWindow?: number;
}

type Listener = (ev: StoreEvent) => void;

const key = (ns: string | undefined, name: string) => `${ns ?? ""}/${name}`;

export class Store {
  private readonly data = new Map<string, Map<string, KObj>>();
  private readonly log: StoreEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private counter = 1;
  private readonly historyWindow: number;
  /** Oldest resourceVersion a watch may resume from; older → 410 Gone. */
  private compactedTo = 1;

  constructor(
    readonly clock: Clock,
    opts: StoreOptions = {},
  ) {
    this.historyWindow = opts.historyWindow ?? 20000;
  }

  /**
   * Mutating admission run on every create, whoever writes: the API server installs defaulting
   * here so objects that in-process controllers create look like the real apiserver's.
   */
  private admit?: (storage: string, obj: KObj) => void;

  setAdmission(fn: ((storage: string, obj: KObj) => void) | undefined): void {
    this.admit = fn;
  }

  /** Current resourceVersion of the store (what a list returns). */
  get resourceVersion(): string {
    return String(this.counter);
  }

  private bucket(storage: string): Map<string, KObj> {
    let b = this.data.get(storage);
    if (!b) this.data.set(storage, (b = new Map()));
    return b;
  }

  get<T extends KObj>(storage: StorageKey<T>, ns: string | undefined, name: string): T | undefined {
    return this.data.get(storage)?.get(key(ns, name)) as T | undefined; // a storage holds its kind only (kinds.ts)
  }

  /** Objects of one storage, in one namespace or all; ordered by namespace then name like etcd keys. */
  list<T extends KObj>(storage: StorageKey<T>, ns?: string): T[] {
    const b = this.data.get(storage);
    if (!b) return [];
    const out: T[] = [];
    for (const [k, o] of b) if (ns === undefined || k.startsWith(`${ns}/`)) out.push(o as T); // a storage holds its kind only (kinds.ts)
    return out.sort((a, z) => (key(a.metadata.namespace, a.metadata.name!) < key(z.metadata.namespace, z.metadata.name!) ? -1 : 1));
  }

  count(storage: string): number {
    return this.data.get(storage)?.size ?? 0;
  }

  /** Stores a new object: uid, creationTimestamp, resourceVersion and generation are set here. */
  create<T extends KObj>(storage: StorageKey<T>, group: string, obj: NoInfer<T>): T {
    const b = this.bucket(storage);
    const k = key(obj.metadata.namespace, obj.metadata.name!);
    if (b.has(k)) throw alreadyExists(storage, group, obj.metadata.name!);
    const rv = ++this.counter;
    const stored = structuredClone(obj);
    this.admit?.(storage, stored);
    stored.metadata.uid = randomUUID();
    stored.metadata.creationTimestamp = isoTime(this.clock.now());
    stored.metadata.resourceVersion = String(rv);
    b.set(k, stored);
    this.emit({ type: "ADDED", storage, object: stored, rv });
    return stored;
  }

  /**
   * Replaces an object. When `obj.metadata.resourceVersion` is set it must match the stored one
   * (optimistic concurrency → 409 Conflict), as in the real apiserver.
   */
  update<T extends KObj>(storage: StorageKey<T>, group: string, obj: NoInfer<T>): T {
    const b = this.bucket(storage);
    const k = key(obj.metadata.namespace, obj.metadata.name!);
    const old = b.get(k);
    if (!old) throw notFound(storage, group, obj.metadata.name!);
    const want = obj.metadata.resourceVersion;
    if (want && want !== old.metadata.resourceVersion) throw conflict(storage, group, obj.metadata.name!);
    const rv = ++this.counter;
    const stored = structuredClone(obj);
    stored.metadata.uid = old.metadata.uid;
    stored.metadata.creationTimestamp = old.metadata.creationTimestamp;
    stored.metadata.resourceVersion = String(rv);
    b.set(k, stored);
    this.emit({ type: "MODIFIED", storage, object: stored, old, rv });
    return stored;
  }

  /** Removes an object for good (the end of a deletion). */
  remove<T extends KObj>(storage: StorageKey<T>, group: string, ns: string | undefined, name: string): T {
    const b = this.bucket(storage);
    const k = key(ns, name);
    const old = b.get(k);
    if (!old) throw notFound(storage, group, name);
    b.delete(k);
    const rv = ++this.counter;
    const object: KObj = { ...old, metadata: { ...old.metadata, resourceVersion: String(rv) } };
    this.emit({ type: "DELETED", storage, object, old, rv });
    return object as T; // a storage holds its kind only (kinds.ts)
  }

  private emit(ev: StoreEvent): void {
    this.log.push(ev);
    if (this.log.length > this.historyWindow) {
      const drop = this.log.length - this.historyWindow;
      this.compactedTo = this.log[drop - 1]!.rv + 1;
      this.log.splice(0, drop);
    }
    for (const l of this.listeners) l(ev);
  }

  /** Every change to every storage, synchronously after the write (controllers, watches). */
  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /**
   * The changes after `fromRV` (exclusive) still in the window, for watch resumption.
   * Throws 410 Gone when `fromRV` is older than the window.
   */
  changesSince(fromRV: number): StoreEvent[] {
    if (fromRV + 1 < this.compactedTo) throw gone(`too old resource version: ${fromRV} (${this.compactedTo - 1})`);
    if (fromRV > this.counter) return [];
    return this.log.filter((e) => e.rv > fromRV);
  }

  /** Drops the whole change log, as an etcd compaction does (tests of 410 handling). */
  compact(): void {
    this.compactedTo = this.counter + 1;
    this.log.length = 0;
  }
}
