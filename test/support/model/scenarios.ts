/**
 * The hand-made scenarios behind lib/model/fixtures/<scenario>/: each returns the objects a
 * namespace holds at one instant (T0). Written to JSON by `writeFixtures.ts` so tests read
 * the same files a capture from a real control plane will later sit beside.
 */
import type { RawObject } from "../../../lib/model/raw";
import type { RawDeployment, RawPod, RawReplicaSet } from "../../../lib/model/rawKinds";
import { deployment, pod, podTemplate, replicaSet, type ContainerOpts } from "./objects";
import { endpoints, endpointSlice, event, service } from "./serviceObjects";

export interface Scenario {
  description: string;
  objects: RawObject[];
}

const APP = { app: "inference" };
const BAD_START = ["sh", "-c", "sleep 5; sleep infinity"];

function tpl(version: string, extra: ContainerOpts = {}, labels: Record<string, string> = APP): Record<string, unknown> {
  return podTemplate(labels, { version, ...extra });
}

/** §6 table A row 4 plus a v1 pod still terminating: v1 2 Ready, v2 1 Ready + 1 starting. */
function rolling(): Scenario {
  const t1 = tpl("v1");
  const t2 = tpl("v2");
  const d = deployment({
    name: "inference",
    template: t2,
    revision: 2,
    generation: 2,
    maxSurge: 1,
    maxUnavailable: 0,
    changeCause: "set VERSION=v2",
    status: { replicas: 4, updated: 2, ready: 3, available: 3 },
    progressing: {
      status: "True",
      reason: "ReplicaSetUpdated",
      message: 'ReplicaSet "inference-7c9d8f6b54" is progressing.',
      updatedAgo: 4,
      transitionAgo: 40,
    },
  });
  const rs1 = replicaSet({
    deployment: d,
    hash: "5d4f8b9c7",
    template: t1,
    revision: 1,
    replicas: 2,
    status: { replicas: 2, ready: 2, available: 2 },
    createdAgo: 1800,
  });
  const rs2 = replicaSet({
    deployment: d,
    hash: "7c9d8f6b54",
    template: t2,
    revision: 2,
    replicas: 2,
    status: { replicas: 2, ready: 1, available: 1 },
    createdAgo: 40,
    changeCause: "set VERSION=v2",
  });
  const pods = [
    pod({ rs: rs1, suffix: "k2x9p", createdAgo: 1800, shape: { kind: "ready", startedAgo: 1798, readyAgo: 1792 }, ip: "10.244.0.11" }),
    pod({
      rs: rs1,
      suffix: "m4q7r",
      createdAgo: 1800,
      shape: { kind: "ready", startedAgo: 1798, readyAgo: 1791 },
      ip: "10.244.0.12",
      node: "lab-node-2",
    }),
    pod({
      rs: rs1,
      suffix: "t8w2z",
      createdAgo: 1800,
      shape: { kind: "ready", startedAgo: 1798, readyAgo: 1790 },
      ip: "10.244.0.13",
      deletingAgo: 6,
    }),
    pod({ rs: rs2, suffix: "b5n6s", createdAgo: 40, shape: { kind: "ready", startedAgo: 38, readyAgo: 30 }, ip: "10.244.0.14" }),
    pod({ rs: rs2, suffix: "h7j4d", createdAgo: 5, shape: { kind: "notReady", startedAgo: 3 }, ip: "10.244.0.15", node: "lab-node-2" }),
  ];
  const svc = service({ name: "inference", selector: APP });
  return {
    description: "Rolling update v1→v2 mid-way (ROLLOUT-SPEC §6 A row 4): R=3 maxSurge 1 maxUnavailable 0; a third v1 pod is terminating.",
    objects: [
      d,
      rs1,
      rs2,
      ...pods,
      svc,
      endpointSlice(svc, pods),
      event(d, "ScalingReplicaSet", "Scaled down replica set inference-5d4f8b9c7 to 2 from 3", { firstAgo: 6, lastAgo: 6 }),
      event(d, "ScalingReplicaSet", "Scaled up replica set inference-7c9d8f6b54 to 2 from 1", { firstAgo: 5, lastAgo: 5 }),
    ],
  };
}

