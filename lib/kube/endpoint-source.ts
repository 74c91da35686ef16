/**
 * Where endpoint counts come from. EndpointSlices first; when discovery.k8s.io is missing or
 * forbidden, the legacy Endpoints instead. A 403 may pass (a restarting apiserver denies until its
 * RBAC caches are ready; a role may be fixed), so after one the slices are probed every
 * `probeMs` and read again once they answer.
 */
import type { Kind } from "@/lib/model/store";
import type { InformerIO } from "./informer";

export type EndpointSource = "EndpointSlice" | "Endpoints" | "none";

export interface EndpointSourcePolicy {
  readonly source: EndpointSource;
  /** Whether `kind` is one the hub reads now (EndpointSlice only while it is the source). */
  reads(kind: Kind): boolean;
  /**
   * A list or watch of `kind` failed with `statusCode`. Returns true when the policy handled it
   * (switched to Endpoints); the hub handles every other failure.
   */
  onError(kind: Kind, statusCode: number): boolean;
  stop(): void;
}

export interface EndpointSourceOptions {
  /** I/O of EndpointSlices, for the probe's list and timer. */
  sliceIO(): InformerIO;
  /** Moves the hub to reading `to` (stops the other kind's informer, drops its objects). */
  switchTo(to: "EndpointSlice" | "Endpoints"): void;
  probeMs?: number;
}

export function createEndpointSourcePolicy(o: EndpointSourceOptions): EndpointSourcePolicy {
  let source: EndpointSource = "EndpointSlice";
  let stopped = false;
  let cancelProbe: (() => void) | undefined;

  const use = (to: "EndpointSlice" | "Endpoints") => {
    source = to;
    o.switchTo(to);
  };

  const probe = () => {
    const io = o.sliceIO();
    cancelProbe?.();
    cancelProbe = io.setTimer(() => {
      cancelProbe = undefined;
      io.list().then(
        () => {
          if (stopped || source === "EndpointSlice") return;
          use("EndpointSlice");
        },
        () => {
          if (!stopped) probe();
        },
      );
    }, o.probeMs ?? 30_000);
  };

  return {
    get source() {
      return source;
    },
    reads: (kind) => kind !== "EndpointSlice" || source === "EndpointSlice",
    onError(kind, statusCode) {
      if (kind === "Endpoints" && (statusCode === 403 || statusCode === 404)) {
        source = "none";
        return false;
      }
      if (kind !== "EndpointSlice" || (statusCode !== 403 && statusCode !== 404)) return false;
      use("Endpoints");
      if (statusCode === 403) probe();
      return true;
    },
    stop() {
      stopped = true;
      cancelProbe?.();
    },
  };
}
