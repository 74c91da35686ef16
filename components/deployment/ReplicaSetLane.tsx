"use client";
import { memo, useRef } from "react";
import type { ReplicaSetView } from "@/lib/model";
import { duration, secondsSince, shortImage } from "../format";
import { CanvasLane } from "./CanvasLane";
import { laneRenderer, type LaneRenderer } from "./laneRenderer";
import { SvgLane } from "./SvgLane";

export interface ReplicaSetLaneProps {
  rs: ReplicaSetView;
  /** The rollout is stuck and this is the new ReplicaSet: draw the lane as stalled. */
  stalled: boolean;
  now: number;
  durationMs: number;
}

function stalledFor(rs: ReplicaSetView, now: number): number | undefined {
  let oldest: number | undefined;
  for (const p of rs.pods) {
    const s = secondsSince(p.startedAt ?? p.createdAt, now);
    if (s !== undefined && (oldest === undefined || s > oldest)) oldest = s;
  }
  return oldest;
}

function LaneHeader({ rs, stalled, now }: { rs: ReplicaSetView; stalled: boolean; now: number }) {
  const since = stalled ? stalledFor(rs, now) : undefined;
  return (
    <header className="lane-head">
      <span className="lane-rev">rev {rs.revision}</span>
      {rs.version && <span className="lane-version">VERSION {rs.version}</span>}
      <span className="lane-image">{shortImage(rs.image)}</span>
      <span className={`tag ${rs.isNew ? "tag-new" : "tag-old"}`}>{rs.isNew ? "new" : "old"}</span>
      {stalled && (
        <span className="tag tag-stalled" role="status">
          stalled{since !== undefined ? ` — pods started ${duration(since)} ago, none Ready` : ""}
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
  );
}

/**
 * One ReplicaSet: revision, image, VERSION, counts, and its pods — SVG glyphs keyed by uid while
 * the lane is small, one canvas past the threshold (laneRenderer.ts).
 */
function ReplicaSetLaneImpl({ rs, stalled, now, durationMs }: ReplicaSetLaneProps) {
  const mode = useRef<LaneRenderer>("svg");
  mode.current = laneRenderer(mode.current, rs.pods.length);
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
      data-rs={rs.name}
      data-pods={rs.pods.length}
      data-renderer={mode.current}
    >
      <LaneHeader rs={rs} stalled={stalled} now={now} />
      <div className="lane-body">
        {mode.current === "canvas" ? (
          <CanvasLane pods={rs.pods} slots={rs.desired} laneName={rs.name} now={now} durationMs={durationMs} />
        ) : (
          <SvgLane pods={rs.pods} desired={rs.desired} laneName={rs.name} now={now} durationMs={durationMs} />
        )}
      </div>
    </section>
  );
}

/**
 * Re-renders only when its ReplicaSet view changed (the model keeps it === otherwise) or, for a
 * stalled lane whose header counts seconds, when the clock moved.
 */
export const ReplicaSetLane = memo(
  ReplicaSetLaneImpl,
  (a, b) => a.rs === b.rs && a.stalled === b.stalled && a.durationMs === b.durationMs && (a.now === b.now || !b.stalled),
);
