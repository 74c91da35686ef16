/**
 * Builders of apiserver-shaped objects for tests and for the hand-made fixtures: every field a
 * real apps/v1 or v1 object carries after defaulting, so tests exercise the same JSON the
 * views read from a cluster. Times are ISO strings relative to a fixed clock.
 */
import type { RawObject } from "../../../lib/model/raw";
import type { RawDeployment, RawPod, RawReplicaSet } from "../../../lib/model/rawKinds";

import { ago, nextRv, uid } from "./ids";

export { T0, ago, nextRv, uid } from "./ids";
// Service-side builders moved to serviceObjects.ts; re-exported so existing imports keep working.
export { endpointSlice, endpoints, event, service, type ServiceOpts } from "./serviceObjects";

export interface ContainerOpts {
  image?: string;
  version?: string;
  probe?: "file" | "http" | "none";
  command?: string[];
  ports?: { containerPort: number; name?: string }[];
  resources?: Record<string, unknown>;
}

/** A pod template as the apiserver stores it after defaulting. */
export function podTemplate(labels: Record<string, string>, c: ContainerOpts = {}): Record<string, unknown> {
  const container: Record<string, unknown> = {
    name: "inference",
    image: c.image ?? "registry.k8s.io/e2e-test-images/agnhost:2.53",
    command: c.command ?? ["sh", "-c", "sleep 5; touch /tmp/ready; sleep infinity"],
    env: [{ name: "VERSION", value: c.version ?? "v1" }],
    resources: c.resources ?? {},
    terminationMessagePath: "/dev/termination-log",
    terminationMessagePolicy: "File",
    imagePullPolicy: "IfNotPresent",
  };
  if (c.ports) container.ports = c.ports.map((p) => ({ ...p, protocol: "TCP" }));
  if ((c.probe ?? "file") === "file") {
    container.readinessProbe = {
      exec: { command: ["cat", "/tmp/ready"] },
      initialDelaySeconds: 2,
      timeoutSeconds: 1,
      periodSeconds: 2,
      successThreshold: 1,
      failureThreshold: 3,
    };
  } else if (c.probe === "http") {
    container.readinessProbe = {
      httpGet: { path: "/healthz", port: 8080, scheme: "HTTP" },
      initialDelaySeconds: 0,
      timeoutSeconds: 1,
      periodSeconds: 5,
      successThreshold: 1,
      failureThreshold: 3,
    };
  }
  return {
    metadata: { creationTimestamp: null, labels },
    spec: {
      containers: [container],
      restartPolicy: "Always",
      terminationGracePeriodSeconds: 30,
      dnsPolicy: "ClusterFirst",
      securityContext: {},
      schedulerName: "default-scheduler",
    },
  };
}

export interface DeploymentOpts {
  name: string;
  namespace?: string;
  replicas?: number;
  labels?: Record<string, string>;
  template: Record<string, unknown>;
  revision: number;
  generation?: number;
  observedGeneration?: number;
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  strategy?: "RollingUpdate" | "Recreate";
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  paused?: boolean;
  createdAgo?: number;
  status: { replicas: number; updated: number; ready: number; available: number };
  progressing?: { status: "True" | "False" | "Unknown"; reason: string; message: string; updatedAgo: number; transitionAgo?: number };
  changeCause?: string;
}

/** An apps/v1 Deployment with status and conditions. */
export function deployment(o: DeploymentOpts): RawDeployment {
  const ns = o.namespace ?? "rollscope-lab";
  const R = o.replicas ?? 3;
  const selector = Object.fromEntries(
    Object.entries((o.template.metadata as { labels: Record<string, string> }).labels).filter(([k]) => k !== "pod-template-hash"),
  );
  const annotations: Record<string, string> = { "deployment.kubernetes.io/revision": String(o.revision) };
  if (o.changeCause) annotations["kubernetes.io/change-cause"] = o.changeCause;
  const minAvail = Math.max(0, R - (typeof o.maxUnavailable === "number" ? o.maxUnavailable : Math.floor(R / 4)));
  const conditions: Record<string, unknown>[] = [
    {
      type: "Available",
      status: o.status.available >= minAvail ? "True" : "False",
      lastUpdateTime: ago((o.createdAgo ?? 3600) - 10),
      lastTransitionTime: ago((o.createdAgo ?? 3600) - 10),
      reason: o.status.available >= minAvail ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
      message: o.status.available >= minAvail ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
    },
  ];
  if (o.progressing) {
    conditions.push({
      type: "Progressing",
      status: o.progressing.status,
      lastUpdateTime: ago(o.progressing.updatedAgo),
      lastTransitionTime: ago(o.progressing.transitionAgo ?? o.progressing.updatedAgo),
      reason: o.progressing.reason,
      message: o.progressing.message,
    });
  }
  const spec: Record<string, unknown> = {
    replicas: R,
    selector: { matchLabels: selector },
    template: o.template,
    strategy:
      o.strategy === "Recreate"
        ? { type: "Recreate" }
        : { type: "RollingUpdate", rollingUpdate: { maxUnavailable: o.maxUnavailable ?? "25%", maxSurge: o.maxSurge ?? "25%" } },
    revisionHistoryLimit: o.revisionHistoryLimit ?? 10,
    progressDeadlineSeconds: o.progressDeadlineSeconds ?? 600,
  };
  if (o.paused) spec.paused = true;
  const unavailable = Math.max(0, o.status.replicas - o.status.available);
  const status: Record<string, unknown> = {
    observedGeneration: o.observedGeneration ?? o.generation ?? o.revision,
    replicas: o.status.replicas,
    updatedReplicas: o.status.updated,
    readyReplicas: o.status.ready,
    availableReplicas: o.status.available,
    conditions,
  };
  if (unavailable > 0) status.unavailableReplicas = unavailable;
  return {
    kind: "Deployment",
    apiVersion: "apps/v1",
    metadata: {
      name: o.name,
      namespace: ns,
      uid: uid(`deploy/${ns}/${o.name}`),
      resourceVersion: nextRv(),
      generation: o.generation ?? o.revision,
      creationTimestamp: ago(o.createdAgo ?? 3600),
      labels: o.labels ?? { app: selector.app ?? o.name },
      annotations,
    },
    spec,
    status,
  };
}

