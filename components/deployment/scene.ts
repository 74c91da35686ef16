/**
 * The canvas lane as a pure scene: where each pod is, how opaque, at time t. Enter / move / leave
 * are keyed by pod uid like the SVG glyphs (fade in from below, glide to the new slot, fade out
 * upward); the painter only draws what `sceneAt` returns, so all motion is tested without a browser.
 */
import { easeCubicInOut } from "d3";
import type { PodState, PodView } from "@/lib/model";

/** Slot size and glyph radius of a canvas lane (CSS px): small, so 2,000 pods fit a screen. */
export const CANVAS_SLOT = 24;
export const CANVAS_RADIUS = 9;
/** How far an entering pod rises and a leaving pod floats (the SVG glyphs use 28 at radius 16). */
const DRIFT = 14;

export interface LaneGrid {
  cols: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Columns that fit `width` CSS px (at least one). */
export function laneGrid(width: number): LaneGrid {
  return { cols: Math.max(1, Math.floor(width / CANVAS_SLOT)) };
}

export function slotCentre(i: number, grid: LaneGrid): Point {
  return { x: (i % grid.cols) * CANVAS_SLOT + CANVAS_SLOT / 2, y: Math.floor(i / grid.cols) * CANVAS_SLOT + CANVAS_SLOT / 2 };
}

export function gridHeight(count: number, grid: LaneGrid): number {
  return Math.max(1, Math.ceil(count / grid.cols)) * CANVAS_SLOT;
}

interface Pose extends Point {
  alpha: number;
}

/** One pod's motion: from a pose at `start` to a pose `durationMs` later. */
export interface Motion {
  key: string;
  pod: PodView;
  from: Pose;
  to: Pose;
  start: number;
  leaving: boolean;
}

export interface Scene {
  /** In draw order: present pods in slot order, leaving pods after them. */
  motions: readonly Motion[];
  durationMs: number;
}

export interface SceneItem extends Pose {
  key: string;
  name: string;
  state: PodState;
}

export const emptyScene = (durationMs: number): Scene => ({ motions: [], durationMs });

function poseAt(m: Motion, t: number, durationMs: number): Pose {
  if (durationMs <= 0 || t >= m.start + durationMs) return m.to;
  const k = easeCubicInOut(Math.max(0, (t - m.start) / durationMs));
  return {
    x: m.from.x + (m.to.x - m.from.x) * k,
    y: m.from.y + (m.to.y - m.from.y) * k,
    alpha: m.from.alpha + (m.to.alpha - m.from.alpha) * k,
  };
}

const samePose = (a: Pose, b: Pose) => a.x === b.x && a.y === b.y && a.alpha === b.alpha;

/**
 * The next scene after the lane's pods changed at time t: each present pod heads for its slot
 * from wherever it is now; new pods fade in from below; vanished pods fade out upward.
 */
export function updateScene(prev: Scene, pods: readonly PodView[], t: number, durationMs: number, grid: LaneGrid): Scene {
  const before = new Map(prev.motions.map((m) => [m.key, m]));
  const present: Motion[] = [];
  const seen = new Set<string>();
  pods.forEach((pod, i) => {
    seen.add(pod.uid);
    const to = { ...slotCentre(i, grid), alpha: 1 };
    const old = before.get(pod.uid);
    if (!old || old.leaving) {
      const from = durationMs > 0 && !old ? { x: to.x, y: to.y + DRIFT, alpha: 0 } : old ? poseAt(old, t, prev.durationMs) : to;
      present.push({ key: pod.uid, pod, from, to, start: t, leaving: false });
      return;
    }
    if (samePose(old.to, to)) present.push(old.pod === pod ? old : { ...old, pod });
    else present.push({ key: pod.uid, pod, from: poseAt(old, t, prev.durationMs), to, start: t, leaving: false });
  });
  const leaving: Motion[] = [];
  if (durationMs > 0) {
    for (const m of prev.motions) {
      if (seen.has(m.key)) continue;
      if (m.leaving) {
        if (t < m.start + prev.durationMs) leaving.push(m);
        continue;
      }
      const from = poseAt(m, t, prev.durationMs);
      leaving.push({ ...m, from, to: { x: from.x, y: from.y - DRIFT, alpha: 0 }, start: t, leaving: true });
    }
  }
  return { motions: [...present, ...leaving], durationMs };
}

/** Every pod's pose at time t (leavers whose exit ended are gone). */
export function sceneAt(scene: Scene, t: number): SceneItem[] {
  const out: SceneItem[] = [];
  for (const m of scene.motions) {
    if (m.leaving && t >= m.start + scene.durationMs) continue;
    const p = poseAt(m, t, scene.durationMs);
    out.push({ key: m.key, name: m.pod.name, state: m.pod.state, x: p.x, y: p.y, alpha: p.alpha });
  }
  return out;
}

/** Nothing moves after t: the frame loop can stop. */
export function settled(scene: Scene, t: number): boolean {
  return scene.motions.every((m) => t >= m.start + scene.durationMs || samePose(m.from, m.to));
}

/** The scene without leavers whose exit ended by t (keeps the motion list from growing). */
export function pruneScene(scene: Scene, t: number): Scene {
  const motions = scene.motions.filter((m) => !m.leaving || t < m.start + scene.durationMs);
  return motions.length === scene.motions.length ? scene : { ...scene, motions };
}

/** The present pod under (x, y) CSS px, if any. */
export function hitTest(items: readonly SceneItem[], x: number, y: number): string | undefined {
  const r2 = (CANVAS_SLOT / 2) ** 2;
  for (const it of items) if (it.alpha > 0.5 && (it.x - x) ** 2 + (it.y - y) ** 2 <= r2) return it.key;
  return undefined;
}

/**
 * Pods whose drawn state changed since the last painted frame (new pods count once the lane has
 * painted before), and the states now on screen: the paint signal the bench pairs with writes.
 */
export function paintedChanges(
  before: ReadonlyMap<string, PodState> | undefined,
  items: readonly SceneItem[],
): { changes: [string, PodState][]; states: Map<string, PodState> } {
  const states = new Map<string, PodState>();
  const changes: [string, PodState][] = [];
  for (const it of items) {
    if (it.alpha <= 0) continue;
    states.set(it.name, it.state);
    if (before && before.get(it.name) !== it.state) changes.push([it.name, it.state]);
  }
  return { changes, states };
}

/** Pod count per state, in the legend's order: the lane's text alternative. */
export function stateCounts(pods: readonly PodView[], order: readonly PodState[]): { state: PodState; count: number }[] {
  const n = new Map<PodState, number>();
  for (const p of pods) n.set(p.state, (n.get(p.state) ?? 0) + 1);
  return order.filter((s) => n.has(s)).map((s) => ({ state: s, count: n.get(s)! }));
}
