/**
 * Output content negotiation as kube-apiserver does it (apiserver/pkg/endpoints/handlers/negotiation
 * + goautoneg): Accept clauses sorted by q (then concrete before wildcard), each tried against the
 * served media types in order (JSON, YAML, protobuf); `as=Table;g=meta.k8s.io;v=v1` only in JSON or
 * YAML and only where a table can be printed; nothing acceptable is a 406.
 */
import { ApiError } from "./errors";

export type Media = "json" | "yaml" | "protobuf";
export interface Negotiated {
  media: Media;
  /** as=Table was asked for and allowed. */
  table: boolean;
}

const SERVED: {
  media: Media;
  type: string;
  subtype: string;
  stream: boolean;
}[] = [
  { media: "json", type: "application", subtype: "json", stream: true },
  { media: "yaml", type: "application", subtype: "yaml", stream: false },
  {
    media: "protobuf",
    type: "application",
    subtype: "vnd.kubernetes.protobuf",
    stream: true,
  },
];

interface Clause {
  type: string;
  subtype: string;
  q: number;
  params: Record<string, string>;
}

/** goautoneg.ParseAccept: clauses without a subtype (other than "*") are dropped. */
export function parseAccept(header: string): Clause[] {
  const clauses: Clause[] = [];
  for (const part of header.split(",")) {
    const [media = "", ...rest] = part.trim().split(";");
    const slash = media.split("/");
    if (slash.length > 2 || (slash.length === 1 && slash[0]!.trim() !== "*")) continue;
    const c: Clause = {
      type: slash[0]!.trim(),
      subtype: (slash[1] ?? "*").trim(),
      q: 1,
      params: {},
    };
    for (const p of rest) {
      const [k = "", v = ""] = p.split("=").map((s) => s.trim());
      if (k === "q") c.q = Number.parseFloat(v) || 0;
      else if (k) c.params[k] = v;
    }
    clauses.push(c);
  }
  // sort.Sort on a handful of clauses is Go's insertion sort; the comparator is goautoneg's.
  const less = (a: Clause, b: Clause) => a.q > b.q || (a.type !== "*" && b.type === "*") || (a.subtype !== "*" && b.subtype === "*");
  for (let i = 1; i < clauses.length; i++)
    for (let j = i; j > 0 && less(clauses[j]!, clauses[j - 1]!); j--) [clauses[j], clauses[j - 1]] = [clauses[j - 1]!, clauses[j]!];
  return clauses;
}

function accepts(c: Clause, s: (typeof SERVED)[number], tables: boolean): Negotiated | undefined {
  const { as, g, v, stream, sv } = c.params;
  if (stream && (!s.stream || stream !== "watch")) return undefined;
  if (sv && sv !== "v1") return undefined;
  const convert = as !== undefined || g !== undefined || v !== undefined;
  if (!convert) return { media: s.media, table: false };
  if (g !== "meta.k8s.io" || (v !== "v1" && v !== "v1beta1")) return undefined;
  if (as === "Table") return tables && s.media !== "protobuf" ? { media: s.media, table: true } : undefined;
  // The lab answers PartialObjectMetadata requests with whole objects, which only JSON readers
  // accept in their place.
  if (as === "PartialObjectMetadata" || as === "PartialObjectMetadataList")
    return s.media === "json" ? { media: "json", table: false } : undefined;
  return undefined;
}

/** The response format for an Accept header (`stream`: a watch); 406 when none of it can be served. */
export function negotiateOutput(accept: string | undefined, opts: { tables: boolean; stream?: boolean }): Negotiated {
  if (!accept) return { media: "json", table: false };
  for (const c of parseAccept(accept)) {
    for (const s of SERVED) {
      if (opts.stream && !s.stream) continue; // a watch needs a stream serializer: YAML has none
      const match = (c.type === s.type && (c.subtype === s.subtype || c.subtype === "*")) || (c.type === "*" && c.subtype === "*");
      const n = match ? accepts(c, s, opts.tables) : undefined;
      if (n) return n;
    }
  }
  throw new ApiError(
    406,
    "NotAcceptable",
    "only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf",
  );
}
