import type { Clock } from "../clock";
import { checkProbe, type ProbeTarget } from "./probe-check";
import { ProbeWorker } from "./prober";
import type { Container, Probe } from "./wire";

export interface ProbeHooks {
  target: () => ProbeTarget;
  /** One failed attempt: "Readiness" / "Liveness" / "Startup", and the probe's output. */
  unhealthy: (kind: "Readiness" | "Liveness" | "Startup", output: string) => void;
  readinessChanged: () => void;
  /** Liveness or startup crossed its failure threshold: the container must be restarted. */
  failed: (kind: "liveness" | "startup", probe: Probe) => void;
  startupPassed: () => void;
}

/**
 * The probe workers of one container instance that started at `startedAt`. A startup probe
 * gates the others (worker.doProbe): readiness and liveness begin only once it has passed,
 * readiness at once, liveness on its own schedule from the container start.
 */
export function startProbeWorkers(clock: Clock, spec: Container, startedAt: number, hooks: ProbeHooks): ProbeWorker[] {
  const { readinessProbe, livenessProbe, startupProbe } = spec;
  const worker = (kind: "readiness" | "liveness" | "startup", probe: Probe, onChange: (ok: boolean) => void) => {
    const label = kind === "readiness" ? "Readiness" : kind === "liveness" ? "Liveness" : "Startup";
    return new ProbeWorker(clock, kind, probe, {
      check: () => checkProbe(probe, hooks.target()),
      onFailure: (output) => hooks.unhealthy(label, output),
      onChange,
    });
  };
  const readiness = readinessProbe && worker("readiness", readinessProbe, () => hooks.readinessChanged());
  const liveness =
    livenessProbe &&
    worker("liveness", livenessProbe, (ok) => {
      if (!ok) hooks.failed("liveness", livenessProbe);
    });
  const workers = [readiness, liveness].filter((w): w is ProbeWorker => !!w);
  if (!startupProbe) {
    readiness?.start(startedAt);
    liveness?.start(startedAt);
    return workers;
  }
  const startup: ProbeWorker = worker("startup", startupProbe, (ok) => {
    if (!ok) return hooks.failed("startup", startupProbe);
    startup.stop();
    hooks.startupPassed();
    readiness?.startNow();
    liveness?.start(startedAt);
  });
  startup.start(startedAt);
  return [...workers, startup];
}
