/**
 * The recording format: newline-delimited JSON. Line 1 is a header, every other line one watch
 * event as the server received it (trimmed object) with its wall time, or one traffic sample
 * (`{"t", "traffic": {namespace, service, rate, requests}}`: the requests Rollscope's load
 * generator sent through a Service since the previous sample; with `"source": "prometheus"`, the
 * `counts` a real cluster's Prometheus observed instead, and `pods` rates). Append-only, so a
 * recording cut short by a crash is still readable up to its last whole line.
 */
import { z } from "zod";
import { KINDS, type Kind, type RawObject } from "../model/raw";
import type { StoreEvent } from "../model/store";
import type { RecordedTraffic } from "../traffic/recorded";

export const RECORDING_VERSION = 1;

export interface RecordingHeader {
  rollscope: "recording";
  version: number;
  startedAt: string;
  /** Which cluster it was recorded from, in words. */
  source: string;
  namespace?: string;
}

/** One recorded watch event: `t` is milliseconds since the epoch when it was observed. */
export interface RecordedEvent extends StoreEvent {
  t: number;
}

export interface ParsedRecording {
  header?: RecordingHeader;
  events: RecordedEvent[];
  /** Traffic samples in time order (none in recordings without traffic). */
  traffic: RecordedTraffic[];
  /** Lines that could not be used, with why: shown to the user, never fatal. */
  skipped: { line: number; reason: string }[];
}

const headerSchema = z.object({
  rollscope: z.literal("recording"),
  version: z.number().int().positive(),
  startedAt: z.string(),
  source: z.string(),
  namespace: z.string().optional(),
});

const eventSchema = z.object({
  t: z.number().finite(),
  type: z.enum(["ADDED", "MODIFIED", "DELETED"]),
  kind: z.enum(KINDS as unknown as [Kind, ...Kind[]]),
  object: z
    .object({
      metadata: z.object({ name: z.string().optional(), uid: z.string().optional(), namespace: z.string().optional() }).passthrough(),
    })
    .passthrough(),
});

const laneRequestSchema = z.object({
  seq: z.number(),
  at: z.number().finite(),
  version: z.string().optional(),
  cause: z.string().optional(),
  pod: z.string().optional(),
});
const count = z.number().int().nonnegative();
const countsSchema = z.object({
  sent: count,
  failed: count,
  byVersion: z.record(z.string(), count),
  failures: z.record(z.string(), count),
});
const trafficSchema = z.object({
  t: z.number().finite(),
  traffic: z.object({
    namespace: z.string(),
    service: z.string(),
    rate: z.number(),
    requests: z.array(laneRequestSchema),
    source: z.literal("prometheus").optional(),
    counts: countsSchema.optional(),
    pods: z.array(z.object({ pod: z.string(), rate: z.number(), errorRate: z.number() })).optional(),
  }),
});

export function trafficLine(s: RecordedTraffic): string {
  const { t, ...traffic } = s;
  return JSON.stringify({ t, traffic }) + "\n";
}

export function headerLine(h: Omit<RecordingHeader, "rollscope" | "version">): string {
  const header: RecordingHeader = { rollscope: "recording", version: RECORDING_VERSION, ...h };
  return JSON.stringify(header) + "\n";
}

export function eventLine(e: RecordedEvent): string {
  return JSON.stringify({ t: e.t, type: e.type, kind: e.kind, object: e.object }) + "\n";
}

/**
 * Reads a recording, keeping every usable event. Broken JSON, unknown kinds and events out of
 * time order are skipped and reported; a missing header is reported but the events still load.
 */
export function parseRecording(text: string): ParsedRecording {
  const skipped: ParsedRecording["skipped"] = [];
  const events: RecordedEvent[] = [];
  const traffic: RecordedTraffic[] = [];
  let header: RecordingHeader | undefined;
  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const n = i + 1;
    if (!line) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      skipped.push({ line: n, reason: n === lines.length ? "truncated last line (recording cut short)" : "not valid JSON" });
      return;
    }
    if (n === 1 || (header === undefined && events.length === 0 && (value as { rollscope?: unknown })?.rollscope !== undefined)) {
      const h = headerSchema.safeParse(value);
      if (h.success) {
        if (h.data.version > RECORDING_VERSION)
          skipped.push({
            line: n,
            reason: `recording version ${h.data.version} is newer than this Rollscope reads (${RECORDING_VERSION}); reading what it can`,
          });
        header = h.data;
        return;
      }
      if ((value as { rollscope?: unknown })?.rollscope !== undefined) {
        skipped.push({ line: n, reason: `bad header: ${h.error.issues[0]?.message ?? "invalid"}` });
        return;
      }
    }
    if ((value as { traffic?: unknown })?.traffic !== undefined) {
      const tr = trafficSchema.safeParse(value);
      if (tr.success) traffic.push({ t: tr.data.t, ...tr.data.traffic });
      else
        skipped.push({
          line: n,
          reason: `bad traffic sample: ${tr.error.issues[0]?.path.join(".") ?? ""}: ${tr.error.issues[0]?.message ?? "invalid"}`,
        });
      return;
    }
    const e = eventSchema.safeParse(value);
    if (!e.success) {
      const issue = e.error.issues[0];
      skipped.push({ line: n, reason: `bad event: ${issue ? `${issue.path.join(".") || "line"}: ${issue.message}` : "invalid"}` });
      return;
    }
    const last = events[events.length - 1];
    if (last && e.data.t < last.t) {
      skipped.push({ line: n, reason: "event earlier than the one before it" });
      return;
    }
    events.push({ t: e.data.t, type: e.data.type, kind: e.data.kind, object: e.data.object as RawObject });
  });
  if (!header) skipped.unshift({ line: 1, reason: "no recording header: times and source unknown" });
  return { header, events, traffic, skipped };
}
