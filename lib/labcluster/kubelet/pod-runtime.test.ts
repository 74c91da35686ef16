import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock";
import { SANDBOX_MS, PodRuntime } from "./pod-runtime";
import { TIMING } from "./container-runtime";
import type { Container, Pod } from "./wire";

interface Ev {
  at: number;
  type: string;
  reason: string;
  message: string;
}

function harness(containers: Container[], extra: Partial<Pod["spec"]> = {}) {
  const clock = new ManualClock();
  const t0 = clock.now();
  const events: Ev[] = [];
  let terminated = -1;
  let ip = 0;
  const pod: Pod = { metadata: { name: "web-1", namespace: "lab", uid: "u-1" }, spec: { containers, ...extra } };
  const rt = new PodRuntime(pod, {
    clock,
    hostIP: "172.18.0.2",
    allocatePodIP: () => `10.244.1.${++ip}`,
    images: new Set(),
    emit: (e) => events.push({ at: clock.now() - t0, type: e.type, reason: e.reason, message: e.message }),
    changed: () => {},
    terminated: () => {
      terminated = clock.now() - t0;
    },
  });
  rt.start();
  const status = () =>
    rt.status() as {
      phase: string;
      podIP?: string;
      conditions: { type: string; status: string }[];
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- status JSON
      containerStatuses: Record<string, any>[];
    };
  const cond = (type: string) => status().conditions.find((c) => c.type === type)?.status;
  const cs = (i = 0) => status().containerStatuses[i];
  const elapsed = () => clock.now() - t0;
  return { clock, t0, events, rt, status, cond, cs, elapsed, pod, terminated: () => terminated };
}

// When the container's process starts: sandbox, first pull, create.
const STARTED = SANDBOX_MS + TIMING.pullMs + TIMING.createMs;

const inference = (script: string): Container => ({
  name: "inference",
  image: "ghcr.io/rollscope/inference:v1",
  command: ["sh", "-c", script],
  ports: [{ containerPort: 8080 }],
  readinessProbe: { exec: { command: ["cat", "/tmp/ready"] }, initialDelaySeconds: 2, periodSeconds: 2 },
});

