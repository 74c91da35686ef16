import { scaleLinear } from "d3";
import { describe, expect, it } from "vitest";
import type { TimelineEntry } from "@/lib/timeline/timeline";
import { tickColumns } from "./TimelineStrip";

const entry = (t: number, handover = false, text = `at ${t}`): TimelineEntry =>
  ({ t, kind: "pod-ready", text, handover, index: t }) as unknown as TimelineEntry;

describe("tickColumns", () => {
  it("draws one tick per pixel column however many transitions fall in it, a handover first", () => {
    const x = scaleLinear().domain([0, 1000]).range([0, 1000]);
    const entries = [...Array.from({ length: 5000 }, (_, i) => entry(i / 10)), entry(50.5, true, "handover")];
    const ticks = tickColumns(entries, x);
    expect(ticks.length).toBe(500);
    expect(ticks.reduce((n, c) => n + 1 + c.more, 0)).toBe(entries.length);
    expect(ticks.find((c) => c.column === 50)?.entry.text).toBe("handover");
    expect(ticks.find((c) => c.column === 10)?.entry.t).toBe(10.9);
  });
});
