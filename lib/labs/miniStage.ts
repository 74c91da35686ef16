/**
 * The view model of the lab panel's small live diagram: rows of pods per ReplicaSet for the
 * Deployments a step is about, and where each Service sends traffic. Pure.
 */
import type { PodState, RolloutsResponse } from "@/lib/model/types";

export interface MiniRow {
  key: string;
  /** "inference · rev 2 · v2 (new)" */
  label: string;
  pods: { name: string; state: PodState; reason?: string }[];
}

export interface MiniService {
  name: string;
  /** "3 ready endpoints: v2 100%" or "no ready endpoints". */
  text: string;
}

export function renderMiniStage(
  view: RolloutsResponse,
  namespace: string,
  deployments: string[],
  services: string[],
): { rows: MiniRow[]; services: MiniService[] } {
  const rows: MiniRow[] = [];
  for (const name of deployments) {
    const d = view.deployments.find((x) => x.namespace === namespace && x.name === name);
    if (!d) continue;
    // Oldest revision first so a rolling update reads left-to-right as old → new.
    const sets = [...d.replicaSets].sort((a, b) => a.revision - b.revision).filter((r) => r.isNew || r.pods.length > 0);
    for (const r of sets) {
      rows.push({
        key: r.uid,
        label: `${d.name} · rev ${r.revision}${r.version ? ` · ${r.version}` : ""}${r.isNew ? " (new)" : ""}`,
        pods: r.pods.map((p) => ({ name: p.name, state: p.state, reason: p.reason })),
      });
    }
  }
  const svc: MiniService[] = [];
  for (const name of services) {
    const s = view.services.find((x) => x.namespace === namespace && x.name === name);
    if (!s) continue;
    const parts = s.backends
      .filter((b) => b.readyEndpoints > 0)
      .map((b) => `${b.version ?? b.label ?? b.deployment ?? "?"} ${Math.round(b.share * 100)}%`);
    svc.push({
      name,
      text:
        s.readyEndpoints === 0
          ? "no ready endpoints"
          : `${s.readyEndpoints} ready endpoint${s.readyEndpoints === 1 ? "" : "s"}: ${parts.join(", ")}`,
    });
  }
  return { rows, services: svc };
}
