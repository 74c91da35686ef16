/**
 * Getting a container's image onto the lab node: pull policy, the Pulling/Pulled events, and
 * ErrImagePull → ImagePullBackOff with the kubelet's backoff, retried until it works or stops.
 */
import type { Clock } from "../clock";
import { nextBackoff, type BackoffEntry } from "./backoff";
import type { ContainerState } from "./container-state";
import type { ContainerTimers } from "./container-timers";
import { imageSize, isPullable, pullErrorMessage, pullPolicy, type ImageRef } from "./images";
import type { Container } from "./wire";

/** Simulated durations (ms): how long a real node takes for each step, roughly. */
export const TIMING = { pullMs: 2500, failPullMs: 700, createMs: 200, syncMs: 1000 };

/** What a pull reports to its container. */
export interface PullOwner {
  clock: Clock;
  timers: ContainerTimers;
  /** Images already on this node (shared by every pod on it). */
  images: Set<string>;
  event(type: "Normal" | "Warning", reason: string, message: string): void;
  setState(s: ContainerState): void;
  /** The container is stopping: no further step. */
  stopping(): boolean;
  /** The image is there: create the container. */
  create(): void;
}

export class ImagePull {
  private backoff: BackoffEntry | undefined;

  constructor(
    private readonly spec: Container,
    private readonly ref: ImageRef,
    private readonly owner: PullOwner,
  ) {}

  /** Pulls (or finds) the image, then creates the container after TIMING.createMs. */
  start(): void {
    const o = this.owner;
    if (o.stopping()) return;
    const image = this.spec.image ?? "";
    const policy = pullPolicy(this.spec.imagePullPolicy, this.ref);
    if (policy !== "Always" && o.images.has(this.ref.full)) {
      o.event("Normal", "Pulled", `Container image "${image}" already present on machine`);
      o.timers.later(TIMING.createMs, () => o.create());
      return;
    }
    if (policy === "Never") {
      const msg = `Container image "${image}" is not present with pull policy of Never`;
      o.event("Warning", "ErrImageNeverPull", msg);
      o.setState({ kind: "waiting", reason: "ErrImageNeverPull", message: msg });
      return;
    }
    o.event("Normal", "Pulling", `Pulling image "${image}"`);
    if (!isPullable(this.ref)) o.timers.later(TIMING.failPullMs, () => this.failed());
    else o.timers.later(TIMING.pullMs, () => this.pulled());
  }

  private pulled(): void {
    const o = this.owner;
    o.images.add(this.ref.full);
    // Go's Duration.String() of a millisecond-truncated duration: 2.5s, 1.062s.
    const s = `${TIMING.pullMs / 1000}s`;
    o.event(
      "Normal",
      "Pulled",
      `Successfully pulled image "${this.spec.image ?? ""}" in ${s} (${s} including waiting). Image size: ${imageSize(this.ref)} bytes.`,
    );
    o.timers.later(TIMING.createMs, () => o.create());
  }

  private failed(): void {
    const o = this.owner;
    const image = this.spec.image ?? "";
    const msg = pullErrorMessage(image, this.ref);
    this.backoff = nextBackoff(this.backoff, o.clock.now());
    o.event("Warning", "Failed", `Failed to pull image "${image}": ${msg}`);
    o.event("Warning", "Failed", "Error: ErrImagePull");
    o.setState({ kind: "waiting", reason: "ErrImagePull", message: msg });
    const retryAt = o.clock.now() + this.backoff.backoffMs;
    // The next pod sync finds the image in backoff and says so until the backoff expires.
    o.timers.later(TIMING.syncMs, () => {
      if (o.stopping()) return;
      o.event("Normal", "BackOff", `Back-off pulling image "${image}"`);
      o.event("Warning", "Failed", "Error: ImagePullBackOff");
      o.setState({ kind: "waiting", reason: "ImagePullBackOff", message: `Back-off pulling image "${image}": ErrImagePull: ${msg}` });
    });
    o.timers.later(retryAt - o.clock.now(), () => this.start());
  }
}
