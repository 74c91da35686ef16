import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RawObject } from "../model/raw";
import { countsAt, handoverBuilder, handoverSeries, type HandoverSeries, type TimedEvent } from "./handover";
import { parseRecording } from "./recording";

const recording = (name: string) =>
  parseRecording(readFileSync(join(import.meta.dirname, "..", "..", "recordings", `${name}.ndjson`), "utf8")).events;

/** Pods of every revision at each moment a point was drawn. */
function totalsOverTime(s: HandoverSeries): {
  t: number;
  pods: number;
  ready: number;
  ceiling: number;
  floor: number;
}[] {
  const times = [...new Set(s.revisions.flatMap((r) => r.points.map((p) => p.t)))].sort((a, b) => a - b);
  return times.map((t) => {
    const c = countsAt(s, t);
    const env = [...s.envelope].reverse().find((e) => e.t <= t)!;
    return {
      t,
      pods: c.reduce((n, x) => n + x.ready + x.unready, 0),
      ready: c.reduce((n, x) => n + x.ready, 0),
      ceiling: env.ceiling,
      floor: env.floor,
    };
  });
}

describe("handover series from the shipped recordings", () => {
  it("rollout: v1 → v2 inside the envelope, v3 stalls at the ceiling, the undo brings v2 back", () => {
    const s = handoverSeries(recording("rollout"), "lab-rollout", "inference")!;
    // replicas 3, maxSurge 1, maxUnavailable 0.
    expect(s.envelope.map(({ ceiling, floor }) => ({ ceiling, floor }))).toEqual([{ ceiling: 4, floor: 3 }]);
    // Three ReplicaSets; the v2 one became revision 4 on the undo.
    expect(s.revisions.map((r) => r.revision)).toEqual([1, 3, 4]);
    const totals = totalsOverTime(s);
    expect(totals.every((x) => x.pods <= x.ceiling)).toBe(true);
    // Once v1 was up, the handover never dropped below the floor.
    const firstUp = totals.findIndex((x) => x.ready === 3);
    expect(
      totals
        .slice(firstUp)
        .filter((x) => x.t < s.revisions[1]!.points[0]!.t + 1)
        .every((x) => x.ready >= x.floor),
    ).toBe(true);
    // The stuck v3: one unready pod on top of three ready v2 pods, exactly at the ceiling.
    const v3 = s.revisions.find((r) => r.revision === 3)!;
    const stuck = v3.points.find((p) => p.unready === 1)!;
    expect(countsAt(s, stuck.t + 60_000)).toEqual([
      { revision: 1, ready: 0, unready: 0 },
      { revision: 3, ready: 0, unready: 1 },
      { revision: 4, ready: 3, unready: 0 },
    ]);
    expect(totalsOverTime(s).find((x) => x.t === stuck.t)?.pods).toBe(4);
    expect(s.marks.map((m) => `${m.revision}:${m.from}→${m.to}`)).toEqual([
      "1:0→3",
      "2:0→1",
      "1:3→2",
      "2:1→2",
      "1:2→1",
      "2:2→3",
      "1:1→0",
      "3:0→1",
      "3:1→0",
    ]);
  });

  it("canary: the stable and canary Deployments each have their own series", () => {
    const events = recording("canary");
    const stable = handoverSeries(events, "lab-canary", "inference-stable")!;
    const canary = handoverSeries(events, "lab-canary", "inference-canary")!;
    // 9 replicas, maxSurge 25 % rounds up to 3, maxUnavailable 0.
    expect(stable.envelope.map((e) => [e.ceiling, e.floor])).toEqual([[12, 9]]);
    expect(stable.revisions).toHaveLength(2);
    expect(canary.revisions).toHaveLength(1);
    // Scaled to 0 once the stable Deployment was promoted.
    expect(canary.envelope.map((e) => [e.ceiling, e.floor])).toEqual([
      [2, 1],
      [0, 0],
    ]);
    expect(totalsOverTime(stable).every((x) => x.pods <= x.ceiling)).toBe(true);
    expect(countsAt(stable, stable.end).map((c) => c.ready)).toEqual([0, 9]);
  });
});

