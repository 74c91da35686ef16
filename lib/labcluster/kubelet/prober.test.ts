import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock";
import { crashBackoffRemaining, nextBackoff, type BackoffEntry } from "./backoff";
import { checkProbe } from "./probe-check";
import { applyProbeResult, initialProbeState, ProbeWorker, type ProbeState } from "./prober";
import { SimFs } from "./sim-fs";
import type { Container, Probe } from "./wire";

describe("applyProbeResult", () => {
  it("readiness starts false and flips after successThreshold successes in a row", () => {
    const probe: Probe = { successThreshold: 2, failureThreshold: 3 };
    let s = initialProbeState("readiness");
    expect(s.result).toBe(false);
    const seen: (boolean | undefined)[] = [];
    for (const ok of [true, false, true, true]) {
      s = applyProbeResult(s, ok, probe).state;
      seen.push(s.result);
    }
    expect(seen).toEqual([false, false, false, true]);
  });

  it("needs failureThreshold failures in a row to turn NotReady; a success resets the run", () => {
    const probe: Probe = {};
    let s: ProbeState = { ...initialProbeState("readiness"), result: true };
    const changes: boolean[] = [];
    for (const ok of [false, false, true, false, false, false]) {
      const r = applyProbeResult(s, ok, probe);
      s = r.state;
      changes.push(r.changed);
    }
    expect(changes).toEqual([false, false, false, false, false, true]);
    expect(s.result).toBe(false);
  });

  it("liveness starts healthy, startup unknown", () => {
    expect(initialProbeState("liveness").result).toBe(true);
    expect(initialProbeState("startup").result).toBe(undefined);
    expect(applyProbeResult(initialProbeState("startup"), true, {}).changed).toBe(true);
  });
});

describe("ProbeWorker", () => {
  it("probes first at startedAt + initialDelaySeconds, then every periodSeconds", () => {
    const clock = new ManualClock();
    const times: number[] = [];
    const t0 = clock.now();
    const w = new ProbeWorker(
      clock,
      "readiness",
      { initialDelaySeconds: 5, periodSeconds: 3 },
      {
        check: () => {
          times.push((clock.now() - t0) / 1000);
          return { ok: false, output: "x" };
        },
        onFailure: () => {},
        onChange: () => {},
      },
    );
    w.start(t0);
    clock.advance(14_000);
    expect(times).toEqual([5, 8, 11, 14]);
    w.stop();
    clock.advance(10_000);
    expect(times).toHaveLength(4);
  });

  it("turns Ready on the first probe after the file appears and reports each failure", () => {
    const clock = new ManualClock();
    const fs = new SimFs();
    const c: Container = { name: "app", readinessProbe: { exec: { command: ["cat", "/tmp/ready"] }, periodSeconds: 5 } };
    const failures: string[] = [];
    const changes: [number, boolean][] = [];
    const t0 = clock.now();
    const w = new ProbeWorker(clock, "readiness", c.readinessProbe!, {
      check: () => checkProbe(c.readinessProbe!, { container: c, podContainers: [c], fs, podIP: "10.244.1.2" }),
      onFailure: (o) => failures.push(o),
      onChange: (r) => changes.push([clock.now() - t0, r]),
    });
    w.start(t0);
    clock.advance(12_000);
    fs.touch("/tmp/ready");
    clock.advance(10_000);
    expect(failures).toEqual([
      "cat: /tmp/ready: No such file or directory",
      "cat: /tmp/ready: No such file or directory",
      "cat: /tmp/ready: No such file or directory",
    ]);
    expect(changes).toEqual([[15_000, true]]);
  });
});

describe("checkProbe", () => {
  const app: Container = { name: "app", ports: [{ name: "http", containerPort: 8080 }] };
  const target = { container: app, podContainers: [app], fs: new SimFs(), podIP: "10.244.1.7" };

  it("network probes succeed only on a declared port, by number or name", () => {
    expect(checkProbe({ httpGet: { port: 8080, path: "/healthz" } }, target).ok).toBe(true);
    expect(checkProbe({ httpGet: { port: "http" } }, target).ok).toBe(true);
    expect(checkProbe({ tcpSocket: { port: 8080 } }, target).ok).toBe(true);
    expect(checkProbe({ grpc: { port: 8080 } }, target).ok).toBe(true);
    expect(checkProbe({ httpGet: { port: 9090, path: "/healthz" } }, target)).toEqual({
      ok: false,
      output: 'Get "http://10.244.1.7:9090/healthz": dial tcp 10.244.1.7:9090: connect: connection refused',
    });
    expect(checkProbe({ tcpSocket: { port: "metrics" } }, target).ok).toBe(false);
  });

  it("exec probes: file checks, sh -c wrapping, other commands succeed, sleeps past the timeout fail", () => {
    const fs = new SimFs();
    const t = { ...target, fs };
    const exec = (...command: string[]): Probe => ({ exec: { command } });
    expect(checkProbe(exec("sh", "-c", "test -f /tmp/ready"), t).ok).toBe(false);
    fs.touch("/tmp/ready");
    expect(checkProbe(exec("sh", "-c", "test -f /tmp/ready"), t).ok).toBe(true);
    expect(checkProbe(exec("/usr/bin/healthcheck", "--strict"), t).ok).toBe(true);
    expect(checkProbe({ ...exec("sh", "-c", "sleep 2"), timeoutSeconds: 1 }, t)).toEqual({
      ok: false,
      output: 'command "sh -c sleep 2" timed out',
    });
  });
});

describe("backoff", () => {
  it("restarts at once after the first crash, then waits 10s, 20s, 40s … capped at 300s", () => {
    let entry: BackoffEntry | undefined;
    let now = 0;
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      now += 1000; // the container runs 1s, then crashes
      const wait = crashBackoffRemaining(entry, now, now);
      waits.push(wait / 1000);
      now += wait;
      entry = nextBackoff(entry, now);
    }
    expect(waits).toEqual([0, 10, 20, 40, 80, 160, 300, 300, 300]);
  });

  it("forgets the backoff after 10 quiet minutes", () => {
    const e = nextBackoff(nextBackoff(undefined, 0), 10_000);
    expect(e.backoffMs).toBe(20_000);
    expect(crashBackoffRemaining(e, 700_000, 700_000)).toBe(0);
    expect(nextBackoff(e, 700_000).backoffMs).toBe(10_000);
  });
});
