import { describe, expect, it } from "vitest";
import { createEndpointSourcePolicy } from "./endpoint-source";
import type { InformerIO } from "./informer";

function setup(listAnswers: boolean[]) {
  const timers: (() => void)[] = [];
  const switches: string[] = [];
  const io: InformerIO = {
    list: () => (listAnswers.shift() ? Promise.resolve({ items: [], resourceVersion: "1" }) : Promise.reject(new Error("forbidden"))),
    watch: () => ({ abort() {} }),
    setTimer: (fn) => {
      timers.push(fn);
      return () => {};
    },
  };
  const p = createEndpointSourcePolicy({ sliceIO: () => io, switchTo: (to) => switches.push(to), probeMs: 10 });
  return { p, timers, switches };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe("createEndpointSourcePolicy", () => {
  it("reads EndpointSlices until they are forbidden, then Endpoints, and slices again once a probe lists them", async () => {
    const s = setup([false, true]);
    expect(s.p.reads("EndpointSlice")).toBe(true);
    expect(s.p.onError("EndpointSlice", 500)).toBe(false);
    expect(s.p.onError("EndpointSlice", 403)).toBe(true);
    expect(s.p.source).toBe("Endpoints");
    expect(s.p.reads("EndpointSlice")).toBe(false);
    s.timers.shift()!();
    await settle();
    expect(s.p.source).toBe("Endpoints");
    s.timers.shift()!();
    await settle();
    expect(s.p.source).toBe("EndpointSlice");
    expect(s.switches).toEqual(["Endpoints", "EndpointSlice"]);
  });

  it("does not probe after a 404 (the API is not served), and says none when Endpoints fail too", () => {
    const s = setup([]);
    expect(s.p.onError("EndpointSlice", 404)).toBe(true);
    expect(s.timers).toHaveLength(0);
    expect(s.p.onError("Endpoints", 403)).toBe(false);
    expect(s.p.source).toBe("none");
  });

  it("stops probing once stopped", async () => {
    const s = setup([true]);
    s.p.onError("EndpointSlice", 403);
    s.p.stop();
    s.timers.shift()!();
    await settle();
    expect(s.switches).toEqual(["Endpoints"]);
  });
});
