/**
 * The kubelet's per-key exponential backoff (client-go flowcontrol.Backoff) used for both
 * CrashLoopBackOff and ImagePullBackOff: 10s doubling to 300s, forgotten after 2 × max of quiet.
 */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;

export interface BackoffEntry {
  backoffMs: number;
  lastUpdate: number;
}

function expired(entry: BackoffEntry, at: number, maxMs: number): boolean {
  return at - entry.lastUpdate > 2 * maxMs;
}

/** flowcontrol.Backoff.Next: the entry after one more failure at `now`. */
export function nextBackoff(
  entry: BackoffEntry | undefined,
  now: number,
  initialMs = BACKOFF_INITIAL_MS,
  maxMs = BACKOFF_MAX_MS,
): BackoffEntry {
  if (!entry || expired(entry, now, maxMs)) return { backoffMs: initialMs, lastUpdate: now };
  return { backoffMs: Math.min(entry.backoffMs * 2, maxMs), lastUpdate: now };
}

/**
 * How long a crashed container still waits (IsInBackOffSince(finishedAt)); 0 means restart now.
 * With no entry yet the first restart is immediate, as on a real node: the 10s wait starts with
 * the second crash.
 */
export function crashBackoffRemaining(entry: BackoffEntry | undefined, finishedAt: number, now: number, maxMs = BACKOFF_MAX_MS): number {
  if (!entry || expired(entry, now, maxMs)) return 0;
  return Math.max(0, finishedAt + entry.backoffMs - now);
}
