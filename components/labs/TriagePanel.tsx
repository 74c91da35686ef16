"use client";
import { useMemo } from "react";
import useSWR from "swr";
import { triageChecklist, triageScenarioFor } from "@/lib/diagnose";
import type { TriageCheck } from "@/lib/diagnose/triageChecks";
import type { Store } from "@/lib/model";
import type { LabStep } from "@/lib/labs/schema";

async function fetchItems(url: string): Promise<TriageCheck[] | null> {
  const res = await fetch(url, { cache: "no-store" });
  // 404: no checklist for this scenario — the panel just does not show.
  if (!res.ok) return null;
  const body = (await res.json()) as { items?: TriageCheck[] };
  return body.items ?? null;
}

const MARK = { ok: "✓", warn: "⚠", fail: "✖" } as const;

/** The objects a step is about: what its checks and diagnosis name (first Deployment, first Service). */
export function triageTargets(step: LabStep): { deployment?: string; service?: string } {
  let deployment: string | undefined;
  let service: string | undefined;
  for (const c of step.checks) {
    if ("deployment" in c && c.exists !== false) deployment ??= c.deployment;
    if ("service" in c && c.exists !== false) service ??= c.service;
  }
  return { deployment, service };
}

interface TriageProps {
  scenario: string;
  namespace: string;
  deployment?: string;
  service?: string;
  open: boolean;
  /** The stream's store and cluster time: the checklist is computed here, as the cluster changes. */
  live?: { store: Store; now: number };
}

/**
 * lib/diagnose's triage checklist for the step's scenario: what to look at, what it shows now.
 * On the dashboard it is computed from the stream (`live`); alone it asks the server.
 */
export function TriagePanel(props: TriageProps) {
  const { scenario, namespace, deployment, service, live } = props;
  const params = new URLSearchParams({ scenario, namespace });
  if (deployment) params.set("deployment", deployment);
  if (service) params.set("service", service);
  const polled = useSWR(live ? null : `/api/labs/triage?${params}`, fetchItems, { refreshInterval: 3000 });
  const computed = useMemo(() => {
    const which = triageScenarioFor(scenario);
    return live && which ? triageChecklist(which, live.store, { namespace, deployment, service, now: live.now }) : undefined;
  }, [live, scenario, namespace, deployment, service]);
  const data = live ? computed : polled.data;
  if (!data || data.length === 0) return null;
  return (
    <details className="lab-triage" open={props.open}>
      <summary>
        <strong>Triage checklist</strong>
      </summary>
      <ol aria-label="triage checklist">
        {data.map((item) => (
          <li key={item.id} data-testid="lab-triage-item" data-status={item.status} className={`lab-triage-${item.status}`}>
            <span>
              <span aria-hidden="true">{MARK[item.status]}</span> <strong>{item.title}</strong>
            </span>
            <span className="lab-triage-look small">{item.look}</span>
            <code className="small">{item.command}</code>
            <span className="muted small">now: {item.shows}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}
