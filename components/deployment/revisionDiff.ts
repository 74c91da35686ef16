import { listKind, templateChanges, type DeploymentView, type Store } from "@/lib/model";

/** What changes in the pod template going from revision `from` to revision `to` (lib/model's rule). */
export function revisionDiff(store: Store, d: DeploymentView, from: number, to: number): string[] | undefined {
  const name = (rev: number) => d.revisions.find((r) => r.revision === rev)?.replicaSet;
  const rsOf = (rev: number) => listKind(store, "ReplicaSet", d.namespace).find((rs) => rs.metadata.name === name(rev));
  const a = rsOf(from);
  const b = rsOf(to);
  if (!a || !b) return undefined;
  return templateChanges(a.spec?.template, b.spec?.template);
}
