/**
 * A recorded (or live) event log turned into a scrubbable timeline: the transitions with their
 * times, and the cluster state at any moment, rebuilt by folding the pure model's reducer.
 * Stores are immutable, so keeping one every CHECKPOINT events costs references, not copies.
 */
import { objectKey } from "../model/raw";
import { applyEvent, emptyStore, type Store } from "../model/store";
import type { RecordedEvent } from "./recording";
import { transitionsOf, type Transition } from "./transitions";

export interface TimelineEntry extends Transition {
  t: number;
  /** Index of the event that made it. */
  index: number;
}

export interface Timeline {
  start: number;
  end: number;
  entries: TimelineEntry[];
  events: readonly RecordedEvent[];
  /** The cluster as it was at time `t` (every event with time ≤ t applied). */
  storeAt(t: number): Store;
  /** Time of the next handover step strictly after `t` (undefined at the end). */
  nextHandover(t: number): number | undefined;
  /** Time of the previous handover step strictly before `t`. */
  previousHandover(t: number): number | undefined;
}

const CHECKPOINT = 256;

export function buildTimeline(events: readonly RecordedEvent[]): Timeline {
  const entries: TimelineEntry[] = [];
  const checkpoints: Store[] = [];
  let store = emptyStore();
  events.forEach((e, index) => {
    if (index % CHECKPOINT === 0) checkpoints.push(store);
    const before = store.objects[e.kind][objectKey(e.object)];
    for (const tr of transitionsOf(e, before)) entries.push({ ...tr, t: e.t, index });
    store = applyEvent(store, e);
  });
  const start = events[0]?.t ?? 0;
  const end = events[events.length - 1]?.t ?? start;

  /** Number of events with time ≤ t (binary search: events are in time order). */
  const countUpTo = (t: number): number => {
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (events[mid]!.t <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const handovers = [...new Set(entries.filter((x) => x.handover).map((x) => x.t))].sort((a, b) => a - b);

  return {
    start,
    end,
    entries,
    events,
    storeAt(t) {
      const n = countUpTo(t);
      const cp = Math.floor(n / CHECKPOINT);
      let s = checkpoints[cp] ?? emptyStore();
      for (let i = cp * CHECKPOINT; i < n; i++) s = applyEvent(s, events[i]!);
      return s;
    },
    nextHandover: (t) => handovers.find((h) => h > t),
    previousHandover: (t) => [...handovers].reverse().find((h) => h < t),
  };
}
