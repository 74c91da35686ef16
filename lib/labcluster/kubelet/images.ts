import { createHash } from "node:crypto";

/**
 * Image names as containerd sees them, and the lab's one rule for pulls: an image whose registry
 * host ends in `.invalid` (RFC 2606: guaranteed never to resolve) cannot be pulled; every other
 * image pulls. Digests are made up but stable, so imageID looks real and never changes.
 */
export interface ImageRef {
  /** Fully qualified, as kubelet events and containerStatuses[].image show it on containerd. */
  full: string;
  host: string;
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
}

export function parseImage(image: string): ImageRef {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf("/");
  const first = slash >= 0 ? rest.slice(0, slash) : "";
  // Docker's rule: the first component is a host only if it has a dot or port, or is localhost.
  const hasHost = slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost");
  const host = hasHost ? first : "docker.io";
  let repository = hasHost ? rest.slice(slash + 1) : rest;
  if (host === "docker.io" && !repository.includes("/")) repository = `library/${repository}`;
  if (!tag && !digest) tag = "latest";
  const full = `${host}/${repository}${tag ? ":" + tag : ""}${digest ? "@" + digest : ""}`;
  return { full, host, repository, tag, digest };
}

export function isPullable(ref: ImageRef): boolean {
  const host = ref.host.replace(/:\d+$/, "").toLowerCase();
  return !(host === "invalid" || host.endsWith(".invalid"));
}

/** What the real kubelet + containerd report when the registry host does not resolve. */
export function pullErrorMessage(image: string, ref: ImageRef): string {
  const host = ref.host;
  const reference = ref.digest ?? ref.tag ?? "latest";
  return (
    `rpc error: code = Unknown desc = failed to pull and unpack image "${ref.full}": ` +
    `failed to resolve reference "${ref.full}": failed to do request: ` +
    `Head "https://${host}/v2/${ref.repository}/manifests/${reference}": dial tcp: lookup ${host.replace(/:\d+$/, "")}: no such host`
  );
}

export function imageDigest(ref: ImageRef): string {
  return ref.digest ?? "sha256:" + createHash("sha256").update(ref.full).digest("hex");
}

/** containerStatuses[].imageID: repository@digest. */
export function imageID(ref: ImageRef): string {
  return `${ref.host}/${ref.repository}@${imageDigest(ref)}`;
}

/** Stable made-up size (bytes) for the "Image size:" part of the Pulled event. */
export function imageSize(ref: ImageRef): number {
  const h = createHash("sha256").update(ref.full).digest();
  return 20_000_000 + (h.readUInt32BE(0) % 180_000_000);
}

/** The kubelet's default pull policy: Always for :latest or no tag, else IfNotPresent. */
export function pullPolicy(policy: string | undefined, ref: ImageRef): "Always" | "IfNotPresent" | "Never" {
  if (policy === "Always" || policy === "IfNotPresent" || policy === "Never") return policy;
  return ref.tag === "latest" && !ref.digest ? "Always" : "IfNotPresent";
}

/** BusyBox-based images (busybox, alpine) print BusyBox's error messages. */
export function userland(ref: ImageRef): "gnu" | "busybox" {
  const name = ref.repository.split("/").pop() ?? "";
  return name === "busybox" || name === "alpine" ? "busybox" : "gnu";
}
