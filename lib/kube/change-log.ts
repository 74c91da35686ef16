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
  let log: SeqEvent[] = [];
  return {
    get seq() {
      return seq;
    },
    append(changes) {
      const numbered = changes.map((e) => ({ ...e, seq: ++seq }));
      log.push(...numbered);
      if (log.length > size) log = log.slice(log.length - size);
      return numbered;
    },
    since(from) {
      if (from === seq) return [];
      if (from > seq) return undefined;
      const first = log[0]?.seq;
      if (first === undefined || first > from + 1) return undefined;
      // Numbers are consecutive, so the position of `from + 1` is known.
      return log.slice(from + 1 - first);
    },
  };
}
