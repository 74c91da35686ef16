/**
 * The wait judgement on Deployments captured from the real control plane: done only when every
 * replica is updated and available, stalled on the deadline with its finding, and not stalled by a
 * pod Pending for room while old pods still exit.
 */
import { describe, expect, it } from "vitest";
import { diagnose } from "../diagnose/diagnose";
import { listKind } from "../model/store";
import { loadFixture } from "@/test/support/model/fixtures";
import type { Finding } from "../model/types";
import { etaSeconds, githubAnnotation, judgeRollout, progressBar, progressText } from "./waitStatus";

function judge(name: string, terminating = 0) {
  const f = loadFixture(name);
  const d = listKind(f.store, "Deployment")[0];
  if (!d) throw new Error(`${name} has no Deployment`);
  return judgeRollout(d, diagnose(f.store, { now: f.now }), terminating);
}

describe("judgeRollout", () => {
  it("complete when every replica is updated and available", () => {
    expect(judge("captured-rolling-update-r3-04-v2-complete")).toMatchObject({
      state: "complete",
      replicas: 3,
      updated: 3,
      available: 3,
      statusLine: 'deployment "web" successfully rolled out',
    });
  });
  it("progressing while the surge pod is not Ready yet, with the budget in use", () => {
    const p = judge("captured-rolling-update-r3-02-v2-first-pod-not-ready");
    expect(p).toMatchObject({ state: "progressing", pods: 4, maxPods: 4, maxUnavailable: 0 });
    expect(p.finding).toBeUndefined();
    expect(progressText(p, undefined)).toBe(
      `${p.updated}/3 updated, ${p.available} available · budget 4/4 pods, ${p.unavailable}/0 unavailable`,
    );
  });
  it("stalled on ProgressDeadlineExceeded, with that finding first", () => {
    const p = judge("captured-stuck-v3-02-v3-deadline-exceeded");
    expect(p.state).toBe("stalled");
    expect(p.finding?.code).toBe("ProgressDeadlineExceeded");
    expect(p.statusLine).toBe('error: deployment "web" exceeded its progress deadline');
  });
  it("an Unschedulable pod stalls, unless old pods are still exiting and will free room", () => {
    expect(judge("unschedulable").finding?.code).toBe("Unschedulable");
    expect(judge("unschedulable", 1).state).toBe("progressing");
  });
});

describe("progress output", () => {
  const p = judge("captured-rolling-update-r3-02-v2-first-pod-not-ready");
  it("ETA from the pace since the wait began", () => {
    expect(etaSeconds({ ...p, replicas: 4, updated: 2, available: 2 }, 0, 10)).toBe(10);
    expect(etaSeconds(p, Math.min(p.updated, p.available), 10)).toBeUndefined();
  });
  it("a bar of new and available pods", () => {
    expect(progressBar({ ...p, replicas: 4, updated: 2, available: 3 }, 8)).toBe("[####----]");
  });
  it("GitHub annotations escape newlines and the title's colons", () => {
    const f: Finding = {
      code: "CrashLoop",
      severity: "error",
      object: { kind: "Deployment", namespace: "ns", name: "web" },
      message: "keeps exiting: 100%",
      evidence: ["a"],
      fix: "kubectl rollout undo deployment/web",
    };
    expect(githubAnnotation(f)).toBe(
      "::error title=CrashLoop deployment/web::keeps exiting: 100%25%0A· a%0Afix: kubectl rollout undo deployment/web",
    );
  });
});
