/**
 * 401 through the informer into the hub: our credentials are no longer good, so the data is stale
 * since the first 401 (not one kind degraded, not "unreachable"); it clears once requests pass.
 */
import { describe, expect, it } from "vitest";
import type { Kind } from "@/lib/model/store";
import { createHub } from "./hub";
import { KubeRequestError, type InformerIO, type ListResult, type WatchEventType, type WireObject } from "./informer";

/** Every list and watch gets `answer(kind)` (an Error fails it); retry timers are fired by hand. */
function fakeCluster(answer: (kind: Kind) => ListResult | Error) {
  const watches = new Map<Kind, { emit: (t: WatchEventType, o: WireObject) => void; end: (e: unknown) => void }>();
  let timers: (() => void)[] = [];
  const ioFor = (kind: Kind): InformerIO => ({
    list() {
      const r = answer(kind);
      return r instanceof Error ? Promise.reject(r) : Promise.resolve(r);
    },
    watch(_rv, onEvent, done, opened) {
      const r = answer(kind);
      if (r instanceof Error) queueMicrotask(() => done(r));
      else {
        watches.set(kind, { emit: onEvent, end: done });
        opened?.();
      }
      return { abort() {} };
    },
    setTimer(fn) {
      timers.push(fn);
      return () => {
        timers = timers.filter((t) => t !== fn);
      };
    },
  });
  const fireTimers = () => {
    const due = timers;
    timers = [];
    due.forEach((f) => f());
  };
  return { ioFor, watches, fireTimers };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const pod = (name: string, rv: string): WireObject => ({
  kind: "Pod",
  metadata: { name, namespace: "lab", uid: `uid-${name}`, resourceVersion: rv },
});

describe("hub on 401 Unauthorized", () => {
  it("marks the data stale since the first 401 with an actionable reason, then clears when requests pass again", async () => {
    let rejecting = false;
    let clock = "2026-01-01T10:00:00.000Z";
    const creds = { origin: "/home/me/.kube/config", reloadError: undefined as string | undefined };
    const c = fakeCluster((kind) =>
      rejecting
        ? new KubeRequestError(401, `list ${kind}: Unauthorized`)
        : { items: kind === "Pod" ? [pod("a", "3")] : [], resourceVersion: "3" },
    );
    const hub = createHub({ ioFor: c.ioFor, now: () => new Date(clock), credentials: creds });
    await flush();
    expect(hub.status().stale).toBeUndefined();

    // The token expires; the Deployment watch ends and its resume is refused.
    rejecting = true;
    c.watches.get("Deployment")!.end(new KubeRequestError(401, "watch deployments.apps: Unauthorized"));
    const st = hub.status();
    expect(st.stale).toEqual({
      since: "2026-01-01T10:00:00.000Z",
      reason:
        "Unauthorized: the cluster rejected Rollscope's credentials from /home/me/.kube/config (token expired or revoked). " +
        "Rollscope re-reads the kubeconfig and re-runs its credential plugin before every retry: refresh the credentials (log in again / rewrite the token) and it resumes by itself.",
    });
    expect(st.degraded).toEqual([]);
    expect(st.unreachable).toBeUndefined();
    expect(hub.store.stale).toEqual(st.stale);

    // Every kind is rejected later on, and the re-read of the kubeconfig fails: still stale since
    // the first 401 (a 401 is an answer: not "unreachable"), and the reason says why it is stuck.
    clock = "2026-01-01T10:00:05.000Z";
    creds.reloadError = "cannot read kubeconfig: bad indentation";
    for (const k of ["ReplicaSet", "Pod", "Service", "EndpointSlice"] as Kind[])
      c.watches.get(k)!.end(new KubeRequestError(401, "Unauthorized"));
    c.fireTimers();
    await flush();
    expect(hub.status().stale?.since).toBe("2026-01-01T10:00:00.000Z");
    expect(hub.status().stale?.reason).toMatch(
      /Re-reading them failed, so the previous ones are still in use: cannot read kubeconfig: bad indentation$/,
    );
    expect(hub.status().unreachable).toBeUndefined();
    expect(hub.status().degraded).toEqual([]);
    expect(Object.keys(hub.store.objects.Pod)).toEqual(["uid-a"]); // the last known state stays on view

    // New credentials: the retries pass, every kind reconnects, stale clears.
    rejecting = false;
    creds.reloadError = undefined;
    c.fireTimers();
    await flush();
    expect(hub.status().stale).toBeUndefined();
    expect(hub.store.stale).toBeUndefined();
    hub.stop();
  });

  it("keeps 403 a degraded part (not stale) and a network failure stale", async () => {
    const c = fakeCluster((kind) =>
      kind === "Pod"
        ? new KubeRequestError(403, 'pods is forbidden: User "dev" cannot list resource "pods"')
        : new KubeRequestError(0, "cannot reach https://x: ECONNREFUSED"),
    );
    const hub = createHub({ ioFor: c.ioFor, now: () => new Date("2026-01-01T10:00:00Z") });
    await flush();
    const st = hub.status();
    expect(st.degraded.map((d) => d.kind)).toEqual(["Pod"]);
    expect(st.stale).toEqual({ since: "2026-01-01T10:00:00.000Z", reason: "cannot reach https://x: ECONNREFUSED" });
    hub.stop();
  });
});
