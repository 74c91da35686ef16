"use client";
/**
 * The RolloutsResponse of the stream's store at `now`, kept up to date event by event: the
 * stream's journal says what changed, LiveRollouts recomputes only the Deployments and Services
 * those changes (or the clock) touched, and every other view keeps its object identity, so
 * memoised components skip it. Cost per message follows the message, not the cluster.
 */
import { useMemo, useRef } from "react";
import type { RolloutsResponse } from "@/lib/model";
import { createLiveRollouts, type LiveRollouts } from "@/lib/response";
import { journalRead, type JournalCursor } from "./journal";
import type { StreamState } from "./streamState";

interface Follower {
  namespace: string | undefined;
  live: LiveRollouts;
  cursor?: JournalCursor;
}

export function useLiveResponse(
  state: Pick<StreamState, "store" | "journal">,
  namespace: string | undefined,
  now: number,
): RolloutsResponse {
  const follower = useRef<Follower | undefined>(undefined);
  const { store, journal } = state;
  return useMemo(() => {
    let f = follower.current;
    if (!f || f.namespace !== namespace) follower.current = f = { namespace, live: createLiveRollouts(namespace) };
    // Reading advances the cursor, so a second run of this memo (StrictMode) finds nothing new.
    const read = journalRead(journal, f.cursor);
    if (read.restart) f.live.reset(store);
    else f.live.apply(read.events);
    f.cursor = read.cursor;
    return f.live.response(store, now);
  }, [store, journal, namespace, now]);
}
