/**
 * Whether one more pod of a Deployment fits the nodes now, summarised so that the summary changes
 * only when a node's free room crosses the pod's request (or a node comes, goes or changes what it
 * admits): the live response re-evaluates a Deployment's capacity finding on those crossings alone,
 * not on every pod bound anywhere. Pure.
 */
import { admits, fits, freeRoom, nodeOffer, podAsk, usedRoom, type NodeOffer, type PodAsk, type Resources } from "./capacity";
import type { RawDeployment, RawNode, RawPod } from "../model/rawKinds";

/** What the nodes offer one more pod of a template. */
export interface RoomFit {
  /** Nodes that may take the pod at all (schedulable, its nodeSelector, its tolerations). */
  nodes: number;
  /** How many of them have room for it now. */
  fitting: number;
  /** Resources of its request that no such node has enough of, in request order. */
  short: string[];
}

/** One node's offer with its free room. */
export interface NodeFree {
  offer: NodeOffer;
  free: Resources;
}

/** Which resources of `req` fit into `free`, one flag per requested resource (in `keys` order). */
export function fitFlags(free: Resources, req: Resources, keys: readonly string[]): boolean[] {
  return keys.map((k) => fits(free, { [k]: req[k] ?? 0 }));
}

/** The resources a request counts (those it asks more than nothing of). */
export function requestedKeys(req: Resources): string[] {
  return Object.keys(req).filter((k) => (req[k] ?? 0) > 0);
}

/** The RoomFit of `ask` over `nodes`, from scratch. */
export function roomFit(nodes: Iterable<NodeFree>, ask: PodAsk): RoomFit {
  const keys = requestedKeys(ask.requests);
  const roomy = keys.map(() => 0);
  let admitted = 0;
  let fitting = 0;
  for (const n of nodes) {
    if (!admits(n.offer, ask)) continue;
    admitted++;
    const flags = fitFlags(n.free, ask.requests, keys);
    flags.forEach((f, i) => (roomy[i] = (roomy[i] ?? 0) + (f ? 1 : 0)));
    if (flags.every(Boolean)) fitting++;
  }
  return { nodes: admitted, fitting, short: keys.filter((_, i) => roomy[i] === 0) };
}

/**
 * A from-scratch room lookup over every Node and every pod of the cluster (room is per node, so
 * pods of other namespaces count), read at the first question only; undefined when no Node is
 * known (capacity unknown).
 */
export function roomLookup(
  nodes: readonly RawNode[],
  allPods: () => readonly RawPod[],
): ((template: RawDeployment) => RoomFit) | undefined {
  if (nodes.length === 0) return undefined;
  let free: NodeFree[] | undefined;
  return (d) => {
    if (!free) {
      const used = usedRoom(allPods());
      free = nodes.map(nodeOffer).map((offer) => ({ offer, free: freeRoom(offer, used.get(offer.name)) }));
    }
    return roomFit(free, podAsk(d.spec?.template?.spec));
  };
}
