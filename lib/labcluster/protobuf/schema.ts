/**
 * The Kubernetes protobuf schema the lab speaks: protobufjs types loaded from descriptor.json (the
 * vendored generated.proto files, see refresh.ts) and the Go JSON tags of each message's fields
 * (gotags.json), which say how a decoded message is written as JSON.
 */
import protobuf from "protobufjs";
import descriptor from "./descriptor.json";
import gotags from "./gotags.json";

/** How a protobuf field is declared on the Go struct: JSON name ("" = inlined) and Go kind. */
export interface GoField {
  json: string;
  omitempty?: boolean;
  omitzero?: boolean;
  go: "pointer" | "slice" | "map" | "struct" | "scalar" | "bytes";
}

const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace).resolveAll();
const TAGS = gotags as Record<string, Record<string, GoField>>;

export const META = "k8s.io.apimachinery.pkg.apis.meta.v1";
export const UNKNOWN = "k8s.io.apimachinery.pkg.runtime.Unknown";

/** A message type by full name (no leading dot), or undefined. */
export function messageType(name: string): protobuf.Type | undefined {
  const t = root.lookup(name);
  return t instanceof protobuf.Type ? t : undefined;
}

/** The Go declaration of a message's field; undefined for a type that is no Go struct. */
export function goFields(typeName: string): Record<string, GoField> | undefined {
  return TAGS[typeName];
}

/** Full name of a type as protobufjs writes it (".k8s.io…" → "k8s.io…"). */
export const fullName = (t: protobuf.ReflectionObject) => t.fullName.replace(/^\./, "");

/** The message of a served kind: apps/v1 Deployment → k8s.io.api.apps.v1.Deployment. */
export function kindMessage(apiVersion: string, kind: string): protobuf.Type | undefined {
  const key = `${apiVersion}/${kind}`;
  if (!kindCache.has(key)) kindCache.set(key, findKindMessage(apiVersion, kind));
  return kindCache.get(key);
}
const kindCache = new Map<string, protobuf.Type | undefined>();

function findKindMessage(apiVersion: string, kind: string): protobuf.Type | undefined {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (kind === "DeleteOptions" || group === "meta.k8s.io") return messageType(`${META}.${kind}`);
  if (!group)
    return (
      messageType(`k8s.io.api.core.${version}.${kind}`) ??
      (["Status", "APIVersions", "APIResourceList", "APIGroupList", "APIGroup"].includes(kind) ? messageType(`${META}.${kind}`) : undefined)
    );
  return messageType(`k8s.io.api.${group!.replace(/\.k8s\.io$/, "")}.${version}.${kind}`);
}