export interface RsOpts {
  deployment: RawDeployment;
  hash: string;
  template: Record<string, unknown>;
  revision: number;
  replicas: number;
  status: { replicas: number; ready: number; available: number };
  createdAgo: number;
  revisionHistory?: string;
  maxSurge?: number;
  changeCause?: string;
}

/** An apps/v1 ReplicaSet owned by `deployment`, with the controller's annotations. */
export function replicaSet(o: RsOpts): RawReplicaSet {
  const d = o.deployment;
  const ns = d.metadata.namespace ?? "";
  const name = `${d.metadata.name}-${o.hash}`;
  const tplMeta = o.template.metadata as { labels: Record<string, string> };
  const labels = { ...tplMeta.labels, "pod-template-hash": o.hash };
  const R = d.spec?.replicas ?? 0;
  const annotations: Record<string, string> = {
    "deployment.kubernetes.io/desired-replicas": String(R),
    "deployment.kubernetes.io/max-replicas": String(R + (o.maxSurge ?? 1)),
    "deployment.kubernetes.io/revision": String(o.revision),
  };
  if (o.revisionHistory) annotations["deployment.kubernetes.io/revision-history"] = o.revisionHistory;
  if (o.changeCause) annotations["kubernetes.io/change-cause"] = o.changeCause;
  const status: Record<string, unknown> = { replicas: o.status.replicas, observedGeneration: 2 };
  if (o.status.replicas > 0) status.fullyLabeledReplicas = o.status.replicas;
  if (o.status.ready > 0) status.readyReplicas = o.status.ready;
  if (o.status.available > 0) status.availableReplicas = o.status.available;
  return {
    kind: "ReplicaSet",
    apiVersion: "apps/v1",
    metadata: {
      name,
      namespace: ns,
      uid: uid(`rs/${ns}/${name}`),
      resourceVersion: nextRv(),
      generation: 2,
      creationTimestamp: ago(o.createdAgo),
      labels,
      annotations,
      ownerReferences: [
        {
          apiVersion: "apps/v1",
          kind: "Deployment",
          name: d.metadata.name ?? "",
          uid: d.metadata.uid ?? "",
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: { ...d.spec?.selector?.matchLabels, "pod-template-hash": o.hash } },
      template: { ...o.template, metadata: { ...tplMeta, labels } },
    },
    status,
  };
}

export type PodPhaseShape =
  | { kind: "ready"; startedAgo: number; readyAgo: number }
  | { kind: "notReady"; startedAgo: number }
  | { kind: "creating" }
  | { kind: "unschedulable"; message: string }
  | { kind: "imagePull"; reason: "ErrImagePull" | "ImagePullBackOff"; image: string }
  | { kind: "crashLoop"; restarts: number; exitCode: number };

export interface PodOpts {
  rs: RawReplicaSet;
  suffix: string;
  createdAgo: number;
  shape: PodPhaseShape;
  node?: string;
  ip?: string;
  deletingAgo?: number;
}

/** A v1 Pod owned by `rs`, with conditions and containerStatuses like the kubelet writes them. */
export function pod(o: PodOpts): RawPod {
  const rs = o.rs;
  const ns = rs.metadata.namespace ?? "";
  const name = `${rs.metadata.name}-${o.suffix}`;
  const tpl = rs.spec?.template as { metadata: { labels: Record<string, string> }; spec: { containers: Record<string, unknown>[] } };
  const created = ago(o.createdAgo);
  const s = o.shape;
  const scheduled = s.kind !== "unschedulable";
  const node = scheduled ? (o.node ?? "lab-node-1") : undefined;
  const container = tpl.spec.containers[0];
  const image = String(container.image);
  const cond = (type: string, status: string, at: string, reason?: string, message?: string): Record<string, unknown> => {
    const c: Record<string, unknown> = { type, status, lastProbeTime: null, lastTransitionTime: at };
    if (reason) c.reason = reason;
    if (message) c.message = message;
    return c;
  };
  const status: Record<string, unknown> = { qosClass: "BestEffort" };
  if (!scheduled) {
    status.phase = "Pending";
    status.conditions = [cond("PodScheduled", "False", created, "Unschedulable", (s as { message: string }).message)];
  } else {
    const running = s.kind === "ready" || s.kind === "notReady";
    const startedAt = running ? ago((s as { startedAgo: number }).startedAgo) : undefined;
    const ready = s.kind === "ready" && !o.deletingAgo;
    const readyAt = s.kind === "ready" ? ago(s.readyAgo) : created;
    const notReadyMsg = `containers with unready status: [${String(container.name)}]`;
    status.phase = running || s.kind === "crashLoop" ? "Running" : "Pending";
    status.conditions = [
      cond("PodReadyToStartContainers", s.kind === "creating" ? "False" : "True", ago(o.createdAgo - 1)),
      cond("Initialized", "True", created),
      ready ? cond("Ready", "True", readyAt) : cond("Ready", "False", readyAt, "ContainersNotReady", notReadyMsg),
      ready ? cond("ContainersReady", "True", readyAt) : cond("ContainersReady", "False", readyAt, "ContainersNotReady", notReadyMsg),
      cond("PodScheduled", "True", created),
    ];
    status.hostIP = "172.18.0.2";
    status.hostIPs = [{ ip: "172.18.0.2" }];
    if (s.kind !== "creating") {
      status.podIP = o.ip ?? "10.244.0.10";
      status.podIPs = [{ ip: status.podIP }];
    }
    status.startTime = created;
    const cs: Record<string, unknown> = { name: container.name, image, imageID: "", ready, restartCount: 0, started: running };
    if (running) {
      cs.state = { running: { startedAt } };
      cs.imageID = `${image.split(":")[0]}@sha256:4c3b2a1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b`;
      cs.containerID = `containerd://${uid(name).replace(/-/g, "")}`;
    } else if (s.kind === "creating") {
      cs.state = { waiting: { reason: "ContainerCreating" } };
    } else if (s.kind === "imagePull") {
      cs.state = {
        waiting: {
          reason: s.reason,
          message:
            s.reason === "ImagePullBackOff"
              ? `Back-off pulling image "${s.image}"`
              : `failed to pull and unpack image "${s.image}": failed to resolve reference "${s.image}": dial tcp: lookup registry.invalid: no such host`,
        },
      };
    } else if (s.kind === "crashLoop") {
      cs.restartCount = s.restarts;
      cs.started = false;
      cs.state = {
        waiting: {
          reason: "CrashLoopBackOff",
          message: `back-off 2m40s restarting failed container=${String(container.name)} pod=${name}_${ns}(${uid(name)})`,
        },
      };
      cs.lastState = {
        terminated: {
          exitCode: s.exitCode,
          reason: "Error",
          startedAt: ago(90),
          finishedAt: ago(88),
          containerID: `containerd://${uid(name + "x").replace(/-/g, "")}`,
        },
      };
      cs.containerID = `containerd://${uid(name + "x").replace(/-/g, "")}`;
    }
    status.containerStatuses = [cs];
  }
  const spec: Record<string, unknown> = {
    ...tpl.spec,
    volumes: [
      {
        name: "kube-api-access-abcde",
        projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: "token" } }] },
      },
    ],
    containers: tpl.spec.containers.map((c) => ({
      ...c,
      volumeMounts: [{ name: "kube-api-access-abcde", readOnly: true, mountPath: "/var/run/secrets/kubernetes.io/serviceaccount" }],
    })),
    serviceAccountName: "default",
    serviceAccount: "default",
    enableServiceLinks: true,
    preemptionPolicy: "PreemptLowerPriority",
    priority: 0,
    tolerations: [
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ],
  };
  if (node) spec.nodeName = node;
  const metadata: Record<string, unknown> = {
    name,
    generateName: `${rs.metadata.name}-`,
    namespace: ns,
    uid: uid(`pod/${ns}/${name}`),
    resourceVersion: nextRv(),
    creationTimestamp: created,
    labels: tpl.metadata.labels,
    ownerReferences: [
      {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        name: rs.metadata.name,
        uid: rs.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
  };
  if (o.deletingAgo !== undefined) {
    metadata.deletionTimestamp = ago(o.deletingAgo - 30);
    metadata.deletionGracePeriodSeconds = 30;
  }
  return { kind: "Pod", apiVersion: "v1", metadata: metadata as RawObject["metadata"], spec, status };
}
