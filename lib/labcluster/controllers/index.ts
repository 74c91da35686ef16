import type { Clock } from "../clock";
import type { Store } from "../store";
import { DeploymentController } from "./deployment/controller";
import { EndpointsController } from "./endpoints";
import { EndpointSliceController } from "./endpointslice";
import { GarbageCollector } from "./gc";
import { ReplicaSetController } from "./replicaset/controller";
import { runReconcilers } from "./workqueue";

export { deleteWithPolicy, deletePod, FINALIZER_FOREGROUND, FINALIZER_ORPHAN, isReadyToRemove } from "./deletion";
export type { PropagationPolicy } from "./deletion";
export { computeHash, randomSuffix } from "./hash";

export interface Controllers {
  /** Unsubscribes from the store and cancels every queued key and timer. */
  stop(): void;
  /**
   * Resolves once every controller queue is empty (timers still pending on the clock do not
   * count: advance a ManualClock to fire them, then call again).
   */
  runUntilIdle(): Promise<void>;
}

export interface ControllerOptions {
  /** Where unexpected sync errors are reported (409/404 retries are silent). */
  log?: (msg: string) => void;
}

/**
 * Starts the lab cluster's controllers on the Store: deployment, replicaset, endpointslice,
 * endpoints and the garbage collector, each with its own client-go style work queue. They read
 * and write the Store directly (in process), with resourceVersion preconditions.
 */
export function startControllers(store: Store, clock: Clock, opts: ControllerOptions = {}): Controllers {
  return runReconcilers(
    store,
    clock,
    [
      new GarbageCollector(store, clock),
      new ReplicaSetController(store, clock),
      new EndpointSliceController(store, clock),
      new EndpointsController(store, clock),
      new DeploymentController(store, clock),
    ],
    opts.log,
  );
}
