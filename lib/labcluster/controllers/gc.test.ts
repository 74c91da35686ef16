import { afterEach, describe, expect, it } from "vitest";
import { isoTime } from "../clock";
import type { KObj } from "../types";
import { DEPLOYMENTS, REPLICASETS } from "./objects";
import { deployment, Lab } from "@/test/support/labcluster/controllers/lab";

let lab: Lab;
afterEach(() => lab?.stop());

/** What the apiserver does on DELETE with propagationPolicy Foreground / Orphan. */
function markDeleting(obj: KObj, finalizer: string): KObj {
  return {
    ...obj,
    metadata: { ...obj.metadata, deletionTimestamp: isoTime(lab.clock.now()), deletionGracePeriodSeconds: 0, finalizers: [finalizer] },
  };
}

async function runningDeployment(): Promise<void> {
  lab.store.create(DEPLOYMENTS, "apps", deployment("web", { replicas: 2 }));
  await lab.rollOut();
}

describe("garbage collector", () => {
  it("Background: once the owner is gone its ReplicaSets go, then their pods terminate", async () => {
    lab = new Lab();
    await runningDeployment();
    lab.store.remove(DEPLOYMENTS, "apps", "default", "web");
    await lab.settle();
    expect(lab.store.list(REPLICASETS)).toEqual([]);
    const pods = lab.kubelet.pods();
    expect(pods).toHaveLength(2);
    expect(pods.every((p) => p.metadata.deletionTimestamp && p.metadata.deletionGracePeriodSeconds === 30)).toBe(true);
    lab.kubelet.finishTerminating();
    await lab.settle();
    expect(lab.kubelet.pods()).toEqual([]);
  });

  it("Foreground: the owner waits with its finalizer until blocking dependents are really gone", async () => {
    lab = new Lab();
    await runningDeployment();
    lab.store.update(DEPLOYMENTS, "apps", markDeleting(lab.deployment("web"), "foregroundDeletion"));
    await lab.settle();
    const [rs] = lab.store.list(REPLICASETS);
    expect(rs!.metadata.deletionTimestamp).toBeDefined();
    expect(rs!.metadata.finalizers).toEqual(["foregroundDeletion"]);
    expect(lab.kubelet.pods().every((p) => p.metadata.deletionTimestamp)).toBe(true);
    // Pods still terminating: the RS and the Deployment stay.
    expect(lab.deployment("web")).toBeDefined();
    expect(lab.deployment("web").metadata.finalizers).toEqual(["foregroundDeletion"]);
    lab.kubelet.finishTerminating();
    await lab.settle();
    expect(lab.store.list(REPLICASETS)).toEqual([]);
    expect(lab.store.get(DEPLOYMENTS, "default", "web")).toBeUndefined();
  });

  it("Orphan: dependents lose the ownerReference and stay; the owner goes", async () => {
    lab = new Lab();
    await runningDeployment();
    lab.store.update(DEPLOYMENTS, "apps", markDeleting(lab.deployment("web"), "orphan"));
    await lab.settle();
    expect(lab.store.get(DEPLOYMENTS, "default", "web")).toBeUndefined();
    const [rs] = lab.store.list(REPLICASETS);
    expect(rs!.metadata.ownerReferences).toBeUndefined();
    expect(rs!.metadata.deletionTimestamp).toBeUndefined();
    expect(lab.kubelet.pods().filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(2);
  });

  it("removes an object marked deleted once its last finalizer is gone", async () => {
    lab = new Lab();
    const d = deployment("web", { replicas: 0 });
    d.metadata.finalizers = ["example.com/hold"];
    lab.store.create(DEPLOYMENTS, "apps", d);
    await lab.settle();
    lab.store.update(DEPLOYMENTS, "apps", {
      ...lab.deployment("web"),
      metadata: { ...lab.deployment("web").metadata, deletionTimestamp: isoTime(lab.clock.now()), deletionGracePeriodSeconds: 0 },
    });
    await lab.settle();
    expect(lab.store.get(DEPLOYMENTS, "default", "web")).toBeDefined();
    lab.store.update(DEPLOYMENTS, "apps", { ...lab.deployment("web"), metadata: { ...lab.deployment("web").metadata, finalizers: [] } });
    await lab.settle();
    expect(lab.store.get(DEPLOYMENTS, "default", "web")).toBeUndefined();
  });

  it("deletes a dependent created with a dangling ownerReference", async () => {
    lab = new Lab();
    lab.store.create("configmaps", "", {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: "cm",
        namespace: "default",
        ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "gone", uid: "no-such-uid" }],
      },
    });
    await lab.settle();
    expect(lab.store.get("configmaps", "default", "cm")).toBeUndefined();
  });
});
