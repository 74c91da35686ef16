import { describe, expect, it } from "vitest";
import { rolloutsResponse } from "./rolloutsResponse";
import { loadFixture } from "@/test/support/model/fixtures";
import { applyEvent, setDegraded, setStale } from "../model/store";
import * as model from "../model/index";

describe("rolloutsResponse", () => {
  it("builds deployments, services and findings for the namespace at `now`", () => {
    const f = loadFixture("stuck");
    const r = rolloutsResponse(f.store, { namespace: "rollscope-lab", now: f.now });
    expect(r.generatedAt).toBe("2026-11-24T03:00:00.000Z");
    expect(r.namespaces).toEqual(["rollscope-lab"]);
    expect(r.deployments.map((d) => [d.name, d.phase])).toEqual([["inference", "Stuck"]]);
    expect(r.services.map((s) => [s.name, s.readyEndpoints])).toEqual([["inference", 3]]);
    expect(r.findings.map((x) => x.code)).toEqual(["ProgressDeadlineExceeded", "ReadinessNeverPasses"]);
    expect(r.degraded).toEqual([]);
    expect(r.stale).toBeUndefined();
  });

  it("without a namespace covers every namespace; with another one it is empty", () => {
    const f = loadFixture("complete");
    const other = structuredClone(f.objects.find((o) => o.kind === "Deployment"));
    if (!other) throw new Error("fixture has no Deployment");
    other.metadata = { ...other.metadata, namespace: "team-b", uid: "other-uid" };
    const store = applyEvent(f.store, { type: "ADDED", kind: "Deployment", object: other });
    expect(rolloutsResponse(store, { now: f.now }).namespaces).toEqual(["rollscope-lab", "team-b"]);
    expect(rolloutsResponse(store, { now: f.now }).deployments).toHaveLength(2);
    const empty = rolloutsResponse(store, { namespace: "nobody", now: f.now });
    expect(empty.deployments).toEqual([]);
    expect(empty.namespaces).toEqual(["nobody"]);
  });

  it("passes on degraded kinds and staleness so the UI can say so", () => {
    const f = loadFixture("complete");
    const store = setStale(setDegraded(f.store, "Event", "events is forbidden"), { since: "2026-11-24T02:59:00Z", reason: "watch closed" });
    const r = rolloutsResponse(store, { now: f.now });
    expect(r.degraded).toEqual([{ kind: "Event", message: "events is forbidden" }]);
    expect(r.stale).toEqual({ since: "2026-11-24T02:59:00Z", reason: "watch closed" });
  });

  it("is JSON-stable: the same store and now give the same response", () => {
    const f = loadFixture("rolling");
    expect(JSON.stringify(rolloutsResponse(f.store, { now: f.now }))).toBe(JSON.stringify(rolloutsResponse(f.store, { now: f.now })));
  });
});

describe("lib/model index", () => {
  it("exports the contract functions the UI, server and lab code use", () => {
    for (const fn of [
      "applyEvent",
      "emptyStore",
      "replaceKind",
      "trimObject",
      "podState",
      "rolloutView",
      "trafficView",
      "resolveFenceposts",
      "templateChanges",
      "colourSiblings",
      "selectorText",
      "listKind",
    ]) {
      expect(typeof (model as Record<string, unknown>)[fn]).toBe("function");
    }
  });

  it("does not export the response assembler: lib/model sits below lib/diagnose and lib/response", () => {
    expect((model as Record<string, unknown>).rolloutsResponse).toBeUndefined();
  });
});
