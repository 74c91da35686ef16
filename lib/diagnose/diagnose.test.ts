import { describe, expect, it } from "vitest";
import { diagnose, findingsOf } from "./diagnose";
import { diagnoseContext } from "./context";
import { loadFixture } from "@/test/support/model/fixtures";
import { applyEvent, listKind, type Store } from "../model/store";
import type { Finding, FindingCode, MalformedObject } from "../model/types";
import type { RawOf, RawPod } from "../model/rawKinds";

function run(name: string, mutate?: (s: Store) => Store): Finding[] {
  const f = loadFixture(name);
  return diagnose(mutate ? mutate(f.store) : f.store, { now: f.now });
}
const codes = (fs: Finding[]): FindingCode[] => fs.map((f) => f.code);
const only = (fs: Finding[], code: FindingCode): Finding => {
  const hit = fs.filter((f) => f.code === code);
  expect(hit).toHaveLength(1);
  return hit[0];
};
function modify<K extends "Deployment" | "Service" | "Pod">(store: Store, kind: K, name: string, change: (o: RawOf<K>) => RawOf<K>): Store {
  const o = listKind(store, kind).find((x) => x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name}`);
  const next = change(structuredClone(o));
  // A new resourceVersion, or the reducer treats the event as a replay and keeps the old object.
  next.metadata = { ...next.metadata, resourceVersion: `${o.metadata.resourceVersion ?? ""}1` };
  return applyEvent(store, { type: "MODIFIED", kind, object: next });
}

describe("healthy namespaces yield no error findings", () => {
  for (const name of ["complete", "endpoints-fallback", "rolling", "canary", "blue-green"]) {
    it(name, () => expect(run(name).filter((f) => f.severity === "error")).toEqual([]));
  }
  it("complete and blue-green yield no findings at all", () => {
    expect(run("complete")).toEqual([]);
    expect(run("blue-green")).toEqual([]);
  });
});

describe("MissingReadinessProbe", () => {
  it("warns for a Deployment whose container has no readinessProbe", () => {
    const f = only(run("no-ready-endpoints"), "MissingReadinessProbe");
    expect(f).toMatchObject({ severity: "warning", object: { kind: "Deployment", name: "tokenizer" } });
    expect(f.fix).toMatch(
      /^kubectl patch deployment\/tokenizer -n rollscope-lab --type=json -p '\[\{"op":"add","path":"\/spec\/template\/spec\/containers\/0\/readinessProbe"/,
    );
  });
  it("stays quiet when every container has one", () => expect(codes(run("stuck"))).not.toContain("MissingReadinessProbe"));
});

describe("ReadinessNeverPasses", () => {
  it("fires for v3's pod running 11m without passing, with probe and kubelet event as evidence", () => {
    const f = only(run("stuck"), "ReadinessNeverPasses");
    expect(f.severity).toBe("error");
    expect(f.evidence[0]).toBe(
      "pod/inference-8d6c5b9f47-w9x4c status.conditions[Ready]=False for 11m39s; readinessProbe exec cat /tmp/ready (every 2s, initialDelaySeconds 2, failureThreshold 3)",
    );
    expect(f.evidence[1]).toContain("Readiness probe failed: cat: can't open '/tmp/ready'");
    expect(f.fix).toBe("kubectl rollout undo deployment/inference --to-revision=2 -n rollscope-lab");
  });
  it("reads events.k8s.io-style Events (series, eventTime) as evidence too", () => {
    const fs = run("stuck", (s) => {
      const ev = listKind(s, "Event").find((e) => e.reason === "Unhealthy");
      if (!ev) throw new Error("fixture has no Unhealthy event");
      const { count: _c, lastTimestamp: _l, firstTimestamp: _f, ...rest } = structuredClone(ev);
      const modern = {
        ...rest,
        metadata: { ...rest.metadata, resourceVersion: "modern" },
        eventTime: "2026-11-24T02:48:23.000000Z",
        series: { count: 41, lastObservedTime: "2026-11-24T02:59:58.000000Z" },
      };
      return applyEvent(s, { type: "MODIFIED", kind: "Event", object: modern });
    });
    expect(only(fs, "ReadinessNeverPasses").evidence[1]).toMatch(
      /^event Unhealthy ×41 on pod\/inference-8d6c5b9f47-w9x4c: Readiness probe failed/,
    );
  });
  it("does not fire for a pod that just started (rolling) or one still inside the threshold", () => {
    expect(codes(run("rolling"))).not.toContain("ReadinessNeverPasses");
    const young = run("stuck", (s) =>
      modify(s, "Pod", "inference-8d6c5b9f47-w9x4c", (p) => {
        p.status!.containerStatuses![0].state!.running!.startedAt = "2026-11-24T02:59:30Z";
        p.status!.conditions!.find((c) => c.type === "Ready")!.lastTransitionTime = "2026-11-24T02:59:29Z";
        return p;
      }),
    );
    expect(codes(young)).not.toContain("ReadinessNeverPasses");
  });
});

describe("ProgressDeadlineExceeded", () => {
  it("is tied to the pod whose probe fails", () => {
    const f = only(run("stuck"), "ProgressDeadlineExceeded");
    expect(f).toMatchObject({
      severity: "error",
      object: { kind: "Deployment", namespace: "rollscope-lab", name: "inference" },
      fix: "kubectl rollout undo deployment/inference --to-revision=2 -n rollscope-lab",
    });
    expect(f.message).toContain("inference-8d6c5b9f47-w9x4c");
    expect(f.evidence[0]).toMatch(/^deployment\/inference status.conditions\[Progressing\]=False reason=ProgressDeadlineExceeded/);
    expect(
      f.evidence.some(
        (e) => e.startsWith("pod/inference-8d6c5b9f47-w9x4c status.conditions[Ready]=False") && e.includes("exec cat /tmp/ready"),
      ),
    ).toBe(true);
  });
  it("does not fire while the rollout is within its deadline", () =>
    expect(codes(run("rolling"))).not.toContain("ProgressDeadlineExceeded"));
});

describe("RolloutPaused", () => {
  it("warns when a template change waits on the pause", () => {
    const f = only(run("paused"), "RolloutPaused");
    expect(f).toMatchObject({ severity: "warning", fix: "kubectl rollout resume deployment/inference -n rollscope-lab" });
  });
  it("is info when nothing is pending, absent when not paused", () => {
    const f = only(
      run("complete", (s) => modify(s, "Deployment", "inference", (d) => ({ ...d, spec: { ...d.spec, paused: true } }))),
      "RolloutPaused",
    );
    expect(f.severity).toBe("info");
    expect(codes(run("complete"))).not.toContain("RolloutPaused");
  });
});

describe("NoRollbackTarget", () => {
  it("fires for a failing rollout after revisionHistoryLimit 0 removed every older ReplicaSet", () => {
    const f = only(run("no-rollback"), "NoRollbackTarget");
    expect(f.severity).toBe("error");
    expect(f.message).toContain("revisionHistoryLimit is 0");
    expect(f.evidence.slice(0, 2)).toEqual([
      "deployment/inference spec.revisionHistoryLimit=0",
      "owned ReplicaSets: inference-7c9d8f6b54 (revision 2)",
    ]);
    expect(f.fix).toContain("kubectl set image deployment/inference inference=");
  });
  it("fires for a broken first revision", () =>
    expect(only(run("no-ready-endpoints"), "NoRollbackTarget").message).toContain("first revision"));
  it("does not fire when an older ReplicaSet exists (stuck) or the rollout is healthy", () => {
    expect(codes(run("stuck"))).not.toContain("NoRollbackTarget");
    const healthyNoHistory = run("target-port", (s) =>
      modify(s, "Deployment", "inference", (d) => ({ ...d, spec: { ...d.spec, revisionHistoryLimit: 0 } })),
    );
    expect(codes(healthyNoHistory)).not.toContain("NoRollbackTarget");
  });
});

describe("ImagePullFailure", () => {
  it("names the image and the kubelet's reason", () => {
    const f = only(run("image-pull"), "ImagePullFailure");
    expect(f.severity).toBe("error");
    expect(f.message).toContain("registry.invalid/inference:v2");
    expect(f.evidence[0]).toBe(
      'pod/inference-2f4b6d8c9x-v7c3n status.containerStatuses[inference].state.waiting.reason=ImagePullBackOff: Back-off pulling image "registry.invalid/inference:v2"',
    );
    expect(f.fix).toBe("kubectl rollout undo deployment/inference --to-revision=1 -n rollscope-lab");
  });
  it("does not fire for pods that pulled", () => expect(codes(run("stuck"))).not.toContain("ImagePullFailure"));
});

describe("CrashLoop", () => {
  it("reports exit code and restarts and points at --previous logs", () => {
    const f = only(run("no-rollback"), "CrashLoop");
    expect(f.message).toContain("last exit code 1, 6 restarts");
    expect(f.message).toContain("--previous");
    expect(f.evidence).toHaveLength(3);
  });
  it("does not fire for image pull failures", () => expect(codes(run("image-pull"))).not.toContain("CrashLoop"));
});

describe("Unschedulable", () => {
  it("quotes the scheduler and names the missing resource", () => {
    const f = only(run("unschedulable"), "Unschedulable");
    expect(f.message).toContain("no node has enough free nvidia.com/gpu.");
    expect(f.evidence[0]).toContain("0/3 nodes are available: 3 Insufficient nvidia.com/gpu");
  });
  it("does not fire for scheduled pods", () => expect(codes(run("rolling"))).not.toContain("Unschedulable"));
});

describe("ServiceSelectsNothing", () => {
  it("suggests the selector of the closest Deployment", () => {
    const f = only(run("selector-typo"), "ServiceSelectsNothing");
    expect(f).toMatchObject({ severity: "error", object: { kind: "Service", name: "inference" } });
    expect(f.fix).toBe(`kubectl patch service/inference -n rollscope-lab -p '{"spec":{"selector":{"app":"inference"}}}'`);
  });
  it("ignores Services without a selector and Services that match", () => {
    expect(
      codes(run("complete", (s) => modify(s, "Service", "inference", (svc) => ({ ...svc, spec: { ...svc.spec, selector: undefined } })))),
    ).not.toContain("ServiceSelectsNothing");
    expect(codes(run("complete"))).not.toContain("ServiceSelectsNothing");
  });
});

describe("ServiceNoReadyEndpoints", () => {
  it("fires when selected pods exist but none is Ready", () => {
    const f = only(run("no-ready-endpoints"), "ServiceNoReadyEndpoints");
    expect(f.evidence[0]).toBe("service/inference EndpointSlice: 0 ready, 3 not ready, 0 terminating endpoints");
  });
  it("does not fire while the old revision still serves", () => expect(codes(run("stuck"))).not.toContain("ServiceNoReadyEndpoints"));
});

describe("ServiceSelectsMultipleVersions", () => {
  it("is an error when a blue-green Service lost its colour key", () => {
    const f = only(run("blue-green-mixed"), "ServiceSelectsMultipleVersions");
    expect(f.severity).toBe("error");
    expect(f.fix).toBe(`kubectl patch service/inference -n rollscope-lab -p '{"spec":{"selector":{"app":"inference","color":"green"}}}'`);
  });
  it("is info for a canary by design and for a rolling update", () => {
    const canary = only(run("canary"), "ServiceSelectsMultipleVersions");
    expect(canary.severity).toBe("info");
    expect(canary.message).toContain("canary by design");
    expect(canary.message).toContain("10%");
    expect(only(run("rolling"), "ServiceSelectsMultipleVersions").severity).toBe("info");
  });
  it("does not fire with one version serving", () => {
    expect(codes(run("blue-green"))).not.toContain("ServiceSelectsMultipleVersions");
    expect(codes(run("stuck"))).not.toContain("ServiceSelectsMultipleVersions");
  });
});

describe("TargetPortMismatch", () => {
  it("fires when pods declare ports and none is the targetPort", () => {
    const f = only(run("target-port"), "TargetPortMismatch");
    expect(f.fix).toBe(
      `kubectl patch service/inference -n rollscope-lab --type=json -p '[{"op":"replace","path":"/spec/ports/0/targetPort","value":8000}]'`,
    );
  });
  it("fires for a named targetPort no container declares, even without declared ports", () => {
    const fs = run("complete", (s) =>
      modify(s, "Service", "inference", (svc) => ({
        ...svc,
        spec: { ...svc.spec, ports: [{ name: "http", port: 80, protocol: "TCP", targetPort: "http" }] },
      })),
    );
    expect(only(fs, "TargetPortMismatch").severity).toBe("error");
  });
  it("stays quiet when no ports are declared (numeric) or the named port exists", () => {
    expect(codes(run("complete"))).not.toContain("TargetPortMismatch");
    const named = run("target-port", (s) =>
      modify(s, "Service", "inference", (svc) => ({
        ...svc,
        spec: { ...svc.spec, ports: [{ name: "http", port: 80, protocol: "TCP", targetPort: "http" }] },
      })),
    );
    expect(codes(named)).not.toContain("TargetPortMismatch");
  });
});

describe("paired Deployments fall back to their sibling", () => {
  it("a crash-looping first-revision canary: scale it to zero, no NoRollbackTarget", () => {
    const fs = run("canary-crashloop");
    expect(codes(fs).sort()).toEqual(["CrashLoop", "ProgressDeadlineExceeded"]);
    expect(only(fs, "CrashLoop").fix).toBe("kubectl scale deployment/reranker-canary --replicas=0 -n rollscope-lab");
    const pde = only(fs, "ProgressDeadlineExceeded");
    expect(pde.object.name).toBe("reranker-canary");
    expect(pde.message).toContain("reranker keeps serving");
  });
  it("a Service selector off by case suggests the real value", () => {
    const f = only(run("blue-green-typo"), "ServiceSelectsNothing");
    expect(f.message).toContain("case-sensitive");
    expect(f.fix).toBe(`kubectl patch service/inference -n rollscope-lab -p '{"spec":{"selector":{"app":"inference","color":"green"}}}'`);
  });
});

describe("diagnose options", () => {
  it("limits findings to a namespace and orders errors first", () => {
    const f = loadFixture("no-ready-endpoints");
    expect(diagnose(f.store, { namespace: "elsewhere", now: f.now })).toEqual([]);
    const all = diagnose(f.store, { namespace: "rollscope-lab", now: f.now });
    expect(all.map((x) => x.severity)).toEqual(["error", "error", "error", "warning"]);
  });
});

describe("findingsOf with an error collector", () => {
  it("reports a check that throws and still runs the others", () => {
    const f = loadFixture("selector-typo");
    const ctx = diagnoseContext(f.store, undefined, f.now);
    const trap: RawPod = { kind: "Pod", metadata: { name: "trap", namespace: "rollscope-lab" } };
    Object.defineProperty(trap, "status", {
      get: () => {
        throw new Error("boom");
      },
    });
    const trapped = { ...ctx, pods: [...ctx.pods, trap] };
    const errors: MalformedObject[] = [];
    const fs = findingsOf(trapped, errors);
    expect(codes(fs)).toContain("ServiceSelectsNothing");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ kind: "diagnosis", error: "boom" });
    expect(() => findingsOf(trapped)).toThrow("boom");
  });
});
