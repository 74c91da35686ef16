import { describe, expect, it } from "vitest";
import { rolloutStatusLine } from "./rolloutStatus";
import type { RawDeployment } from "./rawKinds";

const dep = (o: {
  generation?: number;
  observed?: number;
  replicas?: number;
  updated?: number;
  total?: number;
  available?: number;
  pde?: boolean;
}): RawDeployment => ({
  kind: "Deployment",
  metadata: { name: "inference", namespace: "lab", generation: o.generation ?? 2 },
  spec: { replicas: o.replicas ?? 3 },
  status: {
    observedGeneration: o.observed ?? 2,
    replicas: o.total ?? 3,
    updatedReplicas: o.updated ?? 3,
    availableReplicas: o.available ?? 3,
    conditions: o.pde
      ? [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }]
      : [{ type: "Progressing", status: "True", reason: "ReplicaSetUpdated" }],
  },
});

describe("rolloutStatusLine (ROLLOUT-SPEC §10, first match wins)", () => {
  it("with --revision, errors while another revision runs", () => {
    const d = dep({ generation: 3, observed: 2 });
    d.metadata.annotations = { "deployment.kubernetes.io/revision": "2" };
    expect(rolloutStatusLine(d, 3)).toBe("error: desired revision (3) is different from the running revision (2)");
    expect(rolloutStatusLine(d, 2)).toBe("Waiting for deployment spec update to be observed...");
  });
  it("waits for the spec update to be observed", () => {
    expect(rolloutStatusLine(dep({ generation: 3, observed: 2, pde: true }))).toBe("Waiting for deployment spec update to be observed...");
  });
  it("reports the progress deadline as kubectl's error", () => {
    expect(rolloutStatusLine(dep({ pde: true, updated: 1, total: 4 }))).toBe(
      'error: deployment "inference" exceeded its progress deadline',
    );
  });
  it("counts updated replicas", () => {
    expect(rolloutStatusLine(dep({ updated: 1, total: 4 }))).toBe(
      'Waiting for deployment "inference" rollout to finish: 1 out of 3 new replicas have been updated...',
    );
  });
  it("counts old replicas pending termination", () => {
    expect(rolloutStatusLine(dep({ updated: 3, total: 4 }))).toBe(
      'Waiting for deployment "inference" rollout to finish: 1 old replicas are pending termination...',
    );
  });
  it("counts available updated replicas", () => {
    expect(rolloutStatusLine(dep({ updated: 3, total: 3, available: 2 }))).toBe(
      'Waiting for deployment "inference" rollout to finish: 2 of 3 updated replicas are available...',
    );
  });
  it("says successfully rolled out", () => {
    expect(rolloutStatusLine(dep({}))).toBe('deployment "inference" successfully rolled out');
  });
});
