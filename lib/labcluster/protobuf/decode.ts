/**
 * Decodes Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`: the "k8s\0"
 * magic, a runtime.Unknown envelope, the object's generated.proto message) into the same JSON the
 * object would have been sent as. kubectl 1.32's typed clients (`kubectl create deployment|
 * namespace|service|configmap|secret`) send protobuf and do not fall back to JSON.
 * Field tables come from schema.json (see generate-schema.ts).
 */
import { badRequest } from "../errors";
import schemaJson from "./schema.json";

type Field = [name: string, type: string, kind: 0 | 1 | 2];
const SCHEMA = schemaJson as unknown as Record<string, Record<string, Field>>;
const META = "k8s.io.apimachinery.pkg.apis.meta.v1";

/** apiVersion/kind → message, for the kinds a client may send. */
function messageFor(apiVersion: string, kind: string): string | undefined {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["core", apiVersion];
  if (kind === "DeleteOptions") return `${META}.DeleteOptions`;
  const name = `k8s.io.api.${group!.replace(/\.k8s\.io$/, "")}.${version}.${kind}`;
  return SCHEMA[name] ? name : undefined;
}

// Go's JSON encoding omits these zero values (omitempty); zero on the wire is the proto default
// of a non-pointer field. Pointer fields whose zero/false is meaningful are kept.
const KEEP_ZERO = new Set([
  "replicas",
  "revisionHistoryLimit",
  "progressDeadlineSeconds",
  "terminationGracePeriodSeconds",
  "activeDeadlineSeconds",
  "automountServiceAccountToken",
  "enableServiceLinks",
  "allowPrivilegeEscalation",
  "runAsNonRoot",
  "runAsUser",
  "runAsGroup",
  "fsGroup",
  "readOnlyRootFilesystem",
  "privileged",
  "immutable",
  "optional",
  "ready",
  "serving",
  "terminating",
  "allocateLoadBalancerNodePorts",
  "defaultMode",
  "tolerationSeconds",
  "gracePeriodSeconds",
  "orphanDependents",
  "shareProcessNamespace",
  "hostUsers",
  "controller",
  "blockOwnerDeletion",
]);

class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }
  varint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw badRequest("protobuf: unexpected end of input");
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * mul;
      if (!(b & 0x80)) return result;
      mul *= 128;
    }
    throw badRequest("protobuf: varint too long");
  }
  bytes(): Uint8Array {
    const n = this.varint();
    if (this.pos + n > this.end) throw badRequest("protobuf: length out of range");
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw badRequest(`protobuf: unsupported wire type ${wire}`);
    if (this.pos > this.end) throw badRequest("protobuf: unexpected end of input");
  }
}

const utf8 = new TextDecoder();

/** Two's complement for negative int32/int64 sent as 10-byte varints. */
const signed = (n: number) => (n >= 2 ** 63 ? n - 2 ** 64 : n);

function scalar(type: string, wire: number, r: Reader): unknown {
  switch (type) {
    case "string":
      return utf8.decode(r.bytes());
    case "bytes":
      return Buffer.from(r.bytes()).toString("base64");
    case "bool":
      return r.varint() !== 0;
    case "int32":
    case "int64":
      return signed(r.varint());
    case "uint32":
    case "uint64":
      return r.varint();
    case "double": {
      const v = Buffer.from(r.buf.buffer, r.buf.byteOffset + r.pos, 8).readDoubleLE(0);
      r.pos += 8;
      return v;
    }
    default:
      r.skip(wire);
      return undefined;
  }
}

function timeString(m: Record<string, unknown>, micro: boolean): string | null {
  const s = Number(m.seconds ?? 0);
  const nanos = Number(m.nanos ?? 0);
  if (!s && !nanos) return null;
  const iso = new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, "");
  return micro ? `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, "0")}Z` : `${iso}Z`;
}

