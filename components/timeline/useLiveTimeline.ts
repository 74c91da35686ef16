"use client";
/**
 * The live dashboard's timeline: every change the stream brings is logged (the stream's own watch
 * events, read from its journal, with the cluster time), its transitions listed on the strip.
 * Scrubbing, stepping or playing leaves "live" and shows the cluster as it was, rebuilt by the
 * pure model; reaching the end, or "back to live", returns to the stream.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { objectKey, type RawObject } from "@/lib/model/raw";
import { journalRead, type Journal, type JournalCursor } from "@/components/stream/journal";
import { emptyStore, type RolloutsResponse, type Store } from "@/lib/model";
import { rolloutsResponse } from "@/lib/response";
import { storeDiff } from "@/lib/timeline/diff";
import type { RecordedEvent } from "@/lib/timeline/recording";
import { buildTimeline, type TimelineEntry } from "@/lib/timeline/timeline";
import { transitionsOf } from "@/lib/timeline/transitions";
import { initialPlayback, playbackReducer, type Playback, type PlaybackAction } from "./playback";

/** Beyond this the oldest history is dropped (the view of "now" is never affected). */
const MAX_EVENTS = 50_000;

export interface LiveTimeline {
  entries: TimelineEntry[];
  playback: Playback;
  dispatch: (a: PlaybackAction) => void;
  step: (dir: 1 | -1) => void;
  live: boolean;
  backToLive: () => void;
  /** Set while looking at the past: what to render instead of the live data. */
  past?: { store: Store; response: RolloutsResponse; now: number };
}

export function useLiveTimeline(journal: Journal, store: Store, now: number, namespace: string | undefined): LiveTimeline {
  const log = useRef<RecordedEvent[]>([]);
  const entries = useRef<TimelineEntry[]>([]);
  const prev = useRef<Store>(emptyStore());
  const cursor = useRef<JournalCursor | undefined>(undefined);
  const [version, setVersion] = useState(0);
  const [live, setLive] = useState(true);
  const [playback, rawDispatch] = useReducer(playbackReducer, initialPlayback(now, now));

  useEffect(() => {
    // The stream's own events; only a snapshot (first picture, resync) is diffed against the past.
    const read = journalRead(journal, cursor.current);
    cursor.current = read.cursor;
    const before = prev.current;
    prev.current = store;
    // Each journalled event names the object it replaced; a snapshot is diffed against the store
    // as it was last (the stream's store is updated in place: `before` holds the latest objects).
    const events: (RecordedEvent & { previous?: RawObject })[] = read.restart
      ? storeDiff(before, store, now).map((e) => ({ ...e, previous: before.objects[e.kind][objectKey(e.object)] }))
      : read.events.map(({ type, kind, object, previous }) => ({ type, kind, object, previous, t: now }));
    if (events.length === 0) return;
    // The first picture is the base the past is rebuilt from, not a burst of "created" transitions.
    const initial = log.current.length === 0;
    for (const { previous, ...e } of events) {
      const index = log.current.length;
      if (!initial) for (const tr of transitionsOf(e, previous)) entries.current.push({ ...tr, t: e.t, index });
      log.current.push(e);
    }
    if (log.current.length > MAX_EVENTS) {
      const drop = log.current.length - MAX_EVENTS;
      log.current = log.current.slice(drop);
      entries.current = entries.current.filter((x) => x.index >= drop).map((x) => ({ ...x, index: x.index - drop }));
    }
    setVersion((v) => v + 1);
    // `now` is read, not watched: a change is stamped with the time it arrived.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [journal, store]);

  const start = log.current[0]?.t ?? now;
  // The timeline to scrub is built only when leaving live mode, from the log as it was then.
  const timeline = useMemo(() => (live ? undefined : buildTimeline(log.current)), [live, version]); // eslint-disable-line react-hooks/exhaustive-deps

  const dispatch = useCallback(
    (a: PlaybackAction) => {
      if (live && (a.type === "seek" || a.type === "toggle")) {
        setLive(false);
        rawDispatch({ type: "load", start, end: now });
        rawDispatch(a.type === "toggle" ? { type: "seek", t: start } : a);
        if (a.type === "toggle") rawDispatch({ type: "toggle" });
        return;
      }
      rawDispatch(a);
    },
    [live, start, now],
  );

  const step = useCallback(
    (dir: 1 | -1) => {
      const tl = timeline ?? buildTimeline(log.current);
      const from = live ? now : playback.t;
      const to = dir === 1 ? tl.nextHandover(from) : tl.previousHandover(from);
      if (to === undefined) return;
      if (live) {
        setLive(false);
        rawDispatch({ type: "load", start, end: now });
      }
      rawDispatch({ type: "seek", t: to });
    },
    [timeline, live, now, playback.t, start],
  );

  useEffect(() => {
    if (live || !playback.playing) return;
    let last = performance.now();
    let id = requestAnimationFrame(function frame(ts) {
      rawDispatch({ type: "tick", dtMs: ts - last });
      last = ts;
      id = requestAnimationFrame(frame);
    });
    return () => cancelAnimationFrame(id);
  }, [live, playback.playing]);

  const past = useMemo(() => {
    if (live || !timeline) return undefined;
    const s = timeline.storeAt(playback.t);
    return { store: s, response: rolloutsResponse(s, { namespace, now: playback.t }), now: playback.t };
  }, [live, timeline, playback.t, namespace]);

  const shown: Playback = live ? { t: now, start, end: now, playing: false, speed: playback.speed } : playback;
  return {
    entries: entries.current,
    playback: shown,
    dispatch,
    step,
    live,
    backToLive: () => setLive(true),
    past,
  };
}
