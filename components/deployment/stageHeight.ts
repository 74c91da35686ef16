/**
 * A Deployment stage's height before it is drawn, so an off-screen placeholder takes the room the
 * stage will take (the scrollbar and anchor links stay right). Measured heights, once a stage has
 * been drawn, replace the estimate.
 */
import type { DeploymentView } from "@/lib/model";
import { CANVAS_SLOT, laneGrid } from "./scene";
import { CANVAS_FROM } from "./laneRenderer";

/** Chrome of a stage around its lanes (header, status, gauges, conditions, history), px. */
const STAGE_CHROME = 420;
const LANE_CHROME = 60;
const SVG_ROW = 92;
const SVG_PER_ROW = 8;

export function estimateStageHeight(d: DeploymentView, laneWidth: number): number {
  let h = STAGE_CHROME;
  for (const rs of d.replicaSets) {
    const n = Math.max(rs.pods.length, rs.desired);
    if (n === 0 && !rs.isNew) continue;
    const rows =
      n > CANVAS_FROM ? Math.ceil(n / laneGrid(laneWidth).cols) * (CANVAS_SLOT / SVG_ROW) : Math.max(1, Math.ceil(n / SVG_PER_ROW));
    h += LANE_CHROME + rows * SVG_ROW;
  }
  return Math.round(h);
}

const measured = new Map<string, number>();

/** The height a stage had when last drawn, if it was. */
export function measuredHeight(uid: string): number | undefined {
  return measured.get(uid);
}

export function rememberHeight(uid: string, px: number): void {
  if (px > 0) measured.set(uid, px);
}
