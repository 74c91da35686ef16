/** The pending timers of one container: each cancellable, all dropped at once when it stops. */
import type { Clock } from "../clock";

export class ContainerTimers {
  private readonly pending = new Set<() => void>();

  constructor(private readonly clock: Clock) {}

  /** Runs `fn` after `ms` of the lab clock; the returned function cancels it. */
  later(ms: number, fn: () => void): () => void {
    const cancel = this.clock.after(ms, () => {
      this.pending.delete(cancel);
      fn();
    });
    this.pending.add(cancel);
    return () => {
      cancel();
      this.pending.delete(cancel);
    };
  }

  /** Cancels every pending timer. */
  cancelAll(): void {
    for (const cancel of this.pending) cancel();
    this.pending.clear();
  }
}
