import { describe, expect, it } from "vitest";
import { deployment, pod, podTemplate, replicaSet, T0 } from "@/test/support/model/objects";
import type { RawObject } from "../model/raw";
import type { RawReplicaSet } from "../model/rawKinds";
import type { RecordedEvent } from "./recording";
import { reportMarkdown, reportSchema, rolloutReport } from "./report";

const tplV1 = podTemplate({ app: "inference" }, { version: "v1" });
const tplV2 = podTemplate({ app: "inference" }, { version: "v2" });
const progressing = (reason: string) => ({ status: "True" as const, reason, message: "", updatedAgo: 0 });
const d1 = deployment({
  name: "inference",
  template: tplV1,
  revision: 1,
  status: { replicas: 3, updated: 3, ready: 3, available: 3 },
  progressing: progressing("NewReplicaSetAvailable"),
});
const d2 = {
  ...deployment({
    name: "inference",
    template: tplV2,
    revision: 2,
    status: { replicas: 4, updated: 1, ready: 3, available: 3 },
    progressing: progressing("ReplicaSetUpdated"),
    changeCause: "ship v2",
  }),
};
const d2done = deployment({
  name: "inference",
  template: tplV2,
  revision: 2,
  status: { replicas: 3, updated: 3, ready: 3, available: 3 },
  progressing: progressing("NewReplicaSetAvailable"),
  changeCause: "ship v2",
});
const v1 = replicaSet({
  deployment: d1,
  hash: "aaa",
  template: tplV1,
  revision: 1,
  replicas: 3,
  status: { replicas: 3, ready: 3, available: 3 },
  createdAgo: 600,
});
const v2 = replicaSet({
  deployment: d2,
  hash: "bbb",
  template: tplV2,
  revision: 2,
  replicas: 1,
  status: { replicas: 0, ready: 0, available: 0 },
  createdAgo: 0,
  changeCause: "ship v2",
});
/** The user annotates the next change before the controller has moved the revision. */
const d2nextCause = deployment({
  name: "inference",
  template: tplV2,
  revision: 2,
  status: { replicas: 3, updated: 3, ready: 3, available: 3 },
  progressing: progressing("ReplicaSetUpdated"),
  changeCause: "ship v3",
});
const scaled = (rs: RawReplicaSet, n: number): RawReplicaSet => ({
  ...rs,
  metadata: { ...rs.metadata, resourceVersion: `${rs.metadata.resourceVersion}.${n}` },
  spec: { ...rs.spec, replicas: n },
});
const loading = pod({ rs: v2, suffix: "p1", createdAgo: 0, shape: { kind: "notReady", startedAgo: 0 } });
const ready = {
  ...pod({ rs: v2, suffix: "p1", createdAgo: 0, shape: { kind: "ready", startedAgo: 0, readyAgo: 0 } }),
  metadata: { ...loading.metadata, resourceVersion: "r2" },
};

function events(): RecordedEvent[] {
  const seq: [number, RecordedEvent["kind"], RecordedEvent["type"], RawObject][] = [
    [0, "Deployment", "ADDED", d1],
    [0, "ReplicaSet", "ADDED", v1],
    [10_000, "Deployment", "MODIFIED", d2],
    [10_100, "ReplicaSet", "ADDED", v2],
    [10_200, "Pod", "ADDED", loading],
    [18_200, "Pod", "MODIFIED", ready],
    [18_300, "ReplicaSet", "MODIFIED", scaled(v1, 2)],
    [18_400, "ReplicaSet", "MODIFIED", scaled(v2, 2)],
    [20_000, "Deployment", "MODIFIED", d2nextCause],
    [40_000, "Deployment", "MODIFIED", d2done],
  ];
  return seq.map(([dt, kind, type, object]) => ({ t: T0 + dt, kind, type, object }));
}

