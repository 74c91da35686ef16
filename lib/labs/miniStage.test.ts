import { describe, expect, it } from "vitest";
import { midRollout, response } from "@/test/support/labs/fixtures";
import { renderMiniStage } from "./miniStage";

describe("renderMiniStage", () => {
  it("rows per ReplicaSet oldest first, and the Service's split", () => {
    const v = midRollout();
    v.deployments[0].replicaSets[0].pods = [
      { uid: "a", name: "a", namespace: "lab", state: "Ready", ready: true, available: true, restarts: 0 },
    ];
    v.deployments[0].replicaSets[1].pods = [
      { uid: "b", name: "b", namespace: "lab", state: "RunningNotReady", ready: false, available: false, restarts: 0 },
    ];
    const s = renderMiniStage(v, "lab", ["inference"], ["inference"]);
    expect(s.rows.map((r) => r.label)).toEqual(["inference · rev 1 · v1", "inference · rev 2 · v2 (new)"]);
    expect(s.rows[1].pods).toEqual([{ name: "b", state: "RunningNotReady", reason: undefined }]);
    expect(s.services).toEqual([{ name: "inference", text: "3 ready endpoints: v1 67%, v2 33%" }]);
  });

  it("skips objects that are missing or in another namespace; says when nothing is ready", () => {
    expect(renderMiniStage(midRollout(), "other", ["inference"], ["inference"])).toEqual({ rows: [], services: [] });
    const v = midRollout();
    v.services[0].readyEndpoints = 0;
    expect(renderMiniStage(v, "lab", [], ["inference"]).services[0].text).toBe("no ready endpoints");
    expect(renderMiniStage(response({}), "lab", ["x"], ["y"])).toEqual({ rows: [], services: [] });
  });
});
