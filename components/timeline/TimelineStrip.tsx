"use client";
import { useMemo } from "react";
import { scaleLinear } from "d3";
import type { TimelineEntry } from "@/lib/timeline/timeline";
import { clockTime } from "../format";
import { SPEEDS, type Playback, type PlaybackAction } from "./playback";

export interface TimelineStripProps {
  entries: readonly TimelineEntry[];
  playback: Playback;
  dispatch: (a: PlaybackAction) => void;
  /** Jump targets: the next / previous handover step from the current time. */
  onStep: (direction: 1 | -1) => void;
  /** Shown on the "now" end when following a live cluster. */
  live?: boolean;
}

const WIDTH = 1000;
const TICK_COLOR: Partial<Record<TimelineEntry["kind"], string>> = {
  "rs-scaled": "tick-handover",
  "rs-created": "tick-handover",
  selector: "tick-handover",
  "rollout-started": "tick-handover",
  "pod-ready": "tick-ready",
  "pod-failing": "tick-fail",
  "pod-terminating": "tick-term",
  condition: "tick-cond",
};

/** Every observed transition on one strip, a scrubber, play/pause, speed and step controls. */
export function TimelineStrip({ entries, playback, dispatch, onStep, live }: TimelineStripProps) {
  const { start, end, t } = playback;
  const x = useMemo(
    () =>
      scaleLinear()
        .domain([start, Math.max(end, start + 1)])
        .range([0, WIDTH]),
    [start, end],
  );
  const current = lastAtOrBefore(entries, t);
  const ticks = tickColumns(entries, x);
  return (
    <section className="timeline" aria-label="Timeline of observed transitions" data-testid="timeline">
      <div className="timeline-controls">
        <button type="button" onClick={() => onStep(-1)} aria-label="Previous handover step" title="Previous step (←)">
          ◀◀
        </button>
        <button
          type="button"
          onClick={() => dispatch({ type: "toggle" })}
          aria-label={playback.playing ? "Pause" : "Play"}
          title="Play / pause (space)"
          data-testid="timeline-play"
        >
          {playback.playing ? "❚❚ Pause" : "▶ Play"}
        </button>
        <button type="button" onClick={() => onStep(1)} aria-label="Next handover step" title="Next step (→)" data-testid="timeline-next">
          ▶▶
        </button>
        <label className="timeline-speed">
          speed
          <select
            value={playback.speed}
            onChange={(e) => dispatch({ type: "speed", speed: Number(e.target.value) as Playback["speed"] })}
            aria-label="Playback speed"
          >
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <span className="timeline-clock" data-testid="timeline-clock">
          {clockTime(t)} {live && t >= end ? "· live" : `· ${Math.round((t - start) / 1000)}s of ${Math.round((end - start) / 1000)}s`}
        </span>
        {current && <span className="timeline-current">{current.text}</span>}
      </div>
      <svg viewBox={`0 0 ${WIDTH} 28`} preserveAspectRatio="none" className="timeline-ticks" aria-hidden="true">
        {ticks.map((c) => (
          <line
            key={c.column}
            x1={c.column + 0.5}
            x2={c.column + 0.5}
            y1={c.entry.handover ? 2 : 10}
            y2={26}
            className={TICK_COLOR[c.entry.kind] ?? "tick-other"}
          >
            <title>{`${clockTime(c.entry.t)} ${c.entry.text}${c.more > 0 ? ` (+${c.more} more)` : ""}`}</title>
          </line>
        ))}
        <line x1={x(t)} x2={x(t)} y1={0} y2={28} className="tick-cursor" />
      </svg>
      <input
        type="range"
        className="timeline-scrubber"
        min={start}
        max={Math.max(end, start + 1)}
        step="any"
        value={t}
        onChange={(e) => dispatch({ type: "seek", t: Number(e.target.value) })}
        aria-label="Scrub the timeline"
        aria-valuetext={clockTime(t)}
        data-testid="timeline-scrubber"
      />
    </section>
  );
}

/** The last entry at or before `t` (entries are in time order). */
function lastAtOrBefore(entries: readonly TimelineEntry[], t: number): TimelineEntry | undefined {
  for (let i = entries.length - 1; i >= 0; i -= 1) if (entries[i]!.t <= t) return entries[i];
  return undefined;
}

/**
 * One tick per pixel column of the strip, however many transitions fall in it (a busy cluster logs
 * thousands; drawing each as its own line every second cost the page its frame budget). A column
 * shows its handover if it has one, else its latest transition, and says how many it stands for.
 */
export function tickColumns(
  entries: readonly TimelineEntry[],
  x: (t: number) => number,
): { column: number; entry: TimelineEntry; more: number }[] {
  const columns = new Map<number, { column: number; entry: TimelineEntry; more: number }>();
  for (const e of entries) {
    const column = Math.max(0, Math.min(WIDTH - 1, Math.floor(x(e.t))));
    const c = columns.get(column);
    if (!c) columns.set(column, { column, entry: e, more: 0 });
    else {
      c.more += 1;
      if (e.handover || !c.entry.handover) c.entry = e;
    }
  }
  return [...columns.values()];
}
