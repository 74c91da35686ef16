"use client";
import { useLayoutEffect, useRef, useState } from "react";
import { fitZoom, type LaneMeasure } from "./fitZoom";

const MIN = 0.45;
const MAX = 2.6;

/** Measures the lanes box at the zoom `z` its `.lane-body` children are drawn with now. */
function measure(box: HTMLElement, z: number): LaneMeasure {
  const bodies = [...box.querySelectorAll<HTMLElement>(".lane-body")];
  const content = box.firstElementChild?.getBoundingClientRect().height ?? 0;
  let bodiesHeight = 0;
  let widestBody = 0;
  for (const b of bodies) {
    bodiesHeight += b.getBoundingClientRect().height;
    for (const svg of b.querySelectorAll("svg, canvas")) widestBody = Math.max(widestBody, svg.getBoundingClientRect().width);
  }
  return {
    availHeight: box.clientHeight,
    availWidth: box.clientWidth,
    fixedHeight: content - bodiesHeight,
    bodiesHeight: bodiesHeight / z,
    widestBody: widestBody / z,
  };
}

/**
 * The zoom for the pod glyphs of the presentation lanes: as large as the box the layout leaves
 * them, refitted when the box or its content changes size (a lane appears, a panel opens).
 * `el` is the box (a callback ref's state: the box mounts only once there is a Deployment to show).
 */
export function useFitZoom(el: HTMLElement | null): number {
  const [zoom, setZoom] = useState(1);
  const current = useRef(1);
  useLayoutEffect(() => {
    if (!el) return;
    const refit = () => {
      const next = fitZoom(measure(el, current.current), MIN, MAX);
      // Refits that would only nudge by a few percent are skipped, so a wrap cannot oscillate.
      if (Math.abs(next - current.current) < 0.04) return;
      current.current = next;
      setZoom(next);
    };
    refit();
    const ro = new ResizeObserver(refit);
    ro.observe(el);
    if (el.firstElementChild) ro.observe(el.firstElementChild);
    return () => ro.disconnect();
  }, [el]);
  return zoom;
}