function special(type: string, bytes: Uint8Array): unknown {
  const raw = (fields: Record<string, Field>) => decodeWith(fields, bytes);
  switch (type) {
    case `${META}.Time`:
      return timeString(raw({ 1: ["seconds", "int64", 0], 2: ["nanos", "int32", 0] }), false);
    case `${META}.MicroTime`:
      return timeString(raw({ 1: ["seconds", "int64", 0], 2: ["nanos", "int32", 0] }), true);
    case `${META}.Duration`: {
      const ns = Number(raw({ 1: ["duration", "int64", 0] }).duration ?? 0);
      return `${ns / 1e9}s`;
    }
    case "k8s.io.apimachinery.pkg.util.intstr.IntOrString": {
      const v = raw({ 1: ["type", "int64", 0], 2: ["intVal", "int32", 0], 3: ["strVal", "string", 0] });
      return Number(v.type ?? 0) === 1 ? String(v.strVal ?? "") : Number(v.intVal ?? 0);
    }
    case "k8s.io.apimachinery.pkg.api.resource.Quantity":
      return String(raw({ 1: ["string", "string", 0] }).string ?? "0");
    case "k8s.io.apimachinery.pkg.runtime.RawExtension":
    case `${META}.FieldsV1`: {
      const b = raw({ 1: ["raw", "bytes", 0] }).raw;
      if (typeof b !== "string" || !b) return {};
      try {
        return JSON.parse(Buffer.from(b, "base64").toString("utf8"));
      } catch {
        return {};
      }
    }
  }
  return undefined;
}

function value(type: string, wire: number, r: Reader): unknown {
  if (wire !== 2 || type === "string" || type === "bytes") return scalar(type, wire, r);
  const bytes = r.bytes();
  const sp = special(type, bytes);
  if (sp !== undefined) return sp;
  const fields = SCHEMA[type];
  if (!fields) return undefined;
  return decodeWith(fields, bytes);
}

function isEmpty(v: unknown, name: string): boolean {
  if (v === null || v === undefined || v === "") return true;
  if ((v === 0 || v === false) && !KEEP_ZERO.has(name)) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === "object" && Object.keys(v).length === 0 && name !== "emptyDir" && name !== "resources";
}

function decodeWith(fields: Record<string, Field>, bytes: Uint8Array): Record<string, unknown> {
  const r = new Reader(bytes, 0, bytes.length);
  const out: Record<string, unknown> = {};
  while (r.pos < r.end) {
    const tag = r.varint();
    const num = Math.floor(tag / 8);
    const wire = tag & 7;
    const f = fields[num];
    if (!f) {
      r.skip(wire);
      continue;
    }
    const [name, type, kind] = f;
    if (kind === 2) {
      const entry = decodeWith({ 1: ["key", "string", 0], 2: ["value", type, 0] }, r.bytes());
      const map = (out[name] ??= {}) as Record<string, unknown>;
      map[String(entry.key ?? "")] = entry.value ?? (type === "string" ? "" : type === "bytes" ? "" : {});
    } else if (kind === 1) {
      const list = (out[name] ??= []) as unknown[];
      if (wire === 2 && type !== "string" && type !== "bytes" && !SCHEMA[type] && special(type, new Uint8Array()) === undefined) {
        const packed = r.bytes();
        const pr = new Reader(packed, 0, packed.length);
        while (pr.pos < pr.end) list.push(scalar(type, 0, pr));
      } else {
        const v = value(type, wire, r);
        list.push(v ?? (SCHEMA[type] ? {} : v));
      }
    } else {
      out[name] = value(type, wire, r);
    }
  }
  for (const [k, v] of Object.entries(out)) if (isEmpty(v, k)) delete out[k];
  return out;
}

/** Decodes a protobuf body into wire JSON (apiVersion and kind from the envelope). */
export function decodeProtobuf(body: Uint8Array): Record<string, unknown> {
  if (body.length < 4 || body[0] !== 0x6b || body[1] !== 0x38 || body[2] !== 0x73 || body[3] !== 0) throw badRequest("provided protobuf is not a Kubernetes object (missing k8s magic)");
  const env = decodeWith(SCHEMA["k8s.io.apimachinery.pkg.runtime.Unknown"]!, body.subarray(4));
  const tm = (env.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  const msg = messageFor(tm.apiVersion ?? "", tm.kind ?? "");
  if (!msg) throw badRequest(`no kind "${tm.kind ?? ""}" is registered for version "${tm.apiVersion ?? ""}"`);
  const raw = typeof env.raw === "string" ? Buffer.from(env.raw, "base64") : new Uint8Array();
  const obj = decodeWith(SCHEMA[msg]!, raw);
  return { apiVersion: tm.apiVersion, kind: tm.kind, ...obj };
}