/** Revision 2 fully rolled out. */
function complete(withSlices = true): Scenario {
  const t1 = tpl("v1");
  const t2 = tpl("v2");
  const d = deployment({
    name: "inference",
    template: t2,
    revision: 2,
    generation: 2,
    maxSurge: 1,
    maxUnavailable: 0,
    status: { replicas: 3, updated: 3, ready: 3, available: 3 },
    progressing: {
      status: "True",
      reason: "NewReplicaSetAvailable",
      message: 'ReplicaSet "inference-7c9d8f6b54" has successfully progressed.',
      updatedAgo: 300,
      transitionAgo: 3500,
    },
  });
  const rs1 = replicaSet({
    deployment: d,
    hash: "5d4f8b9c7",
    template: t1,
    revision: 1,
    replicas: 0,
    status: { replicas: 0, ready: 0, available: 0 },
    createdAgo: 3600,
  });
  const rs2 = replicaSet({
    deployment: d,
    hash: "7c9d8f6b54",
    template: t2,
    revision: 2,
    replicas: 3,
    status: { replicas: 3, ready: 3, available: 3 },
    createdAgo: 360,
  });
  const pods = ["b5n6s", "h7j4d", "q2r8v"].map((s, i) =>
    pod({
      rs: rs2,
      suffix: s,
      createdAgo: 360 - i * 20,
      shape: { kind: "ready", startedAgo: 358 - i * 20, readyAgo: 350 - i * 20 },
      ip: `10.244.0.${20 + i}`,
      node: `lab-node-${i + 1}`,
    }),
  );
  const svc = service({ name: "inference", selector: APP });
  const eps = withSlices ? endpointSlice(svc, pods) : endpoints(svc, pods);
  return {
    description: withSlices
      ? "Revision 2 complete: healthy namespace, no error findings."
      : "Revision 2 complete, served through legacy v1 Endpoints only (no EndpointSlices).",
    objects: [d, rs1, rs2, ...pods, svc, eps],
  };
}

/** §6 C: v3 never Ready, deadline exceeded, v2 still serving. */
function stuck(): Scenario {
  const t1 = tpl("v1");
  const t2 = tpl("v2");
  const t3 = tpl("v3", { command: BAD_START });
  const d = deployment({
    name: "inference",
    template: t3,
    revision: 3,
    generation: 3,
    maxSurge: 1,
    maxUnavailable: 0,
    changeCause: "set VERSION=v3",
    status: { replicas: 4, updated: 1, ready: 3, available: 3 },
    progressing: {
      status: "False",
      reason: "ProgressDeadlineExceeded",
      message: 'ReplicaSet "inference-8d6c5b9f47" has timed out progressing.',
      updatedAgo: 100,
      transitionAgo: 100,
    },
  });
  const rs1 = replicaSet({
    deployment: d,
    hash: "5d4f8b9c7",
    template: t1,
    revision: 1,
    replicas: 0,
    status: { replicas: 0, ready: 0, available: 0 },
    createdAgo: 7200,
  });
  const rs2 = replicaSet({
    deployment: d,
    hash: "7c9d8f6b54",
    template: t2,
    revision: 2,
    replicas: 3,
    status: { replicas: 3, ready: 3, available: 3 },
    createdAgo: 3600,
    changeCause: "set VERSION=v2",
  });
  const rs3 = replicaSet({
    deployment: d,
    hash: "8d6c5b9f47",
    template: t3,
    revision: 3,
    replicas: 1,
    status: { replicas: 1, ready: 0, available: 0 },
    createdAgo: 702,
    changeCause: "set VERSION=v3",
  });
  const good = ["b5n6s", "h7j4d", "q2r8v"].map((s, i) =>
    pod({
      rs: rs2,
      suffix: s,
      createdAgo: 3600 - i * 20,
      shape: { kind: "ready", startedAgo: 3598 - i * 20, readyAgo: 3590 - i * 20 },
      ip: `10.244.0.${20 + i}`,
      node: `lab-node-${i + 1}`,
    }),
  );
  const bad = pod({ rs: rs3, suffix: "w9x4c", createdAgo: 701, shape: { kind: "notReady", startedAgo: 699 }, ip: "10.244.0.30" });
  const svc = service({ name: "inference", selector: APP });
  const pods = [...good, bad];
  return {
    description:
      "Stuck rollout (ROLLOUT-SPEC §6 C): v3's start script never creates /tmp/ready; Progressing=False ProgressDeadlineExceeded; v2 keeps serving.",
    objects: [
      d,
      rs1,
      rs2,
      rs3,
      ...pods,
      svc,
      endpointSlice(svc, pods),
      event(bad, "Unhealthy", "Readiness probe failed: cat: can't open '/tmp/ready': No such file or directory", {
        type: "Warning",
        count: 348,
        firstAgo: 697,
        lastAgo: 1,
      }),
      event(d, "ScalingReplicaSet", "Scaled up replica set inference-8d6c5b9f47 to 1", { firstAgo: 702, lastAgo: 702 }),
    ],
  };
}

