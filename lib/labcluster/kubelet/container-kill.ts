/**
 * The runtime's stop of one container: preStop hook, SIGTERM, SIGKILL at a deadline (exit 137).
 * Interpreted processes (sh -c, sleep) run as PID 1 without a SIGTERM handler, so the kernel
 * ignores the signal and they stop only at the deadline, unless the script set `trap … TERM`; an
 * image's own entrypoint is taken to be a server that exits 0 on SIGTERM.
 */
import { hookDuration } from "./container-state";
import type { ContainerTimers } from "./container-timers";
import type { SimProcess } from "./process";
import type { Program } from "./script";
import type { SimFs } from "./sim-fs";
import type { Container } from "./wire";

/** What a kill reads of its container and tells it. */
export interface KillTarget {
  timers: ContainerTimers;
  now(): number;
  spec: Container;
  program: Program;
  fs(): SimFs;
  process(): SimProcess | undefined;
  running(): boolean;
  exited(code: number, reason: string): void;
}

export class ContainerKill {
  /** When the pending SIGKILL fires, if one is scheduled. */
  killAt: number | undefined;
  private cancelKill: (() => void) | undefined;

  constructor(private readonly target: KillTarget) {}

  /** preStop, then SIGTERM, with SIGKILL at `deadline`. */
  begin(deadline: number): void {
    this.schedule(deadline);
    const preStop = this.target.spec.lifecycle?.preStop;
    const hookMs = preStop ? hookDuration(preStop, this.target.fs()) : 0;
    if (hookMs === 0) this.sigterm();
    else if (Number.isFinite(hookMs)) this.target.timers.later(hookMs, () => this.sigterm());
  }

  /** (Re)schedules the SIGKILL at `deadline`. */
  schedule(deadline: number): void {
    const t = this.target;
    this.cancelKill?.();
    this.killAt = deadline;
    this.cancelKill = t.timers.later(Math.max(0, deadline - t.now()), () => {
      t.process()?.kill();
      t.exited(137, "Error");
    });
  }

  /** The container exited (or its timers were dropped): no SIGKILL is pending any more. */
  cancel(): void {
    this.cancelKill?.();
    this.cancelKill = undefined;
    this.killAt = undefined;
  }

  private sigterm(): void {
    const t = this.target;
    if (!t.running()) return;
    if (t.program.kind === "forever" && t.program.why === "image entrypoint") {
      t.process()?.kill();
      t.exited(0, "Completed");
      return;
    }
    // A script that set `trap … TERM` runs its handler (and may exit); otherwise nothing happens.
    t.process()?.sigterm();
  }
}
