/**
 * trafficView: where one Service sends traffic. Ready endpoints (EndpointSlices, else legacy
 * Endpoints) grouped by Deployment → revision → colour/track/version label, each with its share,
 * and the traffic pattern those groups form (ROLLOUT-SPEC §9, LAB-BRIEF blue-green / canary).
 */
import { findByName, findByUid, inNamespace, selectByLabels, slicesOf } from "./objectIndex";
import { isRecord, records, serviceSelector, strings, templateLabels } from "./wire";
import { compareStrings, controllerRef, LABEL_POD_TEMPLATE_HASH, revisionOf, selectorMatches, type RawObject } from "./raw";
import type { RawDeployment, RawEndpoints, RawEndpointSlice, RawPod, RawReplicaSet, RawService } from "./rawKinds";
import { templateVersion } from "./templates";
import type { BackendView, ColourSwitch, ServiceView, SwitchOption, TrafficPattern } from "./types";

/** Label keys that tell backends apart, most specific first. */
export const TRACK_LABEL_KEYS = ["color", "colour", "track", "version", "app.kubernetes.io/version"] as const;
/** Keys whose presence in a selector signals a blue-green switch. */
export const COLOUR_LABEL_KEYS = ["color", "colour"] as const;

/** A canary is at most this share of ready endpoints ("one much smaller", 9+1 → 0.1). */
export const CANARY_MAX_SHARE = 0.34;

interface EndpointState {
  podUid?: string;
  podName?: string;
  ready: boolean;
  terminating: boolean;
}

/**
 * The endpoints of a Service, deduplicated by pod (dual-stack Services have one slice per
 * address family). EndpointSlice `conditions.ready` unset means ready (discovery/v1 API docs).
 */
export function serviceEndpoints(
  service: RawService,
  endpointSlices: readonly RawEndpointSlice[],
  endpoints: readonly RawEndpoints[],
): { source: ServiceView["endpointSource"]; items: EndpointState[] } {
  const ns = service.metadata.namespace;
  const name = service.metadata.name;
  const slices = slicesOf(endpointSlices, ns ?? "", name ?? "");
  if (slices.length > 0) {
    const seen = new Map<string, EndpointState>();
    for (const slice of slices) {
      for (const ep of records(slice.endpoints)) {
        const ref = targetRef(ep.targetRef);
        const conditions = isRecord(ep.conditions) ? ep.conditions : {};
        const key = ref.uid ?? ref.name ?? strings(ep.addresses)[0] ?? "";
        if (seen.has(key)) continue;
        seen.set(key, {
          podUid: ref.uid,
          podName: ref.name,
          ready: conditions.ready !== false,
          terminating: conditions.terminating === true,
        });
      }
    }
    return { source: "EndpointSlice", items: [...seen.values()] };
  }
  const legacy = findByName(endpoints, ns ?? "", name ?? "");
  if (!legacy) return { source: "none", items: [] };
  const items: EndpointState[] = [];
  for (const s of records(legacy.subsets)) {
    for (const a of records(s.addresses)) items.push({ ...podRef(a), ready: true, terminating: false });
    for (const a of records(s.notReadyAddresses)) items.push({ ...podRef(a), ready: false, terminating: false });
  }
  return { source: "Endpoints", items };
}

function targetRef(v: unknown): { uid?: string; name?: string } {
  if (!isRecord(v)) return {};
  return { uid: typeof v.uid === "string" ? v.uid : undefined, name: typeof v.name === "string" ? v.name : undefined };
}

function podRef(address: Record<string, unknown>): { podUid?: string; podName?: string } {
  const ref = targetRef(address.targetRef);
  return { podUid: ref.uid, podName: ref.name };
}

/** Where a pod comes from: its ReplicaSet, that RS's Deployment and revision. */
export interface PodOrigin {
  replicaSet?: RawReplicaSet;
  deployment?: RawDeployment;
}

/** Resolves pod → RS → Deployment through controller ownerReferences. */
export function podOrigin(pod: RawPod, deployments: readonly RawDeployment[], replicaSets: readonly RawReplicaSet[]): PodOrigin {
  const rsRef = controllerRef(pod);
  const ns = pod.metadata.namespace ?? "";
  const rs = rsRef?.kind === "ReplicaSet" ? findOwner(replicaSets, ns, rsRef) : undefined;
  const dRef = rs ? controllerRef(rs) : undefined;
  const deployment = dRef?.kind === "Deployment" ? findOwner(deployments, ns, dRef) : undefined;
  return { replicaSet: rs, deployment };
}

