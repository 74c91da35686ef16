/**
 * Builders of apiserver-shaped Service, EndpointSlice, Endpoints and Event objects for tests
 * and the hand-made fixtures (see objects.ts for workloads).
 */
import type { RawObject } from "../../../lib/model/raw";
import type { RawEndpoints, RawEndpointSlice, RawEvent, RawPod, RawService } from "../../../lib/model/rawKinds";
import { ago, nextRv, uid } from "./ids";

export interface ServiceOpts {
  name: string;
  namespace?: string;
  selector: Record<string, string>;
  targetPort?: number | string;
}

/** A v1 ClusterIP Service. */
export function service(o: ServiceOpts): RawService {
  const ns = o.namespace ?? "rollscope-lab";
  return {
    kind: "Service",
    apiVersion: "v1",
    metadata: {
      name: o.name,
      namespace: ns,
      uid: uid(`svc/${ns}/${o.name}`),
      resourceVersion: nextRv(),
      creationTimestamp: ago(3600),
      labels: { app: o.name },
    },
    spec: {
      ports: [{ name: "http", protocol: "TCP", port: 80, targetPort: o.targetPort ?? 8080 }],
      selector: o.selector,
      clusterIP: "10.96.120.15",
      clusterIPs: ["10.96.120.15"],
      type: "ClusterIP",
      sessionAffinity: "None",
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      internalTrafficPolicy: "Cluster",
    },
    status: { loadBalancer: {} },
  };
}

/** A discovery.k8s.io/v1 EndpointSlice for `svc` listing `pods` the way the controller does (§9). */
export function endpointSlice(svc: RawService, pods: readonly RawPod[], port = 8080): RawEndpointSlice {
  const ns = svc.metadata.namespace ?? "";
  const name = `${svc.metadata.name}-x7k2p`;
  const listed = pods.filter((p) => p.status?.podIP && p.status?.phase !== "Failed" && p.status?.phase !== "Succeeded");
  return {
    kind: "EndpointSlice",
    apiVersion: "discovery.k8s.io/v1",
    metadata: {
      name,
      generateName: `${svc.metadata.name}-`,
      namespace: ns,
      uid: uid(`eps/${ns}/${name}`),
      resourceVersion: nextRv(),
      creationTimestamp: ago(3600),
      labels: {
        "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
        "kubernetes.io/service-name": svc.metadata.name ?? "",
      },
      ownerReferences: [
        {
          apiVersion: "v1",
          kind: "Service",
          name: svc.metadata.name ?? "",
          uid: svc.metadata.uid ?? "",
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      annotations: { "endpoints.kubernetes.io/last-change-trigger-time": ago(5) },
    },
    addressType: "IPv4",
    endpoints: listed.map((p) => {
      const serving =
        (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True") ||
        (p.metadata.deletionTimestamp !== undefined && p.status?.containerStatuses?.[0]?.state?.running !== undefined);
      const terminating = p.metadata.deletionTimestamp !== undefined;
      return {
        addresses: [p.status?.podIP ?? ""],
        conditions: { ready: serving && !terminating, serving, terminating },
        targetRef: { kind: "Pod", namespace: ns, name: p.metadata.name, uid: p.metadata.uid },
        nodeName: p.spec?.nodeName,
      };
    }),
    ports: [{ name: "http", protocol: "TCP", port }],
  };
}

/** A legacy v1 Endpoints object for `svc` (§9: terminating pods dropped). */
export function endpoints(svc: RawService, pods: readonly RawPod[], port = 8080): RawEndpoints {
  const live = pods.filter((p) => p.status?.podIP && !p.metadata.deletionTimestamp);
  const isReady = (p: RawPod): boolean => (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
  const addr = (p: RawPod): Record<string, unknown> => ({
    ip: p.status?.podIP,
    nodeName: p.spec?.nodeName,
    targetRef: { kind: "Pod", namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid },
  });
  const subset: Record<string, unknown> = { ports: [{ name: "http", port, protocol: "TCP" }] };
  const ready = live.filter(isReady).map(addr);
  const notReady = live.filter((p) => !isReady(p)).map(addr);
  if (ready.length) subset.addresses = ready;
  if (notReady.length) subset.notReadyAddresses = notReady;
  return {
    kind: "Endpoints",
    apiVersion: "v1",
    metadata: {
      name: svc.metadata.name,
      namespace: svc.metadata.namespace,
      uid: uid(`ep/${svc.metadata.namespace}/${svc.metadata.name}`),
      resourceVersion: nextRv(),
      creationTimestamp: ago(3600),
      labels: { app: svc.metadata.name ?? "" },
    },
    subsets: live.length ? [subset] : [],
  };
}

/** A core v1 Event about `obj`. */
export function event(
  obj: RawObject,
  reason: string,
  message: string,
  o: { type?: "Normal" | "Warning"; count?: number; firstAgo: number; lastAgo: number; component?: string },
): RawEvent {
  const ns = obj.metadata.namespace ?? "";
  const name = `${obj.metadata.name}.${uid(reason + message).slice(0, 8)}`;
  return {
    kind: "Event",
    apiVersion: "v1",
    metadata: { name, namespace: ns, uid: uid(`ev/${name}`), resourceVersion: nextRv(), creationTimestamp: ago(o.firstAgo) },
    involvedObject: {
      kind: obj.kind,
      namespace: ns,
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      apiVersion: obj.apiVersion,
      resourceVersion: obj.metadata.resourceVersion,
    },
    reason,
    message,
    source: {
      component: o.component ?? (obj.kind === "Pod" ? "kubelet" : "deployment-controller"),
      host: obj.kind === "Pod" ? "lab-node-1" : undefined,
    },
    firstTimestamp: ago(o.firstAgo),
    lastTimestamp: ago(o.lastAgo),
    count: o.count ?? 1,
    type: o.type ?? "Normal",
    eventTime: null,
    reportingComponent: o.component ?? (obj.kind === "Pod" ? "kubelet" : "deployment-controller"),
    reportingInstance: "",
  };
}