describe("rolloutReport", () => {
  it("reports each rollout with its steps and how long new pods waited for readiness", () => {
    const r = rolloutReport(events(), "rollscope-lab", "inference");
    expect(reportSchema.parse(r)).toEqual(r);
    expect(r.rollouts.map((x) => [x.revision, x.outcome])).toEqual([
      [1, "initial"],
      [2, "complete"],
    ]);
    const v2r = r.rollouts[1]!;
    expect(v2r.changeCause).toBe("ship v2");
    expect(v2r.durationSeconds).toBe(30);
    expect(v2r.replicaSet).toBe("inference-bbb");
    expect(v2r.steps.map((s) => `${s.replicaSet} ${s.from}→${s.to}`)).toEqual([
      "inference-bbb 0→1",
      "inference-aaa 3→2",
      "inference-bbb 1→2",
    ]);
    expect(v2r.readinessWaits).toEqual([
      {
        pod: "inference-bbb-p1",
        createdAt: new Date(T0 + 10_200).toISOString(),
        readyAt: new Date(T0 + 18_200).toISOString(),
        waitedSeconds: 8,
      },
    ]);
  });

  it("marks a rollout still running as in-progress and renders Markdown", () => {
    const r = rolloutReport(events().slice(0, 6), "rollscope-lab", "inference");
    expect(r.rollouts[1]!.outcome).toBe("in-progress");
    const md = reportMarkdown(r);
    expect(md).toContain("# Rollout report: deployment/inference (namespace rollscope-lab)");
    expect(md).toContain("| 2 | ship v2 |");
    expect(md).toContain("- inference-bbb-p1: Ready after 8.0 s");
  });

  it("ignores other Deployments", () => {
    const r = rolloutReport(events(), "rollscope-lab", "other");
    expect(r.rollouts).toEqual([]);
  });

  it("with the recording's traffic, each rollout states the requests sent, failed and answered per version", () => {
    const svc = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "inference", namespace: "rollscope-lab", uid: "svc-1", resourceVersion: "1" },
      spec: { selector: { app: "inference" } },
    } as RawObject;
    const withSvc = [{ t: T0, kind: "Service" as const, type: "ADDED" as const, object: svc }, ...events()];
    const req = (seq: number, dt: number, answer: { version?: string; cause?: string }) => ({ seq, at: T0 + dt, ...answer });
    const traffic = [
      { t: T0 + 9_000, namespace: "rollscope-lab", service: "inference", rate: 20, requests: [req(1, 5_000, { version: "v1" })] },
      {
        t: T0 + 20_000,
        namespace: "rollscope-lab",
        service: "inference",
        rate: 20,
        requests: [req(2, 12_000, { version: "v1" }), req(3, 12_500, { cause: "503 loading" }), req(4, 19_000, { version: "v2" })],
      },
      { t: T0 + 60_000, namespace: "rollscope-lab", service: "inference", rate: 20, requests: [req(5, 50_000, { version: "v2" })] },
    ];
    const r = rolloutReport(withSvc, "rollscope-lab", "inference", traffic);
    expect(reportSchema.parse(r)).toEqual(r);
    expect(r.rollouts.map((x) => [x.revision, x.requests])).toEqual([
      [1, undefined],
      [2, [{ service: "inference", sent: 3, failed: 1, byVersion: { v1: 1, v2: 1 }, failures: { "503 loading": 1 } }]],
    ]);
    expect(reportMarkdown(r)).toContain("Requests through service/inference: 3 sent, 1 failed (503 loading 1); answered: v1 1, v2 1");
    // No traffic in the recording: no requests field at all.
    expect(rolloutReport(withSvc, "rollscope-lab", "inference").rollouts.every((x) => x.requests === undefined)).toBe(true);

    // serve --prometheus records counts a real cluster's Prometheus observed: worded as observed, not sent.
    const counts = { sent: 40, failed: 2, byVersion: { v1: 10, v2: 28 }, failures: { "503 Service Unavailable": 2 } };
    const observed = [
      { t: T0 + 15_000, namespace: "rollscope-lab", service: "inference", rate: 20, requests: [], source: "prometheus" as const, counts },
    ];
    const p = rolloutReport(withSvc, "rollscope-lab", "inference", observed);
    expect(reportSchema.parse(p)).toEqual(p);
    expect(p.rollouts[1]?.requests).toEqual([{ service: "inference", source: "prometheus", ...counts }]);
    const md = reportMarkdown(p);
    expect(md).toContain(
      "Requests through service/inference: 40 observed by Prometheus, 2 failed (503 Service Unavailable 2); answered: v1 10, v2 28",
    );
    expect(md).not.toContain(" sent");
  });
});
