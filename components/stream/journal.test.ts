import { describe, expect, it } from "vitest";
import type { StoreEvent } from "@/lib/model";
import { emptyJournal, journalAppend, journalRead, journalReset } from "./journal";

const ev = (name: string): StoreEvent => ({
  type: "ADDED",
  kind: "Pod",
  object: { kind: "Pod", metadata: { name, uid: name, namespace: "lab", resourceVersion: "1" } },
});
const names = (events: StoreEvent[]) => events.map((e) => e.object.metadata.name);

describe("journal", () => {
  it("a first read restarts; later reads get exactly the events after the cursor, across batches", () => {
    let j = journalAppend(emptyJournal(), [ev("a")]);
    const first = journalRead(j, undefined);
    expect(first.restart).toBe(true);
    j = journalAppend(j, [ev("b"), ev("c")]);
    j = journalAppend(j, []);
    j = journalAppend(j, [ev("d")]);
    const second = journalRead(j, first.cursor);
    expect(second).toMatchObject({ restart: false });
    expect(names(second.events)).toEqual(["b", "c", "d"]);
    expect(journalRead(j, second.cursor).events).toEqual([]);
  });

  it("a snapshot makes every cursor start over", () => {
    const j = journalAppend(emptyJournal(), [ev("a")]);
    const { cursor } = journalRead(j, undefined);
    const after = journalAppend(journalReset(j), [ev("b")]);
    expect(journalRead(after, cursor).restart).toBe(true);
  });

  it("a consumer that fell behind the kept batches restarts instead of missing events", () => {
    let j = emptyJournal();
    const { cursor } = journalRead(j, undefined);
    for (let i = 0; i < 300; i += 1) j = journalAppend(j, [ev(`p${i}`)]);
    expect(j.batches.length).toBe(256);
    expect(journalRead(j, cursor).restart).toBe(true);
    const recent = { resets: j.resets, next: j.next - 3 };
    expect(names(journalRead(j, recent).events)).toEqual(["p297", "p298", "p299"]);
  });
});
