/**
 * One-shot reads for `plan` and `wait`, through the product's one transport (lib/kube). Nodes and
 * PodDisruptionBudgets are not store kinds; they are listed here and never watched.
 */
import type { KubeConfig } from "@kubernetes/client-node";
import { KubeRequestError } from "../kube/informer";
import { RESOURCES, type ResourceRef } from "../kube/resources";
import { httpInformerIO } from "../kube/transport";
import type { RawObject } from "../model/raw";
import type { ClusterState } from "../plan/plan";

// Listed under their own kind name; the transport only stamps it on each item.
const NODES = { kind: "Node", group: "", version: "v1", plural: "nodes" } as unknown as ResourceRef;
const PDBS = { kind: "PodDisruptionBudget", group: "policy", version: "v1", plural: "poddisruptionbudgets" } as unknown as ResourceRef;

/** Every object of `resource` in `namespace` (all namespaces when undefined). */
export async function listAll(kc: KubeConfig, resource: ResourceRef, namespace?: string): Promise<RawObject[]> {
  return (await httpInformerIO(kc, resource, namespace).list()).items as RawObject[];
}

/** A list that may be forbidden or not served (404): undefined then; connection errors propagate. */
async function listOptional(kc: KubeConfig, resource: ResourceRef, namespace?: string): Promise<RawObject[] | undefined> {
  try {
    return await listAll(kc, resource, namespace);
  } catch (err) {
    if (err instanceof KubeRequestError && (err.statusCode === 403 || err.statusCode === 404)) return undefined;
    throw err;
  }
}

/** The state a plan compares with: the namespaces' workloads, and the nodes' room when readable. */
export async function readClusterState(kc: KubeConfig, namespaces: readonly string[]): Promise<ClusterState> {
  const state: { deployments: RawObject[]; replicaSets: RawObject[]; pods: RawObject[]; services: RawObject[]; pdbs: RawObject[] } = {
    deployments: [],
    replicaSets: [],
    pods: [],
    services: [],
    pdbs: [],
  };
  let pdbsReadable = true;
  for (const ns of namespaces) {
    state.deployments.push(...(await listAll(kc, RESOURCES.Deployment, ns)));
    state.replicaSets.push(...(await listAll(kc, RESOURCES.ReplicaSet, ns)));
    state.pods.push(...(await listAll(kc, RESOURCES.Pod, ns)));
    state.services.push(...(await listAll(kc, RESOURCES.Service, ns)));
    const pdbs = await listOptional(kc, PDBS, ns);
    if (pdbs) state.pdbs.push(...pdbs);
    else pdbsReadable = false;
  }
  const nodes = await listOptional(kc, NODES);
  // Room on a node counts every pod bound to it, whatever its namespace.
  const allPods = nodes ? await listOptional(kc, RESOURCES.Pod) : undefined;
  const out: ClusterState = { ...state, pdbs: pdbsReadable ? state.pdbs : undefined };
  if (nodes && allPods) {
    out.nodes = nodes;
    out.podsOnNodes = allPods;
  }
  return out;
}