function colourDeployment(colour: string, version: string, createdAgo: number): { d: RawDeployment; rs: RawReplicaSet; pods: RawPod[] } {
  const labels = { app: "inference", color: colour };
  const t = tpl(version, {}, labels);
  const d = deployment({
    name: `inference-${colour}`,
    replicas: 2,
    labels,
    template: t,
    revision: 1,
    generation: 1,
    maxSurge: 1,
    maxUnavailable: 0,
    createdAgo,
    status: { replicas: 2, updated: 2, ready: 2, available: 2 },
    progressing: {
      status: "True",
      reason: "NewReplicaSetAvailable",
      message: `ReplicaSet "inference-${colour}-6b8f9d7c45" has successfully progressed.`,
      updatedAgo: createdAgo - 20,
      transitionAgo: createdAgo,
    },
  });
  const rs = replicaSet({
    deployment: d,
    hash: "6b8f9d7c45",
    template: t,
    revision: 1,
    replicas: 2,
    status: { replicas: 2, ready: 2, available: 2 },
    createdAgo,
  });
  const pods = ["c4d5f", "g6h7j"].map((s, i) =>
    pod({
      rs,
      suffix: s,
      createdAgo: createdAgo - 1,
      shape: { kind: "ready", startedAgo: createdAgo - 3, readyAgo: createdAgo - 10 },
      ip: `10.244.${colour === "blue" ? 1 : 2}.${10 + i}`,
      node: `lab-node-${i + 1}`,
    }),
  );
  return { d, rs, pods };
}

/** Finished blue-green cut: the Service selects green; blue stays warm. */
function blueGreen(selector: Record<string, string>, description: string): Scenario {
  const blue = colourDeployment("blue", "v1-blue", 3600);
  const green = colourDeployment("green", "v2-green", 900);
  const svc = service({ name: "inference", selector });
  const all = [...blue.pods, ...green.pods];
  const selected = all.filter((p) => Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v));
  return { description, objects: [blue.d, blue.rs, green.d, green.rs, ...all, svc, endpointSlice(svc, selected)] };
}

/** 9 stable + 1 canary behind one Service, both Ready: a 10% canary by design. */
function canary(): Scenario {
  const stableLabels = { app: "inference", track: "stable" };
  const canaryLabels = { app: "inference", track: "canary" };
  const ts = tpl("v1", {}, stableLabels);
  const tc = tpl("v2", {}, canaryLabels);
  const ds = deployment({
    name: "inference",
    replicas: 9,
    labels: stableLabels,
    template: ts,
    revision: 1,
    generation: 1,
    status: { replicas: 9, updated: 9, ready: 9, available: 9 },
    progressing: {
      status: "True",
      reason: "NewReplicaSetAvailable",
      message: 'ReplicaSet "inference-5d4f8b9c7" has successfully progressed.',
      updatedAgo: 3500,
      transitionAgo: 3600,
    },
  });
  const dc = deployment({
    name: "inference-canary",
    replicas: 1,
    labels: canaryLabels,
    template: tc,
    revision: 1,
    generation: 1,
    createdAgo: 600,
    status: { replicas: 1, updated: 1, ready: 1, available: 1 },
    progressing: {
      status: "True",
      reason: "NewReplicaSetAvailable",
      message: 'ReplicaSet "inference-canary-9f8d7c6b5" has successfully progressed.',
      updatedAgo: 580,
      transitionAgo: 600,
    },
  });
  const rss = replicaSet({
    deployment: ds,
    hash: "5d4f8b9c7",
    template: ts,
    revision: 1,
    replicas: 9,
    status: { replicas: 9, ready: 9, available: 9 },
    createdAgo: 3600,
  });
  const rsc = replicaSet({
    deployment: dc,
    hash: "9f8d7c6b5",
    template: tc,
    revision: 1,
    replicas: 1,
    status: { replicas: 1, ready: 1, available: 1 },
    createdAgo: 600,
  });
  const suffixes = ["b2c4d", "f5g6h", "j7k8l", "m9n2p", "q4r5s", "t6v7w", "x8z9b", "c2d4f", "g5h6j"];
  const stablePods = suffixes.map((s, i) =>
    pod({
      rs: rss,
      suffix: s,
      createdAgo: 3600,
      shape: { kind: "ready", startedAgo: 3598, readyAgo: 3590 - i },
      ip: `10.244.3.${10 + i}`,
      node: `lab-node-${(i % 3) + 1}`,
    }),
  );
  const canaryPod = pod({
    rs: rsc,
    suffix: "k4l5m",
    createdAgo: 600,
    shape: { kind: "ready", startedAgo: 598, readyAgo: 590 },
    ip: "10.244.3.40",
  });
  const svc = service({ name: "inference", selector: APP });
  const pods = [...stablePods, canaryPod];
  return {
    description:
      "Canary by design: 9 stable (v1) + 1 canary (v2) pods behind one Service, both Deployments healthy: ~10% of ready endpoints are v2.",
    objects: [ds, dc, rss, rsc, ...pods, svc, endpointSlice(svc, pods)],
  };
}

