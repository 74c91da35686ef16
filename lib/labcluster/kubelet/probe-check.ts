import { programFor } from "./script";
import { runInstantly } from "./shell";
import type { SimFs } from "./sim-fs";
import type { Container, IntOrString, Probe } from "./wire";

/** One probe attempt's outcome; `output` is what the real prober puts after "probe failed: ". */
export interface ProbeOutcome {
  ok: boolean;
  output: string;
}

export interface ProbeTarget {
  /** The probed container. Named ports resolve against its own ports, as in the real kubelet. */
  container: Container;
  /** Every container of the pod: they share one network namespace, so any may serve a port. */
  podContainers: readonly Container[];
  fs: SimFs;
  podIP: string;
}

/**
 * Runs one probe against the simulated container: exec file checks read the simulated
 * filesystem; network probes succeed only on a port some container of the pod declares.
 */
export function checkProbe(probe: Probe, target: ProbeTarget): ProbeOutcome {
  const timeoutS = probe.timeoutSeconds ?? 1;
  if (probe.exec) {
    const command = probe.exec.command ?? [];
    const r = runInstantly(programFor(command, undefined), target.fs);
    // A probe command sleeping past its timeout fails the way the real exec prober reports it.
    if (r.ms >= timeoutS * 1000) return { ok: false, output: `command "${command.join(" ")}" timed out` };
    return { ok: r.code === 0, output: r.stderr };
  }
  if (probe.httpGet) {
    const port = resolvePort(probe.httpGet.port, target);
    const host = probe.httpGet.host || target.podIP;
    const scheme = (probe.httpGet.scheme ?? "HTTP").toLowerCase();
    const path = probe.httpGet.path ?? "/";
    if (port === undefined) return { ok: false, output: unknownPort(probe.httpGet.port, target.container) };
    if (listening(port, target)) return { ok: true, output: "" };
    return {
      ok: false,
      output: `Get "${scheme}://${host}:${port}${path.startsWith("/") ? path : "/" + path}": dial tcp ${host}:${port}: connect: connection refused`,
    };
  }
  if (probe.tcpSocket) {
    const port = resolvePort(probe.tcpSocket.port, target);
    const host = probe.tcpSocket.host || target.podIP;
    if (port === undefined) return { ok: false, output: unknownPort(probe.tcpSocket.port, target.container) };
    if (listening(port, target)) return { ok: true, output: "" };
    return { ok: false, output: `dial tcp ${host}:${port}: connect: connection refused` };
  }
  if (probe.grpc) {
    if (listening(probe.grpc.port, target)) return { ok: true, output: "" };
    return {
      ok: false,
      output: `timeout: failed to connect service "${target.podIP}:${probe.grpc.port}" within ${timeoutS}s: context deadline exceeded`,
    };
  }
  // A probe without a handler is rejected by validation; be lenient if one slips through.
  return { ok: true, output: "" };
}

function resolvePort(port: IntOrString, target: ProbeTarget): number | undefined {
  if (typeof port === "number") return port;
  if (/^\d+$/.test(port)) return Number(port);
  return target.container.ports?.find((p) => p.name === port)?.containerPort;
}

function listening(port: number, target: ProbeTarget): boolean {
  return target.podContainers.some((c) => c.ports?.some((p) => p.containerPort === port && (p.protocol ?? "TCP") === "TCP"));
}

function unknownPort(port: IntOrString, c: Container): string {
  return `couldn't find port "${port}" in container "${c.name}"`;
}
