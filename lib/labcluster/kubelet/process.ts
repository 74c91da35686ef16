import type { Clock } from "../clock";
import type { Program } from "./script";
import { elapse, newShell, run } from "./shell";
import type { SimFs } from "./sim-fs";

/**
 * One container's PID 1 running in simulated time. It calls `onExit` once, when the script ends
 * or `exit N` runs; `kill` stops it silently (the caller decides the exit code, e.g. 137).
 */
export class SimProcess {
  private cancel: (() => void) | undefined;
  private done = false;
  /** Why the process will never exit by itself, once it is blocked forever. */
  blockedForever: string | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly program: Program,
    private readonly fs: SimFs,
    private readonly onExit: (code: number) => void,
  ) {}

  start(): void {
    const sh = newShell(this.program);
    const step = () => {
      this.cancel = undefined;
      if (this.done) return;
      const b = run(sh, this.fs);
      if (b.kind === "sleep") {
        this.cancel = this.clock.after(b.ms, () => {
          elapse(sh, b.ms);
          step();
        });
      } else if (b.kind === "forever") {
        this.blockedForever = b.why;
      } else {
        this.done = true;
        this.onExit(b.code);
      }
    };
    step();
  }

  get running(): boolean {
    return !this.done;
  }

  kill(): void {
    this.done = true;
    this.cancel?.();
    this.cancel = undefined;
  }
}
