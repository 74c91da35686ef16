/** @kubernetes/client-node (what the dashboard and the lab kubelet use) against the lab API server. */
import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  makeInformer,
  PatchStrategy,
  setHeaderOptions,
  type V1Deployment,
} from "@kubernetes/client-node";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeKubeconfig } from "./kubeconfig";
import { deployment, startTestApi, type TestApi } from "@/test/support/labcluster/test-api";

let t: TestApi;
let kc: KubeConfig;
beforeEach(async () => {
  t = await startTestApi();
  const path = join(mkdtempSync(join(tmpdir(), "lab-cn-")), "kubeconfig");
  await writeKubeconfig(path, t.url);
  kc = new KubeConfig();
  kc.loadFromFile(path);
});
afterEach(async () => {
  await t.close();
});

describe("client-node", () => {
  it("loads the written kubeconfig and reads through typed clients", async () => {
    expect(kc.getCurrentContext()).toBe("rollscope-lab");
    expect(kc.getCurrentCluster()?.server).toBe(t.url);
    const core = kc.makeApiClient(CoreV1Api);
    const ns = await core.listNamespace();
    expect(ns.items.map((n) => n.metadata?.name)).toEqual(["default", "kube-node-lease", "kube-public", "kube-system"]);
    const svc = await core.readNamespacedService({ name: "kubernetes", namespace: "default" });
    expect(svc.spec?.clusterIP).toBe("10.96.0.1");
    await expect(core.readNamespacedPod({ name: "nope", namespace: "default" })).rejects.toMatchObject({ code: 404 });
  });

  it("creates and patches, and an informer sees list then watch events", async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    await apps.createNamespacedDeployment({ namespace: "default", body: deployment("a") as V1Deployment });
    const seen: string[] = [];
    const informer = makeInformer(kc, "/apis/apps/v1/namespaces/default/deployments", () =>
      apps.listNamespacedDeployment({ namespace: "default" }),
    );
    informer.on("add", (d) => seen.push(`add ${d.metadata?.name}`));
    informer.on("update", (d) => seen.push(`update ${d.metadata?.name} ${d.spec?.replicas}`));
    informer.on("delete", (d) => seen.push(`delete ${d.metadata?.name}`));
    await informer.start();
    await apps.createNamespacedDeployment({ namespace: "default", body: deployment("b") as V1Deployment });
    await apps.patchNamespacedDeployment(
      { name: "b", namespace: "default", body: { spec: { replicas: 7 } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    await apps.deleteNamespacedDeployment({ name: "b", namespace: "default" });
    for (let i = 0; i < 200 && seen.length < 4; i++) await new Promise((r) => setTimeout(r, 10));
    await informer.stop();
    expect(seen).toEqual(["add a", "add b", "update b 7", "delete b"]);
  });
});
