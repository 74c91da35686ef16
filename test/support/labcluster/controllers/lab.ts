import { isoTime, ManualClock } from "../../../../lib/labcluster/clock";
import { Store } from "../../../../lib/labcluster/store";
import type { KObj } from "../../../../lib/labcluster/types";
import type { Condition, Deployment, Pod, PodTemplateSpec, ReplicaSet } from "../../../../lib/labcluster/kinds";
import { STORE } from "../../../../lib/labcluster/kinds";
import type { Controllers } from "../../../../lib/labcluster/controllers/index";
import { startControllers } from "../../../../lib/labcluster/controllers/index";
import { controllerOf, PODS } from "../../../../lib/labcluster/controllers/objects";

/** Which pods a kubelet command applies to: all, those with these labels, or a predicate. */
export type PodFilter = Record<string, string> | ((pod: KObj) => boolean) | undefined;

function matches(pod: KObj, f: PodFilter): boolean {
  if (!f) return true;
  if (typeof f === "function") return f(pod);
  return Object.entries(f).every(([k, v]) => pod.metadata.labels?.[k] === v);
}

/**
 * Plays the kubelet in controller tests: binds pods to a node, runs them, flips their Ready
 * condition on command, and finishes terminating pods. Writes go straight to the Store.
 */
export class FakeKubelet {
  private nextIP = 1;
  constructor(
    private readonly store: Store,
    private readonly clock: ManualClock,
    readonly nodeName = "node-1",
  ) {
    store.create("nodes", "", {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: nodeName, labels: { "kubernetes.io/hostname": nodeName } },
    });
  }

  pods(f?: PodFilter): Pod[] {
    return this.store.list(STORE.pods).filter((p) => matches(p, f));
  }

  /** Binds every matching unbound pod and starts it: Running, an IP, not Ready yet. */
  run(f?: PodFilter): void {
    for (const pod of this.pods(f)) {
      if (pod.spec?.nodeName || pod.metadata.deletionTimestamp) continue;
      const next = structuredClone(pod);
      const now = isoTime(this.clock.now());
      next.spec!.nodeName = this.nodeName;
      next.status = {
        ...next.status,
        phase: "Running",
        podIP: `10.0.0.${this.nextIP++}`,
        startTime: now,
        conditions: [
          { type: "PodScheduled", status: "True", lastTransitionTime: now },
          { type: "Ready", status: "False", lastTransitionTime: now, reason: "ContainersNotReady" },
        ],
        containerStatuses: [{ name: "app", ready: false, restartCount: 0, state: { running: { startedAt: now } } }],
      };
      this.store.update(PODS, "", next);
    }
  }

  /** Sets the Ready condition of every matching running pod (lastTransitionTime on a change). */
  setReady(f: PodFilter, ready = true): void {
    for (const pod of this.pods(f)) {
      if (pod.status?.phase !== "Running") continue;
      const cur = (pod.status.conditions ?? []).find((c: { type: string }) => c.type === "Ready");
      if (cur?.status === (ready ? "True" : "False")) continue;
      const next = structuredClone(pod);
      next.status!.conditions = [
        ...(pod.status.conditions ?? []).filter((c: { type: string }) => c.type !== "Ready"),
        { type: "Ready", status: ready ? "True" : "False", lastTransitionTime: isoTime(this.clock.now()) },
      ];
      next.status!.containerStatuses = (pod.status.containerStatuses ?? []).map((c: object) => ({ ...c, ready }));
      this.store.update(PODS, "", next);
    }
  }

  /** Removes every matching pod whose deletion was requested (containers stopped). */
  finishTerminating(f?: PodFilter): void {
    for (const pod of this.pods(f)) {
      if (pod.metadata.deletionTimestamp) this.store.remove(PODS, "", pod.metadata.namespace, pod.metadata.name!);
    }
  }
}

export interface DeploymentOptions {
  replicas?: number;
  version?: string;
  strategy?: "RollingUpdate" | "Recreate";
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  minReadySeconds?: number;
  progressDeadlineSeconds?: number;
  revisionHistoryLimit?: number;
  paused?: boolean;
}

