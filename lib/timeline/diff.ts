/**
 * The watch events that turn one store into the next, found by reference: the model's reducer
 * keeps unchanged kinds and objects as the same references, so only what changed is visited.
 * Lets a view record a timeline from any stream of stores without touching the stream itself.
 */
import { KINDS } from "../model/raw";
import type { Store } from "../model/store";
import type { RecordedEvent } from "./recording";

export function storeDiff(prev: Store, next: Store, t: number): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  for (const kind of KINDS) {
    const a = prev.objects[kind];
    const b = next.objects[kind];
    if (a === b) continue;
    for (const [key, object] of Object.entries(b)) {
      const before = a[key];
      if (before === object) continue;
      out.push({ t, kind, type: before ? "MODIFIED" : "ADDED", object });
    }
    for (const [key, object] of Object.entries(a)) if (!(key in b)) out.push({ t, kind, type: "DELETED", object });
  }
  return out;
}
