"use client";
import { useCallback, useEffect, useState } from "react";
import type { TrafficPicture } from "@/lib/traffic/picture";
import type { TrafficCommand } from "./RequestTraffic";

type Listener = (pictures: TrafficPicture[]) => void;

// One EventSource per page for every Service's traffic, opened by the first subscriber: an
// EventSource per Service would use up the browser's six connections per origin.
const listeners = new Set<Listener>();
let source: EventSource | undefined;
let latest: TrafficPicture[] = [];
/** Whether the stream has said anything yet: before that, a card cannot tell lab from Prometheus. */
let heard = false;

function subscribe(l: Listener): () => void {
  listeners.add(l);
  if (!source && typeof EventSource !== "undefined") {
    source = new EventSource("/api/traffic");
    source.addEventListener("traffic", (e) => {
      latest = JSON.parse((e as MessageEvent<string>).data) as TrafficPicture[];
      heard = true;
      for (const fn of listeners) fn(latest);
    });
  }
  l(latest);
  return () => {
    listeners.delete(l);
    if (listeners.size === 0) {
      source?.close();
      source = undefined;
      heard = false;
    }
  };
}

/** The traffic picture of one Service (from GET /api/traffic) and the command to drive it. */
export function useServiceTraffic(
  namespace: string,
  service: string,
): { picture?: TrafficPicture; heard: boolean; error?: string; command: (c: TrafficCommand, rate?: number) => void } {
  const [picture, setPicture] = useState<TrafficPicture | undefined>();
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<string | undefined>();
  useEffect(
    () =>
      subscribe((all) => {
        setPicture(all.find((p) => p.namespace === namespace && p.service === service));
        setReady(heard);
      }),
    [namespace, service],
  );
  const command = useCallback(
    (action: TrafficCommand, rate?: number) => {
      setError(undefined);
      void fetch("/api/traffic", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ action, namespace, service, ...(rate ? { rate } : {}) }),
      })
        .then(async (res) => {
          if (!res.ok) setError(((await res.json().catch(() => ({}))) as { error?: string }).error ?? `HTTP ${res.status}`);
        })
        .catch((err: unknown) => setError(String(err)));
    },
    [namespace, service],
  );
  return { picture, heard: ready, error, command };
}

/** Every Service's traffic picture while `enabled` (one shared EventSource); undefined when off. */
export function useTrafficPictures(enabled: boolean): TrafficPicture[] | undefined {
  const [pictures, setPictures] = useState<TrafficPicture[] | undefined>();
  useEffect(() => {
    if (!enabled) {
      setPictures(undefined);
      return;
    }
    return subscribe(setPictures);
  }, [enabled]);
  return enabled ? pictures : undefined;
}
