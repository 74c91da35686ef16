/**
 * Records what the process's hub receives: a snapshot of the store at start, then every change,
 * stamped with the cluster's clock. Kept in memory (bounded) for the dashboard's download button
 * and, with `serve --record F`, appended to F line by line so a crash loses at most one line.
 */
import { appendFileSync, writeFileSync } from "node:fs";
import { KINDS } from "../model/raw";
import { listKind } from "../model/store";
import type { Store, StoreEvent } from "../model/store";
import type { RecordedTraffic } from "../traffic/recorded";
import { eventLine, headerLine, trafficLine, type RecordedEvent } from "./recording";

export interface Recorder {
  /** The recording so far, as the file format. */
  text(): string;
  /** Events dropped from memory because the recording outgrew `maxEvents` or `maxBytes` (the file keeps all). */
  readonly dropped: number;
  /** Size of the recording held in memory, in characters (≈ bytes: the lines are JSON). */
  readonly bytes: number;
  /** Appends the traffic finished since the previous sample now (also done every second). */
  sampleTraffic(): void;
  /** The traffic samples recorded so far (the newest `maxTrafficSamples`): the live timeline's past requests. */
  trafficSamples(): RecordedTraffic[];
  stop(): void;
}

export interface RecorderOptions {
  file?: string;
  source: string;
  namespace?: string;
  now(): number;
  /**
   * The requests the load generator finished since the previous call (lab traffic), sampled every
   * `trafficEveryMs`; stamped now unless a sample carries its own `t` (Prometheus: when it was read).
   */
  traffic?: () => (Omit<RecordedTraffic, "t"> & { t?: number })[];
  trafficEveryMs?: number;
  /** In-memory caps; beyond either the oldest changes are dropped and the snapshot is kept. */
  maxEvents?: number;
  maxBytes?: number;
  /** Traffic samples also kept as objects for the live timeline (default 20,000: ~5.5 h of one Service at one a second). */
  maxTrafficSamples?: number;
}

/** A recorded line: an event with its line's length (written out when asked for), or the line itself. */
type Entry = string | { event: RecordedEvent; length: number };
const lineOf = (e: Entry): string => (typeof e === "string" ? e : eventLine(e.event));

const KEY = Symbol.for("rollscope.recorder");
type WithRecorder = typeof globalThis & { [KEY]?: Recorder };

/**
 * What the recorder reads of the process's hub (lib/kube): its store for the first picture and its
 * change messages. Declared here so the timeline does not import the I/O layer above it.
 */
export interface RecordedSource {
  readonly store: Store;
  subscribe(listener: (m: { type: "events"; events: readonly StoreEvent[] } | { type: string }) => void): () => void;
}

export function startRecorder(hub: RecordedSource, opts: RecorderOptions): Recorder {
  const maxEvents = opts.maxEvents ?? 200_000;
  // A count alone does not bound memory: 200,000 changes are ~340 MB of JSON, which the soak's
  // rollouts (bench/soak.ts) reach in under two hours.
  const maxBytes = opts.maxBytes ?? 64 * 2 ** 20;
  const header = headerLine({ startedAt: new Date(opts.now()).toISOString(), source: opts.source, namespace: opts.namespace });
  const t0 = opts.now();
  // Events are kept as events, written out by text(): their objects are the hub's own (replaced on
  // each change, never modified), so memory holds references, not a second copy as JSON lines
  // (~36 MiB at 30,000 pods). Traffic samples are kept as lines.
  const snapshot: RecordedEvent[] = [];
  for (const kind of KINDS) for (const object of listKind(hub.store, kind)) snapshot.push({ t: t0, type: "ADDED", kind, object });
  let lines: Entry[] = [];
  let dropped = 0;
  const snapshotText = snapshot.map(eventLine);
  const snapshotSize = header.length + snapshotText.reduce((a, l) => a + l.length, 0);
  let size = 0;
  if (opts.file) writeFileSync(opts.file, header + snapshotText.join(""), { mode: 0o600 });

  const append = (chunk: Entry[], text: string[]) => {
    lines.push(...chunk);
    for (const l of chunk) size += l.length;
    if (lines.length > maxEvents || size > maxBytes) {
      // Down to 90 % of the caps in one go, so a full recorder does not copy its lines on every change.
      let drop = 0;
      while (drop < lines.length && (lines.length - drop > 0.9 * maxEvents || size > 0.9 * maxBytes)) size -= lines[drop++]!.length;
      dropped += drop;
      lines = lines.slice(drop);
    }
    if (opts.file) appendFileSync(opts.file, text.join(""));
  };
  const unsubscribe = hub.subscribe((m) => {
    if (!("events" in m)) return;
    const t = opts.now();
    const events = m.events.map((e) => ({ t, type: e.type, kind: e.kind, object: e.object }) satisfies RecordedEvent);
    const text = events.map(eventLine);
    append(
      events.map((event, i) => ({ event, length: text[i]!.length })),
      text,
    );
  });
  let traffic: RecordedTraffic[] = [];
  const maxTraffic = opts.maxTrafficSamples ?? 20_000;
  const sampleTraffic = () => {
    const samples = (opts.traffic?.() ?? []).map((s) => ({ ...s, t: s.t ?? opts.now() }));
    if (!samples.length) return;
    const text = samples.map(trafficLine);
    append(text, text);
    traffic.push(...samples);
    if (traffic.length > maxTraffic) traffic = traffic.slice(traffic.length - Math.floor(0.9 * maxTraffic));
  };
  const trafficTimer = opts.traffic ? setInterval(sampleTraffic, opts.trafficEveryMs ?? 1000) : undefined;
  trafficTimer?.unref?.();

  return {
    text: () => header + snapshot.map(eventLine).join("") + lines.map(lineOf).join(""),
    get dropped() {
      return dropped;
    },
    get bytes() {
      return snapshotSize + size;
    },
    sampleTraffic,
    trafficSamples: () => traffic,
    stop: () => {
      clearInterval(trafficTimer);
      sampleTraffic();
      unsubscribe();
    },
  };
}

/** The process's recorder (started by `rollscope serve`), for the download route. */
export function processRecorder(): Recorder | undefined {
  return (globalThis as WithRecorder)[KEY];
}

export function setProcessRecorder(r: Recorder | undefined): void {
  (globalThis as WithRecorder)[KEY] = r;
}
