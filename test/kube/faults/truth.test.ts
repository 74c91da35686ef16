import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rolloutsResponse } from "../../../lib/response";
import { applyEvent, type RawObject } from "../../../lib/model/store";
import { eventLine, headerLine } from "../../../lib/timeline/recording";
import { differencesFromTruth, storeOfRecording, truthStore } from "../../support/kube/faults/truth";

const dir = join(import.meta.dirname, "..", "..", "..", "lib", "model", "fixtures", "captured-rolling-update-r3-01-v1-complete");
const json = readFileSync(join(dir, "objects.json"), "utf8");
const now = Date.parse((JSON.parse(readFileSync(join(dir, "_meta.json"), "utf8")) as { now: string }).now);
const NS = "rs-rolling-update-r3";

describe("differencesFromTruth", () => {
  it("is empty when the dashboard saw exactly the cluster's objects", () => {
    const truth = truthStore(json);
    expect(differencesFromTruth(rolloutsResponse(truth, { namespace: NS, now }), truth, NS)).toEqual([]);
  });

  it("names the field when one pod's readiness is behind", () => {
    const truth = truthStore(json);
    const pod = Object.values(truth.objects.Pod)[0];
    const notReady = structuredClone(pod) as RawObject & { status: { conditions: { type: string; status: string }[] } };
    for (const c of notReady.status.conditions) if (c.type === "Ready") c.status = "False";
    notReady.metadata.resourceVersion = "999999";
    const behind = applyEvent(truth, { type: "MODIFIED", kind: "Pod", object: notReady });
    const diffs = differencesFromTruth(rolloutsResponse(behind, { namespace: NS, now }), truth, NS);
    expect(diffs.length).toBeGreaterThan(0);
    expect(diffs.join("\n")).toMatch(/deployment rs-rolling-update-r3\/web\..*ready/i);
  });

  it("reports a Deployment the dashboard never saw", () => {
    const truth = truthStore(json);
    const d = Object.values(truth.objects.Deployment)[0];
    const without = applyEvent(truth, { type: "DELETED", kind: "Deployment", object: d });
    expect(differencesFromTruth(rolloutsResponse(without, { namespace: NS, now }), truth, NS)).toContain(
      `deployment ${NS}/web: missing from the dashboard`,
    );
  });
});

describe("storeOfRecording", () => {
  it("replays a recording to the same views; one lost event shows", () => {
    const truth = truthStore(json);
    const events = Object.entries(truth.objects).flatMap(([kind, objs]) =>
      Object.values(objs).map((object) => ({ t: now, type: "ADDED" as const, kind: kind as never, object })),
    );
    const text = headerLine({ startedAt: new Date(now).toISOString(), source: "test" }) + events.map(eventLine).join("");
    const replayed = storeOfRecording(text).store;
    expect(differencesFromTruth(rolloutsResponse(replayed, { namespace: NS, now }), truth, NS)).toEqual([]);
    const lossy = storeOfRecording(
      text
        .split("\n")
        .filter((l) => !l.includes('"kind":"ReplicaSet"'))
        .join("\n"),
    ).store;
    expect(differencesFromTruth(rolloutsResponse(lossy, { namespace: NS, now }), truth, NS).length).toBeGreaterThan(0);
  });
});
