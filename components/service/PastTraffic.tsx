"use client";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { trafficAt, type RecordedTraffic as Sample } from "@/lib/traffic/recorded";
import { RecordedTraffic } from "./RequestTrafficSource";

/**
 * The live timeline's past for the Service cards: while the page shows the cluster as it was at
 * `at`, their request lanes show the traffic this server recorded by then (lab traffic or what
 * Prometheus observed), drawn as a replay draws it. Live (`at` undefined): the cards' own stream.
 */
export function PastTraffic({ at, children }: { at?: number; children: ReactNode }) {
  const past = at !== undefined;
  const [samples, setSamples] = useState<Sample[]>([]);
  useEffect(() => {
    if (!past) return;
    // Read once on leaving live, like the timeline's own log: the past does not move.
    let current = true;
    void fetch("/api/traffic?recorded")
      .then((r) => (r.ok ? (r.json() as Promise<Sample[]>) : []))
      .catch(() => [])
      .then((s) => current && setSamples(s));
    return () => {
      current = false;
      setSamples([]);
    };
  }, [past]);
  const pictures = useMemo(() => (at === undefined ? undefined : trafficAt(samples, at)), [samples, at]);
  if (!pictures) return children;
  return <RecordedTraffic.Provider value={pictures}>{children}</RecordedTraffic.Provider>;
}
