import { afterEach, describe, expect, it, vi } from "vitest";
import { count, emptyTotals, startGenerator, type Outcome } from "./generator";

afterEach(() => {
  vi.useRealTimers();
});

describe("startGenerator", () => {
  it("sends exactly rate × duration requests on schedule and waits for the last answers", async () => {
    vi.useFakeTimers();
    const sentAt: number[] = [];
    const t0 = Date.now();
    const gen = startGenerator({
      rate: 20,
      durationMs: 2000,
      send: () => (sentAt.push(Date.now() - t0), Promise.resolve({ ok: true, version: "v1", pod: "p" })),
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(sentAt.length).toBe(19);
    await vi.advanceTimersByTimeAsync(2000);
    await gen.done;
    expect(sentAt.length).toBe(40);
  });

  it("counts failures by cause, a thrown error too, and follows a new rate", async () => {
    vi.useFakeTimers();
    const totals = emptyTotals();
    let i = 0;
    const gen = startGenerator({
      rate: 10,
      send: () => {
        i++;
        if (i % 5 === 0) return Promise.reject(new Error("socket hang up"));
        return Promise.resolve<Outcome>(i % 2 ? { ok: true, version: "v1", pod: "a" } : { ok: false, cause: "503 loading", pod: "b" });
      },
      onOutcome: (o) => count(totals, o),
    });
    await vi.advanceTimersByTimeAsync(1000);
    gen.setRate(40);
    await vi.advanceTimersByTimeAsync(1000);
    await gen.stop();
    expect(totals.sent).toBe(50);
    expect(totals.failures["socket hang up"]).toBe(10);
    expect(totals.failed).toBe(totals.failures["socket hang up"] + totals.failures["503 loading"]);
    expect(totals.byVersion.v1 + totals.failed).toBe(50);
  });
});
