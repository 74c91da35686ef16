/**
 * A namespace of healthy Deployments as the apiserver would hold them after the rollouts
 * finished: Deployment → ReplicaSet → Pods, a Service and one EndpointSlice per Deployment
 * (≤ 100 endpoints, like the real slice controller). Defaults are applied by the lab cluster's
 * own defaulting so objects have their real size on the wire.
 */
import { applyDefaults } from "@/lib/labcluster/defaults";
import type { KObj } from "@/lib/labcluster/types";
import {
  asStored,
  STORE,
  type Deployment,
  type Namespace,
  type Pod,
  type ReplicaSet,
  type Service,
  type StorageKey,
} from "@/lib/labcluster/kinds";

export interface SyntheticOptions {
  namespace: string;
  pods: number;
  /** Pods per Deployment (the last one takes the rest). */
  podsPerDeployment?: number;
  /** Epoch ms used for timestamps. */
  now: number;
}

export interface SyntheticNamespace {
  namespace: Namespace;
  deployments: Deployment[];
  replicaSets: ReplicaSet[];
  pods: Pod[];
  services: Service[];
  endpointSlices: KObj[];
}

const ALPHA = "bcdfghjklmnpqrstvwxz2456789";
const HASH = "5d8f7c9b6b";

export const SEQ_ANNOTATION = "bench.rollscope.dev/seq";
export const WRITTEN_AT_ANNOTATION = "bench.rollscope.dev/written-at";

function suffix(i: number): string {
  let s = "";
  for (let k = 0; k < 5; k++) {
    s = ALPHA[i % ALPHA.length] + s;
    i = Math.floor(i / ALPHA.length);
  }
  return s;
}

function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

let uidCounter = 0;
function uid(): string {
  uidCounter++;
  return `00000000-0000-4000-8000-${uidCounter.toString(16).padStart(12, "0")}`;
}

function meta(name: string, namespace: string, now: number, extra: Record<string, unknown> = {}): KObj["metadata"] {
  return { name, namespace, uid: uid(), resourceVersion: String(uidCounter), creationTimestamp: iso(now), ...extra };
}

function podTemplate(app: string): Record<string, unknown> {
  return {
    metadata: { labels: { app } },
    spec: {
      containers: [
        {
          name: "web",
          image: "registry.example.com/shop/web:1.4.2",
          ports: [{ containerPort: 8080, name: "http" }],
          readinessProbe: { httpGet: { path: "/healthz", port: 8080 } },
          resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
          env: [{ name: "LOG_LEVEL", value: "info" }],
        },
      ],
    },
  };
}

function withDefaults<T extends KObj>(storage: StorageKey<T>, obj: KObj): T {
  applyDefaults(storage, obj, true);
  return asStored(storage, obj);
}

/** Ready=True or False with the fields the kubelet sets alongside. */
export function podStatus(ready: boolean, podIP: string, node: string, now: number): Record<string, unknown> {
  const r = ready ? "True" : "False";
  const t = iso(now);
  return {
    phase: "Running",
    conditions: [
      { type: "PodReadyToStartContainers", status: "True", lastTransitionTime: t },
      { type: "Initialized", status: "True", lastTransitionTime: t },
      {
        type: "Ready",
        status: r,
        lastTransitionTime: t,
        ...(ready ? {} : { reason: "ContainersNotReady", message: "containers with unready status: [web]" }),
      },
      {
        type: "ContainersReady",
        status: r,
        lastTransitionTime: t,
        ...(ready ? {} : { reason: "ContainersNotReady", message: "containers with unready status: [web]" }),
      },
      { type: "PodScheduled", status: "True", lastTransitionTime: t },
    ],
    hostIP: node === "" ? undefined : "10.0.0.10",
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: iso(now - 3_600_000),
    qosClass: "Burstable",
    containerStatuses: [
      {
        name: "web",
        ready,
        started: true,
        restartCount: 0,
        image: "registry.example.com/shop/web:1.4.2",
        imageID: "registry.example.com/shop/web@sha256:4b1e0f0c1d2e3f4a5b6c7d8e9f00112233445566778899aabbccddeeff001122",
        containerID: `containerd://${"ab".repeat(32)}`,
        state: { running: { startedAt: iso(now - 3_600_000) } },
        lastState: {},
      },
    ],
  };
}

