import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../../errors";
import { Store } from "../../store";
import { STORE, type ReplicaSet } from "../../kinds";
import { APPS, PODS, REPLICASETS } from "../objects";
import { Lab, template } from "@/test/support/labcluster/controllers/lab";
import { slowStartBatch } from "./controller";

let lab: Lab;
afterEach(() => lab?.stop());

function replicaSet(name: string, replicas: number): ReplicaSet {
  const t = template(name, "v1");
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, namespace: "default", generation: 1 },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: t },
  };
}

describe("ReplicaSet controller", () => {
  it("creates pods from the template with an ownerReference, and reports status", async () => {
    lab = new Lab();
    const rs = lab.store.create(REPLICASETS, APPS, replicaSet("rs", 3));
    await lab.settle();
    const pods = lab.kubelet.pods({ app: "rs" });
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^rs-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.generateName).toBe("rs-");
      expect(p.metadata.labels).toEqual({ app: "rs", version: "v1" });
      expect(p.metadata.ownerReferences).toEqual([
        { apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true },
      ]);
      expect(p.spec!.containers![0]!.image).toBe("registry.example/rs:v1");
      expect(p.status!.phase).toBe("Pending");
    }
    expect(lab.events("rs", "SuccessfulCreate")).toHaveLength(3);
    const status = lab.store.get(REPLICASETS, "default", "rs")!.status;
    expect(status).toMatchObject({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
    // readyReplicas/availableReplicas are omitempty (apps/v1 ReplicaSetStatus): 0 is not written.
    expect(status).not.toHaveProperty("readyReplicas");
    expect(status).not.toHaveProperty("availableReplicas");
    lab.kubelet.run();
    lab.kubelet.setReady(undefined);
    await lab.settle();
    expect(lab.store.get(REPLICASETS, "default", "rs")!.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3 });
  });

  it("deletes the lowest-ranked pods: bound ones get a deletionTimestamp and grace, unbound ones go at once", async () => {
    lab = new Lab();
    lab.store.create(REPLICASETS, APPS, replicaSet("rs", 3));
    await lab.settle();
    lab.kubelet.run();
    lab.kubelet.setReady(undefined);
    await lab.settle();
    // Two extra pods appear later; one is never scheduled.
    const rs = lab.store.get(STORE.replicasets, "default", "rs")!;
    lab.store.update(REPLICASETS, APPS, { ...rs, spec: { ...rs.spec, replicas: 5 }, metadata: { ...rs.metadata, generation: 2 } });
    await lab.settle();
    const [bound] = lab.kubelet.pods().filter((p) => !p.spec!.nodeName);
    lab.kubelet.run((p) => p.metadata.name === bound!.metadata.name);
    await lab.settle();
    const rs2 = lab.store.get(STORE.replicasets, "default", "rs")!;
    lab.clock.advance(1000);
    lab.store.update(REPLICASETS, APPS, { ...rs2, spec: { ...rs2.spec, replicas: 3 }, metadata: { ...rs2.metadata, generation: 3 } });
    await lab.settle();
    const all = lab.kubelet.pods();
    const terminating = all.filter((p) => p.metadata.deletionTimestamp);
    // The unscheduled pod was removed outright, the NotReady running one is terminating.
    expect(all).toHaveLength(4);
    expect(terminating.map((p) => p.metadata.name)).toEqual([bound!.metadata.name]);
    expect(terminating[0]!.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(Date.parse(terminating[0]!.metadata.deletionTimestamp!)).toBe(lab.clock.now() + 30_000);
    expect(lab.store.get(REPLICASETS, "default", "rs")!.status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      terminatingReplicas: 1,
      observedGeneration: 3,
    });
    expect(lab.events("rs", "SuccessfulDelete")).toHaveLength(2);
  });

  it("adopts matching orphans and releases pods that stop matching", async () => {
    lab = new Lab();
    lab.store.create(PODS, "", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "orphan", namespace: "default", labels: { app: "rs", version: "v1" } },
      spec: {},
      status: { phase: "Pending" },
    });
    lab.store.create(REPLICASETS, APPS, replicaSet("rs", 2));
    await lab.settle();
    expect(lab.store.get(PODS, "default", "orphan")!.metadata.ownerReferences![0]!.name).toBe("rs");
    expect(lab.kubelet.pods({ app: "rs" })).toHaveLength(2);
    const orphan = lab.store.get(PODS, "default", "orphan")!;
    lab.store.update(PODS, "", { ...orphan, metadata: { ...orphan.metadata, labels: { app: "other" } } });
    await lab.settle();
    expect(lab.store.get(PODS, "default", "orphan")!.metadata.ownerReferences ?? []).toEqual([]);
    expect(lab.kubelet.pods({ app: "rs" })).toHaveLength(2);
  });

  it("reports ReplicaFailure when creating pods fails, retries with backoff and clears it", async () => {
    lab = new Lab();
    const store = lab.store as Store & { create: Store["create"] };
    const create = store.create.bind(store);
    let fail = true;
    store.create = (storage, group, obj) => {
      if (storage === PODS && fail) throw new ApiError(403, "Forbidden", `pods "x" is forbidden: exceeded quota: compute`);
      return create(storage, group, obj);
    };
    store.create(REPLICASETS, APPS, replicaSet("rs", 4));
    await lab.settle();
    const rs = lab.store.get(STORE.replicasets, "default", "rs")!;
    expect(rs.status!.conditions).toEqual([
      {
        type: "ReplicaFailure",
        status: "True",
        reason: "FailedCreate",
        message: `pods "x" is forbidden: exceeded quota: compute`,
        lastTransitionTime: expect.any(String),
      },
    ]);
    expect(lab.events("rs", "FailedCreate")[0]).toBe(`Error creating: pods "x" is forbidden: exceeded quota: compute`);
    fail = false;
    await lab.advance(60_000);
    expect(lab.kubelet.pods({ app: "rs" })).toHaveLength(4);
    expect(lab.store.get(STORE.replicasets, "default", "rs")!.status!.conditions).toBeUndefined();
  });
});

describe("slowStartBatch", () => {
  it("runs batches of 1, 2, 4 … and stops after the first failing batch", () => {
    let calls = 0;
    expect(slowStartBatch(10, () => void calls++)).toEqual({ created: 10 });
    expect(calls).toBe(10);
    calls = 0;
    const r = slowStartBatch(10, () => {
      calls++;
      if (calls === 3) throw new Error("boom");
    });
    // Batch 1 (1 call) then batch 2 (calls 2 and 3, one fails): 3 attempts, 2 created.
    expect(calls).toBe(3);
    expect(r.created).toBe(2);
    expect(r.error?.message).toBe("boom");
  });
});
