import { violations } from "./invariants";
import type { ScenarioRun } from "./types";

export interface Comparison {
  scenario: string;
  /**
   * Checkpoints (the state when each wait was met), final state and kubectl outputs equal, no
   * invariant broken, neither run failed. The path between checkpoints depends on which pods
   * happen to turn Ready in the same controller sync, so it is reported but not required.
   */
  equal: boolean;
  traceEqual: boolean;
  decisionsEqual: boolean;
  checkpointsEqual: boolean;
  invariants: { real: string[]; lab: string[] };
  finalEqual: boolean;
  outputsEqual: boolean;
  steps: { real: number; lab: number };
  differences: string[];
}

/**
 * The controller decisions of a trace: RS spec.replicas (with revisions) and Deployment
 * conditions, without ready/available counts and endpoints, whose interleaving with the
 * decisions depends on pod timing. Progressing=True NewReplicaSetCreated and ReplicaSetUpdated
 * count as one: whether ReplicaSetUpdated ever shows after a new RS is created races in the real
 * controller itself (if the RS informer already counts the first pod when the creating sync
 * computes status, updatedReplicas never rises again and the reason stays NewReplicaSetCreated).
 */
export function decisions(states: string[]): string[] {
  const out: string[] = [];
  for (const s of states) {
    const d = s
      .split(" ")
      .filter((p) => !p.startsWith("svc/"))
      .map((p) =>
        p
          .replace(/=(\d+)\/\d+\/\d+$/, "=$1")
          // Available flips with readiness timing (3 of 4 Ready), not with a decision.
          .replace(/A:(?:True|False):\w+,?/, "")
          .replace(/P:True:(?:NewReplicaSetCreated|ReplicaSetUpdated)/, "P:True:<progressing>"),
      )
      .join(" ");
    if (d !== out.at(-1)) out.push(d);
  }
  return out;
}

/** A checkpoint compares like a decision (spec + conditions), readiness counts aside. */
function checkpoint(state: string): string {
  return decisions([state])[0] ?? "";
}

function firstDivergence(a: string[], b: string[]): string {
  const i = a.findIndex((x, k) => x !== b[k]);
  const k = i < 0 ? Math.min(a.length, b.length) : i;
  return `#${k}: real «${a[k] ?? "(end)"}» vs lab «${b[k] ?? "(end)"}»`;
}

export function compareRuns(real: ScenarioRun, lab: ScenarioRun): Comparison {
  const differences: string[] = [];
  if (real.error) differences.push(`real run failed: ${real.error}`);
  if (lab.error) differences.push(`lab run failed: ${lab.error}`);
  const rs = real.trace.map((e) => e.state);
  const ls = lab.trace.map((e) => e.state);
  const traceEqual = rs.join("\n") === ls.join("\n");
  const rd = decisions(rs);
  const ld = decisions(ls);
  const decisionsEqual = rd.join("\n") === ld.join("\n");
  const pathNote = decisionsEqual ? undefined : `path differs at ${firstDivergence(rd, ld)}`;
  const rc = real.checkpoints.map(checkpoint);
  const lc = lab.checkpoints.map(checkpoint);
  const checkpointsEqual = rc.join("\n") === lc.join("\n");
  if (!checkpointsEqual) differences.push(`checkpoints differ at ${firstDivergence(rc, lc)}`);
  const inv = { real: violations(rs), lab: violations(ls) };
  for (const v of inv.real) differences.push(`real breaks an invariant (so the invariant is wrong): ${v}`);
  for (const v of inv.lab) differences.push(`lab breaks an invariant: ${v}`);
  const finalEqual = rs.at(-1) === ls.at(-1);
  if (!finalEqual) differences.push(`final state: real «${rs.at(-1) ?? ""}» vs lab «${ls.at(-1) ?? ""}»`);
  let outputsEqual = real.outputs.length === lab.outputs.length;
  if (!outputsEqual) differences.push(`kubectl steps: real ran ${real.outputs.length}, lab ran ${lab.outputs.length}`);
  real.outputs.forEach((r, i) => {
    const l = lab.outputs[i];
    if (!l) return;
    if (r.exit !== l.exit || r.out !== l.out) {
      outputsEqual = false;
      differences.push(`kubectl ${r.cmd}: real exit ${r.exit} «${r.out}» vs lab exit ${l.exit} «${l.out}»`);
    }
  });
  const equal =
    checkpointsEqual && finalEqual && outputsEqual && inv.real.length === 0 && inv.lab.length === 0 && !real.error && !lab.error;
  // Shown last: informational unless something else failed.
  if (pathNote) differences.push(pathNote);
  return {
    scenario: real.scenario,
    equal,
    traceEqual,
    decisionsEqual,
    checkpointsEqual,
    invariants: inv,
    finalEqual,
    outputsEqual,
    steps: { real: rs.length, lab: ls.length },
    differences,
  };
}