// Hand-built sequences: minimal objects, the fields the builder reads.
const dep = (name: string, replicas: number, strategy: object): RawObject => ({
  metadata: { name, namespace: "ns", uid: `d-${name}` },
  spec: { replicas, strategy },
});
const rs = (d: RawObject, rev: number, replicas: number): RawObject => ({
  metadata: {
    name: `${d.metadata.name}-r${rev}`,
    namespace: "ns",
    uid: `rs-${d.metadata.name}-${rev}`,
    annotations: { "deployment.kubernetes.io/revision": String(rev) },
    ownerReferences: [
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        name: d.metadata.name ?? "",
        uid: d.metadata.uid ?? "",
        controller: true,
      },
    ],
  },
  spec: { replicas },
});
const pod = (r: RawObject, i: number, ready: boolean, terminating = false): RawObject => ({
  metadata: {
    name: `${r.metadata.name}-${i}`,
    namespace: "ns",
    uid: `${r.metadata.uid}-p${i}`,
    ownerReferences: [
      {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        name: r.metadata.name ?? "",
        uid: r.metadata.uid ?? "",
        controller: true,
      },
    ],
    ...(terminating ? { deletionTimestamp: "2026-01-01T00:00:00Z" } : {}),
  },
  status: {
    phase: "Running",
    conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
  },
});
let clock = 0;
const ev = (kind: TimedEvent["kind"], object: RawObject, type: TimedEvent["type"] = "MODIFIED", dt = 1000): TimedEvent => ({
  t: (clock += dt),
  kind,
  type,
  object,
});

