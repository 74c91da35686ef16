import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock";
import { appVersion } from "./app-serving";
import { TIMING } from "./container-runtime";
import { SANDBOX_MS, PodRuntime } from "./pod-runtime";
import type { Container, Pod } from "./wire";

// When the container's process starts: sandbox, first pull, create.
const STARTED = SANDBOX_MS + TIMING.pullMs + TIMING.createMs;

function podWith(container: Container, extra: Partial<Pod["spec"]> = {}, deletion?: number) {
  const clock = new ManualClock();
  const pod: Pod = {
    metadata: { name: "inference-1", namespace: "lab", uid: "u-1", labels: { app: "inference" } },
    spec: { containers: [container], ...extra },
  };
  const rt = new PodRuntime(pod, {
    clock,
    hostIP: "172.18.0.2",
    allocatePodIP: () => "10.244.1.2",
    images: new Set(),
    emit: () => {},
    changed: () => {},
    terminated: () => {},
  });
  rt.start();
  const remove = () =>
    rt.update({ ...pod, metadata: { ...pod.metadata, deletionTimestamp: "x", deletionGracePeriodSeconds: deletion ?? 30 } });
  return { clock, rt, remove };
}

const app = (script: string, more: Partial<Container> = {}): Container => ({
  name: "server",
  image: "busybox:1.36",
  command: ["sh", "-c", script],
  env: [{ name: "VERSION", value: "v2" }],
  ports: [{ containerPort: 8080 }],
  ...more,
});

describe("lab app serving", () => {
  it("refuses before the container starts, says 503 while the model loads, answers once the script touched its file", () => {
    const { clock, rt } = podWith(app("sleep 6; touch /tmp/ready; exec sleep 86400"));
    expect(rt.connect(8080)).toEqual({ kind: "refused" });
    clock.advance(STARTED);
    expect(rt.connect(8080)).toEqual({ kind: "loading", pod: "inference-1" });
    clock.advance(5_999);
    expect(rt.connect(8080).kind).toBe("loading");
    clock.advance(1);
    expect(rt.connect(8080)).toEqual({ kind: "answered", version: "v2", pod: "inference-1" });
  });

  it("loads on the script's own schedule with no readiness probe (Ready at once, still loading: the 500s of the FAQ)", () => {
    const { clock, rt } = podWith(app("sleep 6; touch /tmp/ready; sleep infinity"));
    clock.advance(STARTED);
    const ready = (rt.status() as { conditions: { type: string; status: string }[] }).conditions.find((c) => c.type === "Ready");
    expect(ready?.status).toBe("True");
    expect(rt.connect(8080).kind).toBe("loading");
    clock.advance(6_000);
    expect(rt.connect(8080).kind).toBe("answered");
  });

  it("never loads a script that never reaches its ready step (the stuck v3)", () => {
    const { clock, rt } = podWith(app('echo loading model; sleep 8; [ "$VERSION" = v2 ] || touch /tmp/ready; sleep infinity'));
    clock.advance(STARTED + 600_000);
    expect(rt.connect(8080).kind).toBe("loading");
  });

  it("serves at once from the image's own entrypoint, only on declared ports", () => {
    const { clock, rt } = podWith({ name: "server", image: "nginx:1.27", ports: [{ containerPort: 80 }] });
    clock.advance(STARTED);
    expect(rt.connect(80)).toEqual({ kind: "answered", version: "1.27", pod: "inference-1" });
    expect(rt.connect(8080)).toEqual({ kind: "refused" });
  });

  it("refuses after the process crashed, and again while it restarts and reloads", () => {
    const { clock, rt } = podWith(app("touch /tmp/ready; sleep 3; exit 1"));
    clock.advance(STARTED);
    expect(rt.connect(8080).kind).toBe("answered");
    clock.advance(3_000);
    expect(rt.connect(8080)).toEqual({ kind: "refused" });
  });

  it("keeps answering through the grace period of a PID 1 that ignores SIGTERM, refuses once killed", () => {
    const { clock, rt, remove } = podWith(app("touch /tmp/ready; sleep infinity"), { terminationGracePeriodSeconds: 5 }, 5);
    clock.advance(STARTED);
    remove();
    clock.advance(4_999);
    expect(rt.connect(8080).kind).toBe("answered");
    clock.advance(1);
    expect(rt.connect(8080)).toEqual({ kind: "refused" });
  });

  it("stops at once on SIGTERM when the script traps it: the termination race's victim", () => {
    const { clock, rt, remove } = podWith(app("trap 'exit 0' TERM; touch /tmp/ready; sleep infinity & wait"));
    clock.advance(STARTED);
    expect(rt.connect(8080).kind).toBe("answered");
    remove();
    expect(rt.connect(8080)).toEqual({ kind: "refused" });
  });

  it("names the version by VERSION env, then the pod's version label, then the image tag", () => {
    expect(appVersion(app("x"), { version: "v9" })).toBe("v2");
    expect(appVersion({ name: "a", image: "r.io/m:v3" }, { version: "v9" })).toBe("v9");
    expect(appVersion({ name: "a", image: "r.io:5000/m:v3" }, {})).toBe("v3");
    expect(appVersion({ name: "a", image: "r.io:5000/m" }, {})).toBe("latest");
  });
});