/** The owner a reference names: by uid, or by name for hand-written objects without uids. */
function findOwner<T extends RawObject>(list: readonly T[], ns: string, ref: { uid?: string; name: string }): T | undefined {
  const byUid = ref.uid ? findByUid(list, ref.uid) : undefined;
  if (byUid) return byUid;
  const byName = findByName(list, ns, ref.name);
  return byName && !byName.metadata.uid ? byName : undefined;
}

/** The first track-like label key the pods carry with at least one value, preferring keys that differ. */
function pickLabelKey(pods: readonly RawObject[]): string | undefined {
  const present = TRACK_LABEL_KEYS.filter((k) => pods.some((p) => p.metadata.labels?.[k] !== undefined));
  const differing = present.find((k) => new Set(pods.map((p) => p.metadata.labels?.[k])).size > 1);
  return differing ?? present[0];
}

/**
 * Builds the view of one Service. `pods`, `deployments`, `replicaSets`, `endpointSlices`,
 * `endpoints` may contain objects of other namespaces and Services; only related ones are used.
 */
export function trafficView(
  service: RawService,
  endpointSlices: readonly RawEndpointSlice[],
  endpoints: readonly RawEndpoints[],
  pods: readonly RawPod[],
  deployments: readonly RawDeployment[],
  replicaSets: readonly RawReplicaSet[],
): ServiceView {
  const ns = service.metadata.namespace ?? "";
  const selector = serviceSelector(service);
  const matched = selectByLabels(pods, ns, selector);
  const { source, items } = serviceEndpoints(service, endpointSlices, endpoints);
  const podFor = (e: EndpointState): RawPod | undefined => {
    const p = e.podUid ? findByUid(pods, e.podUid) : e.podName ? findByName(pods, ns, e.podName) : undefined;
    return p?.metadata.namespace === ns ? p : undefined;
  };
  const ready = items.filter((e) => e.ready);
  const labelKey = pickLabelKey(matched);

  const groups = new Map<string, BackendView>();
  const groupOf = (pod: RawPod | undefined): BackendView => {
    const origin = pod ? podOrigin(pod, deployments, replicaSets) : {};
    const label = labelKey ? pod?.metadata.labels?.[labelKey] : undefined;
    const key = `${origin.deployment?.metadata.name ?? ""}|${origin.replicaSet?.metadata.name ?? pod?.metadata.labels?.[LABEL_POD_TEMPLATE_HASH] ?? ""}|${label ?? ""}`;
    let g = groups.get(key);
    if (!g) {
      g = { readyEndpoints: 0, share: 0 };
      if (origin.deployment?.metadata.name) g.deployment = origin.deployment.metadata.name;
      if (origin.replicaSet) {
        g.replicaSet = origin.replicaSet.metadata.name;
        const rev = revisionOf(origin.replicaSet);
        if (rev > 0) g.revision = rev;
        const version = templateVersion(origin.replicaSet.spec?.template);
        if (version !== undefined) g.version = version;
      }
      if (label !== undefined && labelKey) {
        g.label = label;
        g.labelKey = labelKey;
      }
      groups.set(key, g);
    }
    return g;
  };
  for (const p of matched) groupOf(p);
  for (const e of ready) groupOf(podFor(e)).readyEndpoints += 1;
  const backends = [...groups.values()].filter((g) => g.readyEndpoints > 0 || g.deployment || g.replicaSet);
  for (const g of backends) g.share = ready.length > 0 ? g.readyEndpoints / ready.length : 0;
  backends.sort(
    (a, b) =>
      b.readyEndpoints - a.readyEndpoints ||
      compareStrings(a.deployment ?? "", b.deployment ?? "") ||
      (a.revision ?? 0) - (b.revision ?? 0),
  );

  const nsDeployments = inNamespace(deployments, ns);
  const pattern = trafficPattern(selector, backends, nsDeployments);
  const warnings: string[] = [];
  if (Object.keys(selector).length > 0 && matched.length === 0) warnings.push(`selector ${selectorText(selector)} matches no pod`);
  const versions = servingVersions(backends);
  if (versions.length > 1) warnings.push(`ready endpoints serve ${versions.length} versions: ${versions.join(", ")}`);

  return {
    uid: service.metadata.uid ?? `${ns}/${service.metadata.name ?? ""}`,
    name: service.metadata.name ?? "",
    namespace: ns,
    type: typeof service.spec?.type === "string" ? service.spec.type : "ClusterIP",
    selector,
    ports: servicePorts(service),
    matchedPods: matched.length,
    readyEndpoints: ready.length,
    notReadyEndpoints: items.filter((e) => !e.ready && !e.terminating).length,
    terminatingEndpoints: items.filter((e) => e.terminating).length,
    backends,
    pattern,
    warnings,
    endpointSource: source,
    ...switchOf(selector, nsDeployments),
  };
}

