import { describe, expect, it } from "vitest";
import type { StoreEvent } from "@/lib/model/store";
import { createEventBatcher } from "./event-batcher";

const ev = (name: string): StoreEvent => ({ type: "ADDED", kind: "Pod", object: { metadata: { name, uid: name } } });

describe("createEventBatcher", () => {
  it("applies the events of one turn together, once, when the scheduled flush runs", () => {
    const batches: string[][] = [];
    const scheduled: (() => void)[] = [];
    const b = createEventBatcher(
      (batch) => batches.push(batch.map((e) => e.object.metadata.name!)),
      (fn) => scheduled.push(fn),
    );
    b.push(ev("a"));
    b.push(ev("b"));
    expect(scheduled).toHaveLength(1);
    expect(batches).toEqual([]);
    scheduled[0]!();
    expect(batches).toEqual([["a", "b"]]);
  });

  it("flushes on demand, in order, and a later scheduled flush finds nothing to do", () => {
    const batches: string[][] = [];
    const scheduled: (() => void)[] = [];
    const b = createEventBatcher(
      (batch) => batches.push(batch.map((e) => e.object.metadata.name!)),
      (fn) => scheduled.push(fn),
    );
    b.push(ev("a"));
    b.flush();
    b.push(ev("b"));
    expect(scheduled).toHaveLength(2);
    scheduled.forEach((f) => f());
    expect(batches).toEqual([["a"], ["b"]]);
  });
});
