/**
 * Issue 18 item 4: client-node's own informer (list, then watch) on the whole lab cluster —
 * controllers and kubelet running — sees the pods a Deployment makes arrive, change and go.
 */
import { AppsV1Api, CoreV1Api, KubeConfig, makeInformer, type V1Deployment, type V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLabCluster, type LabCluster } from "./index";
import { deployment } from "@/test/support/labcluster/test-api";

let lab: LabCluster;
let kc: KubeConfig;
beforeAll(async () => {
  lab = await startLabCluster({ timeScale: 20 });
  kc = new KubeConfig();
  kc.loadFromFile(lab.kubeconfigPath);
});
afterAll(async () => {
  await lab?.stop();
});

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
}

describe("client-node makeInformer on the lab cluster", () => {
  it("delivers add, update and delete for the pods a Deployment creates, scales and removes", async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const apps = kc.makeApiClient(AppsV1Api);
    const ns = "informer";
    await core.createNamespace({ body: { metadata: { name: ns } } });
    const events: { type: string; name: string; phase?: string }[] = [];
    const informer = makeInformer<V1Pod>(
      kc,
      `/api/v1/namespaces/${ns}/pods`,
      () => core.listNamespacedPod({ namespace: ns, labelSelector: "app=web" }),
      "app=web",
    );
    const note = (type: string) => (p: V1Pod) => events.push({ type, name: p.metadata!.name!, phase: p.status?.phase });
    informer.on("add", note("add"));
    informer.on("update", note("update"));
    informer.on("delete", note("delete"));
    await informer.start();

    await apps.createNamespacedDeployment({ namespace: ns, body: deployment("web", { replicas: 2 }) as V1Deployment });
    await until(
      "two running pods in the informer's cache",
      () => informer.list(ns).filter((p) => p.status?.phase === "Running").length === 2,
    );
    const added = events.filter((e) => e.type === "add").map((e) => e.name);
    expect(new Set(added).size).toBe(2);
    expect(events.some((e) => e.type === "update" && e.phase === "Running")).toBe(true);

    await apps.deleteNamespacedDeployment({ name: "web", namespace: ns });
    await until("the pods deleted", () => informer.list(ns).length === 0);
    expect(
      events
        .filter((e) => e.type === "delete")
        .map((e) => e.name)
        .sort(),
    ).toEqual([...added].sort());
    const labPods = (await core.listNamespacedPod({ namespace: ns })).items;
    expect(labPods).toEqual([]);
    await informer.stop();
  });
});