function switchOf(selector: Record<string, string>, nsDeployments: readonly RawDeployment[]): { colourSwitch?: ColourSwitch } {
  const sw = colourSwitch(selector, nsDeployments);
  return sw ? { colourSwitch: sw } : {};
}

/** Distinct versions among backends with ready endpoints (version env, else label, else revision). */
export function servingVersions(backends: readonly BackendView[]): string[] {
  const out = new Set<string>();
  for (const b of backends) {
    if (b.readyEndpoints === 0) continue;
    out.add(
      b.version ?? b.label ?? (b.revision !== undefined ? `${b.deployment ?? ""} revision ${b.revision}` : (b.replicaSet ?? "unknown")),
    );
  }
  return [...out].sort();
}

/** "app=inference,color=blue" */
export function selectorText(selector: Record<string, string>): string {
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}

/**
 * Deployments in the namespace that a colour switch on this Service would choose between: their
 * template labels match the selector on every key but the colour key, and differ on it. Also
 * found when the selector lacks the colour key altogether (a broken cut serving both colours):
 * adding the key is then the switch.
 */
export function colourSiblings(
  selector: Record<string, string>,
  deployments: readonly RawDeployment[],
): { key: string; deployments: RawDeployment[] } | undefined {
  if (Object.keys(selector).length === 0) return undefined;
  for (const key of COLOUR_LABEL_KEYS) {
    const rest = Object.fromEntries(Object.entries(selector).filter(([k]) => k !== key));
    const candidates = deployments.filter((d) => {
      const labels = templateLabels(d);
      return labels[key] !== undefined && (Object.keys(rest).length === 0 || selectorMatches(rest, labels));
    });
    const values = new Set(candidates.map((d) => templateLabels(d)[key]));
    if (values.size > 1) return { key, deployments: candidates };
  }
  return undefined;
}

/** The colours a blue-green Service can point at (colourSiblings), with their Deployments, sorted by colour. */
export function colourSwitch(selector: Record<string, string>, nsDeployments: readonly RawDeployment[]): ColourSwitch | undefined {
  const sib = colourSiblings(selector, nsDeployments);
  if (!sib) return undefined;
  const byColour = new Map<string, SwitchOption>();
  for (const d of sib.deployments) {
    const colour = templateLabels(d)[sib.key];
    const opt = byColour.get(colour) ?? { colour, deployments: [], readyPods: 0 };
    opt.deployments.push(d.metadata.name ?? "");
    const ready: unknown = d.status?.readyReplicas;
    opt.readyPods += typeof ready === "number" ? ready : 0;
    const version = templateVersion(d.spec?.template);
    if (version && !opt.version) opt.version = version;
    byColour.set(colour, opt);
  }
  return { key: sib.key, options: [...byColour.values()].sort((a, b) => compareStrings(a.colour, b.colour)) };
}

/** spec.ports of a Service as the view shows them (targetPort defaults to port). */
export function servicePorts(service: RawService): ServiceView["ports"] {
  return records(service.spec?.ports)
    .filter((p) => typeof p.port === "number")
    .map((p) => {
      const target = typeof p.targetPort === "number" || typeof p.targetPort === "string" ? p.targetPort : (p.port as number);
      const port: ServiceView["ports"][number] = {
        port: p.port as number,
        targetPort: target,
        protocol: typeof p.protocol === "string" ? p.protocol : "TCP",
      };
      if (typeof p.name === "string" && p.name) port.name = p.name;
      return port;
    });
}

/** Colour label values (color/colour keys) among backends. */
export function servingColours(backends: readonly BackendView[]): Set<string> {
  return new Set(
    backends
      .filter((b) => b.labelKey && (COLOUR_LABEL_KEYS as readonly string[]).includes(b.labelKey) && b.label)
      .map((b) => b.label as string),
  );
}

/**
 * Classifies how a Service's traffic is split. blue-green: the selector carries a colour key
 * and Deployments differ by it (or two colours serve at once: a broken cut, still blue-green by
 * intent); canary: two or more Deployments serve, not told apart by colour; rolling: one
 * Deployment, two revisions serving; single: one revision; none: no ready endpoint.
 */
export function trafficPattern(
  selector: Record<string, string>,
  backends: readonly BackendView[],
  nsDeployments: readonly RawDeployment[],
): TrafficPattern {
  const serving = backends.filter((b) => b.readyEndpoints > 0);
  if (colourSiblings(selector, nsDeployments)) return "blue-green";
  if (serving.length === 0) return "none";
  const deployments = new Set(serving.map((b) => b.deployment ?? b.replicaSet ?? ""));
  if (deployments.size >= 2) return servingColours(serving).size >= 2 ? "blue-green" : "canary";
  const revisions = new Set(serving.map((b) => b.revision ?? b.replicaSet));
  return revisions.size >= 2 ? "rolling" : "single";
}
