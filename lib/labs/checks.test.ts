import { describe, expect, it } from "vitest";
import { describeCheck, evaluateCheck, evaluateChecks } from "./checks";
import { backend, completeV2, deployment, finding, midRollout, response, rs, service } from "@/test/support/labs/fixtures";

describe("deployment checks", () => {
  const want = { deployment: "inference", phase: "Complete", version: "v2", readyReplicas: 3 } as const;

  it("pass when the rollout is complete at the wanted version", () => {
    const r = evaluateCheck(want, completeV2(), "lab");
    expect(r).toEqual({
      label: "Deployment inference: phase Complete, version v2, readyReplicas 3",
      pass: true,
      observed: "phase Complete, version v2, ready 3",
    });
  });

  it("fail mid-rollout and say what they saw", () => {
    const r = evaluateCheck(want, midRollout(), "lab");
    expect(r.pass).toBe(false);
    expect(r.observed).toBe("phase Progressing (want Complete), version v2, ready 3");
  });

  it("fail when the Deployment does not exist, or lives in another namespace", () => {
    expect(evaluateCheck(want, response({}), "lab")).toMatchObject({ pass: false, observed: "no Deployment inference yet" });
    expect(evaluateCheck(want, completeV2(), "other").pass).toBe(false);
  });

  it("exists: false passes only once it is gone", () => {
    const gone = { deployment: "inference", exists: false } as const;
    expect(evaluateCheck(gone, completeV2()).pass).toBe(false);
    expect(evaluateCheck(gone, response({})).pass).toBe(true);
  });

  it("onlyVersion requires every ready pod to run that version", () => {
    const only = { deployment: "inference", onlyVersion: "v2" } as const;
    expect(evaluateCheck(only, midRollout())).toMatchObject({ pass: false, observed: "ready versions v1+v2 (want v2)" });
    expect(evaluateCheck(only, completeV2()).pass).toBe(true);
  });

  it("compares revisions, revision, updated and change-cause", () => {
    const v = completeV2();
    expect(evaluateCheck({ deployment: "inference", revisions: ">=2", revision: 2, updatedReplicas: 3 }, v).pass).toBe(true);
    expect(evaluateCheck({ deployment: "inference", revisions: ">=3" }, v)).toMatchObject({
      pass: false,
      observed: "revisions 2 (want ≥ 3)",
    });
    expect(evaluateCheck({ deployment: "inference", changeCause: "VERSION v2" }, v).pass).toBe(true);
    expect(evaluateCheck({ deployment: "inference", changeCause: "VERSION v3" }, v).pass).toBe(false);
  });

  it("podReason looks at every pod's reason", () => {
    const stuck = response({
      deployments: [
        deployment({
          name: "summarizer",
          replicaSets: [
            rs({
              version: "v2",
              revision: 2,
              isNew: true,
              pods: [
                {
                  uid: "p",
                  name: "p",
                  namespace: "lab",
                  state: "Pending",
                  reason: "ImagePullBackOff",
                  ready: false,
                  available: false,
                  restarts: 0,
                },
              ],
            }),
          ],
        }),
      ],
    });
    expect(evaluateCheck({ deployment: "summarizer", podReason: "ImagePullBackOff" }, stuck).pass).toBe(true);
    expect(evaluateCheck({ deployment: "summarizer", podReason: "CrashLoopBackOff" }, stuck).pass).toBe(false);
  });
});

