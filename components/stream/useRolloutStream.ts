"use client";
/**
 * Subscribes to /api/stream for one namespace (or all) and derives the RolloutsResponse in the
 * browser with the same pure model the server uses, incrementally (useLiveResponse). Re-derives
 * once a second so countdowns and pod ages move between events.
 */
import { useEffect, useReducer, useState } from "react";
import type { RolloutsResponse } from "@/lib/model";
import type { LiveProgress } from "@/lib/response";
import type { DeltaMessage, FatalMessage, HeartbeatMessage, SnapshotMessage } from "@/lib/kube/stream-protocol";
import type { HubStatus } from "@/lib/kube/stream-protocol";
import { clusterNow, initialStreamState, streamReducer, type StreamState } from "./streamState";
import { useLiveResponse } from "./useLiveResponse";

/** No message (heartbeats come every 15 s) for this long means the stream is dead. */
const SILENCE_MS = 40_000;
const REOPEN_MS = 3_000;

export interface RolloutStream {
  state: StreamState;
  response: RolloutsResponse;
  /** How many of the views `response` holds are computed (after a snapshot they come in slices). */
  progress: LiveProgress;
  /** Cluster time (ms) the response was computed for. */
  now: number;
}

export function useRolloutStream(namespace: string | undefined): RolloutStream {
  const [state, dispatch] = useReducer(streamReducer, undefined, initialStreamState);
  const [tick, setTick] = useState(() => Date.now());

  useEffect(() => {
    let es: EventSource | undefined;
    let lastId: string | undefined;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let lastMessage = Date.now();
    let closed = false;

    const open = () => {
      const params = new URLSearchParams();
      if (namespace) params.set("namespace", namespace);
      if (lastId) params.set("lastEventId", lastId);
      const source = new EventSource(`/api/stream${params.size ? `?${params}` : ""}`);
      es = source;
      const on = <T>(name: string, handle: (msg: T, at: number) => void) =>
        source.addEventListener(name, (e) => {
          const ev = e as MessageEvent<string>;
          lastMessage = Date.now();
          if (ev.lastEventId) lastId = ev.lastEventId;
          handle(JSON.parse(ev.data) as T, lastMessage);
        });
      on<SnapshotMessage>("snapshot", (msg, at) => dispatch({ type: "snapshot", msg, at }));
      on<DeltaMessage>("delta", (msg, at) => dispatch({ type: "delta", msg, at }));
      on<HubStatus>("status", (msg, at) => dispatch({ type: "status", msg, at }));
      on<HeartbeatMessage>("heartbeat", (msg, at) => dispatch({ type: "heartbeat", msg, at }));
      on<FatalMessage>("fatal", (msg) => {
        closed = true;
        source.close();
        dispatch({ type: "fatal", message: msg.message });
      });
      source.onerror = () => {
        if (closed) return;
        dispatch({ type: "broken", at: Date.now() });
        // EventSource retries by itself while CONNECTING; once CLOSED (an HTTP error) we reopen.
        if (source.readyState === EventSource.CLOSED) reopen();
      };
    };
    const reopen = () => {
      es?.close();
      if (reopenTimer || closed) return;
      reopenTimer = setTimeout(() => {
        reopenTimer = undefined;
        open();
      }, REOPEN_MS);
    };
    open();
    // The browser knows first when the network is gone: say so at once instead of after the silence timeout.
    const onOffline = () => {
      dispatch({ type: "broken", at: Date.now() });
      es?.close();
      reopen();
    };
    const onOnline = () => {
      if (reopenTimer) clearTimeout(reopenTimer);
      reopenTimer = undefined;
      es?.close();
      open();
    };
    window.addEventListener("offline", onOffline);
    window.addEventListener("online", onOnline);
    const watchdog = setInterval(() => {
      if (!closed && Date.now() - lastMessage > SILENCE_MS) {
        dispatch({ type: "broken", at: Date.now() });
        lastMessage = Date.now();
        reopen();
      }
    }, 5_000);
    return () => {
      closed = true;
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("online", onOnline);
      es?.close();
      clearInterval(watchdog);
      if (reopenTimer) clearTimeout(reopenTimer);
    };
  }, [namespace]);

  useEffect(() => {
    const t = setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  const now = clusterNow(state, tick);
  // Per store change and per second (`now` moves countdowns and Starting → NotReady), only the
  // views the changes or the clock touched are recomputed.
  const { response, progress } = useLiveResponse(state, namespace, now);
  return { state, response, progress, now };
}
