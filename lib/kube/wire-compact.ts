/**
 * Stream message compaction, version 3 (browser-safe, pure): shorter strings for a delta's JSON
 * without changing what it says. Every string (object key or value) is rewritten on its own:
 * - a key or value of the fixed table below (Kubernetes field names and common values) → "~<code>";
 * - an RFC 3339 timestamp to the second → "~t<base 36 seconds after the message's base z>" (version 3:
 *   with no z, seconds since 1970, when that is shorter for the message's few timestamps);
 * - a UID → "~u<its 16 bytes in base64url>";
 * - a string that occurs twice or more in the message → "~s<n>", index into the message's list s;
 * - (version 3) a string starting with a kubelet message of PREFIXES → "~.<digit><the rest>";
 * - any other string starting with "~" gets one more "~" in front.
 * Version 2 is version 3 without the prefixes; `expand` reads both.
 * Numbers, booleans and structure pass through. Decoding needs only the message itself: members
 * of a stream may join between any two messages.
 *
 * The table is part of the wire contract: changing it means a new version number (and a decoder
 * that still reads the old one for as long as pages of that version may be open).
 */

export const COMPACT_VERSION = 3;

/**
 * Version 3: the starts of messages the kubelet writes into pod conditions and container states
 * (the rest, e.g. the container names, follows the code). At most 10; append-only.
 */
const PREFIXES: readonly string[] = [
  "containers with unready status: [",
  "containers with incomplete status: [",
  'Back-off pulling image "',
  "back-off ",
  "Readiness probe failed: ",
  "Liveness probe failed: ",
];

/**
 * The fixed strings of versions 2 and 3, the most frequent in a pod's status change first (they get
 * one-character codes). Append-only within a version; never reorder.
 */
const TABLE: readonly string[] = [
  // what a pod status change carries
  "metadata",
  "resourceVersion",
  "annotations",
  "status",
  "conditions",
  "containerStatuses",
  "type",
  "reason",
  "message",
  "lastTransitionTime",
  "ready",
  "restartCount",
  "state",
  "lastState",
  "running",
  "waiting",
  "terminated",
  "startedAt",
  "finishedAt",
  "exitCode",
  "phase",
  "podIP",
  "nodeName",
  "$array",
  "True",
  "False",
  "Ready",
  "ContainersNotReady",
  "Running",
  "Pending",
  "labels",
  "name",
  "namespace",
  "uid",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "ownerReferences",
  "spec",
  "kind",
  "apiVersion",
  "controller",
  "containers",
  "image",
  "readinessProbe",
  "ports",
  "PodScheduled",
  "Unknown",
  "Succeeded",
  "Failed",
  "ContainersReady",
  "Initialized",
  "PodReadyToStartContainers",
  "ContainerCreating",
  "PodInitializing",
  "CrashLoopBackOff",
  "ImagePullBackOff",
  "ErrImagePull",
  // workloads
  "replicas",
  "readyReplicas",
  "availableReplicas",
  "updatedReplicas",
  "unavailableReplicas",
  "observedGeneration",
  "template",
  "selector",
  "strategy",
  "lastUpdateTime",
  // endpoints, events
  "endpoints",
  "addresses",
  "targetRef",
  "serving",
  "terminating",
  "subsets",
  "notReadyAddresses",
  "involvedObject",
  "count",
  "series",
  "firstTimestamp",
  "lastTimestamp",
  "eventTime",
  // other values
  "Completed",
  "Error",
  "OOMKilled",
  "Available",
  "Progressing",
  "ReplicaFailure",
  "NewReplicaSetAvailable",
  "ReplicaSetUpdated",
  "MinimumReplicasAvailable",
  "ProgressDeadlineExceeded",
  "Normal",
  "Warning",
  "ReplicaSet",
  "Deployment",
  "EndpointSlice",
];

/** Code characters: base 62 without s, t and u (those start the other codes). */
const DIGITS = "0123456789abcdefghijklmnopqrvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
/** "~c" for the first 59 entries, "~cc" after. */
const codeOf = (i: number): string =>
  i < DIGITS.length ? `~${DIGITS[i]}` : `~${DIGITS[Math.floor(i / DIGITS.length)]}${DIGITS[i % DIGITS.length]}`;
const indexOf = (code: string): number | undefined => {
  const d = [...code].map((c) => DIGITS.indexOf(c));
  if (d.some((x) => x < 0)) return undefined;
  return d.length === 1 ? d[0] : d.length === 2 ? d[0]! * DIGITS.length + d[1]! : undefined;
};

