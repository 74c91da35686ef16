"use client";
import { useLayoutEffect, useRef } from "react";
import { linkHorizontal } from "d3";
import { animate } from "../motion";
import type { ServiceView } from "@/lib/model";
import type { SwitchOption } from "./switchOptions";

const W = 560;
const ROW = 64;

/**
 * A switch from the Service to one colour. The arm points at the colour the selector names;
 * patching the selector swings it (d3 transition). Ready endpoints per colour are printed.
 */
export function BlueGreenSwitch({ svc, labelKey, options, durationMs }: { svc: ServiceView; labelKey: string; options: SwitchOption[]; durationMs: number }) {
  const selected = svc.selector[labelKey];
  const idx = Math.max(0, options.findIndex((o) => o.colour === selected));
  const h = Math.max(1, options.length) * ROW;
  const armRef = useRef<SVGPathElement>(null);
  const link = linkHorizontal<{ source: [number, number]; target: [number, number] }, [number, number]>();
  const armPath = link({ source: [150, h / 2], target: [300, idx * ROW + ROW / 2] }) ?? "";
  const known = options.some((o) => o.colour === selected);

  useLayoutEffect(() => {
    if (!armRef.current) return;
    animate(armRef.current, "flip", durationMs).attr("d", armPath);
  }, [armPath, durationMs]);

  const ready = (colour: string) => svc.backends.filter((b) => b.label === colour).reduce((n, b) => n + b.readyEndpoints, 0);
  return (
    <figure className="bg-switch" data-testid={`switch-${svc.name}`} data-active-colour={known ? selected : ""}>
      <svg viewBox={`0 0 ${W} ${h}`} width="100%" style={{ maxWidth: W }} role="img" aria-label={`service ${svc.name} sends traffic to ${labelKey}=${selected}`}>
        <rect className="svc-node" x={8} y={h / 2 - 22} width={142} height={44} rx={8} />
        <text className="svc-node-text" x={79} y={h / 2 + 6} textAnchor="middle">
          svc/{svc.name}
        </text>
        {/* d3 owns `d` after the first paint so the arm swings instead of jumping. */}
        <path ref={armRef} className={`switch-arm${known ? "" : " switch-arm-none"}`} d={armPath} />
        <circle className="switch-pivot" cx={150} cy={h / 2} r={6} />
        {options.map((o, i) => {
          const on = o.colour === selected;
          return (
            <g key={o.colour} transform={`translate(300,${i * ROW + 8})`} className={`switch-target${on ? " on" : ""}`} data-colour={o.colour}>
              <rect width={W - 308} height={ROW - 16} rx={8} className={`colour-${o.colour}`} />
              <text x={14} y={(ROW - 16) / 2 + 6}>
                {on ? "▶ " : ""}
                {labelKey}={o.colour} · {o.deployments.join(", ")}
                {o.version ? ` · ${o.version}` : ""} · {ready(o.colour)} ready{on ? " · LIVE" : ""}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted small">
        blue-green: the selector names one colour; editing it is the atomic cut.{" "}
        {known ? `Live: ${labelKey}=${selected}.` : `Selector ${labelKey}=${selected ?? "(unset)"} names no Deployment's colour.`}
      </figcaption>
    </figure>
  );
}