/** revisionHistoryLimit 0: v1 was cleaned up after v2 completed; v2 now crash-loops. */
function noRollback(): Scenario {
  const t2 = tpl("v2", { command: ["sh", "-c", "touch /tmp/ready; sleep 20; exit 1"] });
  const d = deployment({
    name: "inference",
    template: t2,
    revision: 2,
    generation: 2,
    revisionHistoryLimit: 0,
    maxSurge: 1,
    maxUnavailable: 0,
    status: { replicas: 3, updated: 3, ready: 0, available: 0 },
    progressing: {
      status: "True",
      reason: "NewReplicaSetAvailable",
      message: 'ReplicaSet "inference-7c9d8f6b54" has successfully progressed.',
      updatedAgo: 400,
      transitionAgo: 600,
    },
  });
  const rs2 = replicaSet({
    deployment: d,
    hash: "7c9d8f6b54",
    template: t2,
    revision: 2,
    replicas: 3,
    status: { replicas: 3, ready: 0, available: 0 },
    createdAgo: 620,
  });
  const pods = ["b5n6s", "h7j4d", "q2r8v"].map((s, i) =>
    pod({ rs: rs2, suffix: s, createdAgo: 620 - i * 10, shape: { kind: "crashLoop", restarts: 6, exitCode: 1 }, ip: `10.244.0.${20 + i}` }),
  );
  const svc = service({ name: "inference", selector: APP });
  return {
    description:
      "Bad rollout without a rollback target: revisionHistoryLimit 0 deleted revision 1 once v2 completed; v2 now exits 1 (CrashLoopBackOff).",
    objects: [
      d,
      rs2,
      ...pods,
      svc,
      endpointSlice(svc, pods),
      event(pods[0], "BackOff", "Back-off restarting failed container inference in pod inference-7c9d8f6b54-b5n6s_rollscope-lab(x)", {
        type: "Warning",
        count: 25,
        firstAgo: 500,
        lastAgo: 3,
      }),
    ],
  };
}

/** v2 points at an image that cannot be pulled. */
function imagePull(): Scenario {
  const t1 = tpl("v1");
  const t2 = tpl("v2", { image: "registry.invalid/inference:v2" });
  const d = deployment({
    name: "inference",
    template: t2,
    revision: 2,
    generation: 2,
    maxSurge: 1,
    maxUnavailable: 0,
    status: { replicas: 4, updated: 1, ready: 3, available: 3 },
    progressing: {
      status: "True",
      reason: "ReplicaSetUpdated",
      message: 'ReplicaSet "inference-2f4b6d8c9x" is progressing.',
      updatedAgo: 90,
      transitionAgo: 90,
    },
  });
  const rs1 = replicaSet({
    deployment: d,
    hash: "5d4f8b9c7",
    template: t1,
    revision: 1,
    replicas: 3,
    status: { replicas: 3, ready: 3, available: 3 },
    createdAgo: 3600,
  });
  const rs2 = replicaSet({
    deployment: d,
    hash: "2f4b6d8c9x",
    template: t2,
    revision: 2,
    replicas: 1,
    status: { replicas: 1, ready: 0, available: 0 },
    createdAgo: 91,
  });
  const good = ["k2x9p", "m4q7r", "t8w2z"].map((s, i) =>
    pod({ rs: rs1, suffix: s, createdAgo: 3600, shape: { kind: "ready", startedAgo: 3598, readyAgo: 3590 - i }, ip: `10.244.0.${11 + i}` }),
  );
  const bad = pod({
    rs: rs2,
    suffix: "v7c3n",
    createdAgo: 90,
    shape: { kind: "imagePull", reason: "ImagePullBackOff", image: "registry.invalid/inference:v2" },
    ip: "10.244.0.30",
  });
  const svc = service({ name: "inference", selector: APP });
  const pods = [...good, bad];
  return {
    description: "v2's image cannot be pulled (registry.invalid): the new pod sits in ImagePullBackOff, v1 keeps serving.",
    objects: [
      d,
      rs1,
      rs2,
      ...pods,
      svc,
      endpointSlice(svc, pods),
      event(bad, "Failed", 'Failed to pull image "registry.invalid/inference:v2": dial tcp: lookup registry.invalid: no such host', {
        type: "Warning",
        count: 4,
        firstAgo: 88,
        lastAgo: 20,
      }),
    ],
  };
}

