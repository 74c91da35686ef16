import type { Clock } from "../clock";
import type { Store } from "../store";
import type { KObj, StoreEvent } from "../types";
import { endpointPorts, hasSelector, podIPv4, selectedPods, shouldPodBeInEndpoints } from "./endpoint-ports";
import { canonicalJson } from "./hash";
import { CORE, ENDPOINTS, keyOf, PODS, SERVICES, splitKey } from "./objects";
import { isPodReady } from "./pods";
import { rfc3339Nano, TriggerTimeTracker } from "./trigger-time";
import type { Queue, Reconciler } from "./workqueue";
import { asStored, STORE } from "../kinds";

const TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";

interface Address {
  ip: string;
  nodeName?: string;
  targetRef: { kind: "Pod"; namespace: string; name: string; uid: string };
}

/**
 * The legacy Endpoints controller (pkg/controller/endpoint/endpoints_controller.go): one
 * Endpoints object named like the Service; Ready pods in `addresses`, others in
 * `notReadyAddresses`, terminating pods dropped unless publishNotReadyAddresses; subsets grouped
 * by resolved ports. Services without a selector are left to their owner.
 */
export class EndpointsController implements Reconciler {
  readonly name = "endpoints";
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
    if (ev.storage === ENDPOINTS) return queue.add(keyOf(ev.object));
    if (ev.storage !== PODS) return;
    for (const svc of this.store.list(STORE.services, ev.object.metadata.namespace)) {
      if (!hasSelector(svc)) continue;
      if ([ev.old, ev.object].some((p) => p && selectedPods([asStored(STORE.pods, p)], svc.spec.selector).length > 0))
        queue.add(keyOf(svc));
    }
  }

  sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const svc = this.store.get(STORE.services, namespace, name);
    const current = this.store.get(ENDPOINTS, namespace, name);
    if (!svc) {
      this.triggerTimes.delete(key);
      // The Service is gone: its Endpoints go too (they carry no ownerReference).
      if (current) this.store.remove(ENDPOINTS, CORE, namespace, name);
      return;
    }
    if (!hasSelector(svc)) return;
    // Computed on every sync, so the tracker's state moves on even when nothing is written.
    const triggerTime = this.triggerTimes.compute(key, svc, selectedPods(this.store.list(STORE.pods, namespace), svc.spec.selector));
    const tolerate = !!svc.spec?.publishNotReadyAddresses;
    const subsets = new Map<string, { ports: unknown[]; addresses: Address[]; notReadyAddresses: Address[] }>();
    for (const pod of selectedPods(this.store.list(STORE.pods, namespace), svc.spec.selector)) {
      if (!shouldPodBeInEndpoints(pod, tolerate)) continue;
      const ip = podIPv4(pod);
      if (!ip) continue;
      const ports = endpointPorts(svc, pod).map((p) => ({
        name: p.name || undefined,
        port: p.port,
        protocol: p.protocol,
        ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
      }));
      // No resolvable port, no address; only a headless Service may list port-less addresses.
      if (ports.length === 0 && ((svc.spec?.ports ?? []).length > 0 || svc.spec?.clusterIP !== "None")) continue;
      const k = canonicalJson(ports);
      if (!subsets.has(k)) subsets.set(k, { ports, addresses: [], notReadyAddresses: [] });
      const addr: Address = {
        ip,
        ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
        targetRef: { kind: "Pod", namespace: pod.metadata.namespace ?? "", name: pod.metadata.name!, uid: pod.metadata.uid! },
      };
      if (tolerate || isPodReady(pod)) subsets.get(k)!.addresses.push(addr);
      else subsets.get(k)!.notReadyAddresses.push(addr);
    }
    const byIp = (a: Address, b: Address) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : a.targetRef.uid < b.targetRef.uid ? -1 : 1);
    const list = [...subsets.values()].map((s) => ({
      ...(s.addresses.length ? { addresses: s.addresses.sort(byIp) } : {}),
      ...(s.notReadyAddresses.length ? { notReadyAddresses: s.notReadyAddresses.sort(byIp) } : {}),
      ports: s.ports,
    }));
    list.sort((a, b) => (canonicalJson(a.ports) < canonicalJson(b.ports) ? -1 : 1));
    const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}), "endpoints.kubernetes.io/managed-by": "endpoint-controller" };
    if (svc.spec?.clusterIP === "None" || !svc.spec?.clusterIP) labels["service.kubernetes.io/headless"] = "";
    const body = list.length ? { subsets: list } : {};
    if (
      current &&
      canonicalJson(current.subsets ?? []) === canonicalJson(body.subsets ?? []) &&
      canonicalJson(current.metadata.labels) === canonicalJson(labels)
    )
      return;
    // The trigger time, or no annotation when nothing moved (endpoints_controller.go syncService).
    const annotations: Record<string, string> = { ...(current?.metadata.annotations ?? {}) };
    if (triggerTime !== undefined) annotations[TRIGGER_TIME] = rfc3339Nano(triggerTime);
    else delete annotations[TRIGGER_TIME];
    const withAnnotations = Object.keys(annotations).length ? { annotations } : {};
    if (current) {
      const metadata = { ...current.metadata, labels };
      delete metadata.annotations;
      const next: KObj = { ...current, metadata: { ...metadata, ...withAnnotations }, ...body };
      if (!list.length) delete next.subsets;
      this.store.update(ENDPOINTS, CORE, next);
      return;
    }
    this.store.create(ENDPOINTS, CORE, {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name, namespace, labels, ...withAnnotations },
      ...body,
    });
  }
}
