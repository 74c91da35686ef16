/**
 * Discovery documents (legacy, unaggregated: kubectl and client-go fall back to them when the
 * server does not answer with apidiscovery.k8s.io/v2) and /version.
 */
import { apiVersionOf, groupVersions, RESOURCES } from "./registry";

export const SERVER_VERSION = {
  major: "1",
  minor: "35",
  emulationMajor: "1",
  emulationMinor: "35",
  minCompatibilityMajor: "1",
  minCompatibilityMinor: "34",
  gitVersion: "v1.35.0",
  gitCommit: "0000000000000000000000000000000000000000",
  gitTreeState: "clean",
  buildDate: "2026-01-01T00:00:00Z",
  goVersion: "go1.25.0",
  compiler: "gc",
  platform: "linux/amd64",
};

export function coreVersions(serverAddress: string): Record<string, unknown> {
  return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }] };
}

export function groupList(): Record<string, unknown> {
  const groups = new Map<string, string[]>();
  for (const { group, version } of groupVersions()) groups.set(group, [...(groups.get(group) ?? []), version]);
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: [...groups].map(([name, versions]) => ({
      name,
      versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
      preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
    })),
  };
}

export function apiGroup(group: string): Record<string, unknown> | undefined {
  const versions = groupVersions().filter((g) => g.group === group);
  if (!versions.length) return undefined;
  return {
    kind: "APIGroup",
    apiVersion: "v1",
    name: group,
    versions: versions.map((v) => ({ groupVersion: `${group}/${v.version}`, version: v.version })),
    preferredVersion: { groupVersion: `${group}/${versions[0]!.version}`, version: versions[0]!.version },
  };
}

const SUBRESOURCE: Record<string, { kind?: string; group?: string; version?: string; verbs: string[] }> = {
  status: { verbs: ["get", "patch", "update"] },
  scale: { kind: "Scale", group: "autoscaling", version: "v1", verbs: ["get", "patch", "update"] },
  binding: { kind: "Binding", verbs: ["create"] },
  log: { verbs: ["get"] },
};

/** APIResourceList for /api/v1 or /apis/<group>/<version>; undefined when not served. */
export function resourceList(group: string, version: string): Record<string, unknown> | undefined {
  const rs = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (!rs.length) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const r of rs) {
    resources.push({
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
      ...(r.categories ? { categories: r.categories } : {}),
    });
    for (const sub of r.subresources) {
      const s = SUBRESOURCE[sub]!;
      resources.push({
        name: `${r.resource}/${sub}`,
        singularName: "",
        namespaced: r.namespaced,
        ...(s.group ? { group: s.group, version: s.version } : {}),
        kind: s.kind ?? r.kind,
        verbs: s.verbs,
      });
    }
  }
  // The real list is sorted by name, subresources right after their resource.
  resources.sort((a, b) => (String(a.name) < String(b.name) ? -1 : 1));
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: apiVersionOf(rs[0]!), resources };
}
