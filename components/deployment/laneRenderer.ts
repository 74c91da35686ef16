/**
 * SVG or canvas for a lane. One SVG group per pod (accessible name, focus, label) while a lane is
 * small; past CANVAS_FROM pods the lane is one canvas. The gap between the two thresholds keeps a
 * lane hovering around the limit from switching back and forth on every scale step.
 */
export type LaneRenderer = "svg" | "canvas";

/** Measured with bench/browser (1,000 pods moving, SVG vs canvas lanes): see bench/README.md. */
export const CANVAS_FROM = 150;
export const SVG_BELOW = 120;

export function laneRenderer(current: LaneRenderer, pods: number): LaneRenderer {
  if (current === "svg") return pods > CANVAS_FROM ? "canvas" : "svg";
  return pods < SVG_BELOW ? "svg" : "canvas";
}
