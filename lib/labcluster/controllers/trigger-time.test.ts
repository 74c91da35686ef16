import { afterEach, describe, expect, it } from "vitest";
import { STORE, type Condition, type Pod, type Service } from "../kinds";
import { DEPLOYMENTS, ENDPOINTS, ENDPOINTSLICES, SERVICES } from "./objects";
import { deployment, Lab } from "@/test/support/labcluster/controllers/lab";
import { rfc3339Nano, TriggerTimeTracker } from "./trigger-time";

const T0 = Date.UTC(2026, 0, 1, 10, 0, 0);
const iso = (ms: number) => rfc3339Nano(ms);

function pod(name: string, readyAt?: number, status: Condition["status"] = "True"): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    status: readyAt === undefined ? {} : { conditions: [{ type: "Ready", status, lastTransitionTime: iso(readyAt) }] },
  };
}

const svc: Service = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default", creationTimestamp: iso(T0) } };

describe("TriggerTimeTracker (endpointslice util/trigger_time_tracker.go)", () => {
  it("answers the Service's creation first, then the earliest moved Ready transition, else nothing", () => {
    const t = new TriggerTimeTracker();
    expect(t.compute("default/web", svc, [pod("a", T0 + 5000)])).toBe(T0);
    // Nothing moved since the last sync: no trigger time (the annotation is removed).
    expect(t.compute("default/web", svc, [pod("a", T0 + 5000)])).toBeUndefined();
    // Two pods changed (one went NotReady, which counts too): the earlier time wins.
    expect(t.compute("default/web", svc, [pod("a", T0 + 9000, "False"), pod("b", T0 + 7000)])).toBe(T0 + 7000);
    // A pod that went away is no change; a pod without a Ready condition has no trigger time.
    expect(t.compute("default/web", svc, [pod("b", T0 + 7000), pod("c")])).toBeUndefined();
    t.delete("default/web");
    expect(t.compute("default/web", svc, [])).toBe(T0);
  });

  it("formats like Go's RFC3339Nano (no zero fraction)", () => {
    expect(rfc3339Nano(T0)).toBe("2026-01-01T10:00:00Z");
    expect(rfc3339Nano(T0 + 120)).toBe("2026-01-01T10:00:00.12Z");
  });
});

let lab: Lab;
afterEach(() => lab?.stop());

describe("last-change-trigger-time on EndpointSlices and Endpoints", () => {
  it("is a pod's Ready transition while pods turn Ready, and gone after an update no pod change triggered", async () => {
    lab = new Lab();
    const created = lab.store.create(SERVICES, "", {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: "default" },
      spec: {
        selector: { app: "web" },
        ports: [{ port: 80, targetPort: 8080, protocol: "TCP" }],
        clusterIP: "10.96.0.10",
        type: "ClusterIP",
      },
    });
    lab.store.create(DEPLOYMENTS, "apps", deployment("web", { replicas: 1 }));
    await lab.settle();
    const annotation = (storage: string) =>
      lab.store.list(storage, "default").find((o) => o.metadata.name?.startsWith("web"))?.metadata.annotations?.[
        "endpoints.kubernetes.io/last-change-trigger-time"
      ];
    // First sync: the Service's creationTimestamp, not the controller's clock.
    expect(annotation(ENDPOINTSLICES)).toBe(created.metadata.creationTimestamp);
    expect(annotation(ENDPOINTS)).toBe(created.metadata.creationTimestamp);
    lab.clock.advance(3000);
    await lab.rollOut();
    const pods = lab.store.list(STORE.pods, "default");
    const readyAt = pods[0]!.status!.conditions!.find((c: { type: string }) => c.type === "Ready")!.lastTransitionTime;
    expect(annotation(ENDPOINTSLICES)).toBe(readyAt);
    expect(annotation(ENDPOINTS)).toBe(readyAt);
    // Deleting the pod changes the endpoints, but no Ready transition moved: no annotation at all.
    lab.store.remove("pods", "", "default", pods[0]!.metadata.name!);
    lab.store.update(DEPLOYMENTS, "apps", { ...lab.deployment("web"), spec: { ...lab.deployment("web").spec, replicas: 0 } });
    await lab.settle();
    const slice = lab.store.list(ENDPOINTSLICES, "default")[0]!;
    expect(slice.endpoints ?? []).toEqual([]);
    expect(slice.metadata).not.toHaveProperty("annotations");
  });
});
