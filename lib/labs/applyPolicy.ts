/**
 * Whether this server may change the cluster for a learner. Only the embedded lab cluster
 * (ROLLSCOPE_LAB=1, set by `rollscope serve --lab`) or an operator who said so out loud
 * (ROLLSCOPE_ALLOW_APPLY=1) — a dashboard pointed at a real cluster stays read-only by default.
 */
export interface ApplyPermission {
  allowed: boolean;
  /** Shown in the overlay next to the disabled button. */
  reason: string;
}

export function applyPermission(env: Record<string, string | undefined>): ApplyPermission {
  if (env.ROLLSCOPE_LAB === "1") return { allowed: true, reason: "the dashboard runs the embedded lab cluster" };
  if (env.ROLLSCOPE_ALLOW_APPLY === "1") return { allowed: true, reason: "the server was started with ROLLSCOPE_ALLOW_APPLY=1" };
  return {
    allowed: false,
    reason: "this dashboard watches a real cluster; run the commands yourself, or restart it with ROLLSCOPE_ALLOW_APPLY=1 to allow Apply",
  };
}

/**
 * Same-origin check for the apply POST (a page elsewhere must not drive kubectl through a
 * learner's browser): Origin must be present and equal to Host, and Sec-Fetch-Site, when the
 * browser sends it, must say same-origin.
 */
export function sameOrigin(headers: { get(name: string): string | null }): boolean {
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") return false;
  const origin = headers.get("origin");
  const host = headers.get("host");
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
