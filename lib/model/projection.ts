/**
 * The declared projection per kind: exactly the fields lib/model (views), lib/diagnose (findings,
 * triage), lib/timeline (timeline, report, diff, transitions) and lib/labs read. The hub keeps
 * and sends projections instead of whole objects: a pod shrinks from ~2.9 KB to a few hundred
 * bytes. lib/kube/projection.test.ts proves views, findings and reports are unchanged.
 *
 * Adding a reader of a new field means adding the field here; the equality test fails otherwise
 * on the fixtures that exercise it.
 */
import { ANN_LAST_APPLIED, ANN_POD_DELETION_COST, type Kind, type RawObject } from "./raw";

const EACH = Symbol("each");
const WHERE = Symbol("where");
const SHARED = Symbol("shared");

/** `true` keeps the whole subtree; a record keeps the named keys; `listOf` shapes each item; `shared` interns. */
export type Shape = true | ListShape | SharedShape | { readonly [key: string]: Shape };

export interface SharedShape {
  readonly [SHARED]: Shape;
}

/**
 * A subtree that many objects hold equal (the containers of one ReplicaSet's pods, their labels
 * and owner): a projector keeps one copy of each distinct value and hands it to every object
 * that has it, so 30,000 pods hold a few hundred container lists, not 30,000. A shared string
 * (a timestamp, a node name, a condition's reason) is interned the same way: JSON.parse gives
 * every pod its own copy of "2026-12-03T16:25:42Z".
 */
export function shared(inner: Shape): SharedShape {
  return { [SHARED]: inner };
}

export interface ListShape {
  readonly [EACH]: Shape;
  readonly [WHERE]?: (item: Record<string, unknown>) => boolean;
}

