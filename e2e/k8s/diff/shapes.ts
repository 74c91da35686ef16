import type { KubeHttp } from "./kubeapi";

/** Field paths (`status.conditions[].reason`) per kind, over every object of the namespace. */
export type Shapes = Record<string, string[]>;

const KINDS: [string, string][] = [
  ["Deployment", "/apis/apps/v1/namespaces/NS/deployments"],
  ["ReplicaSet", "/apis/apps/v1/namespaces/NS/replicasets"],
  ["Pod", "/api/v1/namespaces/NS/pods"],
  ["Service", "/api/v1/namespaces/NS/services"],
  ["EndpointSlice", "/apis/discovery.k8s.io/v1/namespaces/NS/endpointslices"],
];

/** Maps whose keys are data, not schema. */
const DATA_MAPS = new Set([
  "metadata.labels",
  "metadata.annotations",
  "spec.selector",
  "spec.selector.matchLabels",
  "spec.template.metadata.labels",
  "spec.template.metadata.annotations",
  "spec.nodeSelector",
  "status.capacity",
  "status.allocatable",
]);

function walk(v: unknown, path: string, out: Set<string>): void {
  if (path === "metadata.managedFields") return;
  if (Array.isArray(v)) {
    if (v.length === 0) out.add(`${path}[]`);
    for (const x of v) walk(x, `${path}[]`, out);
    return;
  }
  if (v !== null && typeof v === "object") {
    if (DATA_MAPS.has(path)) {
      out.add(`${path}{}`);
      return;
    }
    const entries = Object.entries(v);
    if (entries.length === 0) out.add(`${path}{}`);
    for (const [k, x] of entries) walk(x, path ? `${path}.${k}` : k, out);
    return;
  }
  out.add(path);
}

export async function captureShapes(api: KubeHttp, ns: string): Promise<Shapes> {
  const shapes: Shapes = {};
  for (const [kind, p] of KINDS) {
    const { items } = await api.list(p.replace("NS", ns));
    const paths = new Set<string>();
    for (const o of items) {
      const { apiVersion: _a, kind: _k, ...rest } = o as Record<string, unknown>;
      walk(rest, "", paths);
    }
    shapes[kind] = [...paths].sort();
  }
  return shapes;
}

/** Paths only one side has, per kind. */
export function shapeDiff(real: Shapes, lab: Shapes): { kind: string; onlyReal: string[]; onlyLab: string[] }[] {
  const out: { kind: string; onlyReal: string[]; onlyLab: string[] }[] = [];
  for (const kind of Object.keys(real)) {
    const r = new Set(real[kind]);
    const l = new Set(lab[kind] ?? []);
    const onlyReal = [...r].filter((p) => !l.has(p));
    const onlyLab = [...l].filter((p) => !r.has(p));
    if (onlyReal.length || onlyLab.length) out.push({ kind, onlyReal, onlyLab });
  }
  return out;
}
