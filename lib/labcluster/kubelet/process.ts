import type { Clock } from "../clock";
import type { Program } from "./script";
import { elapse, newShell, run, runTrap, type Blocked, type Shell } from "./shell";
import type { SimFs } from "./sim-fs";

/**
 * One container's PID 1 running in simulated time. It calls `onExit` once, when the script ends
 * or `exit N` runs; `kill` stops it silently (the caller decides the exit code, e.g. 137).
 */
export class SimProcess {
  private cancel: (() => void) | undefined;
  private done = false;
  private readonly sh: Shell;
  private blocked: Blocked | undefined;
  private termPending = false;
  /** Why the process will never exit by itself, once it is blocked forever. */
  blockedForever: string | undefined;

  constructor(
    private readonly clock: Clock,
    program: Program,
    private readonly fs: SimFs,
    private readonly onExit: (code: number) => void,
  ) {
    this.sh = newShell(program);
  }

  start(): void {
    this.step();
  }

  private step(): void {
    this.cancel = undefined;
    this.blocked = undefined;
    this.blockedForever = undefined;
    if (this.done) return;
    // A trap waits for the foreground command; it runs before the next one.
    if (this.termPending) {
      this.termPending = false;
      runTrap(this.sh);
    }
    const b = run(this.sh, this.fs);
    this.blocked = b;
    if (b.kind === "sleep") {
      this.cancel = this.clock.after(b.ms, () => {
        elapse(this.sh, b.ms);
        this.step();
      });
    } else if (b.kind === "forever") {
      this.blockedForever = b.why;
    } else {
      this.done = true;
      this.onExit(b.code);
    }
  }

  get running(): boolean {
    return !this.done;
  }

  /**
   * SIGTERM. Without a `trap … TERM` the script (PID 1, no handler) ignores it and false comes
   * back. With one, the action runs at once if the shell sits in `wait`, else after the current
   * foreground command finishes (never, for `sleep infinity`), exactly as sh does.
   */
  sigterm(): boolean {
    if (this.done || !this.sh.trapTerm) return false;
    const b = this.blocked;
    if (b && b.kind !== "exit" && b.interruptible) {
      this.cancel?.();
      this.termPending = true;
      this.step();
    } else {
      this.termPending = true;
    }
    return true;
  }

  kill(): void {
    this.done = true;
    this.cancel?.();
    this.cancel = undefined;
  }
}
