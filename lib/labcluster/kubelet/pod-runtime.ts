import type { Clock } from "../clock";
import { isoTime } from "../clock";
import { appVersion, listensOn, type Connection } from "./app-serving";
import { ContainerRuntime, type ContainerEvent } from "./container-runtime";
import { parseQuantity } from "../../model/quantity";
import type { Condition, Pod } from "./wire";

export interface PodHost {
  clock: Clock;
  hostIP: string;
  /** Allocates the pod's IP when its sandbox comes up. */
  allocatePodIP: () => string;
  images: Set<string>;
  emit: (e: ContainerEvent | { type: "Normal" | "Warning"; reason: string; message: string; fieldPath?: undefined }) => void;
  /** The status changed; the shell writes `status()` when it gets to it. */
  changed: () => void;
  /** A deleted pod's containers have all stopped: the shell may remove the pod (grace 0). */
  terminated: () => void;
}

/** Simulated ms from binding to a ready sandbox (network set up, pause container running). */
export const SANDBOX_MS = 1000;

const CONDITION_ORDER = ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"];

/**
 * A pod on a lab node: sandbox, init containers in order, then the app containers; pod
 * conditions and phase derived from them the way the kubelet's status manager does; graceful
 * stop on deletion. Pure state machine over a Clock: the API shell only feeds it pod updates and
 * writes out `status()`.
 */
export class PodRuntime {
  private readonly containers: ContainerRuntime[];
  private readonly initContainers: ContainerRuntime[];
  private readonly conditions = new Map<string, Condition>();
  private podIP: string | undefined;
  private readonly startTime: number;
  private sandboxReady = false;
  private initIndex = 0;
  private deletion: { deadline: number } | undefined;
  private reportedTerminated = false;
  private cancelSandbox: (() => void) | undefined;
  pod: Pod;

  constructor(
    pod: Pod,
    private readonly host: PodHost,
  ) {
    this.pod = pod;
    this.startTime = host.clock.now();
    for (const c of pod.status?.conditions ?? []) this.conditions.set(c.type, c);
    const rp = pod.spec.restartPolicy;
    const restartPolicy = rp === "Never" || rp === "OnFailure" ? rp : "Always";
    const { name, namespace, uid } = pod.metadata;
    const containerHost = {
      clock: host.clock,
      podRef: `${name}_${namespace}(${uid})`,
      restartPolicy,
      terminationGracePeriodSeconds: pod.spec.terminationGracePeriodSeconds ?? 30,
      podContainers: pod.spec.containers,
      podIP: () => this.podIP ?? "",
      images: host.images,
      emit: host.emit,
      changed: () => this.onContainerChange(),
    } as const;
    this.initContainers = (pod.spec.initContainers ?? []).map((c) => new ContainerRuntime(c, containerHost, true));
    this.containers = pod.spec.containers.map((c) => new ContainerRuntime(c, containerHost));
    if (this.initContainers.length) for (const c of this.containers) c.state = { kind: "waiting", reason: "PodInitializing" };
    this.refreshConditions();
  }

  /** The kubelet has admitted the pod: bring up the sandbox, then start containers. */
  start(): void {
    this.cancelSandbox = this.host.clock.after(SANDBOX_MS, () => {
      this.cancelSandbox = undefined;
      if (this.deletion) return;
      this.sandboxReady = true;
      this.podIP = this.host.allocatePodIP();
      this.refreshConditions();
      this.host.changed();
      this.startNextInit();
    });
    this.host.changed();
  }

  /** A newer version of the pod from the API (only deletion matters: pod specs are immutable). */
  update(pod: Pod): void {
    this.pod = pod;
    // Conditions owned by others (readiness gates, DisruptionTarget) are taken as they come;
    // our status writes replace the whole list, so they must be carried along.
    let adopted = false;
    for (const c of pod.status?.conditions ?? []) {
      if (CONDITION_ORDER.includes(c.type)) continue;
      const mine = this.conditions.get(c.type);
      if (mine && mine.status === c.status && mine.reason === c.reason && mine.message === c.message) continue;
      this.conditions.set(c.type, c);
      adopted = true;
    }
    if (adopted) {
      this.refreshConditions();
      this.host.changed();
    }
    if (pod.metadata.deletionTimestamp) this.terminate(pod);
  }

  /** Starts the stop sequence, or shortens it when a later delete lowered the grace period. */
  private terminate(pod: Pod): void {
    const grace = pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
    const deadline = this.host.clock.now() + grace * 1000;
    if (this.deletion && deadline >= this.deletion.deadline) return;
    this.deletion = { deadline };
    this.cancelSandbox?.();
    for (const c of [...this.initContainers, ...this.containers]) c.stop(deadline);
    this.onContainerChange();
  }

  private startNextInit(): void {
    if (this.initIndex >= this.initContainers.length) {
      for (const c of this.containers) c.begin();
      return;
    }
    this.initContainers[this.initIndex].begin();
  }

  private onContainerChange(): void {
    const init = this.initContainers[this.initIndex];
    if (!this.deletion && init && init.state.kind === "terminated" && init.state.exitCode === 0) {
      this.initIndex++;
      this.startNextInit();
    }
    this.refreshConditions();
    this.host.changed();
    if (this.deletion && !this.reportedTerminated && this.allStopped()) {
      this.reportedTerminated = true;
      this.host.terminated();
    }
  }

  private allStopped(): boolean {
    return [...this.initContainers, ...this.containers].every((c) => c.state.kind !== "running");
  }

  private initialized(): boolean {
    return this.initIndex >= this.initContainers.length;
  }

