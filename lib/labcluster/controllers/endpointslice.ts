import type { Clock } from "../clock";
import type { Store } from "../store";
import type { KObj, StoreEvent } from "../types";
import { endpointPorts, hasSelector, podIPv4, selectedPods, shouldPodBeInEndpoints } from "./endpoint-ports";
import { canonicalJson, randomSuffix } from "./hash";
import { DISCOVERY, ENDPOINTSLICES, keyOf, PODS, SERVICES, splitKey } from "./objects";
import { isPodReady } from "./pods";
import { rfc3339Nano, TriggerTimeTracker } from "./trigger-time";
import type { Queue, Reconciler } from "./workqueue";
import { asStored, STORE, type Pod, type Service } from "../kinds";

export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";
export const MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
export const MANAGED_BY = "endpointslice-controller.k8s.io";
const MAX_ENDPOINTS_PER_SLICE = 100;
const ZONE_LABEL = "topology.kubernetes.io/zone";
const TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";

interface Endpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  nodeName?: string;
  zone?: string;
  targetRef: { kind: "Pod"; namespace: string; name: string; uid: string };
}

/**
 * The EndpointSlice controller (staging/src/k8s.io/endpointslice) for IPv4: one group of slices
 * per distinct resolved port list, at most 100 endpoints per slice. Terminating pods stay with
 * terminating=true; ready = publishNotReadyAddresses || (serving && !terminating).
 */
export class EndpointSliceController implements Reconciler {
  readonly name = "endpointslice";
  private readonly triggerTimes = new TriggerTimeTracker();
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  initialKeys(): string[] {
    return this.store.list(STORE.services).map(keyOf);
  }

  onEvent(ev: StoreEvent, queue: Queue): void {
    if (ev.storage === SERVICES) return queue.add(keyOf(ev.object));
    const ns = ev.object.metadata.namespace ?? "";
    if (ev.storage === ENDPOINTSLICES) {
      const svc = ev.object.metadata.labels?.[SERVICE_NAME_LABEL];
      if (svc && ev.object.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY) queue.add(`${ns}/${svc}`);
      return;
    }
    if (ev.storage !== PODS) return;
    for (const svc of this.store.list(STORE.services, ns)) {
      if (!hasSelector(svc)) continue;
      const sel = svc.spec.selector as Record<string, string>;
      if ([ev.old, ev.object].some((p) => p && selectedPods([asStored(STORE.pods, p)], sel).length > 0)) queue.add(keyOf(svc));
    }
  }

  sync(key: string, queue: Queue): void {
    const { namespace, name } = splitKey(key);
    const svc = this.store.get(STORE.services, namespace, name);
    const existing = this.store
      .list(ENDPOINTSLICES, namespace)
      .filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === name && s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY);
    // A deleted Service's slices go with it (garbage collector, via their ownerReference).
    if (!svc) this.triggerTimes.delete(key);
    if (!svc || svc.metadata.deletionTimestamp || !hasSelector(svc)) return;
    const triggerTime = this.triggerTimes.compute(key, svc, selectedPods(this.store.list(STORE.pods, namespace), svc.spec.selector));

    const groups = new Map<string, { ports: unknown[]; endpoints: Endpoint[] }>();
    const pods = selectedPods(this.store.list(STORE.pods, namespace), svc.spec.selector).filter((p) => shouldPodBeInEndpoints(p, true));
    let missingNode = false;
    for (const pod of pods) {
      const ip = podIPv4(pod);
      if (!ip) continue;
      // A pod on a Node that does not exist is left out (unless publishNotReadyAddresses) and
      // the Service is tried again later, as the real reconciler does.
      if (!this.store.get(STORE.nodes, undefined, pod.spec?.nodeName ?? "") && !svc.spec?.publishNotReadyAddresses) {
        missingNode = true;
        continue;
      }
      const ports = endpointPorts(svc, pod);
      const k = canonicalJson(ports);
      if (!groups.has(k)) groups.set(k, { ports, endpoints: [] });
      groups.get(k)!.endpoints.push(this.endpointFor(svc, pod, ip));
    }
    // A Service that selects nothing still gets one empty slice, with its ports unresolved.
    if (groups.size === 0) groups.set("[]", { ports: [], endpoints: [] });

