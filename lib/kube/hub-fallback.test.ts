/**
 * Found on the real control plane (e2e/k8s/faults-real.ts): while a restarted kube-apiserver's
 * RBAC is not ready it answers 403, so the EndpointSlice informer, broken by the restart, fell
 * back to Endpoints for good; its old "cannot reach" entry kept the whole view stale forever, and
 * the EndpointSlices it dropped never reached the timeline (a replay kept showing them).
 */
import { describe, expect, it } from "vitest";
import type { Kind } from "@/lib/model/store";
import { createHub } from "./hub";
import { KubeRequestError, type InformerIO, type WireObject } from "./informer";

const slice: WireObject = {
  kind: "EndpointSlice",
  metadata: { name: "web-abc", namespace: "lab", uid: "uid-slice", resourceVersion: "5", labels: { "kubernetes.io/service-name": "web" } },
  endpoints: [],
};
const endpoints: WireObject = {
  kind: "Endpoints",
  metadata: { name: "web", namespace: "lab", uid: "uid-ep", resourceVersion: "6" },
  subsets: [],
};

describe("hub: EndpointSlice fallback after an outage", () => {
  it("clears the staleness of the kind it stopped reading, records its objects leaving, and goes back when EndpointSlices answer again", async () => {
    const watchEnds = new Map<Kind, (e: unknown) => void>();
    let forbidden: Error | undefined;
    let timers: (() => void)[] = [];
    const fire = async () => {
      const due = timers;
      timers = [];
      due.forEach((fn) => fn());
      await new Promise((r) => setTimeout(r, 10));
    };
    const ioFor = (kind: Kind): InformerIO => ({
      list: () =>
        kind === "EndpointSlice" && forbidden
          ? Promise.reject(forbidden)
          : Promise.resolve({ items: kind === "EndpointSlice" ? [slice] : kind === "Endpoints" ? [endpoints] : [], resourceVersion: "7" }),
      watch(_rv, _onEvent, done, opened) {
        watchEnds.set(kind, done);
        if (kind === "EndpointSlice" && forbidden) setTimeout(() => done(forbidden), 0);
        else opened?.();
        return { abort() {} };
      },
      setTimer(fn) {
        timers.push(fn);
        return () => {};
      },
    });
    const hub = createHub({ ioFor, now: () => new Date("2026-11-24T05:42:23Z") });
    await new Promise((r) => setTimeout(r, 0));
    expect(hub.status().stale).toBeUndefined();
    expect(Object.keys(hub.store.objects.EndpointSlice)).toEqual(["uid-slice"]);

    // The apiserver goes away: every watch breaks.
    for (const end of watchEnds.values()) end(new KubeRequestError(0, "cannot reach https://127.0.0.1:6443: ECONNRESET"));
    expect(hub.status().stale?.reason).toMatch(/ECONNRESET/);
    // It comes back; EndpointSlices answer 403 for a moment (RBAC not ready yet), the rest resume.
    forbidden = new KubeRequestError(403, "endpointslices.discovery.k8s.io is forbidden");
    const seqBefore = hub.seq;
    await fire();
    expect(hub.status().endpointSource).toBe("Endpoints");
    expect(hub.status().stale).toBeUndefined();
    const changes = hub.eventsSince(seqBefore)!.map((e) => `${e.type} ${e.kind}`);
    expect(changes).toContain("DELETED EndpointSlice");
    expect(changes).toContain("ADDED Endpoints");

    // Still forbidden at the next probe: stays on Endpoints.
    await fire();
    expect(hub.status().endpointSource).toBe("Endpoints");
    // Allowed again: back to EndpointSlices, the Endpoints leave the store as changes too.
    forbidden = undefined;
    const seqBack = hub.seq;
    await fire();
    expect(hub.status().endpointSource).toBe("EndpointSlice");
    expect(Object.keys(hub.store.objects.Endpoints)).toEqual([]);
    expect(Object.keys(hub.store.objects.EndpointSlice)).toEqual(["uid-slice"]);
    expect(hub.eventsSince(seqBack)!.map((e) => `${e.type} ${e.kind}`)).toContain("DELETED Endpoints");
    expect(hub.status().synced).toBe(true);
    hub.stop();
  });
});