/** Every item of a list shaped by `each`; with `where`, only the items it accepts. */
export function listOf(each: Shape, where?: (item: Record<string, unknown>) => boolean): ListShape {
  return where ? { [EACH]: each, [WHERE]: where } : { [EACH]: each };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isList = (s: Shape): s is ListShape => typeof s === "object" && EACH in s;
const isShared = (s: Shape): s is SharedShape => typeof s === "object" && SHARED in s;

/** Distinct values of shared subtrees (by their JSON) and strings; dropped whole when one grows past MAX_INTERNED. */
interface Interned {
  values: Map<string, unknown>;
  strings: Map<string, string>;
}
const MAX_INTERNED = 20_000;

const ownerReference: Shape = { apiVersion: true, kind: true, name: true, uid: true, controller: true };
const baseMeta = {
  name: true,
  namespace: true,
  uid: true,
  resourceVersion: true,
  generation: true,
  creationTimestamp: true,
  deletionTimestamp: true,
  labels: true,
  ownerReferences: listOf(ownerReference),
} as const;

/** Pod conditions a reader looks up (podCondition, transitions): Ready and PodScheduled. */
const READ_POD_CONDITIONS = new Set(["Ready", "PodScheduled"]);

/** A string many objects repeat. */
const S = shared(true);
/** A pod condition: every field is one of few values across a cluster's pods. */
const podCondition: Shape = { type: S, status: S, reason: S, message: S, lastTransitionTime: S };

/**
 * Deployments and ReplicaSets are few (one per hundred pods or so), so they stay whole but for
 * managedFields and kubectl's last-applied copy : spec and status whole
 * (FindNewReplicaSet compares templates), annotations whole (revision, change-cause, and any a
 * user checks for in tests of the hub).
 */
const workload: Shape = { kind: true, apiVersion: true, metadata: { ...baseMeta, annotations: true }, spec: true, status: true };

const podShape = (extraAnnotations: readonly string[]): Shape => ({
  kind: true,
  apiVersion: true,
  metadata: {
    ...baseMeta,
    namespace: S,
    creationTimestamp: S,
    labels: shared(true),
    ownerReferences: shared(listOf(ownerReference)),
    annotations: Object.fromEntries([ANN_POD_DELETION_COST, ...extraAnnotations].map((a) => [a, true])),
  },
  spec: {
    nodeName: S,
    containers: shared(listOf({ name: true, image: true, ports: true, readinessProbe: true, resources: true })),
    // The room a pod holds on its node (lib/diagnose/capacity.ts podRequests): the larger of the
    // init containers' and the sum of the containers' requests.
    initContainers: shared(listOf({ resources: true })),
  },
  status: {
    phase: S,
    reason: S,
    podIP: true,
    conditions: listOf(podCondition, (c) => READ_POD_CONDITIONS.has(c.type as string)),
    containerStatuses: listOf({ name: S, ready: true, restartCount: true, state: shared(true), lastState: { terminated: shared(true) } }),
  },
});

/** An endpoint's pod: serviceEndpoints matches it by uid, else by name. */
const endpointTarget: Shape = { name: true, uid: true };
const involvedObject: Shape = { kind: true, namespace: true, name: true, uid: true };

const SHAPES: Record<Exclude<Kind, "Pod">, Shape> = {
  Deployment: workload,
  ReplicaSet: workload,
  Service: { kind: true, apiVersion: true, metadata: baseMeta, spec: { selector: true, ports: true, type: true } },
  EndpointSlice: {
    kind: true,
    apiVersion: true,
    metadata: baseMeta,
    addressType: true,
    endpoints: listOf({ addresses: true, conditions: { ready: true, terminating: true }, targetRef: endpointTarget }),
    ports: true,
  },
  Endpoints: {
    kind: true,
    apiVersion: true,
    metadata: baseMeta,
    subsets: listOf({
      addresses: listOf({ ip: true, targetRef: endpointTarget }),
      notReadyAddresses: listOf({ ip: true, targetRef: endpointTarget }),
      ports: true,
    }),
  },
  // Room on the nodes and disruption budgets (lib/diagnose/capacity.ts, capacityRisks.ts).
  Node: {
    kind: true,
    apiVersion: true,
    metadata: baseMeta,
    spec: { unschedulable: true, taints: listOf({ key: true, value: true, effect: true }) },
    status: { allocatable: true },
  },
  PodDisruptionBudget: {
    kind: true,
    apiVersion: true,
    metadata: baseMeta,
    spec: { selector: true, minAvailable: true, maxUnavailable: true },
    status: { currentHealthy: true, desiredHealthy: true, disruptionsAllowed: true, expectedPods: true },
  },
  Event: {
    kind: true,
    apiVersion: true,
    metadata: baseMeta,
    involvedObject,
    reason: true,
    message: true,
    type: true,
    count: true,
    series: true,
    firstTimestamp: true,
    lastTimestamp: true,
    eventTime: true,
  },
};

export interface ProjectionOptions {
  /**
   * Pod annotations kept besides the ones the views read, e.g. a write timestamp a benchmark or
   * an operator traces end to end (ROLLSCOPE_TRACE_ANNOTATIONS).
   */
  podAnnotations?: readonly string[];
}

/** The declared shape of `kind` (exported for tests and docs). */
export function shapeOf(kind: Kind, opts: ProjectionOptions = {}): Shape {
  return kind === "Pod" ? podShape(opts.podAnnotations ?? []) : SHAPES[kind];
}

/**
 * Objects a projector returned, with the shape they were cut to: projecting one again is a
 * no-op (the hub projects watch events, and list pages were already projected on arrival).
 */
const projected = new WeakMap<object, string>();

/** A projector for one kind: call it on every object of that kind. */
export function projector(kind: Kind, opts: ProjectionOptions = {}): <T extends RawObject>(obj: T) => T {
  const shape = shapeOf(kind, opts);
  const signature = `${kind}|${(opts.podAnnotations ?? []).join(",")}`;
  const workloadKind = kind === "Deployment" || kind === "ReplicaSet";
  const interned: Interned = { values: new Map(), strings: new Map() };
  return <T extends RawObject>(obj: T) => {
    if (projected.get(obj) === signature) return obj;
    if (interned.values.size > MAX_INTERNED) interned.values.clear();
    if (interned.strings.size > MAX_INTERNED) interned.strings.clear();
    const p = project(obj, shape, interned) as T;
    const out = workloadKind ? withoutLastApplied(p) : p;
    if (typeof out === "object" && out !== null) projected.set(out, signature);
    return out;
  };
}

/** kubectl's last-applied-configuration annotation is a second copy of the object: never read. */
function withoutLastApplied<T extends RawObject>(obj: T): T {
  const annotations = obj.metadata?.annotations;
  if (!isRecord(annotations) || !(ANN_LAST_APPLIED in annotations)) return obj;
  const { [ANN_LAST_APPLIED]: _drop, ...rest } = annotations;
  return { ...obj, metadata: { ...obj.metadata, annotations: rest } };
}

/** `obj` cut down to what the readers of `kind` read. Values of an unexpected type pass through whole. */
export function projectObject<T extends RawObject>(kind: Kind, obj: T, opts: ProjectionOptions = {}): T {
  return projector(kind, opts)(obj);
}

function project(value: unknown, shape: Shape, interned: Interned): unknown {
  if (shape === true) return value;
  if (isShared(shape)) {
    const v = project(value, shape[SHARED], interned);
    if (typeof v === "string") {
      const s = interned.strings.get(v);
      if (s !== undefined) return s;
      interned.strings.set(v, v);
      return v;
    }
    if (typeof v !== "object" || v === null) return v;
    const key = JSON.stringify(v);
    const known = interned.values.get(key);
    if (known !== undefined) return known;
    interned.values.set(key, v);
    return v;
  }
  if (isList(shape)) {
    // Readers take only the record items of a list (records()); anything else is kept as it is.
    if (!Array.isArray(value)) return value;
    const where = shape[WHERE];
    const items = where ? value.filter((x) => !isRecord(x) || where(x)) : value;
    return items.map((x) => (isRecord(x) ? project(x, shape[EACH], interned) : x));
  }
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(shape)) {
    const v = value[key];
    if (v !== undefined) out[key] = project(v, sub, interned);
  }
  return out;
}
