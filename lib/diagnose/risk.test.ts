/**
 * Risk findings (issue 16): each risk positive and negative on objects captured from the real
 * control plane (captured-rolling-update-r3-04-v2-complete: web, 3 replicas, maxSurge 1 /
 * maxUnavailable 0, revisions 1 and 2, pods Ready 3-6 s after creation), changed one field at a time.
 */
import { describe, expect, it } from "vitest";
import { diagnose } from "./diagnose";
import { loadFixture } from "@/test/support/model/fixtures";
import { applyEvent, listKind, type Store } from "../model/store";
import type { Finding, FindingCode } from "../model/types";
import type { RawDeployment, RawOf } from "../model/rawKinds";

const COMPLETE = "captured-rolling-update-r3-04-v2-complete";

function run(name: string, ...mutate: ((s: Store) => Store)[]): Finding[] {
  const f = loadFixture(name);
  return diagnose(
    mutate.reduce((s, m) => m(s), f.store),
    { now: f.now },
  );
}
const withCode = (fs: Finding[], code: FindingCode): Finding[] => fs.filter((f) => f.code === code);

function modify<K extends "Deployment" | "Service" | "Pod" | "ReplicaSet">(
  kind: K,
  name: string,
  change: (o: RawOf<K>) => void,
): (s: Store) => Store {
  return (store) => {
    const o = listKind(store, kind).find((x) => x.metadata.name === name);
    if (!o) throw new Error(`no ${kind} ${name}`);
    const next = structuredClone(o);
    change(next);
    next.metadata = { ...next.metadata, resourceVersion: `${o.metadata.resourceVersion ?? ""}1` };
    return applyEvent(store, { type: "MODIFIED", kind, object: next });
  };
}
const remove = (kind: "ReplicaSet", name: string) => (store: Store) => {
  const o = listKind(store, kind).find((x) => x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name}`);
  return applyEvent(store, { type: "DELETED", kind, object: o });
};
const web = (change: (d: RawDeployment) => void) => modify("Deployment", "web", change);
/** Makes pod `name` become Ready `seconds` after its creation. */
const readyAfter = (name: string, seconds: number) =>
  modify("Pod", name, (p) => {
    const created = Date.parse(p.metadata.creationTimestamp ?? "");
    for (const c of p.status!.conditions as { type: string; lastTransitionTime: string }[]) {
      if (c.type === "Ready") c.lastTransitionTime = new Date(created + seconds * 1000).toISOString().replace(/\.\d+Z$/, "Z");
    }
  });
const tcpProbe = web((d) => {
  d.spec!.template!.spec!.containers![0].readinessProbe = { tcpSocket: { port: 8080 }, periodSeconds: 5 };
});

describe("every risk is quiet on healthy captured objects", () => {
  for (const name of [
    COMPLETE,
    "captured-rolling-update-r3-01-v1-complete",
    "captured-blue-green-02-serving-green",
    "captured-canary-9-1-01-ten-ready",
    "complete",
    "blue-green",
  ]) {
    it(name, () => expect(run(name).filter((f) => f.severity !== "info")).toEqual([]));
  }
});

describe("RollbackNotPossible", () => {
  it("warns when revisionHistoryLimit is 0, before anything fails", () => {
    const [f, ...rest] = withCode(
      run(
        COMPLETE,
        web((d) => (d.spec!.revisionHistoryLimit = 0)),
      ),
      "RollbackNotPossible",
    );
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: "warning", object: { kind: "Deployment", name: "web" } });
    expect(f?.evidence[0]).toBe("deployment/web spec.revisionHistoryLimit=0");
    expect(f?.fix).toBe(`kubectl patch deployment/web -n ${f?.object.namespace} -p '{"spec":{"revisionHistoryLimit":10}}'`);
  });
  it("warns at revision 2 when the revision-1 ReplicaSet is gone", () => {
    const [f] = withCode(run(COMPLETE, remove("ReplicaSet", "web-dcdccfdd8")), "RollbackNotPossible");
    expect(f?.message).toContain("it is at revision 2 and no ReplicaSet of an older revision is left");
    expect(f?.evidence[1]).toBe("owned ReplicaSets: web-59d79464bf (revision 2)");
  });
  it("is quiet on a first revision and while an older ReplicaSet is kept", () => {
    expect(withCode(run("captured-rolling-update-r3-01-v1-complete"), "RollbackNotPossible")).toEqual([]);
    expect(withCode(run(COMPLETE), "RollbackNotPossible")).toEqual([]);
  });
  it("leaves a failing rollout to NoRollbackTarget (one finding, the error)", () => {
    const fs = run("no-rollback");
    expect(withCode(fs, "NoRollbackTarget")).toHaveLength(1);
    expect(withCode(fs, "RollbackNotPossible")).toEqual([]);
  });
});

describe("ProgressDeadlineTooShort", () => {
  it("warns when a pod took longer to become Ready than progressDeadlineSeconds", () => {
    const [f] = withCode(
      run(
        COMPLETE,
        readyAfter("web-59d79464bf-xmrt8", 50),
        web((d) => (d.spec!.progressDeadlineSeconds = 40)),
      ),
      "ProgressDeadlineTooShort",
    );
    expect(f).toMatchObject({ severity: "warning", object: { name: "web" } });
    expect(f?.evidence[0]).toMatch(/^pod\/web-59d79464bf-xmrt8 was created at .* and became Ready at .* \(50s\)$/);
    expect(f?.evidence[1]).toBe("deployment/web spec.progressDeadlineSeconds=40 spec.minReadySeconds=0");
    expect(f?.fix).toContain(`"progressDeadlineSeconds":120`);
  });
  it("counts minReadySeconds in the time to available", () => {
    expect(
      withCode(
        run(
          COMPLETE,
          readyAfter("web-59d79464bf-xmrt8", 30),
          web((d) => ((d.spec!.progressDeadlineSeconds = 40), (d.spec!.minReadySeconds = 15))),
        ),
        "ProgressDeadlineTooShort",
      ),
    ).toHaveLength(1);
  });
  it("is quiet when every pod became available within the deadline", () => {
    expect(
      withCode(
        run(
          COMPLETE,
          readyAfter("web-59d79464bf-xmrt8", 30),
          web((d) => (d.spec!.progressDeadlineSeconds = 40)),
        ),
        "ProgressDeadlineTooShort",
      ),
    ).toEqual([]);
  });
});

describe("ReadinessProbeBlind", () => {
  it("warns for a tcpSocket probe on pods that took 45s to become Ready", () => {
    const [f] = withCode(run(COMPLETE, tcpProbe, readyAfter("web-59d79464bf-s5lmm", 45)), "ReadinessProbeBlind");
    expect(f).toMatchObject({ severity: "warning", object: { name: "web" } });
    expect(f?.evidence).toEqual([
      "deployment/web spec.template.spec.containers[0].readinessProbe tcp :8080",
      "pod/web-59d79464bf-s5lmm took 45s from creation to Ready",
    ]);
    expect(f?.fix).toContain(`"httpGet":{"path":"/healthz","port":8080}`);
  });
  it("is quiet for a tcpSocket probe on fast pods, and for an exec probe on slow ones", () => {
    expect(withCode(run(COMPLETE, tcpProbe), "ReadinessProbeBlind")).toEqual([]);
    expect(withCode(run(COMPLETE, readyAfter("web-59d79464bf-s5lmm", 45)), "ReadinessProbeBlind")).toEqual([]);
  });
});

describe("RolloutEmptiesService", () => {
  it("warns on the Service when its only Deployment may stop every pod (maxUnavailable 100%)", () => {
    const [f] = withCode(
      run(
        COMPLETE,
        web((d) => (d.spec!.strategy!.rollingUpdate = { maxSurge: 1, maxUnavailable: "100%" })),
      ),
      "RolloutEmptiesService",
    );
    expect(f).toMatchObject({ severity: "warning", object: { kind: "Service", name: "web" } });
    expect(f?.evidence[0]).toBe(
      "deployment/web spec.replicas=3 spec.strategy.rollingUpdate.maxUnavailable=100% (resolved 3): minimum available during a rollout 0",
    );
    expect(f?.fix).toContain(`"maxUnavailable":0`);
  });
  it("warns for Recreate", () => {
    const [f] = withCode(
      run(
        COMPLETE,
        web((d) => (d.spec!.strategy = { type: "Recreate" })),
      ),
      "RolloutEmptiesService",
    );
    expect(f?.evidence[0]).toBe("deployment/web spec.strategy.type=Recreate");
  });
  it("is quiet when the budget keeps a pod, or another Deployment serves the Service too", () => {
    expect(
      withCode(
        run(
          COMPLETE,
          web((d) => (d.spec!.strategy!.rollingUpdate = { maxSurge: 1, maxUnavailable: 2 })),
        ),
        "RolloutEmptiesService",
      ),
    ).toEqual([]);
    const canary = loadFixture("captured-canary-9-1-01-ten-ready");
    const deployments = listKind(canary.store, "Deployment").map((d) => d.metadata.name ?? "");
    const recreateAll = deployments.map((n) => modify("Deployment", n, (d) => (d.spec!.strategy = { type: "Recreate" })));
    expect(withCode(run("captured-canary-9-1-01-ten-ready", ...recreateAll), "RolloutEmptiesService")).toEqual([]);
  });
});