/** Builds the namespace. Objects carry uid and resourceVersion so lib/model can use them as is. */
export function syntheticNamespace(o: SyntheticOptions): SyntheticNamespace {
  const per = o.podsPerDeployment ?? 100;
  const ns = o.namespace;
  const out: SyntheticNamespace = {
    namespace: {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: meta(ns, "", o.now, { namespace: undefined }),
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Active" },
    },
    deployments: [],
    replicaSets: [],
    pods: [],
    services: [],
    endpointSlices: [],
  };
  const count = Math.max(1, Math.ceil(o.pods / per));
  let podIndex = 0;
  for (let d = 0; d < count; d++) {
    const replicas = d === count - 1 ? o.pods - per * (count - 1) : per;
    const app = `web-${String(d).padStart(3, "0")}`;
    const rsName = `${app}-${HASH}`;
    const template = podTemplate(app);
    const dep = withDefaults(STORE.deployments, {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta(app, ns, o.now, { generation: 1, labels: { app }, annotations: { "deployment.kubernetes.io/revision": "1" } }),
      spec: { replicas, selector: { matchLabels: { app } }, template: structuredClone(template) },
      status: {
        observedGeneration: 1,
        replicas,
        updatedReplicas: replicas,
        readyReplicas: replicas,
        availableReplicas: replicas,
        conditions: [
          {
            type: "Available",
            status: "True",
            reason: "MinimumReplicasAvailable",
            message: "Deployment has minimum availability.",
            lastUpdateTime: iso(o.now),
            lastTransitionTime: iso(o.now),
          },
          {
            type: "Progressing",
            status: "True",
            reason: "NewReplicaSetAvailable",
            message: `ReplicaSet "${rsName}" has successfully progressed.`,
            lastUpdateTime: iso(o.now),
            lastTransitionTime: iso(o.now),
          },
        ],
      },
    });
    out.deployments.push(dep);
    const rsTemplate = structuredClone(dep.spec!.template) as { metadata: { labels: Record<string, string> } };
    rsTemplate.metadata.labels["pod-template-hash"] = HASH;
    const owner = (kind: string, apiVersion: string, obj: KObj) => [
      { apiVersion, kind, name: obj.metadata.name!, uid: obj.metadata.uid!, controller: true, blockOwnerDeletion: true },
    ];
    const rs = withDefaults(STORE.replicasets, {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: meta(rsName, ns, o.now, {
        generation: 1,
        labels: { app, "pod-template-hash": HASH },
        annotations: {
          "deployment.kubernetes.io/revision": "1",
          "deployment.kubernetes.io/desired-replicas": String(replicas),
          "deployment.kubernetes.io/max-replicas": String(replicas + Math.ceil(replicas / 4)),
        },
        ownerReferences: owner("Deployment", "apps/v1", dep),
      }),
      spec: { replicas, selector: { matchLabels: { app, "pod-template-hash": HASH } }, template: rsTemplate },
      status: { replicas, fullyLabeledReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, observedGeneration: 1 },
    });
    out.replicaSets.push(rs);
    const endpoints: Record<string, unknown>[] = [];
    for (let p = 0; p < replicas; p++, podIndex++) {
      const name = `${rsName}-${suffix(podIndex)}`;
      const ip = `10.${(podIndex >> 16) & 255}.${(podIndex >> 8) & 255}.${podIndex & 255}`;
      const node = `bench-node-${podIndex % 50}`;
      const spec = structuredClone((rsTemplate as unknown as { spec: Record<string, unknown> }).spec);
      const pod = withDefaults(STORE.pods, {
        apiVersion: "v1",
        kind: "Pod",
        metadata: meta(name, ns, o.now, {
          generateName: `${rsName}-`,
          labels: { ...rsTemplate.metadata.labels },
          ownerReferences: owner("ReplicaSet", "apps/v1", rs),
        }),
        spec: { ...spec, nodeName: node },
        status: podStatus(true, ip, node, o.now),
      });
      out.pods.push(pod);
      if (endpoints.length < 100) {
        endpoints.push({
          addresses: [ip],
          conditions: { ready: true, serving: true, terminating: false },
          nodeName: node,
          targetRef: { kind: "Pod", namespace: ns, name, uid: pod.metadata.uid },
        });
      }
    }
    const svc = withDefaults(STORE.services, {
      apiVersion: "v1",
      kind: "Service",
      metadata: meta(app, ns, o.now, { labels: { app } }),
      spec: {
        selector: { app },
        ports: [{ name: "http", port: 80, targetPort: 8080 }],
        clusterIP: `10.96.${(d >> 8) & 255}.${d & 255}`,
        type: "ClusterIP",
      },
      status: { loadBalancer: {} },
    });
    out.services.push(svc);
    out.endpointSlices.push(
      withDefaults("endpointslices", {
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: meta(`${app}-abcde`, ns, o.now, {
          labels: { "kubernetes.io/service-name": app, "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io" },
          ownerReferences: owner("Service", "v1", svc),
        }),
        addressType: "IPv4",
        endpoints,
        ports: [{ name: "http", port: 8080 }],
      }),
    );
  }
  return out;
}

/** Every object of the namespace with its lab-cluster storage key, in creation order. */
export function storageOrder(n: SyntheticNamespace): { storage: string; group: string; obj: KObj }[] {
  return [
    { storage: "namespaces", group: "", obj: n.namespace },
    ...n.deployments.map((obj) => ({ storage: "deployments", group: "apps", obj })),
    ...n.replicaSets.map((obj) => ({ storage: "replicasets", group: "apps", obj })),
    ...n.pods.map((obj) => ({ storage: "pods", group: "", obj })),
    ...n.services.map((obj) => ({ storage: "services", group: "", obj })),
    ...n.endpointSlices.map((obj) => ({ storage: "endpointslices", group: "discovery.k8s.io", obj })),
  ];
}
