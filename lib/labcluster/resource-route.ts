/** Which resource a path after /api/v1 or /apis/<g>/<v> names: kind, namespace, name, subresource. */
import { lookupResource } from "./registry";
import type { ResourceInfo } from "./types";

export interface ResourceRoute {
  ri: ResourceInfo;
  namespace?: string;
  name?: string;
  subresource?: string;
  watchPath: boolean;
}

/** Maps the part of a path after /api/v1 or /apis/<g>/<v> to a resource, or undefined (404). */
export function routeResource(group: string, version: string, rest: string[]): ResourceRoute | undefined {
  let watchPath = false;
  if (rest[0] === "watch") {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  let ri: ResourceInfo | undefined;
  let tail: string[];
  const nsRi = rest[0] === "namespaces" && rest.length >= 3 ? lookupResource(group, version, rest[2]!) : undefined;
  if (nsRi?.namespaced) {
    namespace = rest[1];
    ri = nsRi;
    tail = rest.slice(3);
  } else {
    ri = rest[0] ? lookupResource(group, version, rest[0]) : undefined;
    tail = rest.slice(1);
  }
  if (!ri || tail.length > 2 || rest.some((s) => s === "")) return undefined;
  const [name, subresource] = tail;
  if (ri.namespaced && name !== undefined && namespace === undefined) return undefined;
  if (subresource !== undefined && !ri.subresources.includes(subresource)) return undefined;
  if (watchPath && subresource !== undefined) return undefined;
  return { ri, namespace, name, subresource, watchPath };
}
