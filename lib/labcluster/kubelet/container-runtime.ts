import { createHash } from "node:crypto";
import type { Clock } from "../clock";
import { crashBackoffRemaining, nextBackoff, type BackoffEntry } from "./backoff";
import { imageID, imageSize, isPullable, parseImage, pullErrorMessage, pullPolicy, userland, type ImageRef } from "./images";
import { appLoaded } from "./app-serving";
import { startProbeWorkers } from "./container-probes";
import type { ProbeWorker } from "./prober";
import { SimProcess } from "./process";
import { formatSeconds, hookDuration, stateJson, type ContainerState } from "./container-state";
import { programFor, type Program } from "./script";
import { SimFs } from "./sim-fs";
import type { Container, Probe } from "./wire";

export type { ContainerState } from "./container-state";

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

/** Simulated durations (ms): how long a real node takes for each step, roughly. */
export const TIMING = { pullMs: 2500, failPullMs: 700, createMs: 200, syncMs: 1000 };

/**
 * One container of a pod on the lab node: pull → create → start → run the interpreted process,
 * probes, exits and restarts with CrashLoopBackOff, and the stop sequence. All waiting is done
 * with `clock.after`, so a ManualClock steps it deterministically.
 */
export class ContainerRuntime {
  readonly ref: ImageRef;
  readonly program: Program;
  readonly fieldPath: string;
  state: ContainerState = { kind: "waiting", reason: "ContainerCreating" };
  lastState: Extract<ContainerState, { kind: "terminated" }> | undefined;
  restartCount = 0;
  containerID: string | undefined;
  /** Startup probe passed (or there is none) for the current instance. */
  started = false;
  ready = false;
  fs: SimFs;
  private process: SimProcess | undefined;
  private probes: ProbeWorker[] = [];
  private timers = new Set<() => void>();
  private crashBackoff: BackoffEntry | undefined;
  private pullBackoff: BackoffEntry | undefined;
  private everStarted = false;
  private stopping = false;
  private killAt: number | undefined;
  private cancelKill: (() => void) | undefined;

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
    return this.state.kind === "terminated" && (this.stopping || !this.willRestart(this.state.exitCode));
  }

  /** Its process runs and its app has loaded (app-serving.ts): it answers requests. */
  get appLoaded(): boolean {
    return this.state.kind === "running" && !!this.process?.running && appLoaded(this.fs, this.process.blockedForever);
  }

  /** The sandbox is up (and init containers are done): pull the image and start. */
  begin(): void {
    if (!this.init) this.setState({ kind: "waiting", reason: "ContainerCreating" });
    this.pull();
  }

  private later(ms: number, fn: () => void): void {
    const cancel = this.host.clock.after(ms, () => {
      this.timers.delete(cancel);
      fn();
    });
    this.timers.add(cancel);
  }

  private event(type: "Normal" | "Warning", reason: string, message: string): void {
    this.host.emit({ type, reason, message, fieldPath: this.fieldPath });
  }

  private setState(s: ContainerState): void {
    this.state = s;
    this.host.changed();
  }

  private pull(): void {
    if (this.stopping) return;
    const image = this.spec.image ?? "";
    const policy = pullPolicy(this.spec.imagePullPolicy, this.ref);
    const present = this.host.images.has(this.ref.full);
    if (policy !== "Always" && present) {
      this.event("Normal", "Pulled", `Container image "${image}" already present on machine`);
      this.later(TIMING.createMs, () => this.create());
      return;
    }
    if (policy === "Never") {
      const msg = `Container image "${image}" is not present with pull policy of Never`;
      this.event("Warning", "ErrImageNeverPull", msg);
      this.setState({ kind: "waiting", reason: "ErrImageNeverPull", message: msg });
      return;
    }
    this.event("Normal", "Pulling", `Pulling image "${image}"`);
    if (!isPullable(this.ref)) {
      this.later(TIMING.failPullMs, () => this.pullFailed());
      return;
    }
    const took = TIMING.pullMs;
    this.later(took, () => {
      this.host.images.add(this.ref.full);
      // Go's Duration.String() of a millisecond-truncated duration: 2.5s, 1.062s.
      const s = `${took / 1000}s`;
      this.event("Normal", "Pulled", `Successfully pulled image "${image}" in ${s} (${s} including waiting). Image size: ${imageSize(this.ref)} bytes.`);
      this.later(TIMING.createMs, () => this.create());
    });
  }

  private pullFailed(): void {
    const image = this.spec.image ?? "";
    const msg = pullErrorMessage(image, this.ref);
    this.pullBackoff = nextBackoff(this.pullBackoff, this.host.clock.now());
    this.event("Warning", "Failed", `Failed to pull image "${image}": ${msg}`);
    this.event("Warning", "Failed", "Error: ErrImagePull");
    this.setState({ kind: "waiting", reason: "ErrImagePull", message: msg });
    const retryAt = this.host.clock.now() + this.pullBackoff.backoffMs;
    // The next pod sync finds the image in backoff and says so until the backoff expires.
    this.later(TIMING.syncMs, () => {
      if (this.stopping) return;
      this.event("Normal", "BackOff", `Back-off pulling image "${image}"`);
      this.event("Warning", "Failed", "Error: ImagePullBackOff");
      this.setState({ kind: "waiting", reason: "ImagePullBackOff", message: `Back-off pulling image "${image}": ErrImagePull: ${msg}` });
    });
    this.later(retryAt - this.host.clock.now(), () => this.pull());
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
    this.started = !this.spec.startupProbe;
    this.ready = false;
    this.state = { kind: "running", startedAt };
    this.process = new SimProcess(this.host.clock, this.program, this.fs, (code) => this.exited(code, code === 0 ? "Completed" : "Error"));
    this.startProbes(startedAt);
    this.updateReady();
    this.host.changed();
    this.process.start();
  }

  private startProbes(startedAt: number): void {
    this.probes = startProbeWorkers(this.host.clock, this.spec, startedAt, {
      target: () => ({ container: this.spec, podContainers: this.host.podContainers, fs: this.fs, podIP: this.host.podIP() }),
      unhealthy: (kind, output) => this.event("Warning", "Unhealthy", `${kind} probe failed: ${output}`),
      readinessChanged: () => this.updateReady(),
      failed: (kind, probe) => this.killForProbe(kind, probe),
      startupPassed: () => {
        this.started = true;
        this.updateReady();
        this.host.changed();
      },
    });
  }

  private stopProbes(kinds?: readonly string[]): void {
    for (const p of this.probes) if (!kinds || kinds.includes(p.kind)) p.stop();
    this.probes = kinds ? this.probes.filter((p) => !kinds.includes(p.kind)) : [];
  }

  private updateReady(): void {
    const readiness = this.probes.find((p) => p.kind === "readiness");
    const next = this.state.kind === "running" && this.started && (readiness ? readiness.result === true : true);
    if (next !== this.ready) {
      this.ready = next;
      this.host.changed();
    }
  }

  private killForProbe(kind: "liveness" | "startup", probe: Probe): void {
    if (this.stopping || this.state.kind !== "running" || this.killAt !== undefined) return;
    this.event("Normal", "Killing", `Container ${this.name} failed ${kind} probe, will be restarted`);
    // Probing is on hold until the new instance runs; the kill takes the usual grace period.
    this.stopProbes(["liveness", "startup"]);
    const grace = probe.terminationGracePeriodSeconds ?? this.host.terminationGracePeriodSeconds;
    this.killProcess(this.host.clock.now() + grace * 1000);
  }

  private exited(code: number, reason: string): void {
    if (this.state.kind !== "running") return;
    this.cancelKill?.();
    this.killAt = undefined;
    const startedAt = this.state.startedAt;
    this.stopProbes();
    this.ready = false;
    this.started = false;
    const now = this.host.clock.now();
    this.setState({ kind: "terminated", exitCode: code, reason, startedAt, finishedAt: now, containerID: this.containerID ?? "" });
    if (this.stopping || !this.willRestart(code)) return;
    const finishedAt = now;
    this.later(TIMING.syncMs, () => this.restartAfterCrash(finishedAt));
  }

  private willRestart(code: number): boolean {
    // Init containers must succeed once: they are retried on failure unless the policy is Never.
    if (this.init) return code !== 0 && this.host.restartPolicy !== "Never";
    return this.host.restartPolicy === "Always" || (this.host.restartPolicy === "OnFailure" && code !== 0);
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
      this.setState({ kind: "waiting", reason: "CrashLoopBackOff", message: `back-off ${formatSeconds(seconds)} restarting failed container=${this.name} pod=${this.host.podRef}` });
      this.later(wait, () => this.restart(terminated));
      return;
    }
    this.restart(terminated);
  }

  private restart(previous: Extract<ContainerState, { kind: "terminated" }>): void {
    if (this.stopping) return;
    this.crashBackoff = nextBackoff(this.crashBackoff, this.host.clock.now());
    this.lastState = previous;
    this.pull();
  }

  /**
   * The pod is being deleted: preStop, then SIGTERM, then SIGKILL at `deadline`. Readiness keeps
   * probing; liveness and startup stop, as on a real node.
   */
  stop(deadline: number): void {
    if (this.stopping) {
      // A second delete with a shorter grace period brings the SIGKILL forward, never back.
      if (this.killAt !== undefined && deadline < this.killAt && this.state.kind === "running") this.scheduleKill(deadline);
      return;
    }
    this.stopping = true;
    // Already being killed after a failed liveness probe: keep the earlier SIGKILL.
    const killAt = Math.min(deadline, this.killAt ?? Infinity);
    for (const cancel of this.timers) cancel();
    this.timers.clear();
    this.killAt = undefined;
    this.stopProbes(["liveness", "startup"]);
    if (this.state.kind !== "running") {
      // Nothing runs: a waiting container just goes away.
      if (this.state.kind === "waiting") {
        // What the real kubelet reports for a container that never ran when its pod stopped.
        this.setState({ kind: "terminated", exitCode: 137, reason: "ContainerStatusUnknown", startedAt: this.host.clock.now(), finishedAt: this.host.clock.now(), containerID: "" });
      }
      return;
    }
    this.event("Normal", "Killing", `Stopping container ${this.name}`);
    this.killProcess(killAt);
  }

  /**
   * The runtime's stop: preStop hook, SIGTERM, SIGKILL at `deadline`. Interpreted processes
   * (sh -c, sleep) run as PID 1 without a SIGTERM handler, so the kernel ignores the signal and
   * they stop only at the deadline (exit 137), unless the script set `trap … TERM`; an image's
   * own entrypoint is taken to be a server that exits 0 on SIGTERM.
   */
  private killProcess(deadline: number): void {
    this.scheduleKill(deadline);
    const sigterm = () => {
      if (this.state.kind !== "running") return;
      if (this.program.kind === "forever" && this.program.why === "image entrypoint") {
        this.process?.kill();
        this.exited(0, "Completed");
        return;
      }
      // A script that set `trap … TERM` runs its handler (and may exit); otherwise nothing happens.
      this.process?.sigterm();
    };
    const preStop = this.spec.lifecycle?.preStop;
    const hookMs = preStop ? hookDuration(preStop, this.fs) : 0;
    if (hookMs === 0) sigterm();
    else if (Number.isFinite(hookMs)) this.later(hookMs, sigterm);
  }

  private scheduleKill(deadline: number): void {
    this.cancelKill?.();
    this.killAt = deadline;
    const cancel = this.host.clock.after(Math.max(0, deadline - this.host.clock.now()), () => {
      this.timers.delete(cancel);
      this.process?.kill();
      this.exited(137, "Error");
    });
    this.timers.add(cancel);
    this.cancelKill = () => {
      cancel();
      this.timers.delete(cancel);
    };
  }

  /** Drops every timer and probe (the pod is forgotten). */
  dispose(): void {
    this.stopping = true;
    for (const cancel of this.timers) cancel();
    this.timers.clear();
    this.stopProbes();
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
