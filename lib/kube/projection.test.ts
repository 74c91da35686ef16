/**
 * The declared projection (lib/model/projection.ts) loses nothing a reader reads: over every
 * fixture (captured from a real control plane, and the lab scenarios) the views and findings of
 * projected objects equal those of the full objects (and the triage checklists); over the recordings the timeline, the
 * rollout reports and the views at every handover are the same.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectObject, projector } from "@/lib/model/projection";
import type { Kind, RawObject } from "@/lib/model/raw";
import { isKind } from "@/lib/model/rawKinds";
import { sanitizeObject } from "@/lib/model/sanitize";
import { storeFromObjects } from "@/lib/model/store";
import { fixtureNames, isMomentFolder, loadFixture, loadMoments } from "@/test/support/model/fixtures";
import { TRIAGE_SCENARIOS, triageChecklist } from "@/lib/diagnose/triage";
import { rolloutsResponse } from "@/lib/response";
import { parseRecording, type RecordedEvent } from "@/lib/timeline/recording";
import { rolloutReport } from "@/lib/timeline/report";
import { buildTimeline } from "@/lib/timeline/timeline";

const project = <T extends RawObject>(o: T): T => projectObject(o.kind as Kind, o);

const fixtures = fixtureNames().flatMap((name) => (isMomentFolder(name) ? loadMoments(name) : [loadFixture(name)]));
const RECORDINGS = join(import.meta.dirname, "..", "..", "recordings");
const recordings = readdirSync(RECORDINGS)
  .filter((f) => f.endsWith(".ndjson"))
  .map((f) => ({ name: f, events: parseRecording(readFileSync(join(RECORDINGS, f), "utf8")).events }));

describe("projection: views, findings and triage checklists unchanged", () => {
  it("has fixtures and recordings to compare", () => {
    expect(fixtures.length).toBeGreaterThan(10);
    expect(recordings.length).toBeGreaterThan(0);
  });
  for (const f of fixtures) {
    it(`${f.name} ${f.description}`.trim(), () => {
      const projected = storeFromObjects(f.objects.map(project));
      expect(rolloutsResponse(projected, { now: f.now })).toEqual(rolloutsResponse(f.store, { now: f.now }));
      const namespaces = new Set(f.objects.map((o) => o.metadata.namespace ?? ""));
      for (const namespace of namespaces)
        for (const scenario of TRIAGE_SCENARIOS)
          expect(triageChecklist(scenario, projected, { namespace, now: f.now })).toEqual(
            triageChecklist(scenario, f.store, { namespace, now: f.now }),
          );
    });
  }
});

describe("projection: recordings replay to the same timeline, reports and views", () => {
  for (const r of recordings) {
    it(r.name, () => {
      const projectedEvents: RecordedEvent[] = r.events.map((e) => ({ ...e, object: project(e.object) }));
      const full = buildTimeline(r.events);
      const cut = buildTimeline(projectedEvents);
      expect(cut.entries).toEqual(full.entries);
      const instants = [...new Set([...full.entries.map((e) => e.t), full.end])];
      for (const t of instants) expect(rolloutsResponse(cut.storeAt(t), { now: t })).toEqual(rolloutsResponse(full.storeAt(t), { now: t }));
      const deployments = new Set(
        r.events.filter((e) => e.kind === "Deployment").map((e) => `${e.object.metadata.namespace}/${e.object.metadata.name}`),
      );
      for (const key of deployments) {
        const [ns, name] = key.split("/") as [string, string];
        expect(rolloutReport(projectedEvents, ns, name)).toEqual(rolloutReport(r.events, ns, name));
      }
    });
  }
});

describe("projection: what it drops", () => {
  it("keeps a pod's read fields and drops the rest", () => {
    const pod = fixtures
      .flatMap((f) => f.objects)
      .filter((o) => isKind(o, "Pod"))
      .find((o) => o.status?.containerStatuses?.length && o.metadata.generateName);
    expect(pod).toBeDefined();
    const p = project(pod!);
    expect(p.metadata.generateName).toBeUndefined();
    expect(p.spec!.volumes).toBeUndefined();
    expect(p.spec!.containers![0].image).toBe(pod!.spec!.containers![0].image);
    expect(p.status!.hostIP).toBeUndefined();
    expect(p.status!.conditions!.map((c) => c.type).sort()).toEqual(
      pod!
        .status!.conditions!.map((c) => c.type)
        .filter((t) => t === "Ready" || t === "PodScheduled")
        .sort(),
    );
    expect(p.metadata.uid).toBe(pod!.metadata.uid);
    expect(JSON.stringify(p).length).toBeLessThan(JSON.stringify(pod).length / 2);
  });
  it("passes values of an unexpected type through whole (the views read them defensively)", () => {
    const odd = {
      kind: "Pod",
      metadata: { name: "x" },
      spec: "nonsense",
      status: { conditions: [1, { type: "Ready", status: "True", junk: 1 }] },
    } as RawObject;
    expect(project(odd)).toEqual({
      kind: "Pod",
      metadata: { name: "x" },
      spec: "nonsense",
      status: { conditions: [1, { type: "Ready", status: "True" }] },
    });
  });
  it("keeps a Deployment whole but for managedFields and kubectl's last-applied copy", () => {
    const d = {
      kind: "Deployment",
      metadata: {
        name: "d",
        managedFields: [{}],
        annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{}", "kubernetes.io/change-cause": "v2", mine: "1" },
      },
      spec: { replicas: 3, template: { metadata: { creationTimestamp: null } } },
    } as RawObject;
    expect(project(d)).toEqual({
      kind: "Deployment",
      metadata: { name: "d", annotations: { "kubernetes.io/change-cause": "v2", mine: "1" } },
      spec: d.spec,
    });
  });
  it("a projector hands sibling pods one shared copy of their containers, labels and owner", () => {
    const siblings = fixtures
      .find((f) => f.name.startsWith("captured-canary"))!
      .objects.filter((o) => isKind(o, "Pod"))
      .filter((o) => o.metadata.labels?.track === "stable");
    expect(siblings.length).toBeGreaterThan(1);
    const project = projector("Pod");
    const [a, b] = siblings.map((p) => project(p));
    expect(a!.spec!.containers).toBe(b!.spec!.containers);
    expect(a!.metadata.labels).toBe(b!.metadata.labels);
    expect(a!.metadata.ownerReferences).toBe(b!.metadata.ownerReferences);
    expect(a!.status).not.toBe(b!.status);
    // The hub's store keeps them shared: sanitizing a clean object copies no labels or owners.
    expect(sanitizeObject(a)!.metadata.labels).toBe(a!.metadata.labels);
    expect(sanitizeObject(a)!.metadata.ownerReferences).toBe(a!.metadata.ownerReferences);
  });
  it("projecting a projection again is a no-op, and equal container states are one object", () => {
    const pods = fixtures.flatMap((f) => f.objects).filter((o) => o.kind === "Pod");
    const project = projector("Pod");
    const once = pods.map((p) => project(p));
    expect(once.map((p) => projector("Pod")(p))).toEqual(once);
    for (const p of once) expect(projector("Pod")(p)).toBe(p);
    // Another signature (a trace annotation kept) projects again from what it is given.
    expect(projector("Pod", { podAnnotations: ["x"] })(once[0]!)).not.toBe(once[0]);
    const stateOf = (p: RawObject) =>
      (p.status as { containerStatuses?: { state?: unknown }[] } | undefined)?.containerStatuses?.[0]?.state;
    const byJson = new Map<string, unknown>();
    let twins = 0;
    for (const p of once) {
      const st = stateOf(p);
      if (st === undefined) continue;
      const seen = byJson.get(JSON.stringify(st));
      if (seen === undefined) byJson.set(JSON.stringify(st), st);
      else {
        twins++;
        expect(st).toBe(seen);
      }
    }
    expect(twins).toBeGreaterThan(0);
  });
  it("keeps the pod annotations it is told to (a trace stamp)", () => {
    const pod = { kind: "Pod", metadata: { name: "x", annotations: { a: "1", b: "2" } } } as RawObject;
    expect(projectObject("Pod", pod, { podAnnotations: ["b"] }).metadata.annotations).toEqual({ b: "2" });
  });
});
