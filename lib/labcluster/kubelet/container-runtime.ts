import { createHash } from "node:crypto";
import type { Clock } from "../clock";
import { crashBackoffRemaining, nextBackoff, type BackoffEntry } from "./backoff";
import { imageID, parseImage, userland, type ImageRef } from "./images";
import { appLoaded } from "./app-serving";
import { ContainerKill } from "./container-kill";
import { ContainerHealth } from "./container-health";
import { ContainerTimers } from "./container-timers";
import { ImagePull, TIMING } from "./image-pull";
import { SimProcess } from "./process";
import { formatSeconds, stateJson, type ContainerState } from "./container-state";
import { willRestart } from "./restart-policy";
import { programFor, type Program } from "./script";
import { SimFs } from "./sim-fs";
import type { Container, Probe } from "./wire";

export type { ContainerState } from "./container-state";
export { TIMING } from "./image-pull";

/** The container's literal `env` values (valueFrom references resolve to nothing in the lab). */
function literalEnv(spec: Container): Map<string, string> {
  return new Map((spec.env ?? []).map((e) => [e.name, e.value ?? ""]));
}

/** A kubelet event about one container (the shell adds the involved object). */
export interface ContainerEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  fieldPath: string;
}

export interface ContainerHost {
  clock: Clock;
  /** `name_namespace(uid)`, how kubelet messages name the pod. */
  podRef: string;
  restartPolicy: "Always" | "OnFailure" | "Never";
  /** spec.terminationGracePeriodSeconds (default 30): how long a probe-failure kill may take. */
  terminationGracePeriodSeconds: number;
  podContainers: readonly Container[];
  podIP: () => string;
  /** Images already on this node (shared by every pod on it). */
  images: Set<string>;
  emit: (e: ContainerEvent) => void;
  changed: () => void;
}

/**
 * One container of a pod on the lab node: its state machine (create → run the interpreted
 * process → exit → restart with CrashLoopBackOff) and its status. The image pull
 * (image-pull.ts), the probes and readiness (container-health.ts), the stop sequence
 * (container-kill.ts) and the timers (container-timers.ts) are parts of their own. All waiting
 * is done with `clock.after`, so a ManualClock steps it deterministically.
 */
export class ContainerRuntime {
  readonly ref: ImageRef;
  readonly program: Program;
  readonly fieldPath: string;
  state: ContainerState = { kind: "waiting", reason: "ContainerCreating" };
  lastState: Extract<ContainerState, { kind: "terminated" }> | undefined;
  restartCount = 0;
  containerID: string | undefined;
  fs: SimFs;
  private process: SimProcess | undefined;
  private readonly health: ContainerHealth;
  private readonly timers: ContainerTimers;
  private readonly imagePull: ImagePull;
  private readonly kill: ContainerKill;
  private crashBackoff: BackoffEntry | undefined;
  private everStarted = false;
  private stopping = false;

  constructor(
    readonly spec: Container,
    private readonly host: ContainerHost,
    readonly init = false,
  ) {
    this.ref = parseImage(spec.image ?? "");
    this.program = programFor(spec.command, spec.args, literalEnv(spec));
    this.fieldPath = `spec.${init ? "initContainers" : "containers"}{${spec.name}}`;
    if (init) this.state = { kind: "waiting", reason: "PodInitializing" };
    this.fs = new SimFs(spec.workingDir, userland(this.ref));
    this.timers = new ContainerTimers(host.clock);
    this.imagePull = new ImagePull(spec, this.ref, {
      clock: host.clock,
      timers: this.timers,
      images: host.images,
      event: (type, reason, message) => this.event(type, reason, message),
      setState: (st) => this.setState(st),
      stopping: () => this.stopping,
      create: () => this.create(),
    });
    this.health = new ContainerHealth({
      clock: host.clock,
      spec,
      target: () => ({ container: this.spec, podContainers: this.host.podContainers, fs: this.fs, podIP: this.host.podIP() }),
      unhealthy: (kind, output) => this.event("Warning", "Unhealthy", `${kind} probe failed: ${output}`),
      failed: (kind, probe) => this.killForProbe(kind, probe),
      running: () => this.state.kind === "running",
      changed: () => this.host.changed(),
    });
    this.kill = new ContainerKill({
      timers: this.timers,
      now: () => host.clock.now(),
      spec,
      program: this.program,
      fs: () => this.fs,
      process: () => this.process,
      running: () => this.state.kind === "running",
      exited: (code, reason) => this.exited(code, reason),
    });
  }

  /** Startup probe passed (or there is none) for the current instance. */
  get started(): boolean {
    return this.health.started;
  }

  get ready(): boolean {
    return this.health.ready;
  }

  get name(): string {
    return this.spec.name;
  }

  /** Displayed image: the spec's until the image is resolved, then the fully qualified name. */
  get image(): string {
    return this.everStarted ? this.ref.full : (this.spec.image ?? "");
  }

  get imageID(): string {
    return this.everStarted ? imageID(this.ref) : "";
  }

  /** Has exited and will not be restarted (restartPolicy, or the pod is stopping). */
  get finished(): boolean {
    return this.state.kind === "terminated" && (this.stopping || !willRestart(this.init, this.host.restartPolicy, this.state.exitCode));
  }

  /** Its process runs and its app has loaded (app-serving.ts): it answers requests. */
  get appLoaded(): boolean {
    return this.state.kind === "running" && !!this.process?.running && appLoaded(this.fs, this.process.blockedForever);
  }

