"use client";
import { useEffect, useMemo, useRef, useState } from "react";
import type { Store } from "@/lib/model";
import { handoverBuilder, type HandoverBuilder } from "@/lib/timeline/handover";
import { journalRead, type Journal, type JournalCursor } from "../stream/journal";
import { seriesUpTo, type HandoverSource } from "./handoverContext";

/** The live chart's right edge moves in steps of this: a chart re-lays out at most this often when idle. */
const END_STEP_MS = 5_000;

/**
 * The handover charts' data on the live dashboard: the stream's journalled events folded into one
 * builder as they arrive (O(1) per event; a new picture of the cluster costs one resync), with
 * the timeline's cursor while scrubbing the past.
 */
export function useLiveHandover(journal: Journal, store: Store, now: number, cursorMs: number | undefined): HandoverSource {
  const builder = useRef<HandoverBuilder | undefined>(undefined);
  const cursor = useRef<JournalCursor | undefined>(undefined);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const read = journalRead(journal, cursor.current);
    cursor.current = read.cursor;
    const b = (builder.current ??= handoverBuilder());
    let changed = read.restart && b.resync(store.objects, now);
    for (const e of read.events) changed = b.add({ type: e.type, kind: e.kind, object: e.object, t: now }) || changed;
    if (changed) setVersion((v) => v + 1);
    // `now` is read, not watched: a change is stamped with the time it arrived.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [journal, store]);

  const end = Math.ceil(now / END_STEP_MS) * END_STEP_MS;
  return useMemo(() => {
    const b = builder.current;
    const seriesOf = seriesUpTo((ns, name) => b?.seriesOf(ns, name), end);
    return { seriesOf, cursorMs };
    // `version` stands for the builder's contents.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version, end, cursorMs]);
}
