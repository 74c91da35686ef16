/** Display formatting shared by the views (no rollout logic). */

/** "2m 05s", "45s", "1h 02m". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

/** Seconds between an ISO timestamp and `now` (ms), or undefined. */
export function secondsSince(iso: string | undefined, now: number): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : (now - t) / 1000;
}

/** Local wall-clock HH:MM:SS. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
}

/** "busybox:1.36" from "docker.io/library/busybox:1.36". */
export function shortImage(image: string): string {
  return image.replace(/^docker\.io\/(library\/)?/, "");
}
