/**
 * Version conversion for the one resource served in two shapes: Events are stored in core/v1
 * form and converted to/from events.k8s.io/v1 (pkg/apis/events/v1 conversion) on the way out/in.
 */
import type { KObj, ResourceInfo } from "./types";

const isEventsV1 = (ri: ResourceInfo) => ri.group === "events.k8s.io";

/** Stored (core) form → the form `ri` serves. */
export function toServed(ri: ResourceInfo, obj: KObj): KObj {
  if (!isEventsV1(ri)) return obj;
  const e = obj as Record<string, unknown>;
  const out: Record<string, unknown> = {
    apiVersion: "events.k8s.io/v1",
    kind: "Event",
    metadata: obj.metadata,
    eventTime: e.eventTime ?? null,
    reportingController: e.reportingComponent ?? (e.source as { component?: unknown } | null | undefined)?.component ?? "",
    reportingInstance: e.reportingInstance ?? "",
    action: e.action,
    reason: e.reason,
    regarding: e.involvedObject,
    related: e.related,
    note: e.message,
    type: e.type,
    series: e.series,
    deprecatedSource: e.source,
    deprecatedFirstTimestamp: e.firstTimestamp,
    deprecatedLastTimestamp: e.lastTimestamp,
    deprecatedCount: e.count,
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as KObj;
}

/** Served form (as written by a client of `ri`) → stored core form. */
export function toStored(ri: ResourceInfo, obj: KObj): KObj {
  if (!isEventsV1(ri)) return obj;
  const e = obj as Record<string, unknown>;
  const out: Record<string, unknown> = {
    apiVersion: "v1",
    kind: "Event",
    metadata: obj.metadata,
    involvedObject: e.regarding ?? {},
    related: e.related,
    reason: e.reason,
    message: e.note,
    type: e.type,
    action: e.action,
    eventTime: e.eventTime ?? null,
    series: e.series,
    reportingComponent: e.reportingController,
    reportingInstance: e.reportingInstance,
    source: e.deprecatedSource ?? (e.reportingController ? { component: e.reportingController } : undefined),
    firstTimestamp: e.deprecatedFirstTimestamp,
    lastTimestamp: e.deprecatedLastTimestamp,
    count: e.deprecatedCount,
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as KObj;
}
