"use client";
import { useEffect, useId, useState } from "react";
import { scaleBand } from "d3";
import type { PodView, ReplicaSetView } from "@/lib/model";
import { duration, secondsSince, shortImage } from "../format";
import { GLYPH_RADIUS } from "./glyphs";
import { PodDetails } from "./PodDetails";
import { PodGlyph } from "./PodGlyph";
import { dropLeft, nextPresence, type Presence } from "./presence";

const SLOT = 94;
const HEIGHT = 92;
/** Glyphs per row: a 20-replica lane wraps instead of scrolling off a projector. */
const PER_ROW = 8;

export interface ReplicaSetLaneProps {
  rs: ReplicaSetView;
  /** The rollout is stuck and this is the new ReplicaSet: draw the lane as stalled. */
  stalled: boolean;
  now: number;
  durationMs: number;
}

/** One ReplicaSet: revision, image, VERSION, counts, and its pods as glyphs keyed by uid. */
export function ReplicaSetLane({ rs, stalled, now, durationMs }: ReplicaSetLaneProps) {
  const [presence, setPresence] = useState<Presence<PodView>[]>(() => rs.pods.map((p) => ({ key: p.uid, item: p, phase: "update" })));
  const [active, setActive] = useState<string | undefined>();
  const tipId = useId();

  useEffect(() => {
    setPresence((prev) => nextPresence(prev, rs.pods, (p) => p.uid));
  }, [rs.pods]);

  const slots = Math.max(presence.length, rs.desired, 1);
  const cols = Math.min(slots, PER_ROW);
  const rows = Math.ceil(slots / PER_ROW);
  const column = scaleBand<number>()
    .domain(Array.from({ length: cols }, (_, i) => i))
    .range([0, cols * SLOT]);
  const index = new Map(presence.map((p, i) => [p.key, i]));
  const slotX = (i: number) => (column(i % PER_ROW) ?? 0) + SLOT / 2;
  const slotY = (i: number) => Math.floor(i / PER_ROW) * HEIGHT + GLYPH_RADIUS + 6;
  const onLeft = (key: string) => setPresence((prev) => dropLeft(prev, new Set([key])));
  const activePod = presence.find((p) => p.key === active)?.item;
  const oldestStart = rs.pods.map((p) => secondsSince(p.startedAt ?? p.createdAt, now)).filter((s): s is number => s !== undefined);
  const stalledFor = oldestStart.length ? Math.max(...oldestStart) : undefined;

  return (
    <section
      className={`lane${rs.isNew ? " lane-new" : " lane-old"}${stalled ? " lane-stalled" : ""}`}
      aria-label={`ReplicaSet ${rs.name}, revision ${rs.revision}${rs.isNew ? " (new)" : ""}: ${rs.ready} of ${rs.desired} ready`}
      data-testid={`lane-${rs.revision}`}
      data-revision={rs.revision}
      data-version={rs.version ?? ""}
      data-desired={rs.desired}
      data-current={rs.current}
      data-ready={rs.ready}
    >
      <header className="lane-head">
        <span className="lane-rev">rev {rs.revision}</span>
        {rs.version && <span className="lane-version">VERSION {rs.version}</span>}
        <span className="lane-image">{shortImage(rs.image)}</span>
        <span className={`tag ${rs.isNew ? "tag-new" : "tag-old"}`}>{rs.isNew ? "new" : "old"}</span>
        {stalled && (
          <span className="tag tag-stalled" role="status">
            stalled{stalledFor !== undefined ? ` — pods started ${duration(stalledFor)} ago, none Ready` : ""}
          </span>
        )}
        <span className="lane-counts">
          <span title="spec.replicas of this ReplicaSet">desired {rs.desired}</span>
          <span>current {rs.current}</span>
          <span>ready {rs.ready}</span>
          <span>available {rs.available}</span>
          {rs.terminating > 0 && <span>terminating {rs.terminating}</span>}
        </span>
        <span className="lane-name">{rs.name}</span>
      </header>
      <div className="lane-body">
      <div className="lane-stage">
        <svg
          width={cols * SLOT}
          height={rows * HEIGHT}
          viewBox={`0 0 ${cols * SLOT} ${rows * HEIGHT}`}
          className="lane-svg"
          role="group"
          aria-label={`pods of ${rs.name}`}
        >
          {Array.from({ length: Math.max(0, rs.desired - presence.filter((p) => p.phase !== "leave").length) }, (_, i) => (
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
        {rs.pods.length === 0 && rs.desired === 0 && <span className="lane-empty">scaled to 0 — kept as a rollback target</span>}
      </div>
        {/* Outside the scrolling stage, so the tooltip is not clipped by it. */}
        {activePod && (
          <div className="pod-tip" style={{ left: Math.max(0, slotX(index.get(active!) ?? 0) - 40), top: slotY(index.get(active!) ?? 0) + 62 }}>
            <PodDetails pod={activePod} now={now} id={tipId} />
          </div>
        )}
      </div>
    </section>
  );
}
