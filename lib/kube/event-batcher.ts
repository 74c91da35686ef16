/**
 * Watch events wait here until the I/O callbacks of this turn have run, then go to `apply`
 * together (one copy of a kind's record per batch, not per event). Whoever reads or replaces the
 * store calls `flush` first, so order is kept and nobody sees a store behind the events received.
 */
import type { StoreEvent } from "@/lib/model/store";

export interface EventBatcher {
  push(event: StoreEvent): void;
  /** Applies what is pending now. */
  flush(): void;
}

export function createEventBatcher(apply: (batch: StoreEvent[]) => void, schedule: (fn: () => void) => void = setImmediate): EventBatcher {
  let pending: StoreEvent[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    apply(batch);
  };
  return {
    push(event) {
      pending.push(event);
      if (scheduled) return;
      scheduled = true;
      schedule(flush);
    },
    flush,
  };
}
