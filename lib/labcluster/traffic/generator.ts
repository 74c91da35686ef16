/**
 * A steady request stream and its tally: `rate` requests per second (open loop: a slow answer
 * does not slow the stream, as real users do not wait for each other), counted per version that
 * answered and per failure cause. The transport is passed in (HTTP through the apiserver's service
 * proxy in client.ts; anything in tests).
 */

/** How one request ended, as a client sees it. */
export type Outcome = { ok: true; version: string; pod: string } | { ok: false; cause: string; pod?: string };

/** Totals as `rollscope traffic -o json` prints them. */
export interface TrafficTotals {
  sent: number;
  failed: number;
  byVersion: Record<string, number>;
  failures: Record<string, number>;
}

export function emptyTotals(): TrafficTotals {
  return { sent: 0, failed: 0, byVersion: {}, failures: {} };
}

/** Adds one finished request to `t` (in place: a tally is owned by one generator). */
export function count(t: TrafficTotals, o: Outcome): void {
  t.sent++;
  if (o.ok) t.byVersion[o.version] = (t.byVersion[o.version] ?? 0) + 1;
  else {
    t.failed++;
    t.failures[o.cause] = (t.failures[o.cause] ?? 0) + 1;
  }
}

export interface GeneratorOptions {
  /** Requests per second (> 0). */
  rate: number;
  /** Stop after this many ms (exactly rate × seconds requests); unset: until `stop()`. */
  durationMs?: number;
  send: () => Promise<Outcome>;
  /** Each finished request, in the order they finish. */
  onOutcome?: (o: Outcome, sentAt: number) => void;
  now?: () => number;
}

export interface Generator {
  /** Stops sending; resolves when every request in flight has finished. */
  stop(): Promise<void>;
  /** Resolves when the duration is over and every request has finished. */
  readonly done: Promise<void>;
  setRate(rate: number): void;
}

const TICK_MS = 25;

export function startGenerator(opts: GeneratorOptions): Generator {
  const now = opts.now ?? Date.now;
  let rate = opts.rate;
  let base = now();
  let sentBefore = 0;
  let sent = 0;
  const limit = opts.durationMs === undefined ? Infinity : Math.round((rate * opts.durationMs) / 1000);
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let finish: () => void = () => {};
  const done = new Promise<void>((r) => (finish = r));
  const fire = () => {
    const sentAt = now();
    const p: Promise<void> = opts
      .send()
      .catch((err: unknown): Outcome => ({ ok: false, cause: err instanceof Error ? err.message : String(err) }))
      .then((o) => opts.onOutcome?.(o, sentAt))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  const tick = () => {
    // Catch up to the schedule: a late timer sends what was due, so the rate holds.
    const due = Math.min(limit, sentBefore + Math.floor(((now() - base) * rate) / 1000));
    while (sent < due) {
      sent++;
      fire();
    }
    if (sent >= limit) void stop();
  };
  const timer = setInterval(tick, TICK_MS);
  const stop = async () => {
    if (!stopped) {
      stopped = true;
      clearInterval(timer);
    }
    while (inFlight.size > 0) await Promise.all([...inFlight]);
    finish();
  };
  tick();
  return {
    stop,
    done,
    setRate(r: number) {
      sentBefore = sent;
      base = now();
      rate = r;
    },
  };
}
