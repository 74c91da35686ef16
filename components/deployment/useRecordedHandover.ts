"use client";
import { useMemo } from "react";
import { handoverBuilder } from "@/lib/timeline/handover";
import type { Timeline } from "@/lib/timeline/timeline";
import { seriesUpTo, type HandoverSource } from "./handoverContext";

/** The handover charts' data in replay: the whole recording folded once, the playback's cursor on it. */
export function useRecordedHandover(timeline: Timeline | undefined, cursorMs: number): HandoverSource | undefined {
  const seriesOf = useMemo(() => {
    if (!timeline) return undefined;
    const b = handoverBuilder();
    for (const e of timeline.events) b.add(e);
    return seriesUpTo((ns, name) => b.seriesOf(ns, name), timeline.end);
  }, [timeline]);
  return useMemo(() => (seriesOf ? { seriesOf, cursorMs } : undefined), [seriesOf, cursorMs]);
}