/** v2 asks for a GPU no node has. */
function unschedulable(): Scenario {
  const t1 = tpl("v1");
  const t2 = tpl("v2", { resources: { limits: { "nvidia.com/gpu": "1" }, requests: { "nvidia.com/gpu": "1" } } });
  const d = deployment({
    name: "inference",
    template: t2,
    revision: 2,
    generation: 2,
    maxSurge: 1,
    maxUnavailable: 0,
    status: { replicas: 4, updated: 1, ready: 3, available: 3 },
    progressing: {
      status: "True",
      reason: "ReplicaSetUpdated",
      message: 'ReplicaSet "inference-4b6d8f2c9z" is progressing.',
      updatedAgo: 120,
      transitionAgo: 120,
    },
  });
  const rs1 = replicaSet({
    deployment: d,
    hash: "5d4f8b9c7",
    template: t1,
    revision: 1,
    replicas: 3,
    status: { replicas: 3, ready: 3, available: 3 },
    createdAgo: 3600,
  });
  const rs2 = replicaSet({
    deployment: d,
    hash: "4b6d8f2c9z",
    template: t2,
    revision: 2,
    replicas: 1,
    status: { replicas: 1, ready: 0, available: 0 },
    createdAgo: 121,
  });
  const good = ["k2x9p", "m4q7r", "t8w2z"].map((s, i) =>
    pod({ rs: rs1, suffix: s, createdAgo: 3600, shape: { kind: "ready", startedAgo: 3598, readyAgo: 3590 - i }, ip: `10.244.0.${11 + i}` }),
  );
  const bad = pod({
    rs: rs2,
    suffix: "p3q4r",
    createdAgo: 120,
    shape: {
      kind: "unschedulable",
      message:
        "0/3 nodes are available: 3 Insufficient nvidia.com/gpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
    },
  });
  const svc = service({ name: "inference", selector: APP });
  const pods = [...good, bad];
  return {
    description: "v2 requests nvidia.com/gpu: 1 and no node has one: the new pod stays Pending, Unschedulable.",
    objects: [d, rs1, rs2, ...pods, svc, endpointSlice(svc, pods)],
  };
}

/** Paused after the template was edited: no new RS yet. */
function paused(): Scenario {
  const t1 = tpl("v1");
  const t2 = tpl("v2");
  const d = deployment({
    name: "inference",
    template: t2,
    revision: 1,
    generation: 3,
    observedGeneration: 3,
    paused: true,
    maxSurge: 1,
    maxUnavailable: 0,
    status: { replicas: 3, updated: 0, ready: 3, available: 3 },
    progressing: { status: "Unknown", reason: "DeploymentPaused", message: "Deployment is paused", updatedAgo: 60, transitionAgo: 60 },
  });
  const rs1 = replicaSet({
    deployment: d,
    hash: "5d4f8b9c7",
    template: t1,
    revision: 1,
    replicas: 3,
    status: { replicas: 3, ready: 3, available: 3 },
    createdAgo: 3600,
  });
  const pods = ["k2x9p", "m4q7r", "t8w2z"].map((s, i) =>
    pod({ rs: rs1, suffix: s, createdAgo: 3600, shape: { kind: "ready", startedAgo: 3598, readyAgo: 3590 - i }, ip: `10.244.0.${11 + i}` }),
  );
  const svc = service({ name: "inference", selector: APP });
  return {
    description: "Paused Deployment whose template was edited to v2: no new ReplicaSet until resume.",
    objects: [d, rs1, ...pods, svc, endpointSlice(svc, pods)],
  };
}

