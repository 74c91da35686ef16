/**
 * One-shot reads for `plan` and `wait`, through the product's one transport (lib/kube). Nodes and
 * PodDisruptionBudgets are not store kinds; they are listed here and never watched.
 */
import type { KubeConfig } from "@kubernetes/client-node";
import { KubeRequestError } from "../kube/informer";
import { RESOURCES, type ResourceRef } from "../kube/resources";
import { httpInformerIO } from "../kube/transport";
import type { Kind } from "../model/raw";
import type { RawDeployment, RawOf, RawPod, RawPodDisruptionBudget, RawReplicaSet, RawService } from "../model/rawKinds";
import type { ClusterState } from "../plan/plan";

// Listed under their own kind name; the transport only stamps it on each item.
const NODES: ResourceRef & { kind: "Node" } = { kind: "Node", group: "", version: "v1", plural: "nodes" };
const PDBS: ResourceRef & { kind: "PodDisruptionBudget" } = {
  kind: "PodDisruptionBudget",
  group: "policy",
  version: "v1",
  plural: "poddisruptionbudgets",
};

/**
 * Every object of `resource` in `namespace` (all namespaces when undefined), typed as the kind it
 * was listed as: where the wire's JSON enters (the transport stamps that kind on each item).
 */
export async function listAll<K extends Kind>(
  kc: KubeConfig,
  resource: ResourceRef & { kind: K },
  namespace?: string,
): Promise<RawOf<K>[]> {
  return (await httpInformerIO(kc, resource, namespace).list()).items as RawOf<K>[];
}

/** A list that may be forbidden or not served (404): undefined then; connection errors propagate. */
async function listOptional<K extends Kind>(
  kc: KubeConfig,
  resource: ResourceRef & { kind: K },
  namespace?: string,
): Promise<RawOf<K>[] | undefined> {
  try {
    return await listAll(kc, resource, namespace);
  } catch (err) {
    if (err instanceof KubeRequestError && (err.statusCode === 403 || err.statusCode === 404)) return undefined;
    throw err;
  }
}

/** The state a plan compares with: the namespaces' workloads, and the nodes' room when readable. */
export async function readClusterState(kc: KubeConfig, namespaces: readonly string[]): Promise<ClusterState> {
  const state: {
    deployments: RawDeployment[];
    replicaSets: RawReplicaSet[];
    pods: RawPod[];
    services: RawService[];
    pdbs: RawPodDisruptionBudget[];
  } = {
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
