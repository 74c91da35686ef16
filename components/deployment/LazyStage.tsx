"use client";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { DeploymentView } from "@/lib/model";
import { estimateStageHeight, measuredHeight, rememberHeight } from "./stageHeight";
import "./lazyStage.css";

/** Stages this far outside the viewport are drawn already, so scrolling finds them ready. */
const MARGIN = "800px 0px";

/** Where a lazy block is and what its placeholder says while it is away from the viewport. */
export interface LazyPlaceholder {
  /** Remembers the drawn height under this key. */
  uid: string;
  /** The block's anchor (#…), kept on the placeholder so links still land. */
  id: string;
  testId: string;
  pods?: number;
  /** Height before the block was ever drawn, px. */
  estimate: number;
  label: string;
  /** What the placeholder shows. */
  summary: ReactNode;
  children: ReactNode;
}

/**
 * The element that scrolls `el` (replay and presentation scroll the stages inside a panel above
 * the timeline strip, not the page): the observer's margin applies to its root only, so with the
 * page as root a stage inside that panel would count as near only once visible, and a stage whose
 * drawn height differs from its placeholder's could flip back and forth at the panel's edge.
 */
function scrollRoot(el: HTMLElement): Element | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const overflow = getComputedStyle(p).overflowY;
    if (overflow === "auto" || overflow === "scroll") return p;
  }
  return null;
}

/** Whether an element near the viewport (within MARGIN); true where there is no IntersectionObserver. */
function useNear(ref: { readonly current: HTMLDivElement | null }, uid: string): boolean {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (typeof IntersectionObserver === "undefined") return setNear(true);
    const io = new IntersectionObserver(
      ([e]) => {
        // Still the drawn block: its height is what the placeholder should keep.
        if (!e.isIntersecting && el.dataset.stageDrawn === "true") rememberHeight(uid, el.offsetHeight);
        setNear(e.isIntersecting);
      },
      { root: scrollRoot(el), rootMargin: MARGIN },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [ref, uid]);
  return near;
}

/**
 * Draws its block (a stage, a Service card) only while it is near the viewport; elsewhere a
 * placeholder of the block's height keeps the page's length and the block's anchor in place.
 */
export function LazyBlock({ uid, id, testId, pods, estimate, label, summary, children }: LazyPlaceholder) {
  const ref = useRef<HTMLDivElement>(null);
  const near = useNear(ref, uid);
  return (
    <div ref={ref} className="lazy-stage" data-stage-drawn={near ? "true" : "false"}>
      {near ? (
        children
      ) : (
        <article
          className="stage card stage-placeholder"
          id={id}
          data-testid={testId}
          data-pods={pods}
          style={{ height: measuredHeight(uid) ?? estimate }}
          aria-label={label}
        >
          {summary}
        </article>
      )}
    </div>
  );
}

/** A Deployment's stage, drawn when near the viewport (#deployment-ns-name stays in place). */
export function LazyStage({ d, children }: { d: DeploymentView; children: ReactNode }) {
  const pods = d.replicaSets.reduce((n, rs) => n + rs.pods.length, 0);
  return (
    <LazyBlock
      uid={d.uid}
      id={`deployment-${d.namespace}-${d.name}`}
      testId={`deployment-placeholder-${d.name}`}
      pods={pods}
      estimate={estimateStageHeight(d, 960)}
      label={`deployment ${d.name}: ${d.phase}, ${pods} pods (drawn when scrolled into view)`}
      summary={
        <>
          <span className="kind">deployment</span> {d.name} <span className="muted">{d.phase}</span>
        </>
      }
    >
      {children}
    </LazyBlock>
  );
}
