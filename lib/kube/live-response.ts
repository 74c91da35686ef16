/**
 * GET /api/rollouts from the hub without recomputing the world per request: one LiveRollouts per
 * namespace scope asked for, fed from the hub's change log since it last answered (a reset from
 * the hub's store when the log no longer reaches back, or for a new hub). Costs what changed since
 * the previous request, not what the cluster holds.
 */
import type { RolloutsResponse } from "@/lib/model";
import { createLiveRollouts, type LiveRollouts } from "@/lib/response";
import type { Hub } from "./hub";

/** How many scopes keep a live response (the dashboard's namespaces and "all"); the oldest goes first. */
const MAX_SCOPES = 16;

interface Follower {
  live: LiveRollouts;
  seq: number;
}

export interface LiveResponses {
  responseOf(hub: Pick<Hub, "epoch" | "store" | "seq" | "eventsSince">, namespace: string | undefined, now: number): RolloutsResponse;
}

export function createLiveResponses(): LiveResponses {
  const followers = new Map<string, Follower>();
  return {
    responseOf(hub, namespace, now) {
      const key = `${hub.epoch}/${namespace ?? "*"}`;
      let f = followers.get(key);
      if (f) followers.delete(key);
      else f = { live: createLiveRollouts(namespace), seq: -1 };
      followers.set(key, f);
      if (followers.size > MAX_SCOPES) followers.delete(followers.keys().next().value!);
      // eventsSince flushes the hub's pending batch first, so store and seq below match the log.
      const events = f.seq < 0 ? undefined : hub.eventsSince(f.seq);
      if (events) f.live.apply(events);
      else f.live.reset(hub.store);
      f.seq = hub.seq;
      return f.live.response(hub.store, now);
    },
  };
}
