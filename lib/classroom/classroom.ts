/**
 * The classroom grid: one row per learner namespace with its rollout phases and how far its
 * cluster state has got through a lab. Progress is read from the cluster, not from a browser:
 * the furthest step whose checks all pass now. Pure.
 */
import { evaluateChecks } from "../labs/checks";
import type { Lab } from "../labs/schema";
import { type RolloutPhase, type Store } from "../model";
import { rolloutsResponse } from "../response";

export interface ClassroomRow {
  namespace: string;
  deployments: { name: string; phase: RolloutPhase; ready: number; replicas: number }[];
  errors: number;
  warnings: number;
  lab?: { id: string; stepsDone: number; steps: number; current?: string };
}

/** Namespaces to show: those starting with `prefix` (all when empty), sorted. */
export function classNamespaces(namespaces: Iterable<string>, prefix: string | undefined): string[] {
  return [...new Set(namespaces)].filter((ns) => !prefix || ns.startsWith(prefix)).sort();
}

/** How many steps with checks pass, counting in order until the first that does not. */
export function labStepsDone(
  lab: Lab,
  view: ReturnType<typeof rolloutsResponse>,
  namespace: string,
): { done: number; total: number; current?: string } {
  const checked = lab.steps.filter((s) => (s.checks ?? []).length > 0);
  let done = 0;
  for (const step of checked) {
    if (!evaluateChecks(step.checks ?? [], view, namespace).every((r) => r.pass)) break;
    done++;
  }
  return { done, total: checked.length, current: checked[done]?.title };
}

export function classroomRows(store: Store, opts: { namespaces: string[]; lab?: Lab; now: number }): ClassroomRow[] {
  return opts.namespaces.map((namespace) => {
    const view = rolloutsResponse(store, { namespace, now: opts.now });
    const row: ClassroomRow = {
      namespace,
      deployments: view.deployments.map((d) => ({
        name: d.name,
        phase: d.phase,
        ready: d.replicaSets.reduce((n, rs) => n + rs.ready, 0),
        replicas: d.replicas,
      })),
      errors: view.findings.filter((f) => f.severity === "error").length,
      warnings: view.findings.filter((f) => f.severity === "warning").length,
    };
    if (opts.lab) {
      const p = labStepsDone(opts.lab, view, namespace);
      row.lab = { id: opts.lab.id, stepsDone: p.done, steps: p.total, current: p.current };
    }
    return row;
  });
}
