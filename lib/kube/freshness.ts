/**
 * Which kinds have answered and which are broken: the part of the hub status that says whether
 * the picture is complete (synced), may be behind the cluster (stale: since when and why) or
 * cannot be had at all (unreachable).
 */
import type { Kind } from "@/lib/model/store";

export interface Stale {
  since: string;
  reason: string;
}

export interface Freshness {
  /** The kind answered (a list or a watch event); it is no longer broken. */
  connected(kind: Kind): void;
  /**
   * The kind failed. `rejected`: the cluster answered 401 (reachable, our credentials are not
   * good), and the reason is rewritten on every 401 so a failed re-read shows up. A network
   * failure keeps the first reason of the outage.
   */
  failed(kind: Kind, reason: string, rejected: boolean): void;
  /** The kind answered with a lasting refusal (403/404: degraded, not stale), or is no longer read. */
  settled(kind: Kind, answered: boolean): void;
  /** Every one of `kinds` has answered once. */
  synced(kinds: readonly Kind[]): boolean;
  /** The oldest breakage, if any: the data may be behind since then. */
  stale(): Stale | undefined;
  /** The first reason when every one of `kinds` failed without an answer. */
  unreachable(kinds: readonly Kind[]): string | undefined;
}

export function createFreshness(now: () => Date): Freshness {
  const answered = new Set<Kind>();
  const broken = new Map<Kind, Stale & { rejected: boolean }>();
  return {
    connected(kind) {
      answered.add(kind);
      broken.delete(kind);
    },
    failed(kind, reason, rejected) {
      answered.add(kind);
      const prev = broken.get(kind);
      if (!rejected && prev && !prev.rejected) return;
      broken.set(kind, { since: prev?.since ?? now().toISOString(), reason, rejected });
    },
    settled(kind, wasAnswered) {
      if (wasAnswered) answered.add(kind);
      broken.delete(kind);
    },
    synced: (kinds) => kinds.every((k) => answered.has(k)),
    stale() {
      const oldest = [...broken.values()].sort((a, b) => a.since.localeCompare(b.since))[0];
      return oldest && { since: oldest.since, reason: oldest.reason };
    },
    unreachable(kinds) {
      const all = kinds.every((k) => broken.has(k) && !broken.get(k)!.rejected);
      return all && broken.size > 0 ? [...broken.values()][0]!.reason : undefined;
    },
  };
}
