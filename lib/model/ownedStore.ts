/**
 * Applying watch events to a store that has one owner, in place: the kind records are updated
 * rather than copied, so a batch costs what it holds, not what the cluster holds (copying a
 * 30,000-pod record for every stream message is what made the browser fall behind). The result is
 * a new Store object (callers compare stores by reference) sharing the updated records: an owner
 * that uses this must not keep older stores of its own and expect them unchanged.
 */
import { sanitizeObject } from "./sanitize";
import { objectKey, type RawObject } from "./raw";
import type { Store, StoreEvent } from "./store";

/** An event that changed the store, with the object it replaced or deleted (none for a new one). */
export interface AppliedEvent extends StoreEvent {
  previous?: RawObject;
}

/**
 * Applies `events` in order, in place; returns `store` itself when nothing changed. Same rules as
 * applyEvents: an ADDED/MODIFIED with the stored resourceVersion, or a DELETED of an unknown
 * object, is no change. `applied` receives the events that changed something, sanitized.
 */
export function applyEventsInPlace(store: Store, events: readonly StoreEvent[], applied: AppliedEvent[]): Store {
  const before = applied.length;
  for (const raw of events) {
    const object = sanitizeObject(raw.object);
    if (!object) continue;
    const records = store.objects[raw.kind] as Record<string, RawObject>;
    const key = objectKey(object);
    const previous = records[key];
    if (raw.type === "DELETED") {
      if (!previous) continue;
      delete records[key];
    } else {
      const rv = object.metadata.resourceVersion;
      if (previous && rv !== undefined && previous.metadata.resourceVersion === rv) continue;
      records[key] = object;
    }
    const event: AppliedEvent = { type: raw.type, kind: raw.kind, object };
    if (previous) event.previous = previous;
    applied.push(event);
  }
  return applied.length === before ? store : { ...store, objects: { ...store.objects } };
}
