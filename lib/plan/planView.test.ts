/** The plan page's view model: each step's pods, the fit and outcome words, findings errors first. */
import { describe, expect, it } from "vitest";
import type { Finding } from "../model/types";
import type { DeploymentPlan, Plan } from "./plan";
import { planView } from "./planView";
import { simulateRollout } from "./simulate";

const sim = simulateRollout({
  replicas: 2,
  strategy: "RollingUpdate",
  maxSurge: 1,
  maxUnavailable: 0,
  oldPods: 2,
  oldAvailable: 2,
  newPods: 0,
  readySeconds: 10,
  oldRequests: { pods: 1, cpu: 3 },
  newRequests: { pods: 1, cpu: 3 },
});
const deployment: DeploymentPlan = {
  namespace: "web",
  name: "web",
  change: "rollout",
  replicas: 2,
  strategy: "RollingUpdate",
  maxSurge: 1,
  maxUnavailable: 0,
  readySeconds: 10,
  readySource: "observed",
  simulation: sim,
  peakResourcesText: "",
  fitsNow: true,
};
const finding = (severity: Finding["severity"], code: Finding["code"]): Finding => ({
  code,
  severity,
  object: { kind: "Deployment", namespace: "web", name: "web" },
  message: code,
  evidence: [],
  fix: "",
});

describe("planView", () => {
  it("draws each step as old, new Ready, new starting and Pending pods", () => {
    const v = planView({ cluster: true, deployments: [deployment], findings: [] });
    const d = v.deployments[0];
    expect(d?.steps.map((s) => `${s.at}s ${s.pods.join(",")}`)).toEqual([
      "0s old,old",
      "0s old,old,new-starting",
      "10s old,old,new-ready",
      "10s old,new-ready",
      "10s old,new-ready,new-starting",
      "20s old,new-ready,new-ready",
      "20s new-ready,new-ready",
    ]);
    expect(d).toMatchObject({
      peakPods: 3,
      fit: "fits",
      outcome: "expected duration ~20 s",
      peakResources: [{ resource: "cpu", amount: "9" }],
    });
    expect(v.notes).toEqual([]);
  });
  it("a stalled plan says where it stalls; a spec-only change has nothing to animate", () => {
    const stalled = {
      ...deployment,
      fitsNow: false,
      simulation: { ...sim, seconds: undefined, stall: { at: 0, pending: 1, oldPods: 2, newPods: 1 } },
    };
    const v = planView({ cluster: true, deployments: [stalled, { ...deployment, name: "api", change: "spec" }], findings: [] });
    expect(v.deployments.map((d) => [d.fit, d.outcome, d.stalls, d.steps.length > 0])).toEqual([
      ["does-not-fit", "stalls after 0 s with 1 new pod(s) Pending", true, true],
      ["fits", "no pods change", false, false],
    ]);
  });
  it("findings come errors first and are counted; unreadable nodes and ignored objects are noted", () => {
    const plan: Plan = {
      cluster: true,
      deployments: [{ ...deployment, fitsNow: undefined }],
      findings: [finding("warning", "RollbackNotPossible"), finding("error", "SurgeDoesNotFit")],
    };
    const v = planView(plan, ["ConfigMap/cfg"]);
    expect(v.findings.map((f) => f.code)).toEqual(["SurgeDoesNotFit", "RollbackNotPossible"]);
    expect([v.errors, v.warnings]).toEqual([1, 1]);
    expect(v.deployments[0]?.fit).toBe("unknown");
    expect(v.notes).toEqual([
      "The nodes could not be read (forbidden or not served): the fit on the nodes is unknown.",
      "Not planned (only Deployments, Services and PodDisruptionBudgets are): ConfigMap/cfg.",
    ]);
  });
  it("with no cluster it says the plan is a lint", () => {
    const v = planView({ cluster: false, deployments: [{ ...deployment, change: "create", fitsNow: undefined }], findings: [] });
    expect(v.deployments[0]?.fit).toBe("no-cluster");
    expect(v.notes[0]).toMatch(/^No cluster: this is a lint of the manifest alone/);
  });
});
