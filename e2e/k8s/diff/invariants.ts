/**
 * Timing-independent rules every trace must obey, whichever order pods became Ready in
 * (ROLLOUT-SPEC §4, §7): checked on both clusters' traces, so a rule that the real cluster
 * breaks is a bug in the rule, and one only the lab breaks is a bug in the lab.
 */

interface RsPart {
  deploy: string;
  ordinal: number;
  revision: number;
  spec: number;
}

interface DeployPart {
  replicas: number;
  recreate: boolean;
  surge: number;
  paused: boolean;
}

const RS = /^(.+)#(\d+)@r([^=]*)=(\d+)\/(\d+)\/(\d+)$/;
const DEPLOY = /^([^[]+)\[(\d+),(?:RU:(\d+)\/(\d+)|Recreate)(,paused)?\]\{.*\}$/;

export function parseState(state: string): { rss: RsPart[]; deployments: Map<string, DeployPart> } {
  const rss: RsPart[] = [];
  const deployments = new Map<string, DeployPart>();
  for (const part of state.split(" ")) {
    const r = RS.exec(part);
    if (r) {
      rss.push({ deploy: r[1], ordinal: Number(r[2]), revision: Number(r[3]) || 0, spec: Number(r[4]) });
      continue;
    }
    const d = DEPLOY.exec(part);
    if (d)
      deployments.set(d[1], { replicas: Number(d[2]), recreate: d[3] === undefined, surge: Number(d[3] ?? 0), paused: d[5] !== undefined });
  }
  return { rss, deployments };
}

/** Violations of the rules in a trace, as readable strings (empty = fine). */
export function violations(states: string[]): string[] {
  const out: string[] = [];
  // After a replicas change the old total may exceed the new bound until the controller adjusts.
  const settling = new Map<string, number>();
  states.forEach((state, i) => {
    const { rss, deployments } = parseState(state);
    for (const [name, d] of deployments) {
      const mine = rss.filter((r) => r.deploy === name);
      const total = mine.reduce((a, r) => a + r.spec, 0);
      if (settling.get(name) !== d.replicas) {
        if (!settling.has(name) || total <= d.replicas + d.surge) settling.set(name, d.replicas);
        else continue;
      }
      if (!d.recreate && total > d.replicas + d.surge) {
        out.push(`#${i} ${name}: ReplicaSets ask for ${total} pods, more than replicas ${d.replicas} + maxSurge ${d.surge}`);
      }
      if (d.recreate && mine.length > 1) {
        const newest = mine.reduce((a, b) => (b.revision > a.revision ? b : a));
        const oldUp = mine.filter((r) => r !== newest && r.spec > 0);
        if (newest.spec > 0 && oldUp.length > 0)
          out.push(`#${i} ${name}: Recreate scaled up the new ReplicaSet while an old one still asks for pods`);
      }
    }
  });
  return out;
}
