"use client";
import { useLayoutEffect, useRef } from "react";
import { linkHorizontal } from "d3";
import { animate } from "../motion";
import type { ServiceView, SwitchOption } from "@/lib/model";

const W = 720;
const ROW = 76;
const ARM_X = 170;
const TARGET_X = 300;

/**
 * A switch from the Service to one colour. The arm points at the colour the selector names;
 * patching the selector swings it (d3 transition). Ready endpoints per colour are printed.
 */
export function BlueGreenSwitch({
  svc,
  labelKey,
  options,
  durationMs,
}: {
  svc: ServiceView;
  labelKey: string;
  options: SwitchOption[];
  durationMs: number;
}) {
  const selected = svc.selector[labelKey];
  const idx = Math.max(
    0,
    options.findIndex((o) => o.colour === selected),
  );
  const h = Math.max(1, options.length) * ROW;
  const armRef = useRef<SVGPathElement>(null);
  const link = linkHorizontal<{ source: [number, number]; target: [number, number] }, [number, number]>();
  const armPath = link({ source: [ARM_X, h / 2], target: [TARGET_X, idx * ROW + ROW / 2] }) ?? "";
  const known = options.some((o) => o.colour === selected);

  useLayoutEffect(() => {
    if (!armRef.current) return;
    animate(armRef.current, "flip", durationMs).attr("d", armPath);
  }, [armPath, durationMs]);

  const ready = (colour: string) => svc.backends.filter((b) => b.label === colour).reduce((n, b) => n + b.readyEndpoints, 0);
  return (
    <figure className="bg-switch" data-testid={`switch-${svc.name}`} data-active-colour={known ? selected : ""}>
      <svg
        viewBox={`0 0 ${W} ${h}`}
        width="100%"
        style={{ maxWidth: W }}
        role="img"
        aria-label={`service ${svc.name} sends traffic to ${labelKey}=${selected}`}
      >
        <rect className="svc-node" x={8} y={h / 2 - 24} width={ARM_X - 8} height={48} rx={8} />
        <text className="svc-node-text" x={(ARM_X + 8) / 2} y={h / 2 + 6} textAnchor="middle">
          svc/{svc.name}
        </text>
        {/* d3 owns `d` after the first paint so the arm swings instead of jumping. */}
        <path ref={armRef} className={`switch-arm${known ? "" : " switch-arm-none"}`} d={armPath} />
        <circle className="switch-pivot" cx={ARM_X} cy={h / 2} r={7} />
        {options.map((o, i) => {
          const on = o.colour === selected;
          return (
            <g
              key={o.colour}
              transform={`translate(${TARGET_X},${i * ROW + 6})`}
              className={`switch-target${on ? " on" : ""} colour-${o.colour}`}
              data-colour={o.colour}
            >
              <rect width={W - TARGET_X - 8} height={ROW - 12} rx={8} />
              <text className="switch-target-title" x={14} y={24}>
                {on ? "● LIVE  " : "○ idle  "}
                {labelKey}={o.colour}
              </text>
              <text className="switch-target-sub" x={14} y={46}>
                {o.deployments.join(", ")}
                {o.version ? ` · ${o.version}` : ""} ·{" "}
                {on
                  ? `${ready(o.colour)} ready endpoint${ready(o.colour) === 1 ? "" : "s"}`
                  : `${o.readyPods} pod${o.readyPods === 1 ? "" : "s"} ready, no traffic`}
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
