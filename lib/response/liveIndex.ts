/**
 * The objects of one scope, indexed the ways the views look them up (by owner, by name, by label,
 * by the Service an EndpointSlice belongs to) and kept up to date event by event, so that finding
 * the objects of one Deployment or Service costs what they hold, not what the cluster holds.
 * Mutable on purpose: it is private to one LiveRollouts, which never hands out its sets.
 */
import { compareStrings, controllerRef, LABEL_SERVICE_NAME, objectKey, selectorMatches, type Kind, type RawObject } from "../model/raw";
import { serviceSelector } from "../model/wire";
import type { RawEndpointSlice, RawOf, RawPod, RawService } from "../model/rawKinds";

type KeySet = Set<string>;

function add(index: Map<string, KeySet>, key: string, value: string): void {
  const set = index.get(key);
  if (set) set.add(value);
  else index.set(key, new Set([value]));
}

function remove(index: Map<string, KeySet>, key: string, value: string): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}

/** The index keys an object is filed under, besides its kind and namespace. */
function filingKeys(kind: Kind, o: RawObject): string[] {
  const ns = o.metadata.namespace ?? "";
  const keys = [`name|${kind}|${ns}|${o.metadata.name ?? ""}`];
  const ref = controllerRef(o);
  // objectIndex.controlledBy: by the owner's uid when it has one, else by its name.
  if (ref?.uid) keys.push(`owner|${kind}|${ref.kind}|${ns}|u|${ref.uid}`);
  if (ref) keys.push(`owner|${kind}|${ref.kind}|${ns}|n|${ref.name}`);
  if (kind === "Pod") for (const [k, v] of Object.entries(o.metadata.labels ?? {})) keys.push(`label|${ns}\u0000${k}\u0000${v}`);
  // A Service is filed under one pair of its selector: a pod it selects carries that pair.
  const first = kind === "Service" ? Object.entries(serviceSelector(o as RawService))[0] : undefined;
  if (first) keys.push(`selects|${ns}\u0000${first[0]}\u0000${first[1]}`);
  const service = o.metadata.labels?.[LABEL_SERVICE_NAME];
  if (kind === "EndpointSlice" && service !== undefined) keys.push(`slice|${ns}|${service}`);
  return keys;
}

function byName(a: RawObject, b: RawObject): number {
  return compareStrings(a.metadata.name ?? "", b.metadata.name ?? "");
}

export class LiveIndex {
  private readonly objects = new Map<Kind, Map<string, RawObject>>();
  private readonly filed = new Map<string, KeySet>();
  private readonly sorted = new Map<string, RawObject[]>();
  /** Per kind, how many objects each namespace holds. */
  private readonly namespaceCounts = new Map<Kind, Map<string, number>>();

  private count(kind: Kind, ns: string, delta: number): void {
    let counts = this.namespaceCounts.get(kind);
    if (!counts) this.namespaceCounts.set(kind, (counts = new Map()));
    const n = (counts.get(ns) ?? 0) + delta;
    if (n > 0) counts.set(ns, n);
    else counts.delete(ns);
  }

  /** The objects of one kind: put() files each under the kind it was applied as, like the store. */
  private kind<K extends Kind>(kind: K): Map<string, RawOf<K>> | undefined {
    return this.objects.get(kind) as Map<string, RawOf<K>> | undefined;
  }

  /** The stored object of `kind` under `key` (objectKey). */
  get<K extends Kind>(kind: K, key: string): RawOf<K> | undefined {
    return this.kind(kind)?.get(key);
  }

  /** Stores `o` (replacing the object with the same key); returns the one it replaced. */
  put(kind: Kind, o: RawObject): RawObject | undefined {
    const key = objectKey(o);
    const prev = this.delete(kind, key);
    let map = this.objects.get(kind);
    if (!map) this.objects.set(kind, (map = new Map()));
    map.set(key, o);
    const ns = o.metadata.namespace ?? "";
    add(this.filed, `ns|${kind}|${ns}`, key);
    this.count(kind, ns, 1);
    for (const k of filingKeys(kind, o)) add(this.filed, k, key);
    this.sorted.delete(`${kind}|${ns}`);
    return prev;
  }

  /** Removes the object of `kind` under `key`; returns it. */
  delete(kind: Kind, key: string): RawObject | undefined {
    const prev = this.objects.get(kind)?.get(key);
    if (!prev) return undefined;
    this.objects.get(kind)?.delete(key);
    const ns = prev.metadata.namespace ?? "";
    remove(this.filed, `ns|${kind}|${ns}`, key);
    this.count(kind, ns, -1);
    for (const k of filingKeys(kind, prev)) remove(this.filed, k, key);
    this.sorted.delete(`${kind}|${ns}`);
    return prev;
  }

