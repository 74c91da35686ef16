/**
 * The health of one container instance: its probe workers, whether its startup probe passed
 * (`started`) and whether it counts as Ready (running, started, readiness passing or absent).
 */
import type { Clock } from "../clock";
import { startProbeWorkers, type ProbeHooks } from "./container-probes";
import type { ProbeWorker } from "./prober";
import type { Container } from "./wire";

/** What the probes of a container read and report. */
export interface HealthOwner extends Pick<ProbeHooks, "target" | "unhealthy" | "failed"> {
  clock: Clock;
  spec: Container;
  running(): boolean;
  /** `started` or `ready` changed. */
  changed(): void;
}

export class ContainerHealth {
  /** Startup probe passed (or there is none) for the current instance. */
  started = false;
  ready = false;
  private probes: ProbeWorker[] = [];

  constructor(private readonly owner: HealthOwner) {}

  /** A new instance runs since `startedAt`: probe it from scratch. */
  begin(startedAt: number): void {
    const o = this.owner;
    this.started = !o.spec.startupProbe;
    this.ready = false;
    this.probes = startProbeWorkers(o.clock, o.spec, startedAt, {
      target: o.target,
      unhealthy: o.unhealthy,
      failed: o.failed,
      readinessChanged: () => this.update(),
      startupPassed: () => {
        this.started = true;
        this.update();
        o.changed();
      },
    });
    this.update();
  }

  /** Stops the probes of these kinds (all when unset). */
  stop(kinds?: readonly string[]): void {
    for (const p of this.probes) if (!kinds || kinds.includes(p.kind)) p.stop();
    this.probes = kinds ? this.probes.filter((p) => !kinds.includes(p.kind)) : [];
  }

  /** The instance exited: no probe, neither started nor ready. */
  end(): void {
    this.stop();
    this.ready = false;
    this.started = false;
  }

  private update(): void {
    const readiness = this.probes.find((p) => p.kind === "readiness");
    const next = this.owner.running() && this.started && (readiness ? readiness.result === true : true);
    if (next !== this.ready) {
      this.ready = next;
      this.owner.changed();
    }
  }
}
