import { describe, expect, it } from "vitest";
import type { PodState, PodView } from "@/lib/model";
import { POD_STATES } from "./glyphs";
import { laneRenderer } from "./laneRenderer";
import {
  CANVAS_SLOT,
  emptyScene,
  hitTest,
  laneGrid,
  paintedChanges,
  pruneScene,
  sceneAt,
  settled,
  slotCentre,
  stateCounts,
  updateScene,
} from "./scene";

const pod = (n: number, state: PodState = "Ready"): PodView => ({
  uid: `u${n}`,
  name: `web-abc-${n}`,
  namespace: "big",
  state,
  ready: state === "Ready",
  available: state === "Ready",
  restarts: 0,
});
const pods = (n: number) => Array.from({ length: n }, (_, i) => pod(i));
const grid = laneGrid(10 * CANVAS_SLOT);
const at = (items: ReturnType<typeof sceneAt>, key: string) => items.find((i) => i.key === key);

describe("canvas lane scene", () => {
  it("lays pods out row by row in slot order", () => {
    expect(grid.cols).toBe(10);
    expect(slotCentre(0, grid)).toEqual({ x: 12, y: 12 });
    expect(slotCentre(13, grid)).toEqual({ x: 3 * 24 + 12, y: 24 + 12 });
    expect(laneGrid(5).cols).toBe(1);
  });

  it("first picture in place: every pod at its slot, opaque, nothing moving", () => {
    const s = updateScene(emptyScene(0), pods(25), 1000, 0, grid);
    const items = sceneAt(s, 1000);
    expect(items).toHaveLength(25);
    expect(items.every((i) => i.alpha === 1)).toBe(true);
    expect(at(items, "u24")).toMatchObject(slotCentre(24, grid));
    expect(settled(s, 1000)).toBe(true);
  });

  it("a new pod fades in from below its slot; the others do not move", () => {
    const s0 = updateScene(emptyScene(0), pods(3), 0, 0, grid);
    const s1 = updateScene(s0, pods(4), 100, 600, grid);
    const start = at(sceneAt(s1, 100), "u3")!;
    expect(start.alpha).toBe(0);
    expect(start.y).toBeGreaterThan(slotCentre(3, grid).y);
    const mid = at(sceneAt(s1, 400), "u3")!;
    expect(mid.alpha).toBeGreaterThan(0);
    expect(mid.alpha).toBeLessThan(1);
    expect(at(sceneAt(s1, 700), "u3")).toMatchObject({ ...slotCentre(3, grid), alpha: 1 });
    expect(at(sceneAt(s1, 400), "u0")).toMatchObject({ ...slotCentre(0, grid), alpha: 1 });
    expect(settled(s1, 400)).toBe(false);
    expect(settled(s1, 700)).toBe(true);
  });

  it("a removed pod fades out upward, then is gone; the pods behind it glide one slot on", () => {
    const s0 = updateScene(emptyScene(0), pods(3), 0, 0, grid);
    const s1 = updateScene(s0, [pod(1), pod(2)], 0, 600, grid);
    const mid = sceneAt(s1, 300);
    const leaving = at(mid, "u0")!;
    expect(leaving.alpha).toBeLessThan(1);
    expect(leaving.y).toBeLessThan(slotCentre(0, grid).y);
    const gliding = at(mid, "u1")!;
    expect(gliding.x).toBeLessThan(slotCentre(1, grid).x);
    expect(gliding.x).toBeGreaterThan(slotCentre(0, grid).x);
    const end = sceneAt(s1, 600);
    expect(end.map((i) => i.key)).toEqual(["u1", "u2"]);
    expect(at(end, "u1")).toMatchObject(slotCentre(0, grid));
    expect(pruneScene(s1, 600).motions).toHaveLength(2);
    expect(pruneScene(s1, 300)).toBe(s1);
  });

  it("a pod that changes slot mid-glide continues from where it is, without a jump", () => {
    const s0 = updateScene(emptyScene(0), pods(3), 0, 0, grid);
    const s1 = updateScene(s0, [pod(1), pod(2)], 0, 600, grid);
    const before = at(sceneAt(s1, 300), "u2")!;
    const s2 = updateScene(s1, [pod(2)], 300, 600, grid);
    const after = at(sceneAt(s2, 300), "u2")!;
    expect(after.x).toBeCloseTo(before.x, 6);
    expect(at(sceneAt(s2, 900), "u2")).toMatchObject(slotCentre(0, grid));
  });

  it("reduced motion (duration 0): changes land at once and leavers vanish at once", () => {
    const s0 = updateScene(emptyScene(0), pods(3), 0, 0, grid);
    const s1 = updateScene(s0, [pod(1), pod(2), pod(7)], 10, 0, grid);
    const items = sceneAt(s1, 10);
    expect(items.map((i) => i.key)).toEqual(["u1", "u2", "u7"]);
    expect(items.every((i) => i.alpha === 1)).toBe(true);
    expect(at(items, "u7")).toMatchObject(slotCentre(2, grid));
    expect(settled(s1, 10)).toBe(true);
  });

  it("a state change keeps the motion and carries the new state", () => {
    const s0 = updateScene(emptyScene(0), pods(2), 0, 0, grid);
    const s1 = updateScene(s0, [pod(0, "RunningNotReady"), pod(1)], 5, 600, grid);
    expect(at(sceneAt(s1, 5), "u0")!.state).toBe("RunningNotReady");
    expect(settled(s1, 5)).toBe(true);
  });

  it("hit-tests the pod under the pointer, not faded leavers or empty space", () => {
    const s = updateScene(emptyScene(0), pods(12), 0, 0, grid);
    const items = sceneAt(s, 0);
    const c = slotCentre(11, grid);
    expect(hitTest(items, c.x + 3, c.y - 4)).toBe("u11");
    expect(hitTest(items, slotCentre(15, grid).x, slotCentre(15, grid).y)).toBeUndefined();
    expect(
      hitTest(
        items.map((i) => ({ ...i, alpha: 0.2 })),
        c.x,
        c.y,
      ),
    ).toBeUndefined();
  });

  it("paint signal: the pods whose drawn state changed since the last frame, none on the first", () => {
    const s0 = updateScene(emptyScene(0), pods(3), 0, 0, grid);
    const first = paintedChanges(undefined, sceneAt(s0, 0));
    expect(first.changes).toEqual([]);
    const s1 = updateScene(s0, [pod(0), pod(1, "RunningNotReady"), pod(2), pod(3, "Pending")], 0, 0, grid);
    const next = paintedChanges(first.states, sceneAt(s1, 0));
    expect(next.changes).toEqual([
      ["web-abc-1", "RunningNotReady"],
      ["web-abc-3", "Pending"],
    ]);
    expect(paintedChanges(next.states, sceneAt(s1, 0)).changes).toEqual([]);
  });

  it("state counts in legend order (the canvas's text alternative)", () => {
    const list = [pod(0, "Ready"), pod(1, "Failed"), pod(2, "Ready"), pod(3, "Pending")];
    expect(stateCounts(list, POD_STATES)).toEqual([
      { state: "Pending", count: 1 },
      { state: "Ready", count: 2 },
      { state: "Failed", count: 1 },
    ]);
  });

  it("switches a lane to canvas past the threshold and back only well below it", () => {
    expect(laneRenderer("svg", 150)).toBe("svg");
    expect(laneRenderer("svg", 151)).toBe("canvas");
    expect(laneRenderer("canvas", 130)).toBe("canvas");
    expect(laneRenderer("canvas", 119)).toBe("svg");
  });
});
