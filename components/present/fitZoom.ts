/** What the lanes of the big screen measure, in CSS px, at the zoom they are drawn with now. */
export interface LaneMeasure {
  /** Height and width the layout gives the lanes. */
  availHeight: number;
  availWidth: number;
  /** Height of everything in the lanes box that is not zoomed (lane headers, gaps). */
  fixedHeight: number;
  /** Height of the zoomed pod bodies, and the widest row of glyphs, at zoom 1. */
  bodiesHeight: number;
  widestBody: number;
}

/**
 * The zoom that makes the pod glyphs as large as the box allows: the bodies fill the height left
 * after the headers, no glyph row wider than the box, within [min, max] (a lane too big even at
 * `min` scrolls inside its box; the page never does).
 */
export function fitZoom(m: LaneMeasure, min: number, max: number): number {
  const byHeight = m.bodiesHeight > 0 ? (m.availHeight - m.fixedHeight) / m.bodiesHeight : max;
  const byWidth = m.widestBody > 0 ? m.availWidth / m.widestBody : max;
  const z = Math.min(byHeight, byWidth);
  if (!Number.isFinite(z)) return min;
  return Math.round(Math.max(min, Math.min(max, z)) * 100) / 100;
}