  /** The sandbox is up (and init containers are done): pull the image and start. */
  begin(): void {
    if (!this.init) this.setState({ kind: "waiting", reason: "ContainerCreating" });
    this.imagePull.start();
  }

  private event(type: "Normal" | "Warning", reason: string, message: string): void {
    this.host.emit({ type, reason, message, fieldPath: this.fieldPath });
  }

  private setState(s: ContainerState): void {
    this.state = s;
    this.host.changed();
  }

  private create(): void {
    if (this.stopping) return;
    if (this.everStarted) this.restartCount++;
    this.everStarted = true;
    // Derived, not random: the same pod replays with the same IDs.
    const instance = `${this.host.podRef}/${this.fieldPath}/${this.restartCount}`;
    this.containerID = `containerd://${createHash("sha256").update(instance).digest("hex")}`;
    this.fs = new SimFs(this.spec.workingDir, userland(this.ref));
    this.event("Normal", "Created", `Created container: ${this.name}`);
    this.event("Normal", "Started", `Started container ${this.name}`);
    const startedAt = this.host.clock.now();
    this.state = { kind: "running", startedAt };
    this.process = new SimProcess(this.host.clock, this.program, this.fs, (code) => this.exited(code, code === 0 ? "Completed" : "Error"));
    this.health.begin(startedAt);
    this.host.changed();
    this.process.start();
  }

  private killForProbe(kind: "liveness" | "startup", probe: Probe): void {
    if (this.stopping || this.state.kind !== "running" || this.kill.killAt !== undefined) return;
    this.event("Normal", "Killing", `Container ${this.name} failed ${kind} probe, will be restarted`);
    // Probing is on hold until the new instance runs; the kill takes the usual grace period.
    this.health.stop(["liveness", "startup"]);
    const grace = probe.terminationGracePeriodSeconds ?? this.host.terminationGracePeriodSeconds;
    this.kill.begin(this.host.clock.now() + grace * 1000);
  }

  private exited(code: number, reason: string): void {
    if (this.state.kind !== "running") return;
    this.kill.cancel();
    const startedAt = this.state.startedAt;
    this.health.end();
    const now = this.host.clock.now();
    this.setState({ kind: "terminated", exitCode: code, reason, startedAt, finishedAt: now, containerID: this.containerID ?? "" });
    if (this.stopping || !willRestart(this.init, this.host.restartPolicy, code)) return;
    const finishedAt = now;
    this.timers.later(TIMING.syncMs, () => this.restartAfterCrash(finishedAt));
  }

  private restartAfterCrash(finishedAt: number): void {
    if (this.stopping || this.state.kind !== "terminated") return;
    const now = this.host.clock.now();
    const terminated = this.state;
    const wait = crashBackoffRemaining(this.crashBackoff, finishedAt, now);
    if (wait > 0) {
      const seconds = Math.round((this.crashBackoff?.backoffMs ?? 0) / 1000);
      this.lastState = terminated;
      this.event("Warning", "BackOff", `Back-off restarting failed container ${this.name} in pod ${this.host.podRef}`);
      this.setState({
        kind: "waiting",
        reason: "CrashLoopBackOff",
        message: `back-off ${formatSeconds(seconds)} restarting failed container=${this.name} pod=${this.host.podRef}`,
      });
      this.timers.later(wait, () => this.restart(terminated));
      return;
    }
    this.restart(terminated);
  }

  private restart(previous: Extract<ContainerState, { kind: "terminated" }>): void {
    if (this.stopping) return;
    this.crashBackoff = nextBackoff(this.crashBackoff, this.host.clock.now());
    this.lastState = previous;
    this.imagePull.start();
  }

  /**
   * The pod is being deleted: preStop, then SIGTERM, then SIGKILL at `deadline`. Readiness keeps
   * probing; liveness and startup stop, as on a real node.
   */
  stop(deadline: number): void {
    if (this.stopping) {
      // A second delete with a shorter grace period brings the SIGKILL forward, never back.
      if (this.kill.killAt !== undefined && deadline < this.kill.killAt && this.state.kind === "running") this.kill.schedule(deadline);
      return;
    }
    this.stopping = true;
    // Already being killed after a failed liveness probe: keep the earlier SIGKILL.
    const killAt = Math.min(deadline, this.kill.killAt ?? Infinity);
    this.kill.cancel();
    this.timers.cancelAll();
    this.health.stop(["liveness", "startup"]);
    if (this.state.kind !== "running") {
      // Nothing runs: a waiting container just goes away.
      if (this.state.kind === "waiting") {
        // What the real kubelet reports for a container that never ran when its pod stopped.
        this.setState({
          kind: "terminated",
          exitCode: 137,
          reason: "ContainerStatusUnknown",
          startedAt: this.host.clock.now(),
          finishedAt: this.host.clock.now(),
          containerID: "",
        });
      }
      return;
    }
    this.event("Normal", "Killing", `Stopping container ${this.name}`);
    this.kill.begin(killAt);
  }

  /** Drops every timer and probe (the pod is forgotten). */
  dispose(): void {
    this.stopping = true;
    this.timers.cancelAll();
    this.health.stop();
    this.process?.kill();
  }

  /** containerStatuses[] entry. */
  status(): Record<string, unknown> {
    return {
      name: this.name,
      image: this.image,
      imageID: this.imageID,
      ...(this.containerID ? { containerID: this.containerID } : {}),
      ready: this.ready,
      started: this.state.kind === "running" && this.started,
      restartCount: this.restartCount,
      state: stateJson(this.state),
      lastState: this.lastState ? stateJson(this.lastState) : {},
    };
  }
}
