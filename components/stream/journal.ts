/**
 * The changes the stream applied, kept briefly so that every consumer (the live response, the
 * timeline) learns what changed from the stream itself instead of diffing whole stores. Pure and
 * immutable like the reducer that keeps it: a consumer holds a cursor and reads what came after it.
 * A consumer that fell behind the kept batches, or a snapshot (a new picture of the cluster), is
 * told to start over from the store.
 */
import type { AppliedEvent } from "@/lib/model";

/** How many batches (stream messages) stay readable; a consumer reads on every render. */
const KEPT_BATCHES = 256;

export interface Journal {
  /** Snapshots so far: a new one makes every cursor start over. */
  readonly resets: number;
  /** Number of the next event to be journalled. */
  readonly next: number;
  readonly batches: readonly { readonly first: number; readonly events: readonly AppliedEvent[] }[];
}

export interface JournalCursor {
  readonly resets: number;
  readonly next: number;
}

export function emptyJournal(): Journal {
  return { resets: 0, next: 0, batches: [] };
}

/** A journal after a snapshot: nothing to read incrementally, every cursor starts over. */
export function journalReset(j: Journal): Journal {
  return { resets: j.resets + 1, next: j.next, batches: [] };
}

/** A journal with one more batch of applied events. */
export function journalAppend(j: Journal, events: readonly AppliedEvent[]): Journal {
  if (events.length === 0) return j;
  const batches = j.batches.length >= KEPT_BATCHES ? j.batches.slice(j.batches.length - KEPT_BATCHES + 1) : j.batches;
  return { resets: j.resets, next: j.next + events.length, batches: [...batches, { first: j.next, events }] };
}

/**
 * What happened since `cursor`: `restart` when the consumer must rebuild from the store (first
 * read, a snapshot since, or events it missed), else the events after the cursor, in order.
 */
export function journalRead(
  j: Journal,
  cursor: JournalCursor | undefined,
): { restart: boolean; events: AppliedEvent[]; cursor: JournalCursor } {
  const at: JournalCursor = { resets: j.resets, next: j.next };
  if (!cursor || cursor.resets !== j.resets) return { restart: true, events: [], cursor: at };
  if (cursor.next === j.next) return { restart: false, events: [], cursor: at };
  const oldest = j.batches[0]?.first ?? j.next;
  if (cursor.next < oldest) return { restart: true, events: [], cursor: at };
  const events: AppliedEvent[] = [];
  for (const b of j.batches) {
    if (b.first + b.events.length <= cursor.next) continue;
    events.push(...b.events.slice(Math.max(0, cursor.next - b.first)));
  }
  return { restart: false, events, cursor: at };
}
