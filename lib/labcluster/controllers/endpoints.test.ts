import { afterEach, describe, expect, it } from "vitest";
import type { KObj } from "../types";
import { DEPLOYMENTS, ENDPOINTS, ENDPOINTSLICES, SERVICES } from "./objects";
import { deployment, Lab } from "@/test/support/labcluster/controllers/lab";

let lab: Lab;
afterEach(() => lab?.stop());

function service(name: string, selector: Record<string, string> | undefined, extra: Record<string, unknown> = {}): KObj {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "default", labels: { tier: "front" } },
    spec: {
      ...(selector ? { selector } : {}),
      ports: [{ name: "web", port: 80, targetPort: "http", protocol: "TCP" }],
      clusterIP: "10.96.0.10",
      type: "ClusterIP",
      ...extra,
    },
  };
}

type Subset = { addresses?: unknown[]; notReadyAddresses?: unknown[]; ports: unknown[] };
const subsets = (svc: string) => lab.store.get(ENDPOINTS, "default", svc)!.subsets as Subset[] | undefined;

const slices = (svc: string) =>
  lab.store.list(ENDPOINTSLICES, "default").filter((s) => s.metadata.labels?.["kubernetes.io/service-name"] === svc);

type Ep = { addresses: string[]; conditions: { ready: boolean; serving: boolean; terminating: boolean }; targetRef: { name: string } };
const endpoints = (svc: string): Ep[] => slices(svc).flatMap((s) => (s.endpoints ?? []) as Ep[]);

describe("EndpointSlice and Endpoints controllers", () => {
  it("publishes one slice per Service with resolved named ports and per-endpoint conditions", async () => {
    lab = new Lab();
    const svc = lab.store.create(SERVICES, "", service("web", { app: "web" }));
    lab.store.create(DEPLOYMENTS, "apps", deployment("web", { replicas: 2 }));
    await lab.settle();
    // Pods without an IP are not endpoints yet; the Service still gets an (empty) slice.
    expect(slices("web")).toHaveLength(1);
    expect(endpoints("web")).toEqual([]);

    await lab.rollOut(() => false);
    const [slice] = slices("web");
    expect(slice!.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slice!.metadata.labels).toEqual({
      tier: "front",
      "kubernetes.io/service-name": "web",
      "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
    });
    expect(slice!.metadata.ownerReferences).toEqual([
      { apiVersion: "v1", kind: "Service", name: "web", uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(slice!.addressType).toBe("IPv4");
    expect(slice!.ports).toEqual([{ name: "web", protocol: "TCP", port: 8080 }]);
    expect(endpoints("web").map((e) => e.conditions)).toEqual([
      { ready: false, serving: false, terminating: false },
      { ready: false, serving: false, terminating: false },
    ]);
    const ep0 = (slice!.endpoints as (Ep & { nodeName: string; targetRef: Record<string, string> })[])[0]!;
    expect(ep0.nodeName).toBe("node-1");
    expect(ep0.targetRef).toMatchObject({ kind: "Pod", namespace: "default", uid: expect.any(String) });
    const legacy = lab.store.get(ENDPOINTS, "default", "web")!;
    expect(subsets("web")).toEqual([{ notReadyAddresses: expect.any(Array), ports: [{ name: "web", port: 8080, protocol: "TCP" }] }]);
    expect(legacy.metadata.labels).toMatchObject({ tier: "front", "endpoints.kubernetes.io/managed-by": "endpoint-controller" });

    lab.kubelet.setReady(undefined);
    await lab.settle();
    expect(endpoints("web").every((e) => e.conditions.ready && e.conditions.serving && !e.conditions.terminating)).toBe(true);
    expect(subsets("web")![0]!.addresses).toHaveLength(2);
    expect(subsets("web")![0]!.notReadyAddresses).toBeUndefined();

    // Scale down: the deleted pod stays in the slice as terminating (still serving, not ready)
    // and leaves the legacy Endpoints at once.
    lab.edit("web", (d) => (d.spec!.replicas = 1));
    await lab.settle();
    const conds = endpoints("web").map((e) => e.conditions);
    expect(conds).toHaveLength(2);
    expect(conds).toContainEqual({ ready: false, serving: true, terminating: true });
    expect(conds).toContainEqual({ ready: true, serving: true, terminating: false });
    expect(subsets("web")![0]!.addresses).toHaveLength(1);
    // A terminating pod whose readiness probe fails: not serving either.
    const terminating = lab.kubelet.pods().find((p) => p.metadata.deletionTimestamp)!;
    lab.kubelet.setReady((p) => p.metadata.name === terminating.metadata.name, false);
    await lab.settle();
    expect(endpoints("web").map((e) => e.conditions)).toContainEqual({ ready: false, serving: false, terminating: true });
    lab.kubelet.finishTerminating();
    await lab.settle();
    expect(endpoints("web")).toHaveLength(1);
  });

  it("marks everything ready with publishNotReadyAddresses and keeps terminating pods in Endpoints", async () => {
    lab = new Lab();
    lab.store.create(SERVICES, "", service("web", { app: "web" }, { publishNotReadyAddresses: true }));
    lab.store.create(DEPLOYMENTS, "apps", deployment("web", { replicas: 1 }));
    await lab.rollOut(() => false);
    expect(endpoints("web").map((e) => e.conditions)).toEqual([{ ready: true, serving: false, terminating: false }]);
    expect(subsets("web")![0]!.addresses).toHaveLength(1);
  });

  it("leaves Services without a selector alone, drops unresolvable ports, and cleans up with the Service", async () => {
    lab = new Lab();
    lab.store.create(SERVICES, "", service("manual", undefined));
    lab.store.create(SERVICES, "", {
      ...service("wrongport", { app: "web" }),
      spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: "grpc" }] },
    });
    lab.store.create(DEPLOYMENTS, "apps", deployment("web", { replicas: 1 }));
    await lab.rollOut();
    expect(slices("manual")).toEqual([]);
    expect(lab.store.get(ENDPOINTS, "default", "manual")).toBeUndefined();
    // A named targetPort no container declares: the endpoint is there, without ports.
    expect(slices("wrongport")[0]!.ports).toEqual([]);
    expect(endpoints("wrongport")).toHaveLength(1);
    expect(subsets("wrongport")).toBeUndefined();

    lab.store.remove(SERVICES, "", "default", "wrongport");
    await lab.settle();
    expect(slices("wrongport")).toEqual([]);
    expect(lab.store.get(ENDPOINTS, "default", "wrongport")).toBeUndefined();
  });
});

describe("EndpointSlice and missing Nodes", () => {
  it("leaves out a pod whose Node does not exist, and picks it up once the Node appears", async () => {
    lab = new Lab();
    lab.store.create(SERVICES, "", service("web", { app: "web" }));
    lab.store.create(DEPLOYMENTS, "apps", deployment("web", { replicas: 1 }));
    await lab.rollOut();
    const pod = lab.kubelet.pods()[0]!;
    lab.store.update("pods", "", { ...pod, spec: { ...pod.spec, nodeName: "ghost" } });
    await lab.settle();
    expect(endpoints("web")).toEqual([]);
    lab.store.create("nodes", "", { apiVersion: "v1", kind: "Node", metadata: { name: "ghost" } });
    await lab.advance(5000);
    expect(endpoints("web")).toHaveLength(1);
  });
});
