/**
 * Draws a canvas lane's scene: the same shapes as the SVG glyphs (the d3-shape paths of
 * glyphs.ts, scaled down) in the same theme colours, read from the CSS variables so light and
 * dark themes both work. The only code of the canvas lane that touches a 2D context.
 */
import type { PodState } from "@/lib/model";
import { GLYPH_RADIUS, GLYPHS } from "./glyphs";
import { CANVAS_RADIUS, type SceneItem } from "./scene";

export interface Palette {
  panel: string;
  accent: string;
  state: Record<PodState, string>;
}

const STATE_VAR: Record<PodState, string> = {
  Pending: "--pending",
  Starting: "--starting",
  RunningNotReady: "--notready",
  Ready: "--ready",
  Terminating: "--terminating",
  Failed: "--failed",
};

export function readPalette(el: Element): Palette {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const state = {} as Record<PodState, string>;
  for (const s of Object.keys(STATE_VAR) as PodState[]) state[s] = v(STATE_VAR[s], "#888");
  return { panel: v("--panel", "#fff"), accent: v("--accent", "#1f5fbf"), state };
}

interface GlyphPaths {
  outline: Path2D;
  fill?: Path2D;
  mark?: Path2D;
}

let paths: Map<PodState, GlyphPaths> | undefined;
function glyphPaths(state: PodState): GlyphPaths {
  paths ??= new Map();
  let p = paths.get(state);
  if (!p) {
    const g = GLYPHS[state];
    p = { outline: new Path2D(g.outline), fill: g.fill ? new Path2D(g.fill) : undefined, mark: g.mark ? new Path2D(g.mark) : undefined };
    paths.set(state, p);
  }
  return p;
}

const SCALE = CANVAS_RADIUS / GLYPH_RADIUS;

function drawGlyph(ctx: CanvasRenderingContext2D, it: SceneItem, pal: Palette, focused: boolean) {
  const g = GLYPHS[it.state];
  const p = glyphPaths(it.state);
  const colour = pal.state[it.state];
  ctx.save();
  ctx.globalAlpha = it.alpha;
  ctx.translate(it.x, it.y);
  ctx.scale(SCALE, SCALE);
  ctx.setLineDash(g.dashed ? [4, 3] : []);
  ctx.fillStyle = pal.panel;
  ctx.fill(p.outline);
  ctx.lineWidth = focused ? 6 : 3;
  ctx.strokeStyle = focused ? pal.accent : colour;
  ctx.stroke(p.outline);
  ctx.setLineDash([]);
  if (p.fill) {
    ctx.fillStyle = colour;
    ctx.fill(p.fill);
  }
  if (p.mark) {
    if (g.markRotate) ctx.rotate((g.markRotate * Math.PI) / 180);
    if (it.state === "Terminating") {
      ctx.fillStyle = colour;
      ctx.fill(p.mark);
    } else {
      ctx.strokeStyle = pal.panel;
      ctx.lineWidth = 3.5;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.stroke(p.mark);
    }
  }
  ctx.restore();
}

/** Pixels around a glyph's radius in its sprite (stroke and antialiasing). */
const PAD = 3;
const HALF = CANVAS_RADIUS + PAD;

/**
 * One pre-drawn bitmap per state for a palette and pixel ratio: a frame then costs one drawImage
 * per pod instead of rasterising three antialiased paths per pod (software raster made a
 * 1,000-pod canvas lane 9–17 fps when each glyph was drawn from its paths).
 */
export type Sprites = Map<PodState, HTMLCanvasElement>;

export function makeSprites(pal: Palette, dpr: number): Sprites {
  const sprites: Sprites = new Map();
  const px = Math.ceil(HALF * 2 * dpr);
  for (const state of Object.keys(STATE_VAR) as PodState[]) {
    const c = document.createElement("canvas");
    c.width = px;
    c.height = px;
    const ctx = c.getContext("2d");
    if (!ctx) continue;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawGlyph(ctx, { key: "", name: "", state, x: HALF, y: HALF, alpha: 1 }, pal, false);
    sprites.set(state, c);
  }
  return sprites;
}

/** Clears the canvas and draws every item; `focused` gets the keyboard focus ring. */
export function paintScene(
  canvas: HTMLCanvasElement,
  items: readonly SceneItem[],
  pal: Palette,
  sprites: Sprites,
  focused: string | undefined,
  dpr: number,
): boolean {
  const ctx = canvas.getContext("2d");
  if (!ctx) return false;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  let ring: SceneItem | undefined;
  for (const it of items) {
    if (it.key === focused) ring = it;
    const sprite = sprites.get(it.state);
    if (!sprite || it.alpha <= 0) continue;
    ctx.globalAlpha = it.alpha;
    ctx.drawImage(sprite, it.x - HALF, it.y - HALF, HALF * 2, HALF * 2);
  }
  ctx.globalAlpha = 1;
  if (ring) drawGlyph(ctx, ring, pal, true);
  return true;
}
