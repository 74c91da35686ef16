"use client";
import { useCallback, useId, useState } from "react";
import { scaleBand } from "d3";
import type { PodView } from "@/lib/model";
import { GLYPH_RADIUS } from "./glyphs";
import { PodDetails } from "./PodDetails";
import { PodGlyph } from "./PodGlyph";
import { dropLeft, nextPresence, type Presence } from "./presence";

const SLOT = 94;
const HEIGHT = 92;
/** Glyphs per row: a 20-replica lane wraps instead of scrolling off a projector. */
const PER_ROW = 8;

export interface SvgLaneProps {
  pods: readonly PodView[];
  desired: number;
  laneName: string;
  now: number;
  durationMs: number;
}

/** A small lane: one SVG glyph per pod, keyed by uid, each with its accessible name and focus. */
export function SvgLane({ pods, desired, laneName, now, durationMs }: SvgLaneProps) {
  const [presence, setPresence] = useState<Presence<PodView>[]>(() => pods.map((p) => ({ key: p.uid, item: p, phase: "update" })));
  const [active, setActive] = useState<string | undefined>();
  const tipId = useId();

  // New pods are folded into the presence during this render, not in an effect after it: an
  // effect would commit and paint the old states first and draw the change a frame later.
  const [seen, setSeen] = useState(pods);
  if (seen !== pods) {
    setSeen(pods);
    setPresence((prev) => nextPresence(prev, pods, (p) => p.uid));
  }
  const onLeft = useCallback((key: string) => setPresence((prev) => dropLeft(prev, new Set([key]))), []);

  const slots = Math.max(presence.length, desired, 1);
  const cols = Math.min(slots, PER_ROW);
  const rows = Math.ceil(slots / PER_ROW);
  const column = scaleBand<number>()
    .domain(Array.from({ length: cols }, (_, i) => i))
    .range([0, cols * SLOT]);
  const index = new Map(presence.map((p, i) => [p.key, i]));
  const slotX = (i: number) => (column(i % PER_ROW) ?? 0) + SLOT / 2;
  const slotY = (i: number) => Math.floor(i / PER_ROW) * HEIGHT + GLYPH_RADIUS + 6;
  const activePod = presence.find((p) => p.key === active)?.item;

  return (
    <>
      <div className="lane-stage">
        <svg
          width={cols * SLOT}
          height={rows * HEIGHT}
          viewBox={`0 0 ${cols * SLOT} ${rows * HEIGHT}`}
          className="lane-svg"
          role="group"
          aria-label={`pods of ${laneName}`}
        >
          {Array.from({ length: Math.max(0, desired - presence.filter((p) => p.phase !== "leave").length) }, (_, i) => (
            <rect
              key={`slot-${i}`}
              className="slot-empty"
              x={slotX(presence.length + i) - GLYPH_RADIUS - 4}
              y={slotY(presence.length + i) - GLYPH_RADIUS - 4}
              width={(GLYPH_RADIUS + 4) * 2}
              height={(GLYPH_RADIUS + 4) * 2}
              rx={6}
            />
          ))}
          {presence.map((p) => (
            <PodGlyph
              key={p.key}
              presence={p}
              x={slotX(index.get(p.key)!)}
              y={slotY(index.get(p.key)!)}
              durationMs={durationMs}
              onLeft={onLeft}
              onShowDetails={setActive}
              describedBy={active === p.key ? tipId : undefined}
            />
          ))}
        </svg>
        {pods.length === 0 && desired === 0 && <span className="lane-empty">scaled to 0 — kept as a rollback target</span>}
      </div>
      {/* Outside the scrolling stage, so the tooltip is not clipped by it. */}
      {activePod && (
        <div
          className="pod-tip"
          style={{ left: Math.max(0, slotX(index.get(active!) ?? 0) - 40), top: slotY(index.get(active!) ?? 0) + 62 }}
        >
          <PodDetails pod={activePod} now={now} id={tipId} />
        </div>
      )}
    </>
  );
}