describe("handover series from hand-built sequences", () => {
  it("a rolling update of 10 at 25 %/25 % stays between floor 8 and ceiling 13", () => {
    const d = dep("web", 10, {
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" },
    });
    const v1 = rs(d, 1, 10);
    const v2 = rs(d, 2, 3);
    const events: TimedEvent[] = [ev("Deployment", d, "ADDED"), ev("ReplicaSet", v1, "ADDED")];
    for (let i = 0; i < 10; i++) events.push(ev("Pod", pod(v1, i, true), "ADDED", 0));
    events.push(ev("ReplicaSet", v2, "ADDED"), ev("ReplicaSet", rs(d, 1, 8), "MODIFIED", 0));
    for (let i = 0; i < 3; i++) events.push(ev("Pod", pod(v2, i, false), "ADDED", 0));
    for (let i = 0; i < 2; i++) events.push(ev("Pod", pod(v1, i, true, true), "MODIFIED", 0));
    for (let i = 0; i < 3; i++) events.push(ev("Pod", pod(v2, i, true)));
    const s = handoverSeries(events, "ns", "web")!;
    expect(s.envelope.map((e) => [e.ceiling, e.floor])).toEqual([[13, 8]]);
    expect(countsAt(s, clock)).toEqual([
      { revision: 1, ready: 8, unready: 0 },
      { revision: 2, ready: 3, unready: 0 },
    ]);
    const totals = totalsOverTime(s).filter((x) => x.ready >= 8);
    expect(totals.every((x) => x.pods <= 13 && x.ready >= 8)).toBe(true);
    expect(s.marks.map((m) => m.text)).toEqual([
      "Scaled up replica set web-r1 from 0 to 10",
      "Scaled up replica set web-r2 from 0 to 3",
      "Scaled down replica set web-r1 from 10 to 8",
    ]);
  });

  it("the stuck v3 sits at the ceiling: an unready surge pod on top of a full old revision", () => {
    const d = dep("api", 3, {
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
    });
    const v2 = rs(d, 2, 3);
    const v3 = rs(d, 3, 1);
    const b = handoverBuilder();
    [
      ev("Deployment", d, "ADDED"),
      ev("ReplicaSet", v2, "ADDED"),
      ...[0, 1, 2].map((i) => ev("Pod", pod(v2, i, true), "ADDED")),
      ev("ReplicaSet", v3, "ADDED"),
      ev("Pod", pod(v3, 0, false), "ADDED"),
    ].forEach((e) => b.add(e));
    const s = b.seriesOf("ns", "api")!;
    const at = countsAt(s, clock);
    expect(at.reduce((n, c) => n + c.ready + c.unready, 0)).toBe(s.envelope[0]!.ceiling);
    expect(at.find((c) => c.revision === 3)).toEqual({
      revision: 3,
      ready: 0,
      unready: 1,
    });
  });

  it("blue-green: two Deployments (Recreate and RollingUpdate) never mix", () => {
    const blue = dep("blue", 2, { type: "Recreate" });
    const green = dep("green", 2, {
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" },
    });
    const b1 = rs(blue, 1, 2);
    const g1 = rs(green, 1, 2);
    const b = handoverBuilder();
    [
      ev("Deployment", blue, "ADDED"),
      ev("ReplicaSet", b1, "ADDED"),
      ev("Pod", pod(b1, 0, true), "ADDED"),
      ev("Deployment", green, "ADDED"),
      ev("ReplicaSet", g1, "ADDED"),
      ev("Pod", pod(g1, 0, false), "ADDED"),
    ].forEach((e) => b.add(e));
    const sb = b.seriesOf("ns", "blue")!;
    const sg = b.seriesOf("ns", "green")!;
    expect(sb.strategy).toBe("Recreate");
    expect(sg.strategy).toBe("RollingUpdate");
    // 25 % of 2: surge rounds up to 1, unavailable down to 0.
    expect(sg.envelope.map((e) => [e.ceiling, e.floor])).toEqual([[3, 2]]);
    expect(countsAt(sb, clock)).toEqual([{ revision: 1, ready: 1, unready: 0 }]);
    expect(countsAt(sg, clock)).toEqual([{ revision: 1, ready: 0, unready: 1 }]);
  });

  it("canary by hand: a one-replica canary next to a stable Deployment, each with its own envelope", () => {
    const stable = dep("stable", 9, {
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 },
    });
    const canary = dep("canary", 1, {
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 },
    });
    const b = handoverBuilder();
    [
      ev("Deployment", stable, "ADDED"),
      ev("Deployment", canary, "ADDED"),
      ev("ReplicaSet", rs(canary, 1, 1), "ADDED"),
      ev("Pod", pod(rs(canary, 1, 1), 0, true), "ADDED"),
    ].forEach((e) => b.add(e));
    expect(b.seriesOf("ns", "canary")!.envelope[0]).toMatchObject({
      ceiling: 2,
      floor: 1,
    });
    expect(b.seriesOf("ns", "stable")!.envelope[0]).toMatchObject({
      ceiling: 12,
      floor: 9,
    });
    expect(b.seriesOf("ns", "stable")!.revisions).toEqual([]);
  });

  it("keeps a Deployment's series identical until one of its own objects changes", () => {
    const a = dep("a", 1, {});
    const other = dep("other", 1, {});
    const ra = rs(a, 1, 1);
    const ro = rs(other, 1, 1);
    const b = handoverBuilder();
    [ev("Deployment", a, "ADDED"), ev("Deployment", other, "ADDED"), ev("ReplicaSet", ra, "ADDED"), ev("ReplicaSet", ro, "ADDED")].forEach(
      (e) => b.add(e),
    );
    const first = b.seriesOf("ns", "a");
    expect(b.add(ev("Pod", pod(ro, 0, false), "ADDED"))).toBe(true);
    expect(b.seriesOf("ns", "a")).toBe(first);
    // A status-only change of a pod that keeps its readiness is not a change either.
    b.add(ev("Pod", pod(ra, 0, false), "ADDED"));
    const second = b.seriesOf("ns", "a");
    expect(second).not.toBe(first);
    expect(b.add(ev("Pod", pod(ra, 0, false)))).toBe(false);
    expect(b.seriesOf("ns", "a")).toBe(second);
  });

  it("counts pods seen before their ReplicaSet, drops deleted and terminating ones, and marks nothing for a first picture", () => {
    const d = dep("late", 2, {});
    const r = rs(d, 1, 2);
    const b = handoverBuilder();
    b.add(ev("Pod", pod(r, 0, true), "ADDED"), true);
    b.add(ev("Pod", pod(r, 1, false), "ADDED"), true);
    b.add(ev("Deployment", d, "ADDED"), true);
    b.add(ev("ReplicaSet", r, "ADDED"), true);
    const s = b.seriesOf("ns", "late")!;
    expect(s.marks).toEqual([]);
    expect(s.revisions.map((x) => x.replicaSet)).toEqual(["late-r1"]);
    expect(countsAt(s, clock)).toEqual([{ revision: 1, ready: 1, unready: 1 }]);
    b.add(ev("Pod", pod(r, 0, true, true)));
    b.add(ev("Pod", pod(r, 1, false), "DELETED"));
    expect(countsAt(b.seriesOf("ns", "late")!, clock)).toEqual([{ revision: 1, ready: 0, unready: 0 }]);
    expect(b.seriesOf("ns", "nothing")).toBeUndefined();
  });

  it("a resync drops the pods that went away meanwhile and folds the new picture in without marks", () => {
    const d = dep("re", 2, {});
    const r = rs(d, 1, 2);
    const b = handoverBuilder();
    [
      ev("Deployment", d, "ADDED"),
      ev("ReplicaSet", r, "ADDED"),
      ev("Pod", pod(r, 0, true), "ADDED"),
      ev("Pod", pod(r, 1, true), "ADDED"),
    ].forEach((e) => b.add(e));
    const marks = b.seriesOf("ns", "re")!.marks.length;
    const p2 = pod(r, 2, false);
    const byUid = (...os: RawObject[]) => Object.fromEntries(os.map((o) => [o.metadata.uid!, o]));
    expect(b.resync({ Deployment: byUid(d), ReplicaSet: byUid(rs(d, 1, 3)), Pod: byUid(pod(r, 0, true), p2) }, (clock += 1000))).toBe(true);
    const s = b.seriesOf("ns", "re")!;
    expect(countsAt(s, clock)).toEqual([{ revision: 1, ready: 1, unready: 1 }]);
    expect(s.marks).toHaveLength(marks + 1); // the RS went 2 → 3 while away: a known RS resized is still an action
  });
});
