"use client";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { DeploymentView } from "@/lib/model";
import { estimateStageHeight, measuredHeight, rememberHeight } from "./stageHeight";
import "./lazyStage.css";

/** Stages this far outside the viewport are drawn already, so scrolling finds them ready. */
const MARGIN = "800px 0px";

/**
 * Draws its stage only while it is near the viewport; elsewhere a placeholder of the stage's
 * height keeps the page's length and the stage's anchor (#deployment-ns-name) in place.
 */
export function LazyStage({ d, children }: { d: DeploymentView; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const uid = d.uid;
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (typeof IntersectionObserver === "undefined") return setNear(true);
    const io = new IntersectionObserver(
      ([e]) => {
        // Still the drawn stage: its height is what the placeholder should keep.
        if (!e.isIntersecting && el.dataset.stageDrawn === "true") rememberHeight(uid, el.offsetHeight);
        setNear(e.isIntersecting);
      },
      { rootMargin: MARGIN },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [uid]);
  const pods = d.replicaSets.reduce((n, rs) => n + rs.pods.length, 0);
  return (
    <div ref={ref} className="lazy-stage" data-stage-drawn={near ? "true" : "false"}>
      {near ? (
        children
      ) : (
        <article
          className="stage card stage-placeholder"
          id={`deployment-${d.namespace}-${d.name}`}
          data-testid={`deployment-placeholder-${d.name}`}
          data-pods={pods}
          style={{ height: measuredHeight(d.uid) ?? estimateStageHeight(d, 960) }}
          aria-label={`deployment ${d.name}: ${d.phase}, ${pods} pods (drawn when scrolled into view)`}
        >
          <span className="kind">deployment</span> {d.name} <span className="muted">{d.phase}</span>
        </article>
      )}
    </div>
  );
}
