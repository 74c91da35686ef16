"use client";
import { useCallback, useEffect, useMemo, useReducer, useState } from "react";
import { rolloutsResponse } from "@/lib/response";
import { parseRecording, type ParsedRecording } from "@/lib/timeline/recording";
import { buildTimeline } from "@/lib/timeline/timeline";
import { trafficAt } from "@/lib/traffic/recorded";
import { useReducedMotion } from "../chrome/useReducedMotion";
import { HandoverContext } from "../deployment/handoverContext";
import { useRecordedHandover } from "../deployment/useRecordedHandover";
import { ThemeToggle } from "../chrome/ThemeToggle";
import { Overview } from "../overview/Overview";
import { followTarget, presentFocus } from "../present/follow";
import { PresentStage } from "../present/PresentStage";
import { RecordedTraffic } from "../service/RequestTrafficSource";
import { focusOn, StageList } from "../StageList";
import { initialPlayback, playbackReducer } from "../timeline/playback";
import { TimelineStrip } from "../timeline/TimelineStrip";
import { usePlaybackKeys } from "../timeline/usePlaybackKeys";
import "../timeline/timeline.css";

export interface ReplayViewProps {
  /** This server has a recording of its own (`rollscope replay F`, or the live cluster's). */
  hasServerRecording: boolean;
  /** Recordings shipped in recordings/, one per lab scenario. */
  shipped: string[];
  /** Shipped recording to open first (`/replay?name=rollout`). */
  initialName?: string;
  present: boolean;
}

const recordingUrl = (name: string) => (name === "" ? "/api/recording" : `/api/recording?name=${encodeURIComponent(name)}`);

/** Plays a recording through the same model and views as the live dashboard, with no cluster. */
export function ReplayView({ hasServerRecording, shipped, initialName, present }: ReplayViewProps) {
  const [source, setSource] = useState<string | undefined>(initialName ?? (hasServerRecording ? "" : shipped[0]));
  const [rec, setRec] = useState<ParsedRecording & { name: string }>();
  const [error, setError] = useState<string>();
  const [playback, dispatch] = useReducer(playbackReducer, initialPlayback(0, 0));
  const reduced = useReducedMotion();

  const load = useCallback((text: string, name: string) => {
    const parsed = parseRecording(text);
    if (parsed.events.length === 0) {
      setError(
        `${name}: no usable events${parsed.skipped.length ? ` (${parsed.skipped.length} lines skipped: ${parsed.skipped[0]!.reason})` : ""}`,
      );
      return;
    }
    setError(undefined);
    setRec({ ...parsed, name });
    dispatch({ type: "load", start: parsed.events[0]!.t, end: parsed.events[parsed.events.length - 1]!.t });
  }, []);

  useEffect(() => {
    if (source === undefined) return;
    fetch(recordingUrl(source))
      .then(async (r) =>
        r.ok
          ? load(await r.text(), source || "this server's recording")
          : setError(((await r.json()) as { error?: string }).error ?? `HTTP ${r.status}`),
      )
      .catch((e: unknown) => setError(`cannot load the recording: ${String(e)}`));
  }, [source, load]);

  const timeline = useMemo(() => (rec ? buildTimeline(rec.events) : undefined), [rec]);
  const handover = useRecordedHandover(timeline, playback.t);
  const store = useMemo(() => timeline?.storeAt(playback.t), [timeline, playback.t]);
  // Recorded requests at the playback time; [] without any, so no Service offers Send requests.
  const traffic = useMemo(() => (rec ? trafficAt(rec.traffic, playback.t) : []), [rec, playback.t]);
  const response = useMemo(
    () => (store ? rolloutsResponse(store, { namespace: rec?.header?.namespace, now: playback.t }) : undefined),
    [store, rec, playback.t],
  );

  useEffect(() => {
    if (!playback.playing) return;
    let last = performance.now();
    let id = requestAnimationFrame(function frame(ts) {
      dispatch({ type: "tick", dtMs: ts - last });
      last = ts;
      id = requestAnimationFrame(frame);
    });
    return () => cancelAnimationFrame(id);
  }, [playback.playing]);

  const step = useCallback(
    (dir: 1 | -1) => {
      const to = dir === 1 ? timeline?.nextHandover(playback.t) : timeline?.previousHandover(playback.t);
      if (to !== undefined) dispatch({ type: "seek", t: to });
    },
    [timeline, playback.t],
  );
  usePlaybackKeys(dispatch, step);

  const onFile = async (file: File | undefined) => {
    if (file) load(await file.text(), file.name);
  };
  const focus = present && response ? followTarget(response) : undefined;

  return (
    <div
      className={`app replay${present ? " present" : ""}`}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        void onFile(e.dataTransfer.files[0]);
      }}
    >
      {!present && (
        <header className="topbar">
          <h1>
            <a href="/">Rollscope</a> <span className="muted">replay</span>
          </h1>
          <span className="muted" data-testid="replay-source">
            {rec
              ? `${rec.name}${rec.header ? ` · ${rec.header.source} · ${rec.header.startedAt}` : ""} · ${rec.events.length} events`
              : "no recording loaded"}
          </span>
          {(shipped.length > 0 || hasServerRecording) && (
            <label>
              scenario{" "}
              <select
                value={source ?? ""}
                onChange={(e) => setSource(e.target.value)}
                aria-label="Recording to play"
                data-testid="replay-pick"
              >
                {hasServerRecording && <option value="">this server&apos;s recording</option>}
                {shipped.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="upload">
            open a recording…
            <input
              type="file"
              accept=".ndjson,.jsonl,.json,application/x-ndjson"
              onChange={(e) => void onFile(e.target.files?.[0])}
              data-testid="replay-upload"
            />
          </label>
          <ThemeToggle />
        </header>
      )}
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {rec && rec.skipped.length > 0 && (
        <details className="banner banner-warn" data-testid="replay-skipped">
          <summary>
            Loaded what could be read; skipped {rec.skipped.length} line{rec.skipped.length === 1 ? "" : "s"}.
          </summary>
          <ul>
            {rec.skipped.slice(0, 20).map((s) => (
              <li key={s.line}>
                line {s.line}: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {!rec && !error && <p className="empty card">Drop a Rollscope recording here, or open one with the button above.</p>}
      {response && store && timeline && (
        <HandoverContext.Provider value={handover}>
          <RecordedTraffic.Provider value={traffic}>
            <main id="main" data-testid="replay-main">
              {!present && <Overview response={response} showNamespace={!rec?.header?.namespace} />}
              {present ? (
                <PresentStage
                  {...presentFocus(response, focus)}
                  findings={response.findings}
                  now={playback.t}
                  durationMs={reduced ? 0 : 400}
                />
              ) : (
                <StageList {...focusOn(response, focus)} findings={response.findings} now={playback.t} durationMs={reduced ? 0 : 400} />
              )}
            </main>
          </RecordedTraffic.Provider>
        </HandoverContext.Provider>
      )}
      {/* Its own row under the scrolling stages (timeline.css): it never covers the history. */}
      {response && store && timeline && <TimelineStrip entries={timeline.entries} playback={playback} dispatch={dispatch} onStep={step} />}
    </div>
  );
}
