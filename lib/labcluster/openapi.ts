/**
 * A minimal OpenAPI v3 surface. kubectl (1.27+) reads /openapi/v3 only to learn whether the
 * server supports the `fieldValidation` query parameter on PATCH for a kind; when it does, kubectl
 * skips client-side schema validation and lets the server validate (`--validate=strict` becomes
 * `?fieldValidation=Strict`). Without this, `kubectl apply` refuses to run ("failed to download
 * openapi"). No component schemas are served: kubectl then computes apply patches from its
 * built-in Go types, which carry the same patchMergeKeys this server merges by.
 */
import { apiVersionOf, RESOURCES } from "./registry";

const HASH = "0000000000000000000000000000000000000000000000000000000000000001";

const gvPath = (group: string, version: string) => (group ? `apis/${group}/${version}` : `api/${version}`);

export function openapiV3Root(): Record<string, unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const r of RESOURCES) {
    const p = gvPath(r.group, r.version);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${HASH}` };
  }
  return { paths };
}

/** The OpenAPI v3 document of one group/version (`api/v1`, `apis/apps/v1`), or undefined. */
export function openapiV3GroupVersion(path: string): Record<string, unknown> | undefined {
  const rs = RESOURCES.filter((r) => gvPath(r.group, r.version) === path);
  if (!rs.length) return undefined;
  const paths: Record<string, unknown> = {};
  const params = ["dryRun", "fieldManager", "fieldValidation", "force", "pretty"].map((name) => ({
    name,
    in: "query",
    schema: { type: name === "force" ? "boolean" : "string", uniqueItems: true },
  }));
  for (const r of rs) {
    const base = `/${gvPath(r.group, r.version)}${r.namespaced ? "/namespaces/{namespace}" : ""}/${r.resource}/{name}`;
    paths[base] = {
      patch: {
        description: `partially update the specified ${r.kind}`,
        operationId: `patch${r.kind}`,
        parameters: params,
        responses: { "200": { description: "OK" } },
        "x-kubernetes-action": "patch",
        "x-kubernetes-group-version-kind": { group: r.group, version: r.version, kind: r.kind },
      },
    };
  }
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: "v1.35.0" },
    paths,
    components: { schemas: {} },
    "x-rollscope-apiVersion": apiVersionOf(rs[0]!),
  };
}
