import { afterEach, describe, expect, it } from "vitest";
import type { KObj } from "../../types";
import { DEPLOYMENTS } from "../objects";
import { deployment, Lab, template } from "@/test/support/labcluster/controllers/lab";

let lab: Lab;
afterEach(() => lab?.stop());

const notVersion = (v: string) => (p: KObj) => p.metadata.labels?.version !== v;

async function rollTo(name: string, version: string, ready: (p: KObj) => boolean = () => true): Promise<void> {
  lab.edit(name, (d) => (d.spec!.template = template(name, version)));
  await lab.rollOut(ready);
  lab.clock.advance(10_000);
}

describe("example C: a v3 whose pods never become Ready (R=3, 1/0)", () => {
  it("stalls at v2 3 + v3 1, times out one second after the deadline, and undo makes v2 new again", async () => {
    lab = new Lab();
    lab.store.create(DEPLOYMENTS, "apps", deployment("web", { replicas: 3, maxSurge: 1, maxUnavailable: 0 }));
    await lab.rollOut();
    lab.clock.advance(10_000);
    await rollTo("web", "v2");
    await rollTo("web", "v3", notVersion("v3"));

    const v2 = lab.rs("web", "v2")!;
    const v3 = lab.rs("web", "v3")!;
    expect(v2.spec!.replicas).toBe(3);
    expect(v3.spec!.replicas).toBe(1);
    expect(lab.statusTuple("web")).toBe("4/1/3/3/1");
    expect(lab.condition("web", "Available")).toMatchObject({ status: "True", reason: "MinimumReplicasAvailable" });
    const progressing = lab.condition("web", "Progressing")!;
    expect(progressing).toMatchObject({
      status: "True",
      reason: "ReplicaSetUpdated",
      message: `ReplicaSet "${v3.metadata.name}" is progressing.`,
    });

    // The deadline counts from the last progress (lastUpdateTime), which was 10 s ago.
    const sinceProgress = lab.clock.now() - Date.parse(progressing.lastUpdateTime!);
    await lab.advance(600_000 - sinceProgress);
    expect(lab.condition("web", "Progressing")!.reason).toBe("ReplicaSetUpdated");
    await lab.advance(999);
    expect(lab.condition("web", "Progressing")!.reason).toBe("ReplicaSetUpdated");
    await lab.advance(1);
    expect(lab.condition("web", "Progressing")).toMatchObject({
      status: "False",
      reason: "ProgressDeadlineExceeded",
      message: `ReplicaSet "${v3.metadata.name}" has timed out progressing.`,
    });
    // No automatic rollback: the shape stays.
    expect(lab.rs("web", "v2")!.spec!.replicas).toBe(3);
    expect(lab.rs("web", "v3")!.spec!.replicas).toBe(1);
    expect(lab.condition("web", "Available")!.status).toBe("True");
    expect(lab.deployment("web").metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("3");

    // kubectl rollout undo: the template goes back to v2's.
    await rollTo("web", "v2");
    const undone = lab.rs("web", "v2")!;
    expect(undone.metadata.name).toBe(v2.metadata.name);
    expect(undone.metadata.annotations).toMatchObject({
      "deployment.kubernetes.io/revision": "4",
      "deployment.kubernetes.io/revision-history": "2",
    });
    expect(lab.deployment("web").metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("4");
    expect(lab.replicaSets("web").map((rs) => rs.metadata.annotations!["deployment.kubernetes.io/revision"])).toEqual(["1", "4", "3"]);
    expect(lab.rs("web", "v3")!.spec!.replicas).toBe(0);
    expect(lab.statusTuple("web")).toBe("3/3/3/3/0");
    expect(lab.condition("web", "Progressing")!.reason).toBe("NewReplicaSetAvailable");
    expect(lab.errors).toEqual([]);
  });
});

describe("R=10, maxSurge 3, maxUnavailable 2", () => {
  it("gets stuck at old 8 + new 5, then scales proportionally to 11 + 7 when R goes to 15", async () => {
    lab = new Lab();
    lab.store.create(DEPLOYMENTS, "apps", deployment("big", { replicas: 10, maxSurge: 3, maxUnavailable: 2 }));
    await lab.rollOut();
    lab.clock.advance(10_000);
    await rollTo("big", "v2", notVersion("v2"));
    expect(lab.rs("big", "v1")!.spec!.replicas).toBe(8);
    expect(lab.rs("big", "v2")!.spec!.replicas).toBe(5);
    expect(lab.statusTuple("big")).toBe("13/5/8/8/5");
    expect(lab.condition("big", "Available")!.status).toBe("True");
    expect(lab.rs("big", "v1")!.metadata.annotations!["deployment.kubernetes.io/max-replicas"]).toBe("13");

    const before = lab.events("big", "ScalingReplicaSet").length;
    lab.edit("big", (d) => (d.spec!.replicas = 15));
    await lab.rollOut(notVersion("v2"));
    const v1 = lab.rs("big", "v1")!;
    const v2 = lab.rs("big", "v2")!;
    expect(v1.spec!.replicas).toBe(11);
    expect(v2.spec!.replicas).toBe(7);
    expect(lab.events("big", "ScalingReplicaSet").slice(before)).toEqual([
      `Scaled up replica set ${v1.metadata.name} from 8 to 11`,
      `Scaled up replica set ${v2.metadata.name} from 5 to 7`,
    ]);
    for (const rs of [v1, v2]) {
      expect(rs.metadata.annotations).toMatchObject({
        "deployment.kubernetes.io/desired-replicas": "15",
        "deployment.kubernetes.io/max-replicas": "18",
      });
    }
  });
});

describe("a new rollout on top of a stuck one", () => {
  it("first scales down the old RS's unavailable pods (cleanupUnhealthyReplicas), then proceeds", async () => {
    lab = new Lab();
    lab.store.create(DEPLOYMENTS, "apps", deployment("web", { replicas: 3, maxSurge: 1, maxUnavailable: 0 }));
    await lab.rollOut();
    lab.clock.advance(10_000);
    await rollTo("web", "v2", notVersion("v2"));
    expect([lab.rs("web", "v1")!.spec!.replicas, lab.rs("web", "v2")!.spec!.replicas]).toEqual([3, 1]);
    const before = lab.events("web", "ScalingReplicaSet").length;
    lab.edit("web", (d) => (d.spec!.template = template("web", "v3")));
    await lab.settle();
    const v2 = lab.rs("web", "v2")!;
    // v3 is created at 0 (no room: 3 + 1 = R + surge) and the broken v2 pod makes room.
    expect(lab.rs("web", "v3")).toBeDefined();
    expect(lab.events("web", "ScalingReplicaSet")[before]).toBe(`Scaled down replica set ${v2.metadata.name} from 1 to 0`);
    await lab.rollOut(notVersion("v2"));
    expect([lab.rs("web", "v1")!.spec!.replicas, lab.rs("web", "v2")!.spec!.replicas, lab.rs("web", "v3")!.spec!.replicas]).toEqual([
      0, 0, 3,
    ]);
    expect(lab.statusTuple("web")).toBe("3/3/3/3/0");
  });
});
