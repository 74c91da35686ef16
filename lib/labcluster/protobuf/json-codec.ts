/**
 * Kubernetes protobuf messages ⇄ the JSON Go's encoding/json writes for the same Go struct.
 * The wire format is protobufjs's; the JSON shape comes from the Go field tags (gotags.json):
 * omitempty drops zero scalars and empty slices/maps, pointers keep a zero they were sent,
 * non-pointer structs are always written, `json:",inline"` fields merge into their parent.
 */
import type protobuf from "protobufjs";
import { fullName, goFields, type GoField } from "./schema";
import { SPECIAL } from "./special";

type Plain = Record<string, unknown>;

const has = (m: object, k: string) => Object.prototype.hasOwnProperty.call(m, k);
const toNumber = (v: unknown) => (typeof v === "object" && v !== null ? Number(String(v)) : Number(v));
const base64 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64");

/** What converting one message type needs, worked out once (protobufjs's fullName walks parents). */
interface Plan {
  special?: (typeof SPECIAL)[string];
  /** A message with no Go struct of its own wraps a Go slice (meta/v1 Verbs, ExtraValue): its items. */
  sliceWrapper: boolean;
  fields: { f: protobuf.Field; g: GoField }[];
}
const plans = new WeakMap<protobuf.Type, Plan>();

function plan(t: protobuf.Type): Plan {
  let p = plans.get(t);
  if (p) return p;
  const name = fullName(t);
  const tags = goFields(name);
  const only = t.fieldsArray.length === 1 ? t.fieldsArray[0] : undefined;
  p = {
    special: SPECIAL[name],
    sliceWrapper: !tags && only?.name === "items" && only.repeated,
    fields: t.fieldsArray.map((f) => ({
      f,
      g: tags?.[f.name] ?? {
        json: f.name,
        omitempty: true,
        go: f.repeated ? "slice" : f.resolvedType ? "pointer" : "scalar",
      },
    })),
  };
  plans.set(t, p);
  return p;
}

function scalarToJson(f: protobuf.Field, v: unknown): unknown {
  if (f.resolvedType) return messageToJson(f.resolvedType as protobuf.Type, v as Plain);
  if (f.type === "bytes") return base64(v as Uint8Array);
  if (f.type === "int64" || f.type === "uint64" || f.type === "sint64" || f.type === "fixed64") return toNumber(v);
  return v;
}

const zeroScalar = (f: protobuf.Field) => (f.type === "string" ? "" : f.type === "bool" ? false : 0);
const isZero = (v: unknown) => v === "" || v === 0 || v === false;

/** The JSON of one Go field, or undefined when Go's encoding/json leaves it out. */
function fieldToJson(f: protobuf.Field, g: GoField, m: Plain): unknown {
  const present = has(m, f.name);
  if (f.map) {
    const entries = Object.entries((m[f.name] ?? {}) as Plain);
    if (!entries.length) return g.omitempty || g.omitzero ? undefined : null;
    return Object.fromEntries(entries.map(([k, v]) => [k, scalarToJson(f, v)]));
  }
  if (f.repeated) {
    const items = (m[f.name] ?? []) as unknown[];
    if (!items.length) return g.omitempty || g.omitzero ? undefined : null;
    return items.map((v) => scalarToJson(f, v));
  }
  if (g.go === "pointer") return present ? scalarToJson(f, m[f.name]) : g.omitempty ? undefined : null;
  if (g.go === "struct") {
    const v = messageToJson(f.resolvedType as protobuf.Type, (present ? m[f.name] : {}) as Plain);
    const zero = v === null || (typeof v === "object" && !Array.isArray(v) && !Object.keys(v as object).length);
    return g.omitzero && zero ? undefined : v;
  }
  if (g.go === "bytes" || g.go === "slice") {
    if (!present) return g.omitempty ? undefined : null;
    return scalarToJson(f, m[f.name]);
  }
  const v = present ? scalarToJson(f, m[f.name]) : zeroScalar(f);
  return (g.omitempty || g.omitzero) && isZero(v) ? undefined : v;
}

/** A decoded message as Go would write it in JSON. */
export function messageToJson(t: protobuf.Type, m: Plain): unknown {
  const p = plan(t);
  if (p.special) return p.special.toJson(m);
  if (p.sliceWrapper) return ((m.items ?? []) as unknown[]).map((v) => scalarToJson(t.fieldsArray[0]!, v));
  const out: Plain = {};
  for (const { f, g } of p.fields) {
    const v = fieldToJson(f, g, m);
    if (v === undefined) continue;
    if (g.json === "") Object.assign(out, v);
    else out[g.json] = v;
  }
  return out;
}

function scalarFromJson(f: protobuf.Field, v: unknown): unknown {
  if (f.resolvedType) return messageFromJson(f.resolvedType as protobuf.Type, v);
  if (f.type === "bytes") return typeof v === "string" ? Buffer.from(v, "base64") : new Uint8Array();
  if (f.type === "string") return typeof v === "string" ? v : String(v);
  if (f.type === "bool") return v === true;
  return typeof v === "number" ? v : Number(v) || 0;
}

/** JSON (as Go reads it) → a plain object protobufjs encodes as the message. */
export function messageFromJson(t: protobuf.Type, json: unknown): Plain | undefined {
  const p = plan(t);
  if (p.special) return p.special.fromJson(json);
  if (p.sliceWrapper)
    return {
      items: Array.isArray(json) ? json.map((v) => scalarFromJson(t.fieldsArray[0]!, v)) : [],
    };
  if (typeof json !== "object" || json === null || Array.isArray(json)) return {};
  const src = json as Plain;
  const out: Plain = {};
  for (const { f, g } of p.fields) {
    const v = g.json === "" ? src : src[g.json];
    if (v === undefined || v === null) continue;
    if (f.map) {
      if (typeof v !== "object") continue;
      out[f.name] = Object.fromEntries(Object.entries(v as Plain).flatMap(([k, x]) => (x === null ? [] : [[k, scalarFromJson(f, x)]])));
    } else if (f.repeated) {
      if (Array.isArray(v)) out[f.name] = v.filter((x) => x !== null).map((x) => scalarFromJson(f, x));
    } else {
      const x = scalarFromJson(f, v);
      if (x !== undefined) out[f.name] = x;
    }
  }
  return out;
}