const CODE = new Map(TABLE.map((s, i) => [s, codeOf(i)] as const));
const ISO = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z$/;
const UID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** A compacted value with what decoding it needs. */
export interface Compacted {
  v: 2 | typeof COMPACT_VERSION;
  /** Base of the message's timestamps, seconds since the epoch. */
  z?: number;
  /** Strings the message repeats. */
  s?: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Seconds since the epoch of a canonical second-precision timestamp, else undefined. */
function isoSeconds(s: string): number | undefined {
  if (s.length !== 20 || !ISO.test(s)) return undefined;
  const ms = Date.parse(s);
  if (!Number.isFinite(ms) || new Date(ms).toISOString().replace(".000Z", "Z") !== s) return undefined;
  return ms / 1000;
}

function uidToB64(uid: string): string {
  const hex = uid.replace(/-/g, "");
  let out = "";
  // 32 hex digits = 128 bits: 21 groups of 6 bits (126) and 2 bits left.
  let bits = 0;
  let acc = 0;
  for (const h of hex) {
    acc = (acc << 4) | parseInt(h, 16);
    bits += 4;
    while (bits >= 6) {
      bits -= 6;
      out += B64[(acc >> bits) & 63];
    }
  }
  return out + B64[(acc << (6 - bits)) & 63];
}

function b64ToUid(b64: string): string {
  let hex = "";
  let bits = 0;
  let acc = 0;
  for (const c of b64) {
    const v = B64.indexOf(c);
    if (v < 0) throw new Error(`bad compact uid "${b64}"`);
    acc = ((acc << 6) | v) & 0xfff;
    bits += 6;
    while (bits >= 4 && hex.length < 32) {
      bits -= 4;
      hex += ((acc >> bits) & 15).toString(16);
    }
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Every string of `value` (keys and values), counted. */
function countStrings(value: unknown, counts: Map<string, number>, times: number[]): void {
  const see = (s: string) => {
    const t = isoSeconds(s);
    if (t !== undefined) times.push(t);
    else counts.set(s, (counts.get(s) ?? 0) + 1);
  };
  if (typeof value === "string") see(value);
  else if (Array.isArray(value)) for (const x of value) countStrings(x, counts, times);
  else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      see(k);
      countStrings(v, counts, times);
    }
  }
}

/** Whether writing each time as its own seconds costs no more than `"z":<z>,` plus each offset. */
function absoluteIsShorter(times: readonly number[], z: number): boolean {
  let withBase = `"z":${z},`.length;
  let without = 0;
  for (const t of times) {
    withBase += (t - z).toString(36).length;
    without += t.toString(36).length;
  }
  return without <= withBase;
}

/** `value` compacted: the rewritten value and what a decoder needs beside it. */
export function compact<T>(value: T): { value: unknown; meta: Compacted } {
  const counts = new Map<string, number>();
  const times: number[] = [];
  countStrings(value, counts, times);
  // A loop, not Math.min(...times): a relist's delta holds hundreds of thousands of timestamps.
  let z: number | undefined;
  for (const t of times) if (z === undefined || t < z) z = t;
  // Version 3: without a base (no z) each time is its own seconds, cheaper for a message of a few.
  const base = z !== undefined && absoluteIsShorter(times, z) ? 0 : z;
  const shared: string[] = [];
  const sharedCode = new Map<string, string>();
  for (const [s, n] of counts) {
    // Worth it when the uses saved pay for the list entry.
    if (n < 2 || CODE.has(s) || UID.test(s)) continue;
    const code = `~s${shared.length}`;
    if ((n - 1) * s.length > n * code.length + 3) {
      sharedCode.set(s, code);
      shared.push(s);
    }
  }
  const str = (s: string): string => {
    const fixed = CODE.get(s);
    if (fixed !== undefined && fixed.length < s.length) return fixed;
    const t = z !== undefined ? isoSeconds(s) : undefined;
    if (t !== undefined) return `~t${(t - base!).toString(36)}`;
    const known = sharedCode.get(s);
    if (known !== undefined) return known;
    if (s.length === 36 && UID.test(s)) return `~u${uidToB64(s)}`;
    if (s.startsWith("~")) return `~${s}`;
    const prefix = PREFIXES.findIndex((p) => s.startsWith(p));
    return prefix < 0 ? s : `~.${prefix}${s.slice(PREFIXES[prefix]!.length)}`;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return str(v);
    if (Array.isArray(v)) return v.map(walk);
    if (!isRecord(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v))
      Object.defineProperty(out, str(k), { value: walk(x), enumerable: true, writable: true, configurable: true });
    return out;
  };
  const meta: Compacted = { v: COMPACT_VERSION, ...(base ? { z: base } : {}), ...(shared.length ? { s: shared } : {}) };
  return { value: walk(value), meta };
}

/** The value `compact` was given, from its output and meta. Throws on a string no encoder writes. */
export function expand(value: unknown, meta: Compacted): unknown {
  if (meta.v !== 2 && meta.v !== COMPACT_VERSION) throw new Error(`unknown stream message version ${String(meta.v)}`);
  const str = (s: string): string => {
    if (!s.startsWith("~")) return s;
    const c = s[1];
    if (c === "~") return s.slice(1);
    const prefix = c === "." && meta.v === 3 ? PREFIXES[Number(s[2])] : undefined;
    if (prefix !== undefined) return prefix + s.slice(3);
    if (c === "t" && (meta.z !== undefined || meta.v === 3))
      return new Date(((meta.z ?? 0) + parseInt(s.slice(2), 36)) * 1000).toISOString().replace(".000Z", "Z");
    if (c === "u") return b64ToUid(s.slice(2));
    if (c === "s") {
      const shared = meta.s?.[Number(s.slice(2))];
      if (shared !== undefined) return shared;
    } else {
      const i = indexOf(s.slice(1));
      const fixed = i === undefined ? undefined : TABLE[i];
      if (fixed !== undefined) return fixed;
    }
    throw new Error(`bad compact string "${s}"`);
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return str(v);
    if (Array.isArray(v)) return v.map(walk);
    if (!isRecord(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v))
      Object.defineProperty(out, str(k), { value: walk(x), enumerable: true, writable: true, configurable: true });
    return out;
  };
  return walk(value);
}
