import { createContext } from "react";
import type { HandoverSeries } from "@/lib/timeline/handover";

/**
 * Where a stage finds its handover chart's data: the page's builder (live stream or recording)
 * and the timeline's cursor. A context reaches the memoised stages without re-rendering them; a
 * new value (a change, a cursor move) re-renders only the charts.
 */
export interface HandoverSource {
  seriesOf(namespace: string, name: string): HandoverSeries | undefined;
  /** The timeline's cursor; undefined while following live. */
  cursorMs?: number;
}

export const HandoverContext = createContext<HandoverSource | undefined>(undefined);

/**
 * `seriesOf` with the time axis drawn up to `end` (the recording's end, or now): the chart does
 * not rescale as the cursor moves. Each series is extended once per `end`, kept === otherwise.
 */
export function seriesUpTo(seriesOf: HandoverSource["seriesOf"], end: number): HandoverSource["seriesOf"] {
  const cache = new WeakMap<HandoverSeries, HandoverSeries>();
  return (namespace, name) => {
    const s = seriesOf(namespace, name);
    if (!s || s.end >= end) return s;
    let out = cache.get(s);
    if (!out) cache.set(s, (out = { ...s, end }));
    return out;
  };
}
