/**
 * Small RolloutsResponse builders for the labs tests (checks, overlay). Only the fields checks
 * read are meaningful; the rest are filled with neutral values.
 */
import type { BackendView, DeploymentView, Finding, ReplicaSetView, RolloutsResponse, ServiceView } from "@/lib/model/types";

export function rs(over: Partial<ReplicaSetView> & { version: string; revision: number }): ReplicaSetView {
  return {
    uid: `rs-${over.version}-${over.revision}`,
    name: `inference-${over.version}`,
    revisionHistory: [],
    isNew: false,
    image: "busybox:1.36",
    desired: 0,
    current: 0,
    ready: 0,
    available: 0,
    terminating: 0,
    pods: [],
    ...over,
  };
}

export function deployment(over: Partial<DeploymentView> & { name: string }): DeploymentView {
  const replicaSets = over.replicaSets ?? [];
  return {
    uid: `d-${over.name}`,
    namespace: "lab",
    strategy: "RollingUpdate",
    replicas: 3,
    maxSurge: 1,
    maxUnavailable: 0,
    minReadySeconds: 0,
    paused: false,
    phase: "Complete",
    phaseReason: "NewReplicaSetAvailable",
    generation: 1,
    observedGeneration: 1,
    conditions: [],
    rolloutStatus: "",
    budget: { totalPods: 3, maxTotal: 4, surgeUsed: 0, available: 3, minAvailable: 3, unavailableUsed: 0 },
    revisions: replicaSets.map((r) => ({
      revision: r.revision,
      replicaSet: r.name,
      image: r.image,
      version: r.version,
      changes: [],
      changesFrom: {},
      undoCommand: `kubectl rollout undo deployment/${over.name} --to-revision=${r.revision}`,
    })),
    labels: {},
    ...over,
    replicaSets,
  };
}

export function backend(over: Partial<BackendView>): BackendView {
  return { readyEndpoints: 0, share: 0, ...over };
}

export function service(over: Partial<ServiceView> & { name: string }): ServiceView {
  return {
    uid: `s-${over.name}`,
    namespace: "lab",
    type: "ClusterIP",
    selector: {},
    ports: [{ port: 80, targetPort: 8080, protocol: "TCP" }],
    matchedPods: 0,
    readyEndpoints: 0,
    notReadyEndpoints: 0,
    terminatingEndpoints: 0,
    backends: [],
    pattern: "single",
    warnings: [],
    endpointSource: "EndpointSlice",
    ...over,
  };
}

export function finding(over: Partial<Finding> & Pick<Finding, "code">): Finding {
  return {
    severity: "error",
    object: { kind: "Deployment", namespace: "lab", name: "inference" },
    message: "",
    fix: "",
    evidence: [],
    ...over,
  };
}

export function response(over: Partial<RolloutsResponse>): RolloutsResponse {
  return { generatedAt: "2026-01-01T00:00:00Z", namespaces: ["lab"], deployments: [], services: [], findings: [], degraded: [], ...over };
}

/** inference mid-way v1 → v2: v1 2 ready, v2 2 (1 ready). */
export function midRollout(): RolloutsResponse {
  return response({
    deployments: [
      deployment({
        name: "inference",
        phase: "Progressing",
        replicaSets: [
          rs({ version: "v1", revision: 1, desired: 2, current: 2, ready: 2, available: 2 }),
          rs({ version: "v2", revision: 2, isNew: true, desired: 2, current: 2, ready: 1, available: 1, changeCause: "VERSION v2" }),
        ],
      }),
    ],
    services: [
      service({
        name: "inference",
        selector: { app: "inference" },
        readyEndpoints: 3,
        notReadyEndpoints: 1,
        pattern: "rolling",
        backends: [
          backend({ version: "v1", revision: 1, readyEndpoints: 2, share: 2 / 3 }),
          backend({ version: "v2", revision: 2, readyEndpoints: 1, share: 1 / 3 }),
        ],
      }),
    ],
  });
}

/** inference done at v2: three ready v2 pods, v1 scaled to 0. */
export function completeV2(): RolloutsResponse {
  return response({
    deployments: [
      deployment({
        name: "inference",
        replicaSets: [
          rs({ version: "v1", revision: 1 }),
          rs({ version: "v2", revision: 2, isNew: true, desired: 3, current: 3, ready: 3, available: 3, changeCause: "VERSION v2" }),
        ],
      }),
    ],
    services: [
      service({
        name: "inference",
        selector: { app: "inference" },
        readyEndpoints: 3,
        backends: [backend({ version: "v2", revision: 2, readyEndpoints: 3, share: 1 })],
      }),
    ],
  });
}
