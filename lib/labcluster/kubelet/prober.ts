import type { Clock } from "../clock";
import type { ProbeOutcome } from "./probe-check";
import type { Probe } from "./wire";

export type ProbeKind = "readiness" | "liveness" | "startup";

/** The prober's memory of one worker (pkg/kubelet/prober/worker.go). */
export interface ProbeState {
  /** What the kubelet believes: readiness starts Failure, liveness Success, startup Unknown. */
  result: boolean | undefined;
  lastResult: boolean | undefined;
  resultRun: number;
}

export function initialProbeState(kind: ProbeKind): ProbeState {
  return { result: kind === "readiness" ? false : kind === "liveness" ? true : undefined, lastResult: undefined, resultRun: 0 };
}

/**
 * Folds one probe outcome into the state exactly as worker.doProbe does: runs of equal results
 * count up, and the believed result only flips after `successThreshold` successes or
 * `failureThreshold` failures in a row. Returns whether the believed result changed.
 */
export function applyProbeResult(state: ProbeState, ok: boolean, probe: Probe): { state: ProbeState; changed: boolean } {
  const resultRun = state.lastResult === ok ? state.resultRun + 1 : 1;
  const next: ProbeState = { result: state.result, lastResult: ok, resultRun };
  const successThreshold = probe.successThreshold ?? 1;
  const failureThreshold = probe.failureThreshold ?? 3;
  if ((!ok && resultRun < failureThreshold) || (ok && resultRun < successThreshold)) return { state: next, changed: false };
  next.result = ok;
  return { state: next, changed: next.result !== state.result };
}

export interface ProbeWorkerHooks {
  check: () => ProbeOutcome;
  /** Every failed attempt: the kubelet records a Warning `Unhealthy` event for each. */
  onFailure: (output: string) => void;
  /** The believed result flipped. */
  onChange: (result: boolean) => void;
}

/**
 * Probes one container instance: first at startedAt + initialDelaySeconds, then every
 * periodSeconds until stopped. The real worker ticks from its own start with a random jitter;
 * the lab probes on a fixed grid so runs are reproducible.
 */
export class ProbeWorker {
  private state: ProbeState;
  private cancel: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    readonly kind: ProbeKind,
    private readonly probe: Probe,
    private readonly hooks: ProbeWorkerHooks,
  ) {
    this.state = initialProbeState(kind);
  }

  get result(): boolean | undefined {
    return this.state.result;
  }

  /** Starts probing a container that started running at `startedAt` (simulated ms). */
  start(startedAt: number): void {
    const first = startedAt + (this.probe.initialDelaySeconds ?? 0) * 1000;
    this.schedule(Math.max(0, first - this.clock.now()));
  }

  /** Probes now and then continues on the period (readiness right after a startup probe passes). */
  startNow(): void {
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    this.cancel?.();
    this.cancel = undefined;
  }

  private schedule(ms: number): void {
    this.cancel?.();
    this.cancel = this.clock.after(ms, () => this.tick());
  }

  private tick(): void {
    this.cancel = undefined;
    if (this.stopped) return;
    const outcome = this.hooks.check();
    if (!outcome.ok) this.hooks.onFailure(outcome.output);
    const { state, changed } = applyProbeResult(this.state, outcome.ok, this.probe);
    this.state = state;
    // Keep the cadence even if a hook stops us: a stop inside onChange must win.
    if (!this.stopped) this.schedule((this.probe.periodSeconds ?? 10) * 1000);
    if (changed && state.result !== undefined) this.hooks.onChange(state.result);
  }
}
