/**
 * The screenshot suite's layout check: where the stage's key regions are drawn, and whether any
 * of them is under the pinned timeline strip or (presentation mode) off the screen or scrolled.
 */
import type { Page } from "@playwright/test";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Region {
  name: string;
  /** The element's box as drawn (not clipped). */
  box: Box;
  /** The part of it the viewer can see: clipped by the viewport and every scrolling ancestor. */
  visible: Box | undefined;
}

export interface Measure {
  viewport: { width: number; height: number };
  regions: Region[];
  /** The pinned strip, when the page shows one. */
  strip: Box | undefined;
  /** Boxes that scroll (the page itself included) and how far their content overflows them, px. */
  overflow: { name: string; by: number }[];
  /** How far the app's own box is scrolled (a clipped page box must never move), px. */
  shifted: number;
}

/** The overlap of two boxes, or undefined when they only touch or are apart. */
export function intersection(a: Box, b: Box): Box | undefined {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const r = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return r - x > 0.5 && bottom - y > 0.5 ? { x, y, width: r - x, height: bottom - y } : undefined;
}

/** Whether `a` lies inside the viewport (half a pixel of rounding allowed). */
export function inside(a: Box, viewport: { width: number; height: number }): boolean {
  return a.x >= -0.5 && a.y >= -0.5 && a.x + a.width <= viewport.width + 0.5 && a.y + a.height <= viewport.height + 0.5;
}

/**
 * What is wrong with a measured page: a region the viewer could see drawn under the strip; in
 * presentation mode also a region outside the viewport and anything that scrolls.
 */
export function layoutProblems(m: Measure, mode: "page" | "present"): string[] {
  const out: string[] = [];
  for (const r of m.regions) {
    const hidden = m.strip && r.visible && intersection(r.visible, m.strip);
    if (hidden) out.push(`${r.name} is under the timeline strip (${Math.round(hidden.width)}×${Math.round(hidden.height)} px)`);
    if (mode === "present" && !inside(r.box, m.viewport))
      out.push(`${r.name} leaves the ${m.viewport.width}×${m.viewport.height} screen (${JSON.stringify(roundBox(r.box))})`);
  }
  if (m.shifted > 0) out.push(`the page is shifted up by ${Math.round(m.shifted)} px inside its own box`);
  if (mode === "present") for (const o of m.overflow) if (o.by > 1) out.push(`${o.name} scrolls by ${Math.round(o.by)} px`);
  return out;
}

function roundBox(b: Box): Box {
  return { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) };
}

/** Measures the regions named by `selectors` (every match of each), the strip and what scrolls. */
export async function measure(page: Page, selectors: Record<string, string>, stripSelector = '[data-testid="timeline"]'): Promise<Measure> {
  return page.evaluate(
    ({ selectors, stripSelector }) => {
      const toBox = (r: DOMRect) => ({ x: r.x, y: r.y, width: r.width, height: r.height });
      const clip = (
        a: { x: number; y: number; width: number; height: number },
        b: { x: number; y: number; width: number; height: number },
      ) => {
        const x = Math.max(a.x, b.x);
        const y = Math.max(a.y, b.y);
        const w = Math.min(a.x + a.width, b.x + b.width) - x;
        const h = Math.min(a.y + a.height, b.y + b.height) - y;
        return w > 0 && h > 0 ? { x, y, width: w, height: h } : undefined;
      };
      const visibleOf = (el: Element) => {
        let v: ReturnType<typeof clip> = toBox(el.getBoundingClientRect());
        v = clip(v, { x: 0, y: 0, width: innerWidth, height: innerHeight });
        for (let a = el.parentElement; a && v; a = a.parentElement) {
          if (getComputedStyle(a).overflow !== "visible") v = clip(v, toBox(a.getBoundingClientRect()));
        }
        return v;
      };
      const regions = Object.entries(selectors).flatMap(([name, sel]) =>
        [...document.querySelectorAll(sel)].map((el, i, all) => ({
          name: all.length > 1 ? `${name} #${i + 1}` : name,
          box: toBox(el.getBoundingClientRect()),
          visible: visibleOf(el),
        })),
      );
      const stripEl = document.querySelector(stripSelector);
      const strip = stripEl ? toBox(stripEl.getBoundingClientRect()) : undefined;
      const overflow = [
        { name: "the page", by: document.scrollingElement!.scrollHeight - innerHeight },
        ...[...document.querySelectorAll("main, .present-lanes, .present-side")].map((el) => ({
          name: el.className ? `.${el.className.split(" ")[0]}` : el.tagName.toLowerCase(),
          by: el.scrollHeight - el.clientHeight,
        })),
      ];
      const shifted = document.querySelector(".app")?.scrollTop ?? 0;
      return { viewport: { width: innerWidth, height: innerHeight }, regions, strip, overflow, shifted };
    },
    { selectors, stripSelector },
  );
}
