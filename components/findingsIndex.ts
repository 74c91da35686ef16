/**
 * Findings grouped by the object they are about, indexed once per findings list (not filtered
 * per stage), and each object's list kept === when its findings did not change, so memoised
 * stages skip re-rendering.
 */
import type { Finding } from "@/lib/model";

const EMPTY: Finding[] = [];

export const findingKey = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;

const sameFinding = (a: Finding, b: Finding) =>
  a === b || (a.code === b.code && a.severity === b.severity && a.message === b.message && a.fix === b.fix);

export function indexFindings(findings: readonly Finding[], previous?: ReadonlyMap<string, Finding[]>): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = findingKey(f.object.kind, f.object.namespace, f.object.name);
    const list = out.get(k);
    if (list) list.push(f);
    else out.set(k, [f]);
  }
  if (previous) {
    for (const [k, list] of out) {
      const old = previous.get(k);
      if (old && old.length === list.length && old.every((f, i) => sameFinding(f, list[i]))) out.set(k, old);
    }
  }
  return out;
}

export function findingsAbout(index: ReadonlyMap<string, Finding[]>, kind: string, namespace: string, name: string): Finding[] {
  return index.get(findingKey(kind, namespace, name)) ?? EMPTY;
}
