/**
 * The HTTP transport against a real Kubernetes API: the embedded lab cluster (no controllers,
 * no kubelet), so list, watch, resume and 410 Gone go over the wire exactly as with a cluster.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLabCluster, type LabCluster } from "@/lib/labcluster";
import { loadClusterTarget, type ClusterTarget } from "./config";
import { createHub } from "./hub";
import { createInformer, KubeRequestError, type InformerNotice } from "./informer";
import { RESOURCES } from "./resources";
import { httpInformerIO } from "./transport";

let lab: LabCluster;
let target: ClusterTarget;

beforeAll(async () => {
  lab = await startLabCluster({ controllers: false, kubelet: false, historyWindow: 3 });
  target = loadClusterTarget({ kubeconfig: lab.kubeconfigPath }, {} as unknown as NodeJS.ProcessEnv);
});

afterAll(async () => {
  await lab?.stop();
});

async function createService(ns: string, name: string): Promise<void> {
  const res = await fetch(`${lab.server}/api/v1/namespaces/${ns}/services`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name },
      spec: { selector: { app: name }, ports: [{ port: 80 }] },
    }),
  });
  expect(res.status).toBe(201);
}

/** Resolves when `pred` holds for a notice (or a hub message); the test times out otherwise. */
function waitFor<T>(subscribe: (f: (x: T) => void) => void, pred: (x: T) => boolean): Promise<T> {
  return new Promise((resolve) => subscribe((x) => pred(x) && resolve(x)));
}

describe("httpInformerIO against the lab cluster", () => {
  it("lists in pages (limit + continue), cutting each object down as its page arrives", async () => {
    for (const name of ["page-a", "page-b", "page-c"]) await createService("default", name);
    const io = httpInformerIO(target.kc, RESOURCES.Service, "default", {
      pageSize: 2,
      transform: (o) => ({ kind: o.kind, metadata: { name: o.metadata?.name } }),
    });
    const all = await httpInformerIO(target.kc, RESOURCES.Service, "default").list();
    const paged = await io.list();
    expect(all.items.length).toBeGreaterThan(2);
    expect(paged.items).toEqual(all.items.map((o) => ({ kind: "Service", metadata: { name: o.metadata?.name } })));
    expect(paged.resourceVersion).toBe(all.resourceVersion);
  });

  it("lists with kind/apiVersion restored, then watches new objects", async () => {
    const listeners: ((n: InformerNotice) => void)[] = [];
    const inf = createInformer(httpInformerIO(target.kc, RESOURCES.Service, "default"), (n) => listeners.forEach((l) => l(n)));
    const synced = waitFor<InformerNotice>(
      (f) => listeners.push(f),
      (n) => n.type === "sync",
    );
    inf.start();
    const sync = await synced;
    expect(sync.type === "sync" && sync.items.find((s) => s.metadata?.name === "kubernetes")).toMatchObject({
      kind: "Service",
      apiVersion: "v1",
    });
    const added = waitFor<InformerNotice>(
      (f) => listeners.push(f),
      (n) => n.type === "ADDED" && n.object.metadata?.name === "svc-a",
    );
    await createService("default", "svc-a");
    await added;
    inf.stop();
  });

  it("after a dropped watch, resumes; when the history is compacted (410 Gone) it relists", async () => {
    const io = httpInformerIO(target.kc, RESOURCES.Service, "default");
    // Wrap the real watch so the test can drop the connection like a flaky network would.
    let drop: (() => void) | undefined;
    const flaky = {
      ...io,
      watch: ((rv, onEvent, done) => {
        const h = io.watch(rv, onEvent, done);
        drop = () => {
          h.abort();
          done(new KubeRequestError(0, "connection reset"));
        };
        return h;
      }) as typeof io.watch,
    };
    const notices: InformerNotice[] = [];
    const listeners: ((n: InformerNotice) => void)[] = [(n) => notices.push(n)];
    const inf = createInformer(flaky, (n) => listeners.forEach((l) => l(n)), { backoffInitialMs: 300 });
    const firstSync = waitFor<InformerNotice>(
      (f) => listeners.push(f),
      (n) => n.type === "sync",
    );
    inf.start();
    await firstSync;
    drop!();
    // While disconnected: more writes than the lab keeps history for (3).
    for (const n of ["svc-b", "svc-c", "svc-d", "svc-e"]) await createService("default", n);
    const relisted = waitFor<InformerNotice>(
      (f) => listeners.push(f),
      (n) => n.type === "sync" && n.items.some((o) => o.metadata?.name === "svc-e"),
    );
    const second = await relisted;
    expect(notices.filter((n) => n.type === "sync")).toHaveLength(2);
    expect(notices.some((n) => n.type === "error" && n.statusCode === 0)).toBe(true);
    expect(second.type === "sync" && second.items.map((o) => o.metadata?.name)).toEqual(
      expect.arrayContaining(["svc-a", "svc-b", "svc-c", "svc-d", "svc-e"]),
    );
    inf.stop();
  });

  it("a hub reads every kind from the lab cluster and trims what it stores", async () => {
    const hub = createHub({ ioFor: (kind) => httpInformerIO(target.kc, RESOURCES[kind], "default") });
    await hub.whenSynced(10_000);
    expect(hub.status()).toMatchObject({ synced: true, degraded: [], endpointSource: "EndpointSlice" });
    const names = Object.values(hub.store.objects.Service).map((s) => s.metadata.name);
    expect(names).toEqual(expect.arrayContaining(["kubernetes", "svc-a", "svc-e"]));
    for (const s of Object.values(hub.store.objects.Service)) expect(s.metadata.managedFields).toBeUndefined();
    hub.stop();
  });

  it("reports an unreachable server as a network error (status 0) with the address", async () => {
    const dead = loadClusterTarget({ kubeconfig: lab.kubeconfigPath }, {} as unknown as NodeJS.ProcessEnv);
    dead.kc.clusters = dead.kc.clusters.map((c) => ({ ...c, server: "http://127.0.0.1:1" }));
    await expect(httpInformerIO(dead.kc, RESOURCES.Pod).list()).rejects.toMatchObject({
      statusCode: 0,
      message: expect.stringContaining("cannot reach http://127.0.0.1:1"),
    });
  });
});
