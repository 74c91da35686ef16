import { describe, expect, it } from "vitest";
import { initialPlayback, playbackReducer } from "./playback";

describe("playbackReducer", () => {
  it("advances by wall time × speed and stops at the end", () => {
    let p = playbackReducer(initialPlayback(0, 10_000), { type: "toggle" });
    p = playbackReducer(p, { type: "faster" });
    expect(p.speed).toBe(2);
    p = playbackReducer(p, { type: "tick", dtMs: 1000 });
    expect(p.t).toBe(2000);
    p = playbackReducer(p, { type: "tick", dtMs: 10_000 });
    expect(p).toMatchObject({ t: 10_000, playing: false });
  });
  it("does not move while paused and restarts from the start at the end", () => {
    let p = playbackReducer(initialPlayback(100, 200), { type: "tick", dtMs: 50 });
    expect(p.t).toBe(100);
    p = playbackReducer(p, { type: "seek", t: 999 });
    expect(p.t).toBe(200);
    p = playbackReducer(p, { type: "toggle" });
    expect(p).toMatchObject({ t: 100, playing: true });
  });
  it("keeps speed within 0.25× and 4×", () => {
    let p = initialPlayback(0, 1);
    for (let i = 0; i < 6; i++) p = playbackReducer(p, { type: "slower" });
    expect(p.speed).toBe(0.25);
    for (let i = 0; i < 9; i++) p = playbackReducer(p, { type: "faster" });
    expect(p.speed).toBe(4);
  });
});