/** A Service whose selector has a typo. */
function selectorTypo(): Scenario {
  const base = complete();
  const svc = service({ name: "inference", selector: { app: "inferance" } });
  const objects = base.objects.filter((o) => o.kind !== "Service" && o.kind !== "EndpointSlice");
  return {
    description: "Service selector app=inferance (typo) matches no pod: the Service has no endpoints.",
    objects: [...objects, svc, endpointSlice(svc, [])],
  };
}

/** Service targetPort 8080, container listens on (declares) 8000. */
function targetPort(): Scenario {
  const t = tpl("v1", { ports: [{ containerPort: 8000, name: "http" }] });
  const d = deployment({
    name: "inference",
    template: t,
    revision: 1,
    generation: 1,
    maxSurge: 1,
    maxUnavailable: 0,
    status: { replicas: 3, updated: 3, ready: 3, available: 3 },
    progressing: {
      status: "True",
      reason: "NewReplicaSetAvailable",
      message: 'ReplicaSet "inference-5d4f8b9c7" has successfully progressed.',
      updatedAgo: 3500,
      transitionAgo: 3600,
    },
  });
  const rs = replicaSet({
    deployment: d,
    hash: "5d4f8b9c7",
    template: t,
    revision: 1,
    replicas: 3,
    status: { replicas: 3, ready: 3, available: 3 },
    createdAgo: 3600,
  });
  const pods = ["k2x9p", "m4q7r", "t8w2z"].map((s, i) =>
    pod({ rs, suffix: s, createdAgo: 3600, shape: { kind: "ready", startedAgo: 3598, readyAgo: 3590 - i }, ip: `10.244.0.${11 + i}` }),
  );
  const svc = service({ name: "inference", selector: APP, targetPort: 8080 });
  return {
    description: "Service targetPort 8080 while the container declares only port 8000: endpoints are Ready, connections are refused.",
    objects: [d, rs, ...pods, svc, endpointSlice(svc, pods, 8080)],
  };
}

/** First revision whose pods never become Ready, and a Deployment without a probe beside it. */
function noReadyEndpoints(): Scenario {
  const t = tpl("v1", { command: BAD_START });
  const d = deployment({
    name: "inference",
    template: t,
    revision: 1,
    generation: 1,
    maxSurge: 1,
    maxUnavailable: 0,
    createdAgo: 300,
    status: { replicas: 3, updated: 3, ready: 0, available: 0 },
    progressing: {
      status: "True",
      reason: "ReplicaSetUpdated",
      message: 'ReplicaSet "inference-5d4f8b9c7" is progressing.',
      updatedAgo: 299,
      transitionAgo: 299,
    },
  });
  const rs = replicaSet({
    deployment: d,
    hash: "5d4f8b9c7",
    template: t,
    revision: 1,
    replicas: 3,
    status: { replicas: 3, ready: 0, available: 0 },
    createdAgo: 300,
  });
  const pods = ["k2x9p", "m4q7r", "t8w2z"].map((s, i) =>
    pod({ rs, suffix: s, createdAgo: 299, shape: { kind: "notReady", startedAgo: 297 }, ip: `10.244.0.${11 + i}` }),
  );
  const svc = service({ name: "inference", selector: APP });
  const tn = podTemplate({ app: "tokenizer" }, { version: "v1", probe: "none" });
  const dn = deployment({
    name: "tokenizer",
    replicas: 1,
    template: tn,
    revision: 1,
    generation: 1,
    status: { replicas: 1, updated: 1, ready: 1, available: 1 },
    progressing: {
      status: "True",
      reason: "NewReplicaSetAvailable",
      message: 'ReplicaSet "tokenizer-6c7d8b9f5" has successfully progressed.',
      updatedAgo: 3500,
      transitionAgo: 3600,
    },
  });
  const rsn = replicaSet({
    deployment: dn,
    hash: "6c7d8b9f5",
    template: tn,
    revision: 1,
    replicas: 1,
    status: { replicas: 1, ready: 1, available: 1 },
    createdAgo: 3600,
  });
  const pn = pod({
    rs: rsn,
    suffix: "z2x4c",
    createdAgo: 3600,
    shape: { kind: "ready", startedAgo: 3598, readyAgo: 3598 },
    ip: "10.244.0.50",
  });
  return {
    description: "First revision of inference never passes readiness (the Service has no ready endpoint); tokenizer has no readinessProbe.",
    objects: [d, rs, ...pods, svc, endpointSlice(svc, pods), dn, rsn, pn],
  };
}

