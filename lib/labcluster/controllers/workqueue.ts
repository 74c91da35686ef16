import type { Clock } from "../clock";
import { ApiError } from "../errors";
import type { Store } from "../store";
import type { StoreEvent } from "../types";

/** What a controller may do with its own queue (client-go's RateLimitingInterface, trimmed). */
export interface Queue {
  add(key: string): void;
  /** Adds `key` after `ms` simulated milliseconds; the earliest pending time per key wins. */
  addAfter(key: string, ms: number): void;
}

/** One controller: maps store changes to keys, and reconciles one key at a time. */
export interface Reconciler {
  readonly name: string;
  /** Keys to sync at start-up (an informer's initial list). */
  initialKeys(): string[];
  /** Called synchronously after every store write. */
  onEvent(ev: StoreEvent, queue: Queue): void;
  /** Reconciles one key. Throwing requeues it with backoff. */
  sync(key: string, queue: Queue): void;
}

// client-go's default item backoff: 5 ms doubling, capped at 1000 s. The first few retries run
// without waiting on the clock so that a ManualClock test still settles after a 409 Conflict.
const BASE_BACKOFF_MS = 5;
const MAX_BACKOFF_MS = 1_000_000;
const IMMEDIATE_RETRIES = 5;

/**
 * A client-go style work queue: a key is queued at most once (dirty set), never synced twice at
 * the same time (processing set), and re-queued after its sync when it was added meanwhile.
 */
export class WorkQueue implements Queue {
  private readonly order: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly delayed = new Map<string, { at: number; cancel: () => void }>();
  private readonly failures = new Map<string, number>();
  private shutDown = false;

  constructor(
    private readonly clock: Clock,
    private readonly wake: () => void,
  ) {}

  add(key: string): void {
    if (this.shutDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.order.push(key);
    this.wake();
  }

  addAfter(key: string, ms: number): void {
    if (this.shutDown) return;
    if (ms <= 0) return this.add(key);
    const at = this.clock.now() + ms;
    const pending = this.delayed.get(key);
    if (pending && pending.at <= at) return;
    pending?.cancel();
    const cancel = this.clock.after(ms, () => {
      if (this.delayed.get(key)?.cancel === cancel) this.delayed.delete(key);
      this.add(key);
    });
    this.delayed.set(key, { at, cancel });
  }

  /** Requeues a failed key: immediately for the first retries, then with exponential backoff. */
  retry(key: string): void {
    const n = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, n);
    if (n <= IMMEDIATE_RETRIES) return this.add(key);
    this.addAfter(key, Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (n - 1)));
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  get(): string | undefined {
    const key = this.order.shift();
    if (key === undefined) return undefined;
    this.dirty.delete(key);
    this.processing.add(key);
    return key;
  }

  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      this.order.push(key);
      this.wake();
    }
  }

  get length(): number {
    return this.order.length;
  }

  stop(): void {
    this.shutDown = true;
    for (const d of this.delayed.values()) d.cancel();
    this.delayed.clear();
    this.order.length = 0;
    this.dirty.clear();
  }
}

/** Errors a controller expects and simply retries (stale read, object gone meanwhile). */
export function isRetriable(err: unknown): boolean {
  return err instanceof ApiError && (err.code === 409 || err.code === 404);
}

export interface Runner {
  stop(): void;
  runUntilIdle(): Promise<void>;
}

const STARVATION_ROUNDS = 256;
// A livelock (two controllers fighting) must fail a test rather than hang it.
const MAX_IDLE_ROUNDS = 200_000;

/**
 * Runs reconcilers on one store: every write is fanned out to each reconciler's `onEvent`
 * synchronously, and queued keys are synced on later macrotasks (setImmediate), one key per
 * round, so writes made by a sync trigger the next sync as informers would. `reconcilers` are in
 * priority order: a reconciler runs only when every earlier one is idle (or it has waited long). Listing the pod-level
 * controllers before the Deployment controller makes the lab deterministic and models the
 * usual real ordering (a ReplicaSet has counted its pods before the Deployment looks again),
 * which is how the worked examples of ROLLOUT-SPEC §6 read.
 */
export function runReconcilers(store: Store, clock: Clock, reconcilers: Reconciler[], log: (msg: string) => void = console.error): Runner {
  let scheduled = false;
  let stopped = false;
  const wake = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(round);
  };
  const queues = reconcilers.map((r) => ({ r, q: new WorkQueue(clock, wake), skipped: 0 }));

  function round(): void {
    scheduled = false;
    if (stopped) return;
    // Priority: the first reconciler with work runs one key per round, unless a later one has
    // waited STARVATION_ROUNDS rounds (a busy cluster must not starve the Deployment controller).
    const waiting = queues.filter(({ q }) => q.length > 0);
    const next = waiting.find((x) => x.skipped >= STARVATION_ROUNDS) ?? waiting[0];
    for (const x of waiting) x.skipped = x === next ? 0 : x.skipped + 1;
    if (next) {
      const { r, q } = next;
      const key = q.get()!;
      try {
        r.sync(key, q);
        q.forget(key);
      } catch (err) {
        if (!isRetriable(err)) log(`${r.name}: sync ${key}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        q.retry(key);
      } finally {
        q.done(key);
      }
    }
    if (queues.some(({ q }) => q.length > 0)) wake();
  }

  const unsubscribe = store.subscribe((ev) => {
    if (stopped) return;
    for (const { r, q } of queues) r.onEvent(ev, q);
  });
  for (const { r, q } of queues) for (const k of r.initialKeys()) q.add(k);

  return {
    stop() {
      stopped = true;
      unsubscribe();
      for (const { q } of queues) q.stop();
    },
    async runUntilIdle() {
      for (let i = 0; i < MAX_IDLE_ROUNDS; i++) {
        if (stopped) return;
        if (!scheduled && queues.every(({ q }) => q.length === 0)) return;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      throw new Error(
        `controllers did not settle after ${MAX_IDLE_ROUNDS} rounds: ${queues.map(({ r, q }) => `${r.name}=${q.length}`).join(" ")}`,
      );
    },
  };
}