    const desired: { ports: unknown[]; endpoints: Endpoint[] }[] = [];
    for (const g of groups.values()) {
      g.endpoints.sort((a, b) => (a.targetRef.name < b.targetRef.name ? -1 : 1));
      for (let i = 0; i < Math.max(1, g.endpoints.length); i += MAX_ENDPOINTS_PER_SLICE) {
        desired.push({ ports: g.ports, endpoints: g.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
      }
    }
    // Slices of an earlier Service of the same name are not ours to reuse.
    const owned = existing.filter((sl) =>
      (sl.metadata.ownerReferences ?? []).some((r) => r.uid === svc.metadata.uid && r.kind === "Service"),
    );
    for (const stale of existing) if (!owned.includes(stale)) this.store.remove(ENDPOINTSLICES, DISCOVERY, namespace, stale.metadata.name!);
    const unused = [...owned].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    for (const want of desired) {
      // Reuse a slice that already carries these ports, else any spare one.
      let idx = unused.findIndex((s) => canonicalJson(s.ports ?? []) === canonicalJson(want.ports));
      if (idx < 0) idx = unused.length ? 0 : -1;
      const slice = idx >= 0 ? unused.splice(idx, 1)[0] : undefined;
      this.write(svc, slice, want.ports, want.endpoints, triggerTime);
    }
    for (const extra of unused) this.store.remove(ENDPOINTSLICES, DISCOVERY, namespace, extra.metadata.name!);
    if (missingNode) queue.addAfter(key, 5000);
  }

  private endpointFor(svc: Service, pod: Pod, ip: string): Endpoint {
    const serving = isPodReady(pod);
    const terminating = !!pod.metadata.deletionTimestamp;
    const nodeName: string | undefined = pod.spec?.nodeName || undefined;
    const zone = nodeName ? this.store.get(STORE.nodes, undefined, nodeName)?.metadata.labels?.[ZONE_LABEL] : undefined;
    return {
      addresses: [ip],
      conditions: { ready: !!svc.spec?.publishNotReadyAddresses || (serving && !terminating), serving, terminating },
      ...(nodeName ? { nodeName } : {}),
      targetRef: { kind: "Pod", namespace: pod.metadata.namespace ?? "", name: pod.metadata.name!, uid: pod.metadata.uid! },
      ...(zone ? { zone } : {}),
    };
  }

  private write(svc: Service, slice: KObj | undefined, ports: unknown[], endpoints: Endpoint[], triggerTime: number | undefined): void {
    const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
    delete labels[SERVICE_NAME_LABEL];
    delete labels[MANAGED_BY_LABEL];
    labels[SERVICE_NAME_LABEL] = svc.metadata.name!;
    labels[MANAGED_BY_LABEL] = MANAGED_BY;
    // isServiceIPSet: no cluster IP (None or empty) means headless.
    if (svc.spec?.clusterIP === "None" || !svc.spec?.clusterIP) labels["service.kubernetes.io/headless"] = "";
    const body = { addressType: "IPv4", endpoints, ports };
    if (
      slice &&
      canonicalJson(slice.metadata.labels) === canonicalJson(labels) &&
      canonicalJson({ addressType: slice.addressType, endpoints: slice.endpoints ?? [], ports: slice.ports ?? [] }) === canonicalJson(body)
    )
      return;
    // addTriggerTimeAnnotation: set to the trigger time, or removed when there is none; an empty
    // annotation map is not on the wire.
    const annotations: Record<string, string> = { ...(slice?.metadata.annotations ?? {}) };
    if (triggerTime !== undefined) annotations[TRIGGER_TIME] = rfc3339Nano(triggerTime);
    else delete annotations[TRIGGER_TIME];
    const withAnnotations = Object.keys(annotations).length ? { annotations } : {};
    if (slice) {
      const metadata = { ...slice.metadata, labels };
      delete metadata.annotations;
      this.store.update(ENDPOINTSLICES, DISCOVERY, { ...slice, metadata: { ...metadata, ...withAnnotations }, ...body });
      return;
    }
    const base = `${svc.metadata.name}-`;
    let name = base + randomSuffix();
    while (this.store.get(ENDPOINTSLICES, svc.metadata.namespace, name)) name = base + randomSuffix();
    this.store.create(ENDPOINTSLICES, DISCOVERY, {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: {
        name,
        generateName: base,
        namespace: svc.metadata.namespace,
        generation: 1,
        labels,
        ...withAnnotations,
        ownerReferences: [
          {
            apiVersion: "v1",
            kind: "Service",
            name: svc.metadata.name!,
            uid: svc.metadata.uid!,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      ...body,
    });
  }
}
