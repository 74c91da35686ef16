import { afterEach, describe, expect, it } from "vitest";
import { asStored, STORE } from "../../kinds";
import { DEPLOYMENTS } from "../objects";
import { deployment, Lab, template } from "@/test/support/labcluster/controllers/lab";

let lab: Lab;
afterEach(() => lab?.stop());

describe("Recreate", () => {
  it("scales the old RS to 0, waits until no old pod is left, then creates the new RS at R", async () => {
    lab = new Lab();
    lab.store.create(DEPLOYMENTS, "apps", deployment("db", { replicas: 3, strategy: "Recreate" }));
    await lab.rollOut();
    lab.clock.advance(10_000);
    lab.edit("db", (d) => (d.spec!.template = template("db", "v2")));
    await lab.settle();
    const v1 = lab.rs("db", "v1")!;
    expect(v1.spec!.replicas).toBe(0);
    expect(lab.rs("db", "v2")).toBeUndefined();
    // Old pods are terminating (bound pods wait for their kubelet): still no new RS.
    expect(lab.kubelet.pods({ version: "v1" }).every((p) => p.metadata.deletionTimestamp)).toBe(true);
    expect(lab.statusTuple("db")).toBe("0/0/0/0/0");
    expect(lab.condition("db", "Available")).toMatchObject({
      status: "False",
      reason: "MinimumReplicasUnavailable",
      message: "Deployment does not have minimum availability.",
    });
    lab.kubelet.finishTerminating({ version: "v1" });
    lab.kubelet.finishTerminating({ version: "v1" });
    await lab.settle();
    const v2 = lab.rs("db", "v2")!;
    expect(v2.spec!.replicas).toBe(3);
    expect(lab.events("db", "ScalingReplicaSet").slice(-2)).toEqual([
      `Scaled down replica set ${v1.metadata.name} from 3 to 0`,
      `Scaled up replica set ${v2.metadata.name} from 0 to 3`,
    ]);
    await lab.rollOut();
    expect(lab.statusTuple("db")).toBe("3/3/3/3/0");
    expect(lab.condition("db", "Progressing")!.reason).toBe("NewReplicaSetAvailable");
  });
});

describe("pause and resume", () => {
  it("creates no RS while paused, never times out while paused, and resumes with DeploymentResumed", async () => {
    lab = new Lab();
    lab.store.create(DEPLOYMENTS, "apps", deployment("web", { replicas: 3, maxSurge: 1, maxUnavailable: 0 }));
    await lab.rollOut();
    lab.clock.advance(10_000);
    lab.edit("web", (d) => (d.spec!.paused = true));
    await lab.settle();
    expect(lab.condition("web", "Progressing")).toMatchObject({
      status: "Unknown",
      reason: "DeploymentPaused",
      message: "Deployment is paused",
    });

    lab.edit("web", (d) => (d.spec!.template = template("web", "v2")));
    await lab.rollOut();
    expect(lab.replicaSets("web")).toHaveLength(1);
    // Scaling still works while paused.
    lab.edit("web", (d) => (d.spec!.replicas = 4));
    await lab.rollOut();
    expect(lab.rs("web", "v1")!.spec!.replicas).toBe(4);
    await lab.advance(3_600_000);
    expect(lab.condition("web", "Progressing")!.reason).toBe("DeploymentPaused");
    expect(lab.deployment("web").status!.observedGeneration).toBe(lab.deployment("web").metadata.generation);

    const reasons: string[] = [];
    lab.store.subscribe((ev) => {
      const r =
        ev.storage === DEPLOYMENTS
          ? asStored(STORE.deployments, ev.object).status?.conditions?.find((c: { type: string }) => c.type === "Progressing")?.reason
          : undefined;
      if (r && reasons[reasons.length - 1] !== r) reasons.push(r);
    });
    lab.edit("web", (d) => (d.spec!.paused = false));
    await lab.settle();
    expect(reasons.slice(0, 3)).toEqual(["DeploymentPaused", "DeploymentResumed", "NewReplicaSetCreated"]);
    await lab.rollOut();
    expect(lab.rs("web", "v2")!.spec!.replicas).toBe(4);
    expect(lab.statusTuple("web")).toBe("4/4/4/4/0");
    expect(lab.condition("web", "Progressing")!.reason).toBe("NewReplicaSetAvailable");
  });
});

describe("minReadySeconds", () => {
  it("counts a pod available once it has been Ready for minReadySeconds (v1.35: <=)", async () => {
    lab = new Lab();
    lab.store.create(DEPLOYMENTS, "apps", deployment("web", { replicas: 2, minReadySeconds: 10 }));
    await lab.rollOut();
    const rs = () => lab.replicaSets("web")[0]!;
    expect(rs().spec!.minReadySeconds).toBe(10);
    // availableReplicas is omitempty: 0 is absent from the real object.
    expect(rs().status).toMatchObject({ replicas: 2, readyReplicas: 2 });
    expect(rs().status).not.toHaveProperty("availableReplicas");
    expect(lab.statusTuple("web")).toBe("2/2/2/0/2");
    await lab.advance(9_999);
    expect(rs().status!.availableReplicas ?? 0).toBe(0);
    await lab.advance(1);
    expect(rs().status!.availableReplicas).toBe(2);
    expect(lab.statusTuple("web")).toBe("2/2/2/2/0");
    expect(lab.condition("web", "Progressing")!.reason).toBe("NewReplicaSetAvailable");
  });

  it("copies a changed minReadySeconds to the current RS without a new revision", async () => {
    lab = new Lab();
    lab.store.create(DEPLOYMENTS, "apps", deployment("web", { replicas: 1 }));
    await lab.rollOut();
    lab.edit("web", (d) => (d.spec!.minReadySeconds = 5));
    await lab.settle();
    expect(lab.replicaSets("web")).toHaveLength(1);
    expect(lab.replicaSets("web")[0]!.spec!.minReadySeconds).toBe(5);
  });
});

