import { randomInt } from "node:crypto";

/** The alphabet of apimachinery's util/rand: no vowels, no 0/1/3, so names never spell words. */
export const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

/** rand.String(n): what generateName appends (`<rs>-xxxxx` pod names, `<svc>-xxxxx` slices). */
export function randomSuffix(n = 5): string {
  let s = "";
  for (let i = 0; i < n; i++) s += ALPHANUMS[randomInt(ALPHANUMS.length)];
  return s;
}

/** rand.SafeEncodeString: maps each byte onto the alphabet. */
export function safeEncode(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

/**
 * controller.ComputeHash, lab edition: FNV-32a over a canonical JSON dump of the pod template
 * (+ collisionCount), printed in decimal and safe-encoded, exactly as the real one encodes its
 * Go-dump hash. The value differs from a real cluster's (Go's dump is not reproducible here); its
 * shape ("5d8f7c9b6b", ≤10 chars) and stability are the same.
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  let h = fnv32a(0x811c9dc5, canonicalJson(template));
  if (collisionCount !== undefined && collisionCount !== null) {
    // The real one writes the uint32 little-endian after the template.
    const bytes = [collisionCount & 0xff, (collisionCount >>> 8) & 0xff, (collisionCount >>> 16) & 0xff, (collisionCount >>> 24) & 0xff];
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  }
  return safeEncode(String(h >>> 0));
}

function fnv32a(seed: number, s: string): number {
  let h = seed;
  for (const b of new TextEncoder().encode(s)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

/** JSON with object keys sorted, so equal templates hash equally whatever their key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}
