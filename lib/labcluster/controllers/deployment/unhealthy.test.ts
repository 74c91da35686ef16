import { describe, expect, it } from "vitest";
import { ManualClock } from "../../clock";
import { Store } from "../../store";
import type { KObj } from "../../types";
import { STORE, type ReplicaSet } from "../../kinds";
import { APPS, newControllerRef, REPLICASETS } from "../objects";
import { deployment, template } from "@/test/support/labcluster/controllers/lab";
import { DeploymentSync } from "./context";
import { rolloutRolling } from "./rolling";

/** An RS as the Deployment controller leaves it, with the status the RS controller last wrote. */
function replicaSet(d: KObj, version: string, revision: number, spec: number, available: number): ReplicaSet {
  const labels = { app: "web", version, "pod-template-hash": version };
  const tmpl = template("web", version);
  tmpl.metadata!.labels = labels;
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: `web-${version}`,
      namespace: "default",
      generation: 1,
      labels,
      annotations: {
        "deployment.kubernetes.io/revision": String(revision),
        "deployment.kubernetes.io/desired-replicas": "3",
        "deployment.kubernetes.io/max-replicas": "4",
      },
      ownerReferences: [newControllerRef(d)],
    },
    spec: { replicas: spec, minReadySeconds: 0, selector: { matchLabels: labels }, template: tmpl },
    status: { replicas: available, readyReplicas: available, availableReplicas: available, observedGeneration: 1 },
  };
}

describe("reconcileOldReplicaSets when an old RS's status lags its scale-down (rolling.go cleanupUnhealthyReplicas)", () => {
  it("never scales the old RS back up: the real controller refuses the negative cut and scales nothing", () => {
    const clock = new ManualClock();
    const store = new Store(clock);
    const d = store.create(STORE.deployments, APPS, deployment("web", { replicas: 3, maxSurge: 1, maxUnavailable: 0, version: "v2" }));
    // v1 was just cut 3→2 but its status still counts 3 available; v2 is at 2 with 2 available.
    // maxScaledDown = 4 − 3 − 0 = 1 > 0, and v1's "unhealthy" count is 2 − 3 = −1.
    store.create(REPLICASETS, APPS, replicaSet(d, "v1", 1, 2, 3));
    store.create(REPLICASETS, APPS, replicaSet(d, "v2", 2, 2, 2));
    const sync = new DeploymentSync(store, clock, { add: () => {}, addAfter: () => {} }, structuredClone(d));
    rolloutRolling(sync, store.list(REPLICASETS, "default"));
    const sizes = Object.fromEntries(store.list(STORE.replicasets, "default").map((rs) => [rs.metadata.name, rs.spec!.replicas]));
    expect(sizes).toEqual({ "web-v1": 2, "web-v2": 2 });
    // The sync still ends with a status write, as the real one does after `return false, nil`.
    expect(store.get(STORE.deployments, "default", "web")!.status?.updatedReplicas).toBe(2);
  });
});