describe("ReplicaFailure", () => {
  it("is copied from the new RS to the Deployment and removed once pods can be created", async () => {
    lab = new Lab();
    const create = lab.store.create.bind(lab.store);
    let fail = true;
    lab.store.create = (storage, group, obj) => {
      if (storage === "pods" && fail) throw new Error(`pods "web-x" is forbidden: exceeded quota: compute`);
      return create(storage, group, obj);
    };
    lab.store.create(DEPLOYMENTS, "apps", deployment("web", { replicas: 2 }));
    await lab.settle();
    expect(lab.condition("web", "ReplicaFailure")).toMatchObject({
      status: "True",
      reason: "FailedCreate",
      message: `pods "web-x" is forbidden: exceeded quota: compute`,
    });
    fail = false;
    await lab.advance(60_000);
    await lab.rollOut();
    expect(lab.condition("web", "ReplicaFailure")).toBeUndefined();
    expect(lab.statusTuple("web")).toBe("2/2/2/2/0");
  });
});

describe("Deployment being deleted", () => {
  it("only has its status synced: no ReplicaSet is created or scaled", async () => {
    lab = new Lab();
    const d = deployment("web", { replicas: 2 });
    d.metadata.finalizers = ["example.com/hold"];
    d.metadata.deletionTimestamp = "2026-01-01T00:00:00Z";
    lab.store.create(DEPLOYMENTS, "apps", d);
    await lab.settle();
    expect(lab.replicaSets("web")).toEqual([]);
    // The zero counters are omitempty in DeploymentStatus: absent, as on a real apiserver.
    const status = lab.deployment("web").status;
    expect(status).toMatchObject({ observedGeneration: 1 });
    for (const k of ["replicas", "availableReplicas", "unavailableReplicas"]) expect(status).not.toHaveProperty(k);
    expect(lab.condition("web", "Progressing")).toBeUndefined();
  });
});

describe("adopting an existing ReplicaSet", () => {
  it("adopts a matching orphan RS as the new one and reports FoundNewReplicaSet", async () => {
    lab = new Lab();
    const d = deployment("web", { replicas: 1 });
    lab.store.create("replicasets", "apps", {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: {
        name: "web-legacy",
        namespace: "default",
        generation: 1,
        labels: { app: "web" },
        annotations: { "deployment.kubernetes.io/revision": "7" },
      },
      spec: { replicas: 1, selector: { matchLabels: { app: "web" } }, template: template("web", "v1") },
    });
    const reasons: string[] = [];
    lab.store.subscribe((ev) => {
      const c =
        ev.storage === DEPLOYMENTS
          ? asStored(STORE.deployments, ev.object).status?.conditions?.find((x: { type: string }) => x.type === "Progressing")
          : undefined;
      if (c && reasons[reasons.length - 1] !== `${c.reason}: ${c.message}`) reasons.push(`${c.reason}: ${c.message}`);
    });
    lab.store.create(DEPLOYMENTS, "apps", d);
    await lab.settle();
    const [rs] = lab.replicaSets("web");
    expect(rs!.metadata.name).toBe("web-legacy");
    expect(rs!.metadata.ownerReferences![0]).toMatchObject({ kind: "Deployment", name: "web", controller: true });
    expect(lab.deployment("web").metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("7");
    expect(lab.store.list("events").map((e) => e.reason)).not.toContain("ScalingReplicaSet");
    // Its pod then comes up: progress.
    expect(reasons.slice(0, 2)).toEqual([
      `FoundNewReplicaSet: Found new replica set "web-legacy"`,
      `ReplicaSetUpdated: ReplicaSet "web-legacy" is progressing.`,
    ]);
  });
});

describe("optimistic concurrency", () => {
  it("a user's edit landing during a sync makes the controller's write conflict (409), and the retry sees the edit", async () => {
    lab = new Lab();
    lab.store.create(DEPLOYMENTS, "apps", deployment("web", { replicas: 2 }));
    await lab.rollOut();
    // The user's annotation edit makes the controller sync (and copy it to the RS).
    lab.edit("web", (d) => (d.metadata.annotations = { "kubernetes.io/change-cause": "touch" }));
    const update = lab.store.update.bind(lab.store);
    let raced = false;
    let conflicts = 0;
    lab.store.update = (storage, group, obj) => {
      if (storage === DEPLOYMENTS && !raced) {
        raced = true;
        // The user scales first, between the controller's read and its write.
        lab.edit("web", (d) => (d.spec!.replicas = 3));
      }
      try {
        return update(storage, group, obj);
      } catch (err) {
        conflicts++;
        throw err;
      }
    };
    await lab.rollOut();
    expect(raced).toBe(true);
    expect(conflicts).toBeGreaterThan(0);
    expect(lab.replicaSets("web")[0]!.spec!.replicas).toBe(3);
    expect(lab.statusTuple("web")).toBe("3/3/3/3/0");
    expect(lab.errors).toEqual([]);
  });
});
