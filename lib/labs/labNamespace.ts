/**
 * The namespace a lab runs in. A lab never proposes `default` (shared with everything else on a
 * cluster, and "kubectl create namespace default" fails): each lab has its own, `<id>-lab`.
 */
export function labNamespace(labId: string): string {
  return `${labId}-lab`;
}

/**
 * Where a lab picked while viewing `viewed` (undefined: all namespaces) should run: the lab's own
 * namespace, unless the learner is in a namespace of their own choosing (not default, not another
 * lab's).
 */
export function namespaceForLab(labId: string, viewed: string | undefined): string {
  return viewed === undefined || viewed === "default" || viewed.endsWith("-lab") ? labNamespace(labId) : viewed;
}
