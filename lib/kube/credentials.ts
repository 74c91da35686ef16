/**
 * The credentials every request is authenticated with, and what happens when the cluster
 * rejects them (401: the token expired or was revoked). The fix happens outside Rollscope — a new
 * login rewrites the kubeconfig, the exec plugin's token source is refreshed — so before the next
 * request we read the kubeconfig again into a NEW KubeConfig: client-node caches exec-plugin and
 * token-file credentials per KubeConfig instance, and would keep sending an exec credential whose
 * expirationTimestamp lies in the future however often the server says no.
 */
import type { KubeConfig } from "@kubernetes/client-node";

export interface Credentials {
  /** Where the credentials come from, in words: a path, `$KUBECONFIG=…`, the in-cluster service account. */
  readonly origin: string;
  /** The config to authenticate the next request with (freshly read after a rejection). */
  current(): KubeConfig;
  /** The server answered 401 to a request authenticated with `kc`. */
  rejected(kc: KubeConfig): void;
  /** Why the last re-read failed (the previous config stays in use), if it did. */
  readonly reloadError: string | undefined;
}

export interface ReloadOptions {
  /** At most one re-read per this many ms, shared by every kind. Default 1000. */
  minIntervalMs?: number;
  now?: () => number;
}

/**
 * Credentials that re-read themselves with `reload` before the first request after a 401.
 * Rejections of a config that has already been replaced are ignored, so the 401s of requests that
 * were in flight during a re-read do not cause another one.
 */
export function reloadingCredentials(initial: KubeConfig, origin: string, reload: () => KubeConfig, opts: ReloadOptions = {}): Credentials {
  const minIntervalMs = opts.minIntervalMs ?? 1000;
  const now = opts.now ?? Date.now;
  let kc = initial;
  let suspect = false;
  let lastReload = -Infinity;
  let reloadError: string | undefined;
  return {
    origin,
    current() {
      if (suspect && now() - lastReload >= minIntervalMs) {
        suspect = false;
        lastReload = now();
        try {
          kc = reload();
          reloadError = undefined;
        } catch (err) {
          reloadError = err instanceof Error ? err.message : String(err);
        }
      }
      return kc;
    },
    rejected(used) {
      if (used === kc) suspect = true;
    },
    get reloadError() {
      return reloadError;
    },
  };
}

/** One KubeConfig for good (one-shot reads such as `rollscope diagnose`, tests). */
export function fixedCredentials(kc: KubeConfig, origin = "the kubeconfig"): Credentials {
  return { origin, current: () => kc, rejected() {}, reloadError: undefined };
}

/** The stale reason for a 401: what happened, from which config, and what the user does about it. */
export function unauthorizedReason(origin: string, reloadError?: string): string {
  const reason =
    `Unauthorized: the cluster rejected Rollscope's credentials from ${origin} (token expired or revoked). ` +
    "Rollscope re-reads the kubeconfig and re-runs its credential plugin before every retry: " +
    "refresh the credentials (log in again / rewrite the token) and it resumes by itself.";
  return reloadError ? `${reason} Re-reading them failed, so the previous ones are still in use: ${reloadError}` : reason;
}