/** A Deployment as the apiserver would store it after defaulting. */
export function deployment(name: string, o: DeploymentOptions = {}): Deployment {
  const strategy = o.strategy ?? "RollingUpdate";
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default", generation: 1, labels: { app: name } },
    spec: {
      replicas: o.replicas ?? 1,
      selector: { matchLabels: { app: name } },
      strategy:
        strategy === "Recreate"
          ? { type: "Recreate" }
          : { type: "RollingUpdate", rollingUpdate: { maxSurge: o.maxSurge ?? "25%", maxUnavailable: o.maxUnavailable ?? "25%" } },
      minReadySeconds: o.minReadySeconds ?? 0,
      progressDeadlineSeconds: o.progressDeadlineSeconds ?? 600,
      revisionHistoryLimit: o.revisionHistoryLimit ?? 10,
      ...(o.paused ? { paused: true } : {}),
      template: template(name, o.version ?? "v1"),
    },
  };
}

export function template(app: string, version: string): PodTemplateSpec {
  return {
    metadata: { labels: { app, version } },
    spec: {
      containers: [
        { name: "app", image: `registry.example/${app}:${version}`, ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }] },
      ],
      restartPolicy: "Always",
      terminationGracePeriodSeconds: 30,
    },
  };
}

/** One lab: a Store on a ManualClock, the controllers, a fake kubelet, and helpers. */
export class Lab {
  readonly clock = new ManualClock();
  readonly store = new Store(this.clock);
  readonly kubelet = new FakeKubelet(this.store, this.clock);
  readonly controllers: Controllers;
  readonly errors: string[] = [];

  constructor() {
    this.controllers = startControllers(this.store, this.clock, { log: (m) => this.errors.push(m) });
  }

  settle(): Promise<void> {
    return this.controllers.runUntilIdle();
  }

  /** Advances the clock (firing timers) and settles. */
  async advance(ms: number): Promise<void> {
    this.clock.advance(ms);
    await this.settle();
  }

  stop(): void {
    this.controllers.stop();
  }

  deployment(name: string): Deployment {
    return this.store.get(STORE.deployments, "default", name)!;
  }

  /** Edits a Deployment as the apiserver would: generation bumps when spec or annotations change. */
  edit(name: string, mutate: (d: Deployment) => void): Deployment {
    const d = structuredClone(this.deployment(name));
    const before = JSON.stringify([d.spec, d.metadata.annotations]);
    mutate(d);
    if (JSON.stringify([d.spec, d.metadata.annotations]) !== before) d.metadata.generation = (d.metadata.generation ?? 1) + 1;
    return this.store.update(STORE.deployments, "apps", d);
  }

  /** The Deployment's ReplicaSets, oldest first. */
  replicaSets(name: string): ReplicaSet[] {
    const d = this.deployment(name);
    return this.store
      .list(STORE.replicasets, "default")
      .filter((rs) => controllerOf(rs)?.uid === d.metadata.uid)
      .sort(
        (a, b) =>
          Date.parse(a.metadata.creationTimestamp!) - Date.parse(b.metadata.creationTimestamp!) ||
          (a.metadata.name! < b.metadata.name! ? -1 : 1),
      );
  }

  /** The RS running `version` (by its template's version label). */
  rs(name: string, version: string): ReplicaSet | undefined {
    return this.replicaSets(name).find((rs) => rs.spec!.template!.metadata!.labels!.version === version);
  }

  /** "replicas/updated/ready/available/unavailable", as the worked examples write it. */
  statusTuple(name: string): string {
    const s = this.deployment(name).status ?? {};
    return [s.replicas, s.updatedReplicas, s.readyReplicas, s.availableReplicas, s.unavailableReplicas].map((x) => x ?? 0).join("/");
  }

  condition(name: string, type: string): Condition | undefined {
    return this.deployment(name).status?.conditions?.find((c: { type: string }) => c.type === type);
  }

  /** Event messages recorded for an object, oldest first. */
  events(involvedName?: string, reason?: string): string[] {
    return this.store
      .list("events")
      .filter((e) => (!involvedName || (e.involvedObject as { name: string }).name === involvedName) && (!reason || e.reason === reason))
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
      .map((e) => e.message as string);
  }

  /** Runs, readies (for the matching pods) and finishes terminating pods until nothing changes. */
  async rollOut(ready: PodFilter = undefined, rounds = 50): Promise<void> {
    for (let i = 0; i < rounds; i++) {
      await this.settle();
      const rv = this.store.resourceVersion;
      this.kubelet.run();
      this.kubelet.setReady(ready);
      this.kubelet.finishTerminating();
      await this.settle();
      if (this.store.resourceVersion === rv) return;
    }
    throw new Error("rollout did not settle");
  }
}
