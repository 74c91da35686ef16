"use client";
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from "react";
import type { PodState, PodView } from "@/lib/model";
import { makeSprites, paintScene, readPalette, type Palette, type Sprites } from "./canvasPainter";
import { cancelDraw, requestDraw } from "./frameLoop";
import { GLYPHS, POD_STATES } from "./glyphs";
import { PodDetails } from "./PodDetails";
import {
  CANVAS_SLOT,
  emptyScene,
  gridHeight,
  hitTest,
  laneGrid,
  paintedChanges,
  pruneScene,
  sceneAt,
  settled,
  slotCentre,
  stateCounts,
  updateScene,
  type Scene,
  type SceneItem,
} from "./scene";
import "./canvasLane.css";

export interface CanvasLaneProps {
  pods: readonly PodView[];
  /** Slots to keep room for (the ReplicaSet's desired replicas). */
  slots: number;
  laneName: string;
  now: number;
  durationMs: number;
}

/** Lane width until the ResizeObserver reports the real one. */
const DEFAULT_WIDTH = 960;

function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(([e]) => {
      const w = Math.floor(e.contentRect.width);
      if (w > 0) setWidth(w);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

/** Calls `onChange` when the theme (toggle or system preference) may have changed the colours. */
function useThemeChange(onChange: () => void) {
  useEffect(() => {
    const mo = new MutationObserver(onChange);
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    const mq = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : undefined;
    mq?.addEventListener("change", onChange);
    return () => {
      mo.disconnect();
      mq?.removeEventListener("change", onChange);
    };
  }, [onChange]);
}

function markPainted(changes: [string, PodState][]) {
  // The bench pairs these with the writes it made (bench/browser/page-probe.js).
  try {
    performance.mark("rollscope:paint", { detail: { pods: changes } });
  } catch {
    /* a browser without mark details: nothing to signal */
  }
}

/**
 * A lane too big for one SVG group per pod: the pods drawn on one canvas, in one page-wide frame
 * loop that runs only while something moves. Hover or click a pod for its details; the keyboard
 * walks the pods with the arrow keys; the state counts are its text alternative.
 */
export function CanvasLane({ pods, slots, laneName, now, durationMs }: CanvasLaneProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useWidth(wrapRef);
  const grid = useMemo(() => laneGrid(width), [width]);
  const height = gridHeight(Math.max(pods.length, slots), grid);
  const dpr = typeof window === "undefined" ? 1 : window.devicePixelRatio || 1;
  const sceneRef = useRef<Scene>(emptyScene(0));
  const itemsRef = useRef<SceneItem[]>([]);
  const paintedRef = useRef<Map<string, PodState> | undefined>(undefined);
  const paletteRef = useRef<{ palette: Palette; sprites: Sprites } | undefined>(undefined);
  const focusRef = useRef<string | undefined>(undefined);
  const [active, setActive] = useState<string | undefined>();
  const [pinned, setPinned] = useState(false);
  const tipId = useId();

  const draw = useCallback(
    (t: number): boolean => {
      const canvas = canvasRef.current;
      if (!canvas) return false;
      const scene = pruneScene(sceneRef.current, t);
      sceneRef.current = scene;
      const items = sceneAt(scene, t);
      itemsRef.current = items;
      if (!paletteRef.current) {
        const palette = readPalette(canvas);
        paletteRef.current = { palette, sprites: makeSprites(palette, dpr) };
      }
      const { palette, sprites } = paletteRef.current;
      if (!paintScene(canvas, items, palette, sprites, focusRef.current, dpr)) return false;
      const { changes, states } = paintedChanges(paintedRef.current, items);
      paintedRef.current = states;
      canvas.dataset.drawn = String(scene.motions.filter((m) => !m.leaving).length);
      if (changes.length) markPainted(changes);
      return !settled(scene, t);
    },
    [dpr],
  );

  useLayoutEffect(() => {
    const first = sceneRef.current.motions.length === 0 && paintedRef.current === undefined;
    // The first picture appears in place, like the SVG glyphs; later changes move.
    sceneRef.current = updateScene(sceneRef.current, pods, performance.now(), first ? 0 : durationMs, grid);
    requestDraw(draw);
  }, [pods, durationMs, grid, draw]);
  // Resizing the canvas clears it.
  useLayoutEffect(() => requestDraw(draw), [width, height, draw]);
  useEffect(() => () => cancelDraw(draw), [draw]);
  useThemeChange(
    useCallback(() => {
      paletteRef.current = undefined;
      requestDraw(draw);
    }, [draw]),
  );
  useEffect(() => {
    focusRef.current = active;
    requestDraw(draw);
  }, [active, draw]);

  const counts = useMemo(() => stateCounts(pods, POD_STATES), [pods]);
  const summary = counts.map((c) => `${c.count} ${GLYPHS[c.state].label}`).join(", ");
  const activeIndex = active === undefined ? -1 : pods.findIndex((p) => p.uid === active);
  const activePod = activeIndex >= 0 ? pods[activeIndex] : undefined;

  const podAt = (e: MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return hitTest(itemsRef.current, e.clientX - r.left, e.clientY - r.top);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const step: Record<string, number> = {
      ArrowRight: 1,
      ArrowLeft: -1,
      ArrowDown: grid.cols,
      ArrowUp: -grid.cols,
      Home: -pods.length,
      End: pods.length,
    };
    if (e.key === "Escape") {
      setActive(undefined);
      setPinned(false);
      return;
    }
    if (!(e.key in step) || pods.length === 0) return;
    e.preventDefault();
    const i = Math.min(pods.length - 1, Math.max(0, (activeIndex < 0 ? 0 : activeIndex) + step[e.key]));
    setActive(pods[i].uid);
  };
  const tip = activePod ? slotCentre(activeIndex, grid) : undefined;

  return (
    <div className="lane-canvas-wrap" ref={wrapRef}>
      <canvas
        ref={canvasRef}
        className="lane-canvas"
        data-lane={laneName}
        data-pods={pods.length}
        width={Math.round(width * dpr)}
        height={Math.round(height * dpr)}
        style={{ width, height }}
        tabIndex={0}
        role="img"
        aria-label={`pods of ${laneName}: ${summary || "none"}. Arrow keys pick a pod, Escape closes its details.`}
        aria-describedby={activePod ? tipId : undefined}
        onMouseMove={(e) => {
          if (!pinned) setActive(podAt(e));
        }}
        onMouseLeave={() => {
          if (!pinned) setActive(undefined);
        }}
        onClick={(e) => {
          const key = podAt(e);
          setActive(key);
          setPinned(key !== undefined);
        }}
        onFocus={() => setActive((a) => a ?? pods[0]?.uid)}
        onBlur={() => {
          if (!pinned) setActive(undefined);
        }}
        onKeyDown={onKeyDown}
      />
      <p className="canvas-legend" data-testid="canvas-legend">
        {pods.length} pods: {summary || "none"}
      </p>
      <p className="sr-only" aria-live="polite">
        {activePod ? `pod ${activePod.name}: ${GLYPHS[activePod.state].label}${activePod.reason ? ` (${activePod.reason})` : ""}` : ""}
      </p>
      {activePod && tip && (
        <div className="pod-tip" style={{ left: Math.max(0, tip.x - 40), top: tip.y + CANVAS_SLOT }}>
          <PodDetails pod={activePod} now={now} id={tipId} />
        </div>
      )}
    </div>
  );
}
