/**
 * The Kubernetes protobuf envelope (runtime/serializer/protobuf): the 4 bytes "k8s\0", then a
 * runtime.Unknown holding the object's TypeMeta and its message bytes. Watch streams frame each
 * versioned meta/v1 WatchEvent with a 4-byte big-endian length; the event's object is a
 * RawExtension holding an enveloped object.
 */
import { badRequest } from "../errors";
import { messageFromJson, messageToJson } from "./json-codec";
import { kindMessage, messageType, META, UNKNOWN } from "./schema";

export const PROTOBUF = "application/vnd.kubernetes.protobuf";
const MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

type Plain = Record<string, unknown>;
const unknownType = () => messageType(UNKNOWN)!;

/** Whether an object of this apiVersion/kind has a protobuf form (Table, for one, has none). */
export function hasProtobufForm(obj: unknown): boolean {
  const o = obj as Plain | null;
  return !!o && typeof o.apiVersion === "string" && typeof o.kind === "string" && !!kindMessage(o.apiVersion, o.kind);
}

/** An object (JSON with apiVersion and kind) → "k8s\0" + runtime.Unknown. */
export function encodeObject(obj: Plain): Uint8Array {
  const apiVersion = String(obj.apiVersion ?? "");
  const kind = String(obj.kind ?? "");
  const t = kindMessage(apiVersion, kind);
  if (!t) throw new Error(`no protobuf message for ${apiVersion} ${kind}`);
  const raw = t.encode(messageFromJson(t, obj) ?? {}).finish();
  const env = unknownType()
    .encode({
      typeMeta: { apiVersion, kind },
      raw,
      contentEncoding: "",
      contentType: "",
    })
    .finish();
  const out = new Uint8Array(4 + env.length);
  out.set(MAGIC);
  out.set(env, 4);
  return out;
}

/** "k8s\0" + runtime.Unknown → the object as JSON, apiVersion and kind first (400 when malformed). */
export function decodeObject(body: Uint8Array): Plain {
  if (body.length < 4 || MAGIC.some((b, i) => body[i] !== b))
    throw badRequest("provided protobuf is not a Kubernetes object (missing k8s magic)");
  let env: Plain;
  try {
    env = unknownType().decode(body.subarray(4)) as unknown as Plain;
  } catch (e) {
    throw badRequest(`unable to decode protobuf envelope: ${(e as Error).message}`);
  }
  const tm = (env.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  const t = kindMessage(tm.apiVersion ?? "", tm.kind ?? "");
  if (!t) throw badRequest(`no kind "${tm.kind ?? ""}" is registered for version "${tm.apiVersion ?? ""}"`);
  let msg: Plain;
  try {
    msg = t.decode((env.raw as Uint8Array | undefined) ?? new Uint8Array()) as unknown as Plain;
  } catch (e) {
    throw badRequest(`unable to decode ${tm.kind}: ${(e as Error).message}`);
  }
  return {
    apiVersion: tm.apiVersion,
    kind: tm.kind,
    ...(messageToJson(t, msg) as Plain),
  };
}

/** One watch frame: length prefix + meta/v1 WatchEvent{type, object: RawExtension{enveloped object}}. */
export function encodeWatchFrame(type: string, obj: Plain): Uint8Array {
  const ev = messageType(`${META}.WatchEvent`)!
    .encode({ type, object: { raw: encodeObject(obj) } })
    .finish();
  const out = new Uint8Array(4 + ev.length);
  new DataView(out.buffer).setUint32(0, ev.length);
  out.set(ev, 4);
  return out;
}

/** Splits a protobuf watch stream into its complete events (a trailing partial frame waits). */
export function decodeWatchFrames(stream: Uint8Array): { type: string; object: Plain }[] {
  const out: { type: string; object: Plain }[] = [];
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  for (let pos = 0; pos + 4 <= stream.length;) {
    const n = view.getUint32(pos);
    if (pos + 4 + n > stream.length) break;
    const ev = messageType(`${META}.WatchEvent`)!.decode(stream.subarray(pos + 4, pos + 4 + n)) as unknown as {
      type?: string;
      object?: { raw?: Uint8Array };
    };
    out.push({
      type: ev.type ?? "",
      object: decodeObject(ev.object?.raw ?? new Uint8Array()),
    });
    pos += 4 + n;
  }
  return out;
}
