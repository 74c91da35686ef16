/**
 * Lookup tables over the object lists the views receive, built once per list and cached by the
 * list's identity (WeakMap), so calling rolloutView / trafficView for every object of a store
 * stays linear. The lists must not be mutated after they are passed in (they are `readonly`).
 */
import { controllerRef, LABEL_SERVICE_NAME, type RawObject } from "./raw";

// The caches are keyed by the list they index and hold only that list's items, so the generic
// finders below hand back the list's own element type.
function cached<T>(cache: WeakMap<readonly RawObject[], T>, list: readonly RawObject[], build: () => T): T {
  let v = cache.get(list);
  if (v === undefined) {
    v = build();
    cache.set(list, v);
  }
  return v;
}

function push(map: Map<string, RawObject[]>, key: string, o: RawObject): void {
  const l = map.get(key);
  if (l) l.push(o);
  else map.set(key, [o]);
}

const childrenCache = new WeakMap<readonly RawObject[], Map<string, RawObject[]>>();

/**
 * The objects of `candidates` whose controller ownerReference points at `owner` (kind
 * `ownerKind`): by uid when the owner has one, else by namespace and name (hand-written objects).
 */
export function controlledBy<T extends RawObject>(owner: RawObject, ownerKind: string, candidates: readonly T[]): T[] {
  const index = cached(childrenCache, candidates, () => {
    const m = new Map<string, RawObject[]>();
    for (const c of candidates) {
      const ref = controllerRef(c);
      if (!ref) continue;
      if (ref.uid) push(m, `u/${ref.kind}/${c.metadata.namespace ?? ""}/${ref.uid}`, c);
      push(m, `n/${ref.kind}/${c.metadata.namespace ?? ""}/${ref.name}`, c);
    }
    return m;
  });
  const ns = owner.metadata.namespace ?? "";
  const key = owner.metadata.uid ? `u/${ownerKind}/${ns}/${owner.metadata.uid}` : `n/${ownerKind}/${ns}/${owner.metadata.name ?? ""}`;
  return (index.get(key) as T[] | undefined) ?? [];
}

const uidCache = new WeakMap<readonly RawObject[], Map<string, RawObject>>();

/** The object with this uid in `list`. */
export function findByUid<T extends RawObject>(list: readonly T[], uid: string): T | undefined {
  return cached<Map<string, RawObject>>(
    uidCache,
    list,
    () => new Map(list.filter((o) => o.metadata.uid).map((o) => [o.metadata.uid as string, o])),
  ).get(uid) as T | undefined;
}

const nameCache = new WeakMap<readonly RawObject[], Map<string, RawObject>>();

/** The object named `name` in namespace `ns` of `list` (first one when kinds are mixed). */
export function findByName<T extends RawObject>(list: readonly T[], ns: string, name: string): T | undefined {
  const index = cached(nameCache, list, () => {
    const m = new Map<string, RawObject>();
    for (const o of list) {
      const key = `${o.metadata.namespace ?? ""}/${o.metadata.name ?? ""}`;
      if (!m.has(key)) m.set(key, o);
    }
    return m;
  });
  return index.get(`${ns}/${name}`) as T | undefined;
}

const nsCache = new WeakMap<readonly RawObject[], Map<string, RawObject[]>>();

/** The objects of `list` in namespace `ns`, in list order. */
export function inNamespace<T extends RawObject>(list: readonly T[], ns: string): readonly T[] {
  const index = cached(nsCache, list, () => {
    const m = new Map<string, RawObject[]>();
    for (const o of list) push(m, o.metadata.namespace ?? "", o);
    return m;
  });
  return (index.get(ns) as T[] | undefined) ?? [];
}

const sliceCache = new WeakMap<readonly RawObject[], Map<string, RawObject[]>>();

/** EndpointSlices of `list` that belong to Service `ns/name` (kubernetes.io/service-name). */
export function slicesOf<T extends RawObject>(list: readonly T[], ns: string, name: string): readonly T[] {
  const index = cached(sliceCache, list, () => {
    const m = new Map<string, RawObject[]>();
    for (const s of list) {
      const svc = s.metadata.labels?.[LABEL_SERVICE_NAME];
      if (svc !== undefined) push(m, `${s.metadata.namespace ?? ""}/${svc}`, s);
    }
    return m;
  });
  return (index.get(`${ns}/${name}`) as T[] | undefined) ?? [];
}

const labelCache = new WeakMap<readonly RawObject[], Map<string, RawObject[]>>();

/**
 * The objects of `list` in namespace `ns` whose labels carry every key=value of `selector`
 * (a Service's equality selector; empty or absent selects nothing). Scans only the objects
 * that carry the selector's rarest pair.
 */
export function selectByLabels<T extends RawObject>(list: readonly T[], ns: string, selector: Record<string, string> | undefined): T[] {
  const pairs = Object.entries(selector ?? {});
  if (pairs.length === 0) return [];
  const index = cached(labelCache, list, () => {
    const m = new Map<string, RawObject[]>();
    for (const o of list)
      for (const [k, v] of Object.entries(o.metadata.labels ?? {})) push(m, `${o.metadata.namespace ?? ""}\u0000${k}\u0000${v}`, o);
    return m;
  });
  let smallest: T[] | undefined;
  for (const [k, v] of pairs) {
    const l = index.get(`${ns}\u0000${k}\u0000${v}`) as T[] | undefined;
    if (!l) return [];
    if (!smallest || l.length < smallest.length) smallest = l;
  }
  return (smallest ?? []).filter((o) => pairs.every(([k, v]) => o.metadata.labels?.[k] === v));
}
