/**
 * How each pod state is drawn. Shape and label carry the state on their own (colour-blind users,
 * greyscale projectors); colour only reinforces it. Paths come from d3-shape, centred on 0,0.
 */
import { arc, symbol, symbolCircle, symbolCross, symbolSquare, symbolTriangle } from "d3";
import type { PodState } from "@/lib/model";

export interface GlyphSpec {
  /** Short visible label under the glyph. */
  label: string;
  /** Shape name, for tests and the legend. */
  shape: "dashed-square" | "ring-quarter" | "half-disc" | "disc-check" | "cross" | "triangle-bang";
  /** Outline path (always drawn). */
  outline: string;
  /** Fill path drawn over the outline, if any. */
  fill?: string;
  /** Small mark inside (check, bang), if any. */
  mark?: string;
  /** Rotation of the mark in degrees (the cross becomes an ×). */
  markRotate?: number;
  dashed?: boolean;
  className: string;
}

export const GLYPH_RADIUS = 16;
const R = GLYPH_RADIUS;
const circle = symbol(symbolCircle, Math.PI * R * R)()!;

export const GLYPHS: Record<PodState, GlyphSpec> = {
  Pending: {
    label: "Pending",
    shape: "dashed-square",
    outline: symbol(symbolSquare, (R * 1.7) ** 2)()!,
    dashed: true,
    className: "glyph-pending",
  },
  Starting: {
    label: "Starting",
    shape: "ring-quarter",
    outline: circle,
    // A quarter arc: the probe has not had its first chance yet.
    fill: arc()({ innerRadius: R - 6, outerRadius: R, startAngle: 0, endAngle: Math.PI / 2 })!,
    className: "glyph-starting",
  },
  RunningNotReady: {
    label: "Not ready",
    shape: "half-disc",
    outline: circle,
    fill: arc()({ innerRadius: 0, outerRadius: R, startAngle: Math.PI, endAngle: 2 * Math.PI })!,
    className: "glyph-notready",
  },
  Ready: {
    label: "Ready",
    shape: "disc-check",
    outline: circle,
    fill: circle,
    mark: `M${-R * 0.45},0 L${-R * 0.1},${R * 0.38} L${R * 0.5},${-R * 0.35}`,
    className: "glyph-ready",
  },
  Terminating: {
    label: "Terminating",
    shape: "cross",
    outline: circle,
    mark: symbol(symbolCross, R * R * 0.9)()!,
    markRotate: 45,
    dashed: true,
    className: "glyph-terminating",
  },
  Failed: {
    label: "Failed",
    shape: "triangle-bang",
    outline: symbol(symbolTriangle, R * R * 2.2)()!,
    fill: symbol(symbolTriangle, R * R * 2.2)()!,
    mark: `M0,${-R * 0.35} L0,${R * 0.2} M0,${R * 0.42} L0,${R * 0.5}`,
    className: "glyph-failed",
  },
};

export const POD_STATES: readonly PodState[] = ["Pending", "Starting", "RunningNotReady", "Ready", "Terminating", "Failed"];
