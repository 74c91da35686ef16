import { afterEach, describe, expect, it } from "vitest";
import { computeHash } from "../hash";
import { DEPLOYMENTS, REPLICASETS } from "../objects";
import { deployment, Lab, template } from "@/test/support/labcluster/controllers/lab";

let lab: Lab;
afterEach(() => lab?.stop());

async function rollTo(name: string, version: string, annotations: Record<string, string> = {}): Promise<void> {
  lab.edit(name, (d) => {
    d.spec!.template = template(name, version);
    d.metadata.annotations = { ...(d.metadata.annotations ?? {}), ...annotations };
  });
  await lab.rollOut();
  lab.clock.advance(10_000);
}

describe("ReplicaSet identity, annotations and history", () => {
  it("names the RS <deploy>-<hash>, labels, selects, owns and annotates it like the real controller", async () => {
    lab = new Lab();
    const d = deployment("web", { replicas: 2, minReadySeconds: 0 });
    d.metadata.annotations = {
      "kubernetes.io/change-cause": "first",
      "kubectl.kubernetes.io/last-applied-configuration": "{}",
    };
    lab.store.create(DEPLOYMENTS, "apps", d);
    await lab.rollOut();
    const [rs] = lab.replicaSets("web");
    const hash = rs!.metadata.labels!["pod-template-hash"]!;
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(rs!.metadata.name).toBe(`web-${hash}`);
    expect(rs!.spec!.selector!.matchLabels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs!.spec!.template!.metadata!.labels).toEqual({ app: "web", version: "v1", "pod-template-hash": hash });
    expect(rs!.metadata.ownerReferences).toEqual([
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        name: "web",
        uid: lab.deployment("web").metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(rs!.metadata.annotations).toEqual({
      "kubernetes.io/change-cause": "first",
      "deployment.kubernetes.io/revision": "1",
      "deployment.kubernetes.io/desired-replicas": "2",
      "deployment.kubernetes.io/max-replicas": "3",
    });
    const pod = lab.kubelet.pods()[0]!;
    expect(pod.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    expect(pod.metadata.ownerReferences![0]).toMatchObject({
      kind: "ReplicaSet",
      name: rs!.metadata.name,
      controller: true,
      blockOwnerDeletion: true,
    });

    // A later annotation (kubectl annotate) reaches the current RS only.
    await rollTo("web", "v2", { "kubernetes.io/change-cause": "second" });
    expect(lab.rs("web", "v1")!.metadata.annotations!["kubernetes.io/change-cause"]).toBe("first");
    expect(lab.rs("web", "v2")!.metadata.annotations!["kubernetes.io/change-cause"]).toBe("second");
    // Same template, same hash: the hash depends on the template only.
    expect(lab.rs("web", "v1")!.metadata.name).toBe(`web-${hash}`);
  });

  it("undo renumbers revisions 1,2,3 → 1,3,4 and keeps the old number in revision-history", async () => {
    lab = new Lab();
    lab.store.create(DEPLOYMENTS, "apps", deployment("web", { replicas: 2 }));
    await lab.rollOut();
    lab.clock.advance(10_000);
    await rollTo("web", "v2");
    await rollTo("web", "v3");
    const rev = () =>
      Object.fromEntries(
        lab
          .replicaSets("web")
          .map((rs) => [rs.spec!.template!.metadata!.labels!.version, rs.metadata.annotations!["deployment.kubernetes.io/revision"]]),
      );
    expect(rev()).toEqual({ v1: "1", v2: "2", v3: "3" });
    await rollTo("web", "v2");
    expect(rev()).toEqual({ v1: "1", v2: "4", v3: "3" });
    expect(lab.rs("web", "v2")!.metadata.annotations!["deployment.kubernetes.io/revision-history"]).toBe("2");
    expect(lab.replicaSets("web")).toHaveLength(3);
    await rollTo("web", "v3");
    await rollTo("web", "v2");
    expect(lab.rs("web", "v2")!.metadata.annotations!["deployment.kubernetes.io/revision-history"]).toBe("2,4");
    expect(rev()).toEqual({ v1: "1", v2: "6", v3: "5" });
  });

  it("revisionHistoryLimit 0 deletes every old RS once a rollout completes", async () => {
    lab = new Lab();
    lab.store.create(DEPLOYMENTS, "apps", deployment("web", { replicas: 2, revisionHistoryLimit: 0 }));
    await lab.rollOut();
    lab.clock.advance(10_000);
    // A stuck rollout cleans nothing, so undo still has a target.
    lab.edit("web", (d) => (d.spec!.template = template("web", "v2")));
    await lab.rollOut((p) => p.metadata.labels?.version !== "v2");
    expect(lab.replicaSets("web")).toHaveLength(2);
    lab.kubelet.setReady({ version: "v2" });
    await lab.rollOut();
    expect(lab.replicaSets("web").map((rs) => rs.spec!.template!.metadata!.labels!.version)).toEqual(["v2"]);
    expect(lab.statusTuple("web")).toBe("2/2/2/2/0");
  });

  it("revisionHistoryLimit 1 keeps the newest old RS", async () => {
    lab = new Lab();
    lab.store.create(DEPLOYMENTS, "apps", deployment("web", { replicas: 1, revisionHistoryLimit: 1 }));
    await lab.rollOut();
    lab.clock.advance(10_000);
    await rollTo("web", "v2");
    await rollTo("web", "v3");
    await lab.rollOut();
    expect(lab.replicaSets("web").map((rs) => rs.spec!.template!.metadata!.labels!.version)).toEqual(["v2", "v3"]);
  });
});

describe("hash collisions", () => {
  it("bumps status.collisionCount and names the RS with the new hash", async () => {
    lab = new Lab();
    const d = deployment("web", { replicas: 1 });
    const taken = `web-${computeHash(d.spec!.template)}`;
    lab.store.create(REPLICASETS, "apps", {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: taken, namespace: "default", labels: { app: "someone-else" } },
      spec: { replicas: 0, selector: { matchLabels: { app: "someone-else" } }, template: template("someone-else", "v1") },
    });
    lab.store.create(DEPLOYMENTS, "apps", d);
    await lab.rollOut();
    expect(lab.deployment("web").status!.collisionCount).toBe(1);
    const [rs] = lab.replicaSets("web");
    expect(rs!.metadata.name).toBe(`web-${computeHash(d.spec!.template, 1)}`);
    expect(rs!.metadata.name).not.toBe(taken);
    expect(lab.statusTuple("web")).toBe("1/1/1/1/0");
  });
});