describe("PodRuntime", () => {
  it("starts Pending with ContainerCreating, then runs and turns Ready on the first probe after /tmp/ready", () => {
    const h = harness([inference("echo loading; sleep 10; touch /tmp/ready; sleep infinity")]);
    expect(h.status().phase).toBe("Pending");
    expect(h.cs().state).toEqual({ waiting: { reason: "ContainerCreating" } });
    expect(h.cond("PodReadyToStartContainers")).toBe("False");
    h.clock.advance(STARTED);
    expect(h.status().phase).toBe("Running");
    expect(h.status().podIP).toBe("10.244.1.1");
    expect(h.cs().state.running).toBeDefined();
    expect(h.cs().ready).toBe(false);
    expect(h.cond("Ready")).toBe("False");
    h.clock.advance(10_000 - 1);
    expect(h.cond("Ready")).toBe("False");
    // Probes run at +2s, +4s … after start; the file appears at +10s and the +10s probe sees it.
    h.clock.advance(1);
    expect(h.cond("Ready")).toBe("True");
    expect(h.cond("ContainersReady")).toBe("True");
    expect(h.events.map((e) => e.reason)).toEqual([
      "Pulling",
      "Pulled",
      "Created",
      "Started",
      "Unhealthy",
      "Unhealthy",
      "Unhealthy",
      "Unhealthy",
    ]);
    expect(h.events[4]).toMatchObject({ type: "Warning", message: "Readiness probe failed: cat: /tmp/ready: No such file or directory" });
    expect(h.events[2].message).toBe("Created container: inference");
    expect(h.cs()).toMatchObject({ image: "ghcr.io/rollscope/inference:v1", restartCount: 0, started: true });
    expect(h.cs().containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
  });

  it("never turns Ready when the script never creates /tmp/ready (the v3 regression)", () => {
    const h = harness([inference("sleep infinity")]);
    h.clock.advance(600_000);
    expect(h.cond("Ready")).toBe("False");
    expect(h.cs().restartCount).toBe(0);
    expect(h.events.filter((e) => e.reason === "Unhealthy").length).toBeGreaterThan(250);
  });

  it("uses BusyBox's wording for busybox images", () => {
    const h = harness([{ ...inference("sleep infinity"), image: "busybox:1.36" }]);
    h.clock.advance(STARTED + 2000);
    expect(h.events.find((e) => e.reason === "Unhealthy")?.message).toBe(
      "Readiness probe failed: cat: can't open '/tmp/ready': No such file or directory",
    );
  });

  it("without a readiness probe the container is Ready as soon as it runs", () => {
    const h = harness([{ name: "app", image: "nginx:1.27" }]);
    h.clock.advance(STARTED);
    expect(h.cond("Ready")).toBe("True");
    expect(h.cs().image).toBe("docker.io/library/nginx:1.27");
  });

  it("restarts a script that ends: immediately once, then CrashLoopBackOff 10s, 20s …", () => {
    const h = harness([{ name: "app", image: "busybox:1.36", command: ["sh", "-c", "sleep 1; exit 3"] }]);
    const starts: number[] = [];
    const waits: string[] = [];
    const seen = new Set<string>();
    for (let t = 0; t < 60_000; t += 100) {
      h.clock.advance(100);
      const s = h.cs();
      const key = `${s.restartCount}:${JSON.stringify(s.state)}`;
      if (s.state.running && !seen.has(key)) starts.push(h.elapsed());
      if (s.state.waiting && !seen.has(key)) waits.push(`${s.state.waiting.reason}: ${s.state.waiting.message ?? ""}`);
      seen.add(key);
    }
    // Each instance runs 1s; the kubelet notices after a 1s sync; then the backoff from finishedAt.
    const first = STARTED;
    const second = first + 1000 + TIMING.syncMs + TIMING.createMs;
    const third = second + 1000 + 10_000 + TIMING.createMs;
    const fourth = third + 1000 + 20_000 + TIMING.createMs;
    expect(starts).toEqual([first, second, third, fourth].map((t) => Math.ceil(t / 100) * 100));
    expect(waits).toEqual([
      "ContainerCreating: ",
      "CrashLoopBackOff: back-off 10s restarting failed container=app pod=web-1_lab(u-1)",
      "CrashLoopBackOff: back-off 20s restarting failed container=app pod=web-1_lab(u-1)",
      "CrashLoopBackOff: back-off 40s restarting failed container=app pod=web-1_lab(u-1)",
    ]);
    expect(h.cs().lastState.terminated).toMatchObject({ exitCode: 3, reason: "Error" });
    expect(
      h.events.some((e) => e.reason === "BackOff" && e.message === "Back-off restarting failed container app in pod web-1_lab(u-1)"),
    ).toBe(true);
    expect(h.events.filter((e) => e.reason === "Pulled").map((e) => e.message)[1]).toBe(
      'Container image "busybox:1.36" already present on machine',
    );
  });

  it("holds Ready until every readiness gate condition is True", () => {
    const h = harness([{ name: "app", image: "nginx:1.27" }], { readinessGates: [{ conditionType: "example.com/lb-registered" }] });
    h.clock.advance(STARTED);
    expect(h.cond("ContainersReady")).toBe("True");
    expect(h.cond("Ready")).toBe("False");
    const gate = { type: "example.com/lb-registered", status: "True" as const, lastTransitionTime: "2026-01-01T00:00:05Z" };
    h.rt.update({ ...h.pod, status: { conditions: [gate] } });
    expect(h.cond("Ready")).toBe("True");
    expect(h.status().conditions.map((c) => c.type)).toContain("example.com/lb-registered");
  });

  it("a completed script shows reason Completed and restartPolicy Never leaves the pod Succeeded", () => {
    const h = harness([{ name: "job", image: "busybox", command: ["sh", "-c", "touch /done"] }], { restartPolicy: "Never" });
    h.clock.advance(60_000);
    expect(h.cs().state.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    expect(h.status().phase).toBe("Succeeded");
  });

  it("cannot pull from a .invalid registry: ErrImagePull, then ImagePullBackOff, retrying after 10s, 20s, 40s", () => {
    const h = harness([{ name: "model", image: "registry.invalid/model:v3" }]);
    h.clock.advance(SANDBOX_MS + TIMING.failPullMs);
    expect(h.cs().state.waiting.reason).toBe("ErrImagePull");
    h.clock.advance(TIMING.syncMs);
    expect(h.cs().state.waiting.reason).toBe("ImagePullBackOff");
    expect(h.cs().state.waiting.message).toMatch(
      /^Back-off pulling image "registry.invalid\/model:v3": ErrImagePull: .*lookup registry.invalid: no such host$/,
    );
    expect(h.status().phase).toBe("Pending");
    h.clock.advance(120_000);
    const pulls = h.events.filter((e) => e.reason === "Pulling").map((e) => e.at);
    const gaps = pulls.slice(1).map((t, i) => t - pulls[i] - TIMING.failPullMs);
    expect(gaps).toEqual([10_000, 20_000, 40_000]);
    expect(h.events.filter((e) => e.type === "Warning").map((e) => e.message)).toContain("Error: ImagePullBackOff");
  });

  it("on deletion sends SIGTERM, which sh as PID 1 ignores: stops at the grace period's end", () => {
    const h = harness([inference("touch /tmp/ready; sleep infinity")], { terminationGracePeriodSeconds: 30 });
    h.clock.advance(STARTED + 2000);
    expect(h.cond("Ready")).toBe("True");
    h.rt.update({ ...h.pod, metadata: { ...h.pod.metadata, deletionTimestamp: "2026-01-01T00:00:10Z", deletionGracePeriodSeconds: 30 } });
    const deletedAt = h.elapsed();
    expect(h.events.at(-1)).toMatchObject({ reason: "Killing", message: "Stopping container inference" });
    // Readiness keeps probing during termination: removing the file makes the pod NotReady.
    h.rt.container("inference")!.fs.remove("/tmp/ready");
    h.clock.advance(10_000);
    expect(h.cond("Ready")).toBe("False");
    expect(h.cs().state.running).toBeDefined();
    h.clock.advance(30_000 - 10_000 - 1);
    expect(h.terminated()).toBe(-1);
    h.clock.advance(1);
    expect(h.terminated()).toBe(deletedAt + 30_000);
    expect(h.cs().state.terminated).toMatchObject({ exitCode: 137, reason: "Error" });
    expect(h.status().phase).toBe("Failed");
  });

  it("a second delete with a shorter grace period brings the kill forward", () => {
    const h = harness([inference("sleep infinity")]);
    h.clock.advance(STARTED);
    const del = (grace: number) =>
      h.rt.update({ ...h.pod, metadata: { ...h.pod.metadata, deletionTimestamp: "x", deletionGracePeriodSeconds: grace } });
    del(30);
    const at = h.elapsed();
    h.clock.advance(5000);
    del(30); // the same delete seen again changes nothing
    del(2);
    h.clock.advance(2000);
    expect(h.terminated()).toBe(at + 7000);
    expect(h.events.filter((e) => e.reason === "Killing")).toHaveLength(1);
  });

  it("a script that traps TERM shuts down gracefully instead of waiting for SIGKILL", () => {
    const h = harness([inference("trap 'sleep 3; exit 0' TERM; touch /tmp/ready; sleep infinity & wait")], {
      terminationGracePeriodSeconds: 30,
    });
    h.clock.advance(STARTED + 1000);
    h.rt.update({ ...h.pod, metadata: { ...h.pod.metadata, deletionTimestamp: "x", deletionGracePeriodSeconds: 30 } });
    const at = h.elapsed();
    h.clock.advance(3000);
    expect(h.terminated()).toBe(at + 3000);
    expect(h.cs().state.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    expect(h.status().phase).toBe("Succeeded");
  });

  it("an image's own entrypoint exits on SIGTERM after the preStop hook", () => {
    const h = harness([{ name: "web", image: "nginx:1.27", lifecycle: { preStop: { exec: { command: ["sh", "-c", "sleep 5"] } } } }]);
    h.clock.advance(STARTED);
    h.rt.update({ ...h.pod, metadata: { ...h.pod.metadata, deletionTimestamp: "x", deletionGracePeriodSeconds: 30 } });
    const at = h.elapsed();
    h.clock.advance(5000);
    expect(h.terminated()).toBe(at + 5000);
    expect(h.cs().state.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
  });

  it("kills a container whose liveness probe fails failureThreshold times, over its grace period, and restarts it", () => {
    const app: Container = {
      name: "app",
      image: "busybox:1.36",
      command: ["sh", "-c", "touch /tmp/healthy; sleep 30; rm /tmp/healthy; sleep infinity"],
      livenessProbe: { exec: { command: ["test", "-f", "/tmp/healthy"] }, periodSeconds: 5, failureThreshold: 3 },
    };
    const h = harness([app], { terminationGracePeriodSeconds: 10 });
    // Probes at +0, +5 … after start; the file goes at +30, so +30, +35 and +40 fail.
    h.clock.advance(STARTED + 40_000 - 1);
    expect(h.events.some((e) => e.reason === "Killing")).toBe(false);
    h.clock.advance(1);
    expect(h.events.filter((e) => e.reason === "Unhealthy")).toHaveLength(3);
    expect(h.events.at(-1)?.message).toBe("Container app failed liveness probe, will be restarted");
    // sh as PID 1 ignores SIGTERM: it keeps running (liveness on hold) until SIGKILL at the grace end.
    h.clock.advance(10_000 - 1);
    expect(h.cs()).toMatchObject({ restartCount: 0, state: { running: {} } });
    expect(h.events.filter((e) => e.reason === "Unhealthy")).toHaveLength(3);
    h.clock.advance(1);
    expect(h.cs().state.terminated).toMatchObject({ exitCode: 137, reason: "Error" });
    h.clock.advance(TIMING.syncMs + TIMING.createMs);
    expect(h.cs()).toMatchObject({ restartCount: 1, state: { running: {} }, lastState: { terminated: { exitCode: 137 } } });
  });

  it("startup probe gates readiness; network probes need a declared port", () => {
    const h = harness([
      {
        name: "api",
        image: "ghcr.io/x/api:1",
        ports: [{ name: "http", containerPort: 8000 }],
        startupProbe: { httpGet: { port: "http", path: "/healthz" }, initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 30 },
        readinessProbe: { tcpSocket: { port: 9999 } },
      },
    ]);
    h.clock.advance(STARTED + 4999);
    expect(h.cs().started).toBe(false);
    expect(h.events.some((e) => e.reason === "Unhealthy")).toBe(false);
    h.clock.advance(1);
    expect(h.cs().started).toBe(true);
    h.clock.advance(60_000);
    expect(h.cond("Ready")).toBe("False");
    expect(h.events.find((e) => e.reason === "Unhealthy")?.message).toBe(
      "Readiness probe failed: dial tcp 10.244.1.1:9999: connect: connection refused",
    );
  });

  it("runs init containers in order before the app container", () => {
    const h = harness([{ name: "app", image: "busybox" }], {
      initContainers: [
        { name: "fetch-model", image: "busybox", command: ["sh", "-c", "sleep 20"] },
        { name: "warm", image: "busybox", command: ["sh", "-c", "sleep 5"] },
      ],
    });
    h.clock.advance(STARTED + 10_000);
    expect(h.cond("Initialized")).toBe("False");
    expect(h.cs().state.waiting.reason).toBe("PodInitializing");
    h.clock.advance(20_000);
    expect(h.status() as unknown).toMatchObject({
      initContainerStatuses: [{ state: { terminated: { reason: "Completed" } } }, { state: { terminated: { reason: "Completed" } } }],
    });
    expect(h.cond("Initialized")).toBe("True");
    h.clock.advance(5000);
    expect(h.cs().state.running).toBeDefined();
  });
});
