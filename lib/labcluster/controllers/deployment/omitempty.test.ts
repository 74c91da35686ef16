import { afterEach, describe, expect, it } from "vitest";
import { DEPLOYMENTS } from "../objects";
import { deployment, Lab } from "@/test/support/labcluster/controllers/lab";

let lab: Lab;
afterEach(() => lab?.stop());

/**
 * Go's `omitempty` on apps/v1 int fields: a real apiserver never shows a zero there. The
 * differential suite listed these as present on the lab side only.
 */
describe("zero-valued omitempty fields are absent, as on a real apiserver", () => {
  it("a complete Deployment has no unavailableReplicas; its RS has no spec.minReadySeconds", async () => {
    lab = new Lab();
    lab.store.create(DEPLOYMENTS, "apps", deployment("web", { replicas: 2 }));
    await lab.rollOut();
    expect(lab.statusTuple("web")).toBe("2/2/2/2/0");
    expect(lab.deployment("web").status).not.toHaveProperty("unavailableReplicas");
    // terminatingReplicas is a pointer (*int32): its 0 stays.
    expect(lab.deployment("web").status!.terminatingReplicas).toBe(0);
    const rs = lab.replicaSets("web")[0]!;
    expect(rs.spec).not.toHaveProperty("minReadySeconds");
    expect(rs.status!.terminatingReplicas).toBe(0);
  });
});
