import { describe, expect, it } from "vitest";
import { deployment, podTemplate, replicaSet, service, T0 } from "@/test/support/model/objects";
import { rolloutsResponse } from "../response";
import type { RawObject } from "../model/raw";
import type { RawReplicaSet } from "../model/rawKinds";
import { buildTimeline } from "./timeline";
import { eventLine, headerLine, parseRecording, type RecordedEvent } from "./recording";

const tplV1 = podTemplate({ app: "inference" }, { version: "v1" });
const tplV2 = podTemplate({ app: "inference" }, { version: "v2" });
const d = deployment({ name: "inference", template: tplV2, revision: 2, status: { replicas: 3, updated: 0, ready: 3, available: 3 } });
const v1 = replicaSet({
  deployment: d,
  hash: "v1hash",
  template: tplV1,
  revision: 1,
  replicas: 3,
  status: { replicas: 3, ready: 3, available: 3 },
  createdAgo: 600,
});
const v2 = replicaSet({
  deployment: d,
  hash: "v2hash",
  template: tplV2,
  revision: 2,
  replicas: 1,
  status: { replicas: 0, ready: 0, available: 0 },
  createdAgo: 10,
});
const scaled = (rs: RawReplicaSet, n: number): RawReplicaSet => ({
  ...rs,
  metadata: { ...rs.metadata, resourceVersion: `${rs.metadata.resourceVersion}-${n}` },
  spec: { ...rs.spec, replicas: n },
});

/** ROLLOUT-SPEC §6 table A as RS spec changes, one second apart. */
function rollingEvents(): RecordedEvent[] {
  const steps: [RawObject, "ADDED" | "MODIFIED"][] = [
    [d, "ADDED"],
    [v1, "ADDED"],
    [v2, "ADDED"],
    [scaled(v1, 2), "MODIFIED"],
    [scaled(v2, 2), "MODIFIED"],
    [scaled(v1, 1), "MODIFIED"],
    [scaled(v2, 3), "MODIFIED"],
    [scaled(v1, 0), "MODIFIED"],
  ];
  return steps.map(([object, type], i) => ({ t: T0 + i * 1000, type, kind: object.kind as "ReplicaSet", object }));
}

const desired = (t: number, events: RecordedEvent[]) => {
  const tl = buildTimeline(events);
  const view = rolloutsResponse(tl.storeAt(t), { now: t });
  const rs = view.deployments[0]!.replicaSets;
  return Object.fromEntries(rs.map((r) => [r.revision, r.desired]));
};

describe("buildTimeline", () => {
  it("rebuilds the lane counts of any moment from the event log", () => {
    const events = rollingEvents();
    expect(desired(T0 + 2000, events)).toEqual({ 1: 3, 2: 1 });
    expect(desired(T0 + 4500, events)).toEqual({ 1: 2, 2: 2 });
    expect(desired(T0 + 7000, events)).toEqual({ 1: 0, 2: 3 });
  });

  it("lists the handover steps in order and jumps between them", () => {
    const tl = buildTimeline(rollingEvents());
    const scales = tl.entries.filter((e) => e.kind === "rs-scaled").map((e) => e.text);
    expect(scales).toEqual([
      "Scaled down replica set inference-v1hash from 3 to 2",
      "Scaled up replica set inference-v2hash from 1 to 2",
      "Scaled down replica set inference-v1hash from 2 to 1",
      "Scaled up replica set inference-v2hash from 2 to 3",
      "Scaled down replica set inference-v1hash from 1 to 0",
    ]);
    expect(tl.nextHandover(T0 + 2500)).toBe(T0 + 3000);
    expect(tl.previousHandover(T0 + 3000)).toBe(T0 + 2000);
    expect(tl.nextHandover(T0 + 7000)).toBeUndefined();
  });

  it("records a selector patch as a handover step", () => {
    const blue = service({ name: "inference", selector: { app: "inference", color: "blue" } });
    const green = {
      ...blue,
      metadata: { ...blue.metadata, resourceVersion: "x2" },
      spec: { ...blue.spec, selector: { app: "inference", color: "green" } },
    };
    const tl = buildTimeline([
      { t: T0, type: "ADDED", kind: "Service", object: blue },
      { t: T0 + 1, type: "MODIFIED", kind: "Service", object: green },
    ]);
    const cut = tl.entries.find((e) => e.kind === "selector");
    expect(cut?.text).toBe("Service inference selector app=inference,color=blue → app=inference,color=green");
    expect(cut?.handover).toBe(true);
  });
});

describe("parseRecording", () => {
  it("round-trips a recording", () => {
    const events = rollingEvents();
    const text = headerLine({ startedAt: new Date(T0).toISOString(), source: "lab" }) + events.map(eventLine).join("");
    const r = parseRecording(text);
    expect(r.skipped).toEqual([]);
    expect(r.header?.source).toBe("lab");
    expect(r.events).toHaveLength(events.length);
    expect((r.events[3]!.object as RawReplicaSet).spec!.replicas).toBe(2);
  });

  it("loads what it can from a damaged recording and says what it skipped", () => {
    const events = rollingEvents();
    const lines = [headerLine({ startedAt: "x", source: "lab" }), ...events.map(eventLine)];
    lines[2] = "{not json\n";
    lines[4] = JSON.stringify({ t: T0, type: "ADDED", kind: "Secret", object: { metadata: {} } }) + "\n";
    const text = lines.join("").slice(0, -20); // cut inside the last line
    const r = parseRecording(text);
    expect(r.events).toHaveLength(events.length - 3);
    expect(r.skipped.map((s) => s.line)).toEqual([3, 5, 9]);
    expect(r.skipped[0]!.reason).toBe("not valid JSON");
    expect(r.skipped[1]!.reason).toMatch(/^bad event: kind/);
    expect(r.skipped[2]!.reason).toMatch(/truncated/);
  });

  it("still loads events when the header is missing", () => {
    const r = parseRecording(rollingEvents().map(eventLine).join(""));
    expect(r.header).toBeUndefined();
    expect(r.events).toHaveLength(8);
    expect(r.skipped[0]!.reason).toMatch(/no recording header/);
  });
});
