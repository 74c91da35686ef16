"use client";
import { useContext, useState } from "react";
import type { DeploymentView } from "@/lib/model";
import { HandoverChart } from "./HandoverChart";
import { HandoverContext } from "./handoverContext";

/** The handover chart's place on a Deployment's stage: collapsible, open by default. */
export function StageHandover({ d }: { d: DeploymentView }) {
  const source = useContext(HandoverContext);
  const [open, setOpen] = useState(true);
  const series = source?.seriesOf(d.namespace, d.name);
  if (!series) return null;
  return (
    <details className="handover-details" open={open} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="handover-details">
      <summary>Handover over time: pods of each revision inside maxSurge and maxUnavailable</summary>
      {open && <HandoverChart series={series} cursorMs={source?.cursorMs} />}
    </details>
  );
}