  private resolve<K extends Kind>(kind: K, filingKey: string): RawOf<K>[] {
    const keys = this.filed.get(filingKey);
    if (!keys) return [];
    const map = this.kind(kind);
    const out: RawOf<K>[] = [];
    for (const k of keys) {
      const o = map?.get(k);
      if (o) out.push(o);
    }
    return out;
  }

  /** Every object of `kind` in `ns`, by name: a new array whenever one of them changed. */
  inNamespace<K extends Kind>(kind: K, ns: string): readonly RawOf<K>[] {
    const cacheKey = `${kind}|${ns}`;
    let list = this.sorted.get(cacheKey) as RawOf<K>[] | undefined;
    if (!list) this.sorted.set(cacheKey, (list = this.resolve(kind, `ns|${kind}|${ns}`).sort(byName)));
    return list;
  }

  /** How many objects of `kind` it holds. */
  size(kind: Kind): number {
    return this.objects.get(kind)?.size ?? 0;
  }

  /** Namespaces that hold at least one object of `kind`. */
  namespacesOf(kind: Kind): string[] {
    return [...(this.namespaceCounts.get(kind)?.keys() ?? [])];
  }

  /** Objects of `kind` named `name` in `ns`. */
  named<K extends Kind>(kind: K, ns: string, name: string): RawOf<K>[] {
    return this.resolve(kind, `name|${kind}|${ns}|${name}`);
  }

  /** The `childKind` objects whose controller reference points at `owner` (objectIndex.controlledBy). */
  childrenOf<K extends Kind>(owner: RawObject, ownerKind: string, childKind: K): RawOf<K>[] {
    const ns = owner.metadata.namespace ?? "";
    const how = owner.metadata.uid ? `u|${owner.metadata.uid}` : `n|${owner.metadata.name ?? ""}`;
    return this.resolve(childKind, `owner|${childKind}|${ownerKind}|${ns}|${how}`).sort(byName);
  }

  /** The objects `o`'s controller reference names (by uid, or by name for objects without one). */
  ownersOf<K extends Kind>(o: RawObject, ownerKind: K): RawOf<K>[] {
    const ref = controllerRef(o);
    if (!ref || ref.kind !== ownerKind) return [];
    const ns = o.metadata.namespace ?? "";
    const candidates = this.named(ownerKind, ns, ref.name);
    const byUid = ref.uid ? this.get(ownerKind, ref.uid) : undefined;
    if (byUid && byUid.metadata.namespace === ns && !candidates.includes(byUid)) candidates.push(byUid);
    return candidates;
  }

  /** Pods of `ns` carrying every key=value of `selector` (none for an empty selector), by name. */
  podsSelected(ns: string, selector: Record<string, string>): RawPod[] {
    const pairs = Object.entries(selector);
    if (pairs.length === 0) return [];
    let smallest: KeySet | undefined;
    for (const [k, v] of pairs) {
      const set = this.filed.get(`label|${ns}\u0000${k}\u0000${v}`);
      if (!set) return [];
      if (!smallest || set.size < smallest.size) smallest = set;
    }
    const pods = this.kind("Pod");
    const out: RawPod[] = [];
    for (const key of smallest ?? []) {
      const p = pods?.get(key);
      if (p && pairs.every(([k, v]) => p.metadata.labels?.[k] === v)) out.push(p);
    }
    return out.sort(byName);
  }

  /** Services of `ns` whose selector matches `labels`. */
  servicesSelecting(ns: string, labels: Readonly<Record<string, string>> | undefined): RawService[] {
    const out: RawService[] = [];
    for (const [k, v] of Object.entries(labels ?? {})) {
      for (const s of this.resolve("Service", `selects|${ns}\u0000${k}\u0000${v}`))
        if (selectorMatches(serviceSelector(s), labels)) out.push(s);
    }
    return out;
  }

  /** The EndpointSlices of Service `ns/name`. */
  slicesOf(ns: string, name: string): RawEndpointSlice[] {
    return this.resolve("EndpointSlice", `slice|${ns}|${name}`).sort(byName);
  }

  /** Drops everything. */
  clear(): void {
    this.objects.clear();
    this.filed.clear();
    this.sorted.clear();
    this.namespaceCounts.clear();
  }
}
