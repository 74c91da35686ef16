"use client";
/**
 * The RolloutsResponse of the stream's store at `now`, kept up to date event by event: the
 * stream's journal says what changed, LiveRollouts recomputes only the Deployments and Services
 * those changes (or the clock) touched, and every other view keeps its object identity, so
 * memoised components skip them. Cost per message follows the message, not the cluster.
 *
 * A snapshot marks every view. Computing them all at once held the first picture of a 30,000-pod
 * namespace back by seconds, so the views are computed in slices, top of the page first, each
 * slice painted before the next starts; `progress` says how many are done. The first slice is
 * short (something on screen soon), each next one twice as long up to SLICE_MS.max: a slice
 * re-renders and re-lays out the page, so short ones all the way spent more time there than on
 * the views.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import type { RolloutsResponse } from "@/lib/model";
import { createLiveRollouts, type LiveProgress, type LiveRollouts } from "@/lib/response";
import { journalRead, type JournalCursor } from "./journal";
import type { StreamState } from "./streamState";

/** Main-thread time one slice of views may take before the page paints what it has. */
export const SLICE_MS = { first: 100, max: 400 } as const;

interface Follower {
  namespace: string | undefined;
  live: LiveRollouts;
  cursor?: JournalCursor;
  /** The next slice's length (ms): doubles while views are pending. */
  sliceMs: number;
}

export interface LiveResponse {
  response: RolloutsResponse;
  progress: LiveProgress;
}

export function useLiveResponse(state: Pick<StreamState, "store" | "journal">, namespace: string | undefined, now: number): LiveResponse {
  const follower = useRef<Follower | undefined>(undefined);
  const [slice, nextSlice] = useState(0);
  const { store, journal } = state;
  const live = useMemo(() => {
    let f = follower.current;
    if (!f || f.namespace !== namespace) follower.current = f = { namespace, live: createLiveRollouts(namespace), sliceMs: SLICE_MS.first };
    // Reading advances the cursor, so a second run of this memo (StrictMode) finds nothing new.
    const read = journalRead(journal, f.cursor);
    if (read.restart) f.live.reset(store);
    else f.live.apply(read.events);
    f.cursor = read.cursor;
    if (read.restart) f.sliceMs = SLICE_MS.first;
    const started = performance.now();
    const budget = f.sliceMs;
    const response = f.live.response(store, now, () => performance.now() - started < budget);
    const progress = f.live.progress();
    f.sliceMs = progress.complete ? SLICE_MS.first : Math.min(SLICE_MS.max, f.sliceMs * 2);
    return { response, progress };
    // `slice` reads nothing: a change of it is what runs the next slice.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, journal, namespace, now, slice]);
  const { complete } = live.progress;
  useEffect(() => {
    if (complete) return;
    // A task, not a microtask: the slice just rendered is painted before the next one runs.
    const t = setTimeout(() => nextSlice((n) => n + 1), 0);
    return () => clearTimeout(t);
  }, [complete, live]);
  return live;
}
