"use client";
import { memo, useLayoutEffect, useRef } from "react";
import { select } from "../motion";
import type { PodView } from "@/lib/model";
import { GLYPH_RADIUS, GLYPHS } from "./glyphs";
import type { Presence } from "./presence";

export interface PodGlyphProps {
  presence: Presence<PodView>;
  x: number;
  y: number;
  /** 0 when the user prefers reduced motion. */
  durationMs: number;
  onLeft(key: string): void;
  onShowDetails(key: string | undefined): void;
  describedBy?: string;
}

/** One pod: its state's shape, its state's label, and a short name. d3 moves it; React draws it. */
function PodGlyphImpl({ presence, x, y, durationMs, onLeft, onShowDetails, describedBy }: PodGlyphProps) {
  const ref = useRef<SVGGElement>(null);
  const mounted = useRef(false);
  // Read through a ref: the effect must not restart a transition because a callback changed identity.
  const onLeftRef = useRef(onLeft);
  onLeftRef.current = onLeft;
  const pod = presence.item;
  const g = GLYPHS[pod.state];

  useLayoutEffect(() => {
    const node = ref.current;
    if (!node) return;
    const sel = select(node);
    const to = `translate(${x},${y})`;
    if (!mounted.current) {
      mounted.current = true;
      if (presence.phase === "enter" && durationMs > 0) {
        sel.attr("transform", `translate(${x},${y + 28})`).attr("opacity", 0);
        sel.transition("move").duration(durationMs).attr("transform", to).attr("opacity", 1);
      } else sel.attr("transform", to).attr("opacity", 1);
      return;
    }
    if (presence.phase === "leave") {
      if (durationMs === 0) return onLeftRef.current(presence.key);
      sel
        .transition("move")
        .duration(durationMs)
        .attr("transform", `translate(${x},${y - 28})`)
        .attr("opacity", 0)
        .on("end", () => onLeftRef.current(presence.key));
      return;
    }
    sel.transition("move").duration(durationMs).attr("transform", to).attr("opacity", 1);
  }, [x, y, presence.phase, presence.key, durationMs]);

  const shortName = pod.name.slice(pod.name.lastIndexOf("-") + 1);
  const leaving = presence.phase === "leave";
  return (
    <g
      ref={ref}
      className={`pod-glyph ${g.className}${leaving ? " leaving" : ""}`}
      data-pod={pod.name}
      data-state={pod.state}
      data-shape={g.shape}
      tabIndex={leaving ? -1 : 0}
      role="img"
      aria-label={`pod ${pod.name}: ${g.label}${pod.reason ? ` (${pod.reason})` : ""}`}
      aria-describedby={describedBy}
      onMouseEnter={() => onShowDetails(presence.key)}
      onMouseLeave={() => onShowDetails(undefined)}
      onFocus={() => onShowDetails(presence.key)}
      onBlur={() => onShowDetails(undefined)}
    >
      <path className="glyph-outline" d={g.outline} strokeDasharray={g.dashed ? "4 3" : undefined} />
      {g.fill && <path className="glyph-fill" d={g.fill} />}
      {g.mark && <path className="glyph-mark" d={g.mark} transform={g.markRotate ? `rotate(${g.markRotate})` : undefined} />}
      <text className="glyph-label" y={GLYPH_RADIUS + 17} textAnchor="middle">
        {g.label}
      </text>
      <text className="glyph-name" y={GLYPH_RADIUS + 32} textAnchor="middle">
        {shortName}
      </text>
    </g>
  );
}

/** Re-renders only when its presence entry (kept === while unchanged), slot or callbacks changed. */
export const PodGlyph = memo(PodGlyphImpl);