/** Triage Day canary: 4 stable pods serve, the 1-pod canary (first revision) crash-loops. */
function canaryCrashLoop(): Scenario {
  const stableLabels = { app: "reranker", track: "stable" };
  const canaryLabels = { app: "reranker", track: "canary" };
  const ts = podTemplate(stableLabels, { version: "v1" });
  const tc = podTemplate(canaryLabels, { version: "v2", command: ["sh", "-c", "echo loading model; sleep 3; exit 1"] });
  const ds = deployment({
    name: "reranker",
    replicas: 4,
    labels: stableLabels,
    template: ts,
    revision: 1,
    generation: 1,
    progressDeadlineSeconds: 60,
    status: { replicas: 4, updated: 4, ready: 4, available: 4 },
    progressing: {
      status: "True",
      reason: "NewReplicaSetAvailable",
      message: 'ReplicaSet "reranker-6f8b9c7d5" has successfully progressed.',
      updatedAgo: 280,
      transitionAgo: 300,
    },
  });
  const dc = deployment({
    name: "reranker-canary",
    replicas: 1,
    labels: canaryLabels,
    template: tc,
    revision: 1,
    generation: 1,
    progressDeadlineSeconds: 60,
    createdAgo: 240,
    status: { replicas: 1, updated: 1, ready: 0, available: 0 },
    progressing: {
      status: "False",
      reason: "ProgressDeadlineExceeded",
      message: 'ReplicaSet "reranker-canary-7d9c8b6f4" has timed out progressing.',
      updatedAgo: 179,
      transitionAgo: 179,
    },
  });
  const rss = replicaSet({
    deployment: ds,
    hash: "6f8b9c7d5",
    template: ts,
    revision: 1,
    replicas: 4,
    status: { replicas: 4, ready: 4, available: 4 },
    createdAgo: 300,
  });
  const rsc = replicaSet({
    deployment: dc,
    hash: "7d9c8b6f4",
    template: tc,
    revision: 1,
    replicas: 1,
    status: { replicas: 1, ready: 0, available: 0 },
    createdAgo: 240,
  });
  const stable = ["b2c4d", "f5g6h", "j7k8l", "m9n2p"].map((s, i) =>
    pod({
      rs: rss,
      suffix: s,
      createdAgo: 300,
      shape: { kind: "ready", startedAgo: 298, readyAgo: 288 - i },
      ip: `10.244.4.${10 + i}`,
      node: `lab-node-${(i % 3) + 1}`,
    }),
  );
  const canary = pod({
    rs: rsc,
    suffix: "x4z5b",
    createdAgo: 240,
    shape: { kind: "crashLoop", restarts: 5, exitCode: 1 },
    ip: "10.244.4.40",
  });
  const svc = service({ name: "reranker", selector: { app: "reranker" } });
  const pods = [...stable, canary];
  return {
    description:
      "Triage Day canary: reranker-canary (v2, first revision) exits 1 after start and crash-loops; the 4 stable pods carry all traffic.",
    objects: [ds, dc, rss, rsc, ...pods, svc, endpointSlice(svc, pods)],
  };
}

/** Every scenario by folder name. */
export const SCENARIOS: Record<string, () => Scenario> = {
  rolling,
  complete: () => complete(true),
  "endpoints-fallback": () => complete(false),
  stuck,
  "blue-green": () =>
    blueGreen({ app: "inference", color: "green" }, "Blue-green after the cut: Service selects color=green; blue stays up, unselected."),
  "blue-green-mixed": () =>
    blueGreen({ app: "inference" }, "Blue-green gone wrong: the Service selector lost its color key and serves blue and green at once."),
  canary,
  "canary-crashloop": canaryCrashLoop,
  "blue-green-typo": () =>
    blueGreen(
      { app: "inference", color: "Green" },
      "Blue-green cut with a typo: the Service selects color=Green, the pods are labelled color=green; no endpoints.",
    ),
  "no-rollback": noRollback,
  "image-pull": imagePull,
  unschedulable,
  paused,
  "selector-typo": selectorTypo,
  "target-port": targetPort,
  "no-ready-endpoints": noReadyEndpoints,
};
