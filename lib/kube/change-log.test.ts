import { describe, expect, it } from "vitest";
import type { StoreEvent } from "@/lib/model/store";
import { createChangeLog } from "./change-log";

const ev = (name: string): StoreEvent => ({ type: "ADDED", kind: "Pod", object: { metadata: { name, uid: name } } });

describe("createChangeLog", () => {
  it("numbers changes and returns those after a number", () => {
    const log = createChangeLog(10);
    expect(log.seq).toBe(0);
    expect(log.append([ev("a"), ev("b")]).map((e) => e.seq)).toEqual([1, 2]);
    expect(log.since(0)!.map((e) => e.object.metadata.name)).toEqual(["a", "b"]);
    expect(log.since(1)!.map((e) => e.seq)).toEqual([2]);
    expect(log.since(2)).toEqual([]);
    expect(log.since(3)).toBeUndefined();
  });

  it("forgets beyond its size: a resume from before the oldest kept change is a resync", () => {
    const log = createChangeLog(3);
    log.append(["a", "b", "c", "d", "e"].map(ev));
    expect(log.since(2)!.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(log.since(1)).toBeUndefined();
  });

  it("keeps exactly its size through many appends (it trims in steps)", () => {
    const log = createChangeLog(100);
    for (let i = 0; i < 1000; i++) log.append([ev(`p${i}`)]);
    expect(log.since(900)!.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => 901 + i));
    expect(log.since(899)).toBeUndefined();
    expect(log.since(999)!.map((e) => e.object.metadata.name)).toEqual(["p999"]);
  });
});
