import { describe, expect, it } from "vitest";
import { applyEvent, applyEvents, emptyStore, type StoreEvent } from "./store";
import { deployment, pod, podTemplate, replicaSet } from "@/test/support/model/objects";

describe("applyEvents", () => {
  const tpl = podTemplate({ app: "a" });
  const d = deployment({ name: "a", template: tpl, revision: 1, status: { replicas: 2, updated: 2, ready: 2, available: 2 } });
  const rs = replicaSet({
    deployment: d,
    hash: "h",
    template: tpl,
    revision: 1,
    replicas: 2,
    status: { replicas: 2, ready: 2, available: 2 },
    createdAgo: 9,
  });
  const p1 = pod({ rs, suffix: "a", createdAgo: 5, shape: { kind: "ready", startedAgo: 4, readyAgo: 3 } });
  const p2 = pod({ rs, suffix: "b", createdAgo: 5, shape: { kind: "creating" } });
  const p1b = { ...p1, metadata: { ...p1.metadata, resourceVersion: "p1b" } };
  const batch: StoreEvent[] = [
    { type: "ADDED", kind: "Deployment", object: d },
    { type: "ADDED", kind: "ReplicaSet", object: rs },
    { type: "ADDED", kind: "Pod", object: p1 },
    { type: "ADDED", kind: "Pod", object: p2 },
    { type: "MODIFIED", kind: "Pod", object: p1b },
    { type: "DELETED", kind: "Pod", object: p2 },
    { type: "DELETED", kind: "Pod", object: p2 },
  ];

  it("gives the same store as applying the events one by one", () => {
    const one = batch.reduce(applyEvent, emptyStore());
    const all = applyEvents(emptyStore(), batch);
    expect(all.objects).toEqual(one.objects);
    expect(Object.values(all.objects.Pod).map((p) => p.metadata.resourceVersion)).toEqual(["p1b"]);
  });

  it("keeps untouched kinds and returns the same store when nothing changes", () => {
    const s = applyEvents(emptyStore(), batch);
    const again = applyEvents(s, [
      { type: "MODIFIED", kind: "Pod", object: p1b },
      { type: "DELETED", kind: "Service", object: p2 },
    ]);
    expect(again).toBe(s);
    const next = applyEvents(s, [
      { type: "DELETED", kind: "Pod", object: p1b },
      { type: "DELETED", kind: "Pod", object: p1b },
    ]);
    expect(next.objects.Deployment).toBe(s.objects.Deployment);
    expect(next.objects.Pod).toEqual({});
  });

  it("reports the events that changed something, in order (the second DELETED of p2 did not)", () => {
    const applied: StoreEvent[] = [];
    applyEvents(emptyStore(), batch, applied);
    expect(applied.map((e) => `${e.type} ${e.kind} ${e.object.metadata.resourceVersion ?? e.object.metadata.name}`)).toEqual(
      batch.slice(0, 6).map((e) => `${e.type} ${e.kind} ${e.object.metadata.resourceVersion ?? e.object.metadata.name}`),
    );
    const none: StoreEvent[] = [];
    applyEvents(applyEvents(emptyStore(), batch), [{ type: "MODIFIED", kind: "Pod", object: p1b }], none);
    expect(none).toEqual([]);
  });
});
