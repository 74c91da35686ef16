import { describe, expect, it } from "vitest";
import { applyEvent, emptyStore } from "../model/store";
import { deployment, podTemplate, service } from "@/test/support/model/objects";
import { storeDiff } from "./diff";

describe("storeDiff", () => {
  it("finds exactly the events that lead from one store to the next", () => {
    const d = deployment({
      name: "a",
      template: podTemplate({ app: "a" }),
      revision: 1,
      status: { replicas: 1, updated: 1, ready: 1, available: 1 },
    });
    const s = service({ name: "a", selector: { app: "a" } });
    const s1 = applyEvent(applyEvent(emptyStore(), { type: "ADDED", kind: "Deployment", object: d }), {
      type: "ADDED",
      kind: "Service",
      object: s,
    });
    const d2 = { ...d, metadata: { ...d.metadata, resourceVersion: "999" } };
    const s2 = applyEvent(applyEvent(s1, { type: "MODIFIED", kind: "Deployment", object: d2 }), {
      type: "DELETED",
      kind: "Service",
      object: s,
    });
    expect(storeDiff(emptyStore(), s1, 5).map((e) => [e.type, e.kind, e.t])).toEqual([
      ["ADDED", "Deployment", 5],
      ["ADDED", "Service", 5],
    ]);
    expect(storeDiff(s1, s2, 6).map((e) => [e.type, e.kind, e.object.metadata.resourceVersion])).toEqual([
      ["MODIFIED", "Deployment", "999"],
      ["DELETED", "Service", s.metadata.resourceVersion],
    ]);
    expect(storeDiff(s2, s2, 7)).toEqual([]);
  });
});