  private setCondition(type: string, ok: boolean, reason?: string, message?: string): void {
    const status = ok ? "True" : "False";
    const prev = this.conditions.get(type);
    const lastTransitionTime =
      prev && prev.status === status && prev.lastTransitionTime ? prev.lastTransitionTime : isoTime(this.host.clock.now());
    this.conditions.set(type, { type, status, lastProbeTime: null, lastTransitionTime, ...(ok || !reason ? {} : { reason, message }) });
  }

  private refreshConditions(): void {
    const stopped = this.deletion !== undefined && this.allStopped();
    this.setCondition("PodReadyToStartContainers", this.sandboxReady && !stopped);
    const pendingInit = this.initContainers.slice(this.initIndex).map((c) => c.name);
    this.setCondition(
      "Initialized",
      this.initialized(),
      "ContainersNotInitialized",
      `containers with incomplete status: [${pendingInit.join(" ")}]`,
    );
    const unready = this.containers.filter((c) => !c.ready).map((c) => c.name);
    const containersReady = unready.length === 0;
    this.setCondition("ContainersReady", containersReady, "ContainersNotReady", `containers with unready status: [${unready.join(" ")}]`);
    const gates = (this.pod.spec.readinessGates ?? []).map((g) => g.conditionType);
    const missingGate = gates.find((g) => this.conditions.get(g)?.status !== "True");
    if (!containersReady) this.setCondition("Ready", false, "ContainersNotReady", `containers with unready status: [${unready.join(" ")}]`);
    else if (missingGate)
      this.setCondition(
        "Ready",
        false,
        "ReadinessGatesNotReady",
        `corresponding condition of pod readiness gate "${missingGate}" does not exist.`,
      );
    else this.setCondition("Ready", true);
    // Bound means scheduled, even if an earlier attempt left PodScheduled=False behind.
    this.setCondition("PodScheduled", true);
  }

  /** kubelet getPhase (pkg/kubelet/kubelet_pods.go), simplified to what the lab can produce. */
  phase(): "Pending" | "Running" | "Succeeded" | "Failed" {
    if (!this.initialized()) {
      const failed = this.initContainers.some((c) => c.finished && c.state.kind === "terminated" && c.state.exitCode !== 0);
      return failed ? "Failed" : "Pending";
    }
    let running = 0;
    let stopped = 0;
    let succeeded = 0;
    let waiting = 0;
    for (const c of this.containers) {
      if (c.state.kind === "running") running++;
      else if (c.state.kind === "terminated") {
        stopped++;
        if (c.state.exitCode === 0) succeeded++;
      } else if (c.lastState) stopped++;
      else waiting++;
    }
    const terminal = this.deletion !== undefined && this.allStopped();
    if (waiting > 0 && !terminal) return "Pending";
    if (running > 0) return "Running";
    if (terminal) return succeeded === stopped && waiting === 0 ? "Succeeded" : "Failed";
    const rp = this.pod.spec.restartPolicy ?? "Always";
    if (rp === "Always") return "Running";
    if (stopped === succeeded) return this.containers.every((c) => c.finished) ? "Succeeded" : "Running";
    if (rp === "Never") return "Failed";
    return "Running";
  }

  /** The pod's status as the kubelet reports it (written to pods/{name}/status). */
  status(): Record<string, unknown> {
    const conditions = CONDITION_ORDER.map((t) => this.conditions.get(t)).filter((c): c is Condition => !!c);
    // Conditions set by others (readiness gates, DisruptionTarget) are preserved.
    for (const [t, c] of this.conditions) if (!CONDITION_ORDER.includes(t)) conditions.push(c);
    return {
      phase: this.phase(),
      conditions,
      hostIP: this.host.hostIP,
      hostIPs: [{ ip: this.host.hostIP }],
      ...(this.podIP ? { podIP: this.podIP, podIPs: [{ ip: this.podIP }] } : {}),
      startTime: isoTime(this.startTime),
      qosClass: qosClass(this.pod),
      ...(this.initContainers.length ? { initContainerStatuses: this.initContainers.map((c) => c.status()) } : {}),
      containerStatuses: this.containers.map((c) => c.status()),
    };
  }

  /**
   * A TCP connection to this pod's IP on `port`: the app containers listening there answer if
   * their process runs and has loaded, say 503 while it loads, refuse when nothing runs.
   */
  connect(port: number): Connection {
    const pod = this.pod.metadata.name;
    const listening = this.containers.filter((c) => c.state.kind === "running" && listensOn(c.spec, port));
    const loaded = listening.find((c) => c.appLoaded);
    if (loaded) return { kind: "answered", version: appVersion(loaded.spec, this.pod.metadata.labels), pod };
    return listening.length > 0 ? { kind: "loading", pod } : { kind: "refused" };
  }

  /** Test and shell access to a container by name. */
  container(name: string): ContainerRuntime | undefined {
    return [...this.initContainers, ...this.containers].find((c) => c.name === name);
  }

  /** Forgets the pod: every timer stops. */
  dispose(): void {
    this.cancelSandbox?.();
    for (const c of [...this.initContainers, ...this.containers]) c.dispose();
  }
}

/** pkg/apis/core/helper/qos: Guaranteed when every container's cpu and memory limits equal its requests. */
export function qosClass(pod: Pod): "Guaranteed" | "Burstable" | "BestEffort" {
  const all = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  const hasResources = all.some((c) => Object.keys(c.resources?.requests ?? {}).length + Object.keys(c.resources?.limits ?? {}).length > 0);
  if (!hasResources) return "BestEffort";
  const guaranteed = all.every((c) =>
    (["cpu", "memory"] as const).every((k) => {
      const limit = c.resources?.limits?.[k];
      const request = c.resources?.requests?.[k] ?? limit;
      return limit !== undefined && parseQuantity(limit) === parseQuantity(request);
    }),
  );
  return guaranteed ? "Guaranteed" : "Burstable";
}
