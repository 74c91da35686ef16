/**
 * Kubernetes types whose JSON form is not their message's fields (their Go types implement
 * MarshalJSON / Marshal by hand): times, durations, int-or-string, quantities, raw JSON.
 */
import { META } from "./schema";

type Plain = Record<string, unknown>;
interface Special {
  /** decoded message (fields present) → JSON value */
  toJson(m: Plain): unknown;
  /** JSON value → message fields (undefined: leave the field out) */
  fromJson(v: unknown): Plain | undefined;
}

const num = (v: unknown) => (v === undefined || v === null ? 0 : Number(v));
// A decoded message reads unset fields through its prototype's defaults: presence is own keys.
const empty = (m: Plain) => !Object.prototype.hasOwnProperty.call(m, "seconds") && !Object.prototype.hasOwnProperty.call(m, "nanos");
const utf8 = new TextDecoder();

function rfc3339(seconds: number, micros?: number): string {
  const base = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "");
  return micros === undefined ? `${base}Z` : `${base}.${String(micros).padStart(6, "0")}Z`;
}

function parseTime(v: unknown): { seconds: number; nanos: number } | undefined {
  if (typeof v !== "string" || !v) return undefined;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) return undefined;
  const frac = /\.(\d+)/.exec(v)?.[1] ?? "";
  return {
    seconds: Math.floor(ms / 1000),
    nanos: Number(frac.padEnd(9, "0").slice(0, 9)),
  };
}

/** Go's time.Duration.String(). */
export function goDuration(ns: number): string {
  if (ns === 0) return "0s";
  const sign = ns < 0 ? "-" : "";
  let u = Math.abs(ns);
  if (u < 1e9) {
    const [unit, div] = u < 1e3 ? ["ns", 1] : u < 1e6 ? ["µs", 1e3] : ["ms", 1e6];
    return `${sign}${trimFloat(u / div)}${unit}`;
  }
  const h = Math.floor(u / 3.6e12);
  u -= h * 3.6e12;
  const m = Math.floor(u / 6e10);
  u -= m * 6e10;
  const s = `${trimFloat(u / 1e9)}s`;
  return sign + (h ? `${h}h${m}m${s}` : m ? `${m}m${s}` : s);
}
const trimFloat = (x: number) => String(Number(x.toFixed(9)));

/** Go's time.ParseDuration, for the units Kubernetes objects use. */
export function parseGoDuration(s: string): number {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  const unit: Record<string, number> = {
    ns: 1,
    us: 1e3,
    µs: 1e3,
    ms: 1e6,
    s: 1e9,
    m: 6e10,
    h: 3.6e12,
  };
  let total = 0;
  for (const m of s.replace(/^[-+]/, "").matchAll(re)) total += Number(m[1]) * unit[m[2]!]!;
  return Math.round(s.startsWith("-") ? -total : total);
}

function rawJson(field: string): Special {
  return {
    toJson: (m) => {
      const b = m[field] as Uint8Array | undefined;
      if (!b || !b.length) return null;
      try {
        return JSON.parse(utf8.decode(b));
      } catch {
        return null;
      }
    },
    fromJson: (v) => (v === undefined || v === null ? undefined : { [field]: new TextEncoder().encode(JSON.stringify(v)) }),
  };
}

export const SPECIAL: Record<string, Special> = {
  [`${META}.Time`]: {
    // Go keeps whole seconds only (Time.Unmarshal), and an empty message is the zero time (null).
    toJson: (m) => (empty(m) ? null : rfc3339(num(m.seconds))),
    fromJson: (v) => {
      const t = parseTime(v);
      return t && { seconds: t.seconds, nanos: 0 };
    },
  },
  [`${META}.MicroTime`]: {
    toJson: (m) => (empty(m) ? null : rfc3339(num(m.seconds), Math.floor(num(m.nanos) / 1000))),
    fromJson: (v) => {
      const t = parseTime(v);
      return t && { seconds: t.seconds, nanos: Math.floor(t.nanos / 1000) * 1000 };
    },
  },
  [`${META}.Duration`]: {
    toJson: (m) => goDuration(num(m.duration)),
    fromJson: (v) => (typeof v === "string" ? { duration: parseGoDuration(v) } : undefined),
  },
  "k8s.io.apimachinery.pkg.util.intstr.IntOrString": {
    toJson: (m) => (num(m.type) === 1 ? String(m.strVal ?? "") : num(m.intVal)),
    fromJson: (v) => (typeof v === "string" ? { type: 1, strVal: v } : typeof v === "number" ? { type: 0, intVal: v } : undefined),
  },
  "k8s.io.apimachinery.pkg.api.resource.Quantity": {
    toJson: (m) => String(m.string || "0"),
    fromJson: (v) => (v === undefined || v === null ? undefined : { string: String(v) }),
  },
  "k8s.io.apimachinery.pkg.runtime.RawExtension": rawJson("raw"),
  [`${META}.FieldsV1`]: rawJson("Raw"),
};
