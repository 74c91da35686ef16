/**
 * One requestAnimationFrame loop for every canvas lane of the page, running only while some lane
 * asked for a frame: a lane whose pods stand still costs nothing per frame.
 */
export type FrameCallback = (t: number) => boolean;

const wanting = new Set<FrameCallback>();
let scheduled = false;

function frame() {
  scheduled = false;
  const t = performance.now();
  const due = [...wanting];
  wanting.clear();
  // A callback returning true is still moving and wants the next frame too.
  for (const draw of due) if (draw(t)) wanting.add(draw);
  schedule();
}

function schedule() {
  if (scheduled || wanting.size === 0) return;
  scheduled = true;
  requestAnimationFrame(frame);
}

/** Draw `draw` on the next frame (once; it asks again by returning true). */
export function requestDraw(draw: FrameCallback): void {
  wanting.add(draw);
  schedule();
}

export function cancelDraw(draw: FrameCallback): void {
  wanting.delete(draw);
}
