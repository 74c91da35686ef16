import { describe, expect, it } from "vitest";
import { triageChecklist, triageScenarioFor, type TriageScenario } from "./triage";
import { loadFixture } from "@/test/support/model/fixtures";

function checklist(scenario: TriageScenario, fixture: string, extra: { deployment?: string; service?: string } = {}) {
  const f = loadFixture(fixture);
  return triageChecklist(scenario, f.store, { namespace: "rollscope-lab", now: f.now, ...extra });
}
const verdicts = (cs: ReturnType<typeof checklist>) => Object.fromEntries(cs.map((c) => [c.id, c.status]));

describe("triageChecklist", () => {
  it("rolling: walks status → ReplicaSets → budget → probe → new pods → why → endpoints → history", () => {
    const cs = checklist("rolling", "rolling");
    expect(cs.map((c) => c.id)).toEqual(["rollout-status", "replicasets", "budget", "probe", "new-pods", "why", "endpoints", "history"]);
    expect(verdicts(cs)).toEqual({
      "rollout-status": "warn",
      replicasets: "warn",
      budget: "ok",
      probe: "ok",
      "new-pods": "warn",
      why: "warn",
      endpoints: "ok",
      history: "ok",
    });
    expect(cs[2].shows).toBe("4 pods of at most 4 (R 3 + surge 1); 3 available, floor 3");
    expect(cs[0].command).toBe("kubectl rollout status deployment/inference -n rollscope-lab");
  });

  it("rolling on a finished rollout is all ok", () => {
    expect(Object.values(verdicts(checklist("rolling", "complete")))).toEqual(Array(8).fill("ok"));
  });

  it("rolling with an unpullable image points at the pod and the kubelet's reason", () => {
    const cs = checklist("rolling", "image-pull");
    const why = cs.find((c) => c.id === "why");
    expect(why?.status).toBe("fail");
    expect(why?.command).toBe("kubectl describe pod/inference-2f4b6d8c9x-v7c3n -n rollscope-lab");
    expect(why?.shows).toContain("ImagePullBackOff");
    expect(verdicts(cs)["new-pods"]).toBe("fail");
  });

  it("stuck: fails on status, condition, new pods and the probe, and offers undo to revision 2", () => {
    const cs = checklist("stuck", "stuck");
    expect(verdicts(cs)).toEqual({
      "rollout-status": "fail",
      progressing: "fail",
      "new-pods": "fail",
      why: "fail",
      endpoints: "ok",
      history: "ok",
      undo: "warn",
    });
    const why = cs.find((c) => c.id === "why");
    expect(why?.command).toBe("kubectl describe pod/inference-8d6c5b9f47-w9x4c -n rollscope-lab");
    expect(why?.shows).toContain("readinessProbe exec cat /tmp/ready");
    expect(cs.find((c) => c.id === "undo")?.command).toBe("kubectl rollout undo deployment/inference --to-revision=2 -n rollscope-lab");
  });

  it("stuck without a rollback target fails the history and undo checks", () => {
    const v = verdicts(checklist("stuck", "no-rollback"));
    expect(v.history).toBe("fail");
    expect(v.undo).toBe("fail");
    expect(v.endpoints).toBe("fail");
  });

  it("blue-green after the cut is ok and offers the switch back", () => {
    const cs = checklist("blue-green", "blue-green");
    expect(Object.values(verdicts(cs))).toEqual(["ok", "ok", "ok", "ok"]);
    expect(cs.at(-1)?.command).toBe(
      `kubectl patch service/inference -n rollscope-lab -p '{"spec":{"selector":{"app":"inference","color":"blue"}}}'`,
    );
  });

  it("blue-green with both colours serving fails selector, endpoints and cut, and cuts to the newest colour", () => {
    const cs = checklist("blue-green", "blue-green-mixed");
    expect(verdicts(cs)).toEqual({ pair: "ok", selector: "fail", endpoints: "fail", cut: "fail" });
    expect(cs.at(-1)?.command).toContain('"color":"green"');
  });

  it("canary: checks the smaller Deployment and reports the 10% split", () => {
    const cs = checklist("canary", "canary");
    expect(Object.values(verdicts(cs)).every((s) => s === "ok")).toBe(true);
    expect(cs.find((c) => c.id === "split")?.shows).toBe("inference-canary has 1 of 10 ready endpoints (10%)");
    expect(cs.find((c) => c.id === "new-pods")?.shows).toBe("inference-canary-9f8d7c6b5-k4l5m: Ready");
  });

  it("says so when the named objects do not exist", () => {
    const cs = checklist("rolling", "rolling", { deployment: "nope", service: "nope" });
    expect(cs.every((c) => c.status === "warn" && c.shows.startsWith("No "))).toBe(true);
  });
  it("maps the labs' scenario ids onto checklists", () => {
    expect(triageScenarioFor("rolling-update")).toBe("rolling");
    expect(triageScenarioFor("bad-rollout")).toBe("stuck");
    expect(triageScenarioFor("blue-green")).toBe("blue-green");
    expect(triageScenarioFor("recreate")).toBeUndefined();
  });

  it("canary with a crash-looping canary fails the pair and new-pods checks", () => {
    const f = loadFixture("canary-crashloop");
    const v = Object.fromEntries(
      triageChecklist("canary", f.store, { namespace: "rollscope-lab", now: f.now }).map((c) => [c.id, c.status]),
    );
    expect(v).toMatchObject({ pair: "fail", "new-pods": "fail", endpoints: "ok" });
  });
});
