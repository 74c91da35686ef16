/**
 * The hub's numbered change log: every applied change gets the next sequence number, and the
 * last `size` changes stay so a reconnecting stream can resume instead of taking a snapshot.
 */
import type { RawObject, StoreEvent } from "@/lib/model/store";

/** A change with its number and the object as it was before (undefined: the object was new). */
export interface SeqEvent extends StoreEvent {
  seq: number;
  previous?: RawObject;
}

/** A change before numbering. */
export type Change = StoreEvent & { previous?: RawObject };

export interface ChangeLog {
  /** Number of the last change (0 before any). */
  readonly seq: number;
  /** Numbers `changes` and keeps them; returns them numbered. */
  append(changes: readonly Change[]): SeqEvent[];
  /** Changes after `seq`, or undefined when the log no longer reaches back that far. */
  since(seq: number): SeqEvent[] | undefined;
}

export function createChangeLog(size: number): ChangeLog {
  let seq = 0;
  // log[head..] are the kept changes; the dropped ones before head are cut off now and then, not
  // on every append (slicing a 5,000-entry log per watch event was a cost per event).
  let log: SeqEvent[] = [];
  let head = 0;
  const compactEvery = Math.max(64, size >> 2);
  return {
    get seq() {
      return seq;
    },
    append(changes) {
      const numbered = changes.map((e) => ({ ...e, seq: ++seq }));
      for (const e of numbered) log.push(e);
      if (log.length - head > size) head = log.length - size;
      if (head >= compactEvery) {
        log = log.slice(head);
        head = 0;
      }
      return numbered;
    },
    since(from) {
      if (from === seq) return [];
      if (from > seq) return undefined;
      const first = log[head]?.seq;
      if (first === undefined || first > from + 1) return undefined;
      // Numbers are consecutive, so the position of `from + 1` is known.
      return log.slice(head + from + 1 - first);
    },
  };
}
