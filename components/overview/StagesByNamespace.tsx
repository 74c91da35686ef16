"use client";
import { useCallback, useMemo, useState } from "react";
import type { Finding } from "@/lib/model";
import type { LiveProgress } from "@/lib/response";
import { StageList } from "../StageList";
import { NamespaceSummaries } from "./NamespaceSummaries";
import { ViewsPending } from "./ViewsPending";
import { summariseNamespaces, totalPods, type NamespaceGroup } from "./namespaceSummary";

export interface StagesByNamespaceProps {
  groups: readonly NamespaceGroup[];
  /** Every namespace is in view: each group gets a heading. */
  allNamespaces: boolean;
  /** Cluster scale: a summary row per namespace, whose stages open on demand. */
  summarise: boolean;
  findings: readonly Finding[];
  now: number;
  durationMs: number;
  /** While views are still being computed (the pod total counts those computed). */
  progress?: LiveProgress;
}

/**
 * The stages of each namespace in view. `data-pod-total` is the page's pod count (what the bench's
 * "first complete picture" compares with the cluster's).
 */
export function StagesByNamespace({ groups, allNamespaces, summarise, findings, now, durationMs, progress }: StagesByNamespaceProps) {
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = useCallback(
    (ns: string) =>
      setOpen((prev) => {
        const next = new Set(prev);
        if (!next.delete(ns)) next.add(ns);
        return next;
      }),
    [],
  );
  const rows = useMemo(() => (summarise ? summariseNamespaces(groups, findings) : []), [summarise, groups, findings]);
  const shown = summarise ? groups.filter((g) => open.has(g.namespace)) : groups;
  return (
    <div className="stages" data-pod-total={totalPods(groups)}>
      {summarise && <NamespaceSummaries rows={rows} open={open} onToggle={toggle} />}
      {shown.map((g) => (
        <section key={g.namespace} className="ns-group" aria-label={`namespace ${g.namespace}`} data-testid={`ns-group-${g.namespace}`}>
          {allNamespaces && <h2 className="ns-heading">namespace {g.namespace}</h2>}
          <StageList deployments={g.deployments} services={g.services} findings={findings} now={now} durationMs={durationMs} />
        </section>
      ))}
      {progress && <ViewsPending progress={progress} as="p" />}
    </div>
  );
}
