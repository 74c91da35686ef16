/**
 * One clock for the whole lab cluster. Simulated time runs `timeScale` times faster than wall
 * time; every controller, the kubelet and the API server read it, so a rollout at
 * `--time-scale 10` is the same rollout, ten times faster.
 */
export interface Clock {
  /** Simulated milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` after `ms` simulated milliseconds. Returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
  readonly timeScale: number;
}

export function isoTime(ms: number): string {
  // Kubernetes metav1.Time has second precision (RFC 3339, no fraction).
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, "000Z");
}

/** Wall clock scaled by `timeScale`, anchored at construction. */
export class ScaledClock implements Clock {
  private readonly realStart = Date.now();
  private readonly simStart: number;
  constructor(
    readonly timeScale = 1,
    simStart = Date.now(),
  ) {
    if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new Error(`time scale must be a positive number, got ${timeScale}`);
    this.simStart = simStart;
  }
  now(): number {
    return this.simStart + (Date.now() - this.realStart) * this.timeScale;
  }
  after(ms: number, fn: () => void): () => void {
    const t = setTimeout(fn, Math.max(0, ms / this.timeScale));
    t.unref?.();
    return () => clearTimeout(t);
  }
}

/** A clock that only moves when told to: unit tests step controllers deterministically. */
export class ManualClock implements Clock {
  readonly timeScale = 1;
  private t: number;
  private timers: { at: number; fn: () => void; seq: number }[] = [];
  private seq = 0;
  constructor(start = Date.UTC(2026, 0, 1)) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.t + Math.max(0, ms), fn, seq: this.seq++ };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }
  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = Math.max(this.t, due.at);
      due.fn();
    }
    this.t = end;
  }
}
