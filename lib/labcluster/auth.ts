/**
 * Opt-in bearer-token authentication for the lab API server (off unless `startLabCluster({auth:
 * true})`), so credentials can expire or be revoked in a lab as on a real cluster. Modelled on a
 * kube-apiserver with a token authenticator and anonymous auth disabled: a request whose token
 * is missing, unknown, expired or revoked gets 401 Unauthorized. Like the real server, a request
 * is authenticated once, when it starts: a watch opened with a token that later expires keeps
 * streaming until it ends.
 */
import { randomBytes } from "node:crypto";
import type { Clock } from "./clock";
import { ApiError } from "./errors";

export interface LabAuth {
  /**
   * A new bearer token accepted until `ttlMs` of lab time has passed (the lab's clock: at
   * `--time-scale 10` a 60 s token lasts 6 wall-clock seconds). `Infinity` never expires.
   */
  issue(ttlMs: number): string;
  /** Stops accepting `token` for requests that start from now on. The admin token cannot be revoked. */
  revoke(token: string): void;
}

export interface TokenAuthenticator extends LabAuth {
  /** The kubeconfig's token: never expires, always accepted (kubectl, the lab kubelet). */
  readonly adminToken: string;
  /** Whether a request carrying this Authorization header is authenticated. */
  authenticate(authorization: string | undefined): boolean;
}

/** The real apiserver's answer to a request it cannot authenticate (apierrors.NewUnauthorized). */
export const unauthorized = () => new ApiError(401, "Unauthorized", "Unauthorized");

const newToken = () => randomBytes(16).toString("hex");

export function createTokenAuth(clock: Clock, adminToken = newToken()): TokenAuthenticator {
  /** token → lab time (ms) from which it is no longer accepted. */
  const expiry = new Map<string, number>([[adminToken, Infinity]]);
  return {
    adminToken,
    issue(ttlMs) {
      if (!(ttlMs > 0)) throw new Error(`token TTL must be a positive number of milliseconds, got ${ttlMs}`);
      const token = newToken();
      expiry.set(token, clock.now() + ttlMs);
      return token;
    },
    revoke(token) {
      if (token === adminToken)
        throw new Error("the lab's admin token cannot be revoked (the kubeconfig, kubectl and the lab kubelet use it)");
      expiry.delete(token);
    },
    authenticate(authorization) {
      // "Bearer <token>", scheme case-insensitive, as k8s.io/apiserver's bearertoken authenticator reads it.
      const [scheme, token] = (authorization ?? "").trim().split(" ");
      if (scheme?.toLowerCase() !== "bearer" || !token) return false;
      const until = expiry.get(token);
      return until !== undefined && clock.now() < until;
    },
  };
}