describe("service checks", () => {
  const blueGreen = (color: string) =>
    response({
      services: [
        service({
          name: "inference",
          selector: { app: "inference", color },
          readyEndpoints: 2,
          pattern: "blue-green",
          backends: [
            backend({
              deployment: `inference-${color}`,
              label: color,
              labelKey: "color",
              version: color === "green" ? "v2-green" : "v1-blue",
              readyEndpoints: 2,
              share: 1,
            }),
          ],
        }),
      ],
    });

  it("selector is a subset match", () => {
    const c = { service: "inference", selector: { color: "green" } };
    expect(evaluateCheck(c, blueGreen("green")).pass).toBe(true);
    expect(evaluateCheck(c, blueGreen("blue"))).toMatchObject({
      pass: false,
      observed: "selector app=inference,color=blue (want color=green)",
    });
  });

  it("traffic matches backends by version or by label value", () => {
    expect(evaluateCheck({ service: "inference", traffic: { "v2-green": 1 } }, blueGreen("green")).pass).toBe(true);
    expect(evaluateCheck({ service: "inference", traffic: { green: 1 } }, blueGreen("green")).pass).toBe(true);
    expect(evaluateCheck({ service: "inference", traffic: { "v2-green": 1 } }, blueGreen("blue"))).toMatchObject({
      pass: false,
      observed: "traffic v2-green 0.00 (want 1)",
    });
  });

  it("traffic shares compare with a small tolerance (1/3 ≈ 0.33 is not 0.1)", () => {
    const v = midRollout();
    expect(evaluateCheck({ service: "inference", traffic: { v2: "<0.5", v1: ">0.5" } }, v).pass).toBe(true);
    expect(evaluateCheck({ service: "inference", traffic: { v2: 0.1 } }, v).pass).toBe(false);
  });

  it("endpoint counts and pattern", () => {
    const v = midRollout();
    expect(evaluateCheck({ service: "inference", readyEndpoints: 3, notReadyEndpoints: 1, pattern: "rolling" }, v).pass).toBe(true);
    expect(evaluateCheck({ service: "inference", pattern: "canary" }, v).pass).toBe(false);
    expect(evaluateCheck({ service: "missing", readyEndpoints: 0 }, v)).toMatchObject({ pass: false, observed: "no Service missing yet" });
  });
});

describe("finding checks", () => {
  const withFinding = response({
    findings: [finding({ code: "ProgressDeadlineExceeded", object: { kind: "Deployment", namespace: "lab", name: "inference" } })],
  });

  it("present / absent", () => {
    expect(evaluateCheck({ finding: "ProgressDeadlineExceeded" }, withFinding)).toMatchObject({
      pass: true,
      observed: "ProgressDeadlineExceeded on Deployment/inference",
    });
    expect(evaluateCheck({ finding: "ProgressDeadlineExceeded", absent: true }, withFinding).pass).toBe(false);
    expect(evaluateCheck({ finding: "ProgressDeadlineExceeded" }, response({})).pass).toBe(false);
    expect(evaluateCheck({ finding: "ProgressDeadlineExceeded", absent: true }, response({})).pass).toBe(true);
  });

  it("filter by object, kind and namespace", () => {
    expect(evaluateCheck({ finding: "ProgressDeadlineExceeded", object: "other" }, withFinding).pass).toBe(false);
    expect(evaluateCheck({ finding: "ProgressDeadlineExceeded", kind: "Service" }, withFinding).pass).toBe(false);
    expect(evaluateCheck({ finding: "ProgressDeadlineExceeded" }, withFinding, "elsewhere").pass).toBe(false);
  });

  it("noFindings counts only the given severity and worse", () => {
    const warn = response({ findings: [finding({ code: "MissingReadinessProbe", severity: "warning" })] });
    expect(evaluateCheck({ noFindings: "error" }, warn).pass).toBe(true);
    expect(evaluateCheck({ noFindings: "warning" }, warn)).toMatchObject({
      pass: false,
      observed: "warning MissingReadinessProbe on Deployment/inference",
    });
  });
});

describe("describeCheck", () => {
  it("uses the author's label when given, else words from the fields", () => {
    expect(describeCheck({ deployment: "x", label: "Custom" })).toBe("Custom");
    expect(describeCheck({ service: "inference", selector: { color: "green" }, traffic: { v2: ">=0.9" } })).toBe(
      "Service inference: selector color=green, traffic v2=≥ 0.9",
    );
    expect(describeCheck({ finding: "CrashLoop", object: "reranker-canary", absent: true })).toBe(
      "No CrashLoop finding on reranker-canary",
    );
  });

  it("evaluateChecks keeps order", () => {
    const r = evaluateChecks([{ noFindings: "error" }, { deployment: "nope" }], completeV2());
    expect(r.map((x) => x.pass)).toEqual([true, false]);
  });
});
