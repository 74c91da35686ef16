/**
 * The nodes' free room kept up to date event by event, for LiveRollouts' SurgeDoesNotFit: what the
 * active pods bound to each node request, updated in O(1) per pod event, and for each distinct pod
 * ask of the Deployments it watches (request, nodeSelector, tolerations) which nodes admit it and
 * which of its resources fit there. A Deployment is marked to recompute only when its ask's RoomFit
 * changes: a node's free room crossed its request, or a node came, went or changed. A pod event
 * costs O(asks watched), not O(pods) or O(Deployments). roomLookup (lib/diagnose/capacityFit.ts)
 * stays the definition; live.test.ts checks the two agree.
 */
import { admits, freeRoom, nodeOffer, podAsk, podUsage, type NodeOffer, type PodAsk, type Resources } from "../diagnose/capacity";
import { fitFlags, requestedKeys, type RoomFit } from "../diagnose/capacityFit";
import type { Kind, RawObject } from "../model/raw";
import { filedAs, type RawDeployment, type RawNode, type RawPod } from "../model/rawKinds";

/** The Deployments that share one ask, and what each node offers it. */
interface AskWatch {
  ask: PodAsk;
  keys: string[];
  deployments: Set<string>;
  /** Per node key: which of `keys` fit there; absent when the node does not admit the pod. */
  flags: Map<string, boolean[]>;
  /** Per key of `keys`: on how many admitting nodes it fits. */
  roomy: number[];
  fitting: number;
}

type Usage = NonNullable<ReturnType<typeof podUsage>>;

function addTo(used: Map<string, Resources>, u: Usage, sign: 1 | -1): void {
  const sum = used.get(u.node) ?? {};
  for (const [k, v] of Object.entries(u.requests)) sum[k] = (sum[k] ?? 0) + sign * v;
  used.set(u.node, sum);
}

function sameUsage(a: Usage | undefined, b: Usage | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.node !== b.node) return false;
  const ka = Object.keys(a.requests);
  return ka.length === Object.keys(b.requests).length && ka.every((k) => a.requests[k] === b.requests[k]);
}

function summary(w: AskWatch): RoomFit {
  return { nodes: w.flags.size, fitting: w.fitting, short: w.keys.filter((_, i) => w.roomy[i] === 0) };
}

const summaryKey = (w: AskWatch) => `${w.flags.size}|${w.fitting}|${w.roomy.map((n) => (n === 0 ? 0 : 1)).join("")}`;

export class LiveRoom {
  private readonly offers = new Map<string, NodeOffer>();
  private readonly nodeKeysByName = new Map<string, Set<string>>();
  private readonly used = new Map<string, Resources>();
  private readonly usage = new Map<string, Usage>();
  private readonly watches = new Map<string, AskWatch>();
  private readonly watchOf = new Map<string, string>();

  /** `changed` is told the key of each Deployment whose RoomFit changed. */
  constructor(private readonly changed: (deploymentKey: string) => void) {}

  clear(): void {
    for (const m of [this.offers, this.nodeKeysByName, this.used, this.usage, this.watches, this.watchOf]) m.clear();
  }

  /** Takes an event's object of any namespace (`next` undefined: deleted); false when `kind` is not one it keeps. */
  take(kind: Kind, key: string, next: RawObject | undefined): boolean {
    if (kind === "Pod") this.pod(key, filedAs(kind, next));
    else if (kind === "Node") this.node(key, filedAs(kind, next));
    else return false;
    return true;
  }

  /** The RoomFit of Deployment `key` (watching it from now on); undefined while no Node is known. */
  fit(key: string, d: RawDeployment): RoomFit | undefined {
    const ask = podAsk(d.spec?.template?.spec);
    const signature = JSON.stringify(ask);
    if (this.watchOf.get(key) !== signature) {
      this.forget(key);
      let w = this.watches.get(signature);
      if (!w) this.watches.set(signature, (w = this.newWatch(ask)));
      w.deployments.add(key);
      this.watchOf.set(key, signature);
    }
    const w = this.watches.get(signature) as AskWatch;
    return this.offers.size > 0 ? summary(w) : undefined;
  }

  /** Stops watching Deployment `key` (it is deleted, or about to be recomputed). */
  forget(key: string): void {
    const signature = this.watchOf.get(key);
    if (signature === undefined) return;
    this.watchOf.delete(key);
    const w = this.watches.get(signature);
    w?.deployments.delete(key);
    if (w?.deployments.size === 0) this.watches.delete(signature);
  }

  private newWatch(ask: PodAsk): AskWatch {
    const keys = requestedKeys(ask.requests);
    const w: AskWatch = { ask, keys, deployments: new Set(), flags: new Map(), roomy: keys.map(() => 0), fitting: 0 };
    for (const [nodeKey, offer] of this.offers) this.setFlags(w, nodeKey, this.flagsOf(w, offer));
    return w;
  }

  private pod(key: string, next: RawPod | undefined): void {
    const before = this.usage.get(key);
    const after = next ? podUsage(next) : undefined;
    if (sameUsage(before, after)) return;
    if (before) addTo(this.used, before, -1);
    if (after) addTo(this.used, after, 1);
    if (after) this.usage.set(key, after);
    else this.usage.delete(key);
    for (const name of new Set([before?.node, after?.node])) {
      if (name === undefined) continue;
      for (const nodeKey of this.nodeKeysByName.get(name) ?? []) this.refresh(nodeKey);
    }
  }

  private node(key: string, next: RawNode | undefined): void {
    const known = this.offers.size > 0;
    const before = this.offers.get(key);
    if (before) this.nodeKeysByName.get(before.name)?.delete(key);
    if (next) {
      const offer = nodeOffer(next);
      this.offers.set(key, offer);
      let keys = this.nodeKeysByName.get(offer.name);
      if (!keys) this.nodeKeysByName.set(offer.name, (keys = new Set()));
      keys.add(key);
    } else this.offers.delete(key);
    this.refresh(key);
    // From "capacity unknown" to known, or back: every watched Deployment's answer changes.
    if (known !== this.offers.size > 0) for (const w of this.watches.values()) for (const d of w.deployments) this.changed(d);
  }

  /** Re-reads node `nodeKey`'s free room against every watched ask. */
  private refresh(nodeKey: string): void {
    const offer = this.offers.get(nodeKey);
    const free = offer ? freeRoom(offer, this.used.get(offer.name)) : undefined;
    for (const w of this.watches.values()) {
      const before = summaryKey(w);
      this.setFlags(w, nodeKey, offer && free ? this.flagsOf(w, offer, free) : undefined);
      if (summaryKey(w) !== before) for (const d of w.deployments) this.changed(d);
    }
  }

  private flagsOf(w: AskWatch, offer: NodeOffer, free = freeRoom(offer, this.used.get(offer.name))): boolean[] | undefined {
    return admits(offer, w.ask) ? fitFlags(free, w.ask.requests, w.keys) : undefined;
  }

  private setFlags(w: AskWatch, nodeKey: string, flags: boolean[] | undefined): void {
    const old = w.flags.get(nodeKey);
    if (old) {
      old.forEach((f, i) => (w.roomy[i] = (w.roomy[i] ?? 0) - (f ? 1 : 0)));
      if (old.every(Boolean)) w.fitting--;
      w.flags.delete(nodeKey);
    }
    if (flags) {
      flags.forEach((f, i) => (w.roomy[i] = (w.roomy[i] ?? 0) + (f ? 1 : 0)));
      if (flags.every(Boolean)) w.fitting++;
      w.flags.set(nodeKey, flags);
    }
  }
}
