/**
 * What a connection to a lab pod meets: the simulated app inside each container answers HTTP
 * with its VERSION and pod name once it has "loaded" (README "Serving requests"). Pure: the
 * runtimes pass in what they know.
 */
import type { SimFs } from "./sim-fs";
import type { Container } from "./wire";

/** How a request to podIP:port ends on the pod's side. */
export type Connection =
  /** The app answered (HTTP 200). */
  | { kind: "answered"; version: string; pod: string }
  /** The process listens but the model is still loading: HTTP 503 from the app. */
  | { kind: "loading"; pod: string }
  /** Nothing listens on that address: the TCP connection is refused. */
  | { kind: "refused" };

/** Statements the lab does not interpret stand for a real server binary: it serves at once. */
const SERVER_BINARY = /^image entrypoint$|\(not interpreted\)$/;

/**
 * The app has loaded: its script has created a file (`touch /tmp/ready`, `echo ok > F`, the lab's
 * way of saying "weights loaded"), whether or not a readiness probe looks at it; or the process
 * is a server the lab does not interpret (the image's entrypoint, an unknown binary), which serves
 * from its start. A script that never creates a file (the stuck v3, `sleep infinity`) never loads.
 */
export function appLoaded(fs: SimFs, blockedForever: string | undefined): boolean {
  return fs.list().length > 0 || (blockedForever !== undefined && SERVER_BINARY.test(blockedForever));
}

/**
 * A container listens on the TCP ports it declares; one that declares none listens on whatever
 * port it is asked for (its app's port is unknown to the lab, as to the apiserver).
 */
export function listensOn(spec: Container, port: number): boolean {
  const ports = (spec.ports ?? []).filter((p) => (p.protocol ?? "TCP") === "TCP");
  return ports.length === 0 || ports.some((p) => p.containerPort === port);
}

/** The version an answer carries: the container's `VERSION` env, else the pod's `version` label, else the image tag. */
export function appVersion(spec: Container, podLabels: Readonly<Record<string, string>> | undefined): string {
  const env = (spec.env ?? []).find((e) => e.name === "VERSION")?.value;
  if (env) return env;
  const label = podLabels?.version;
  if (label) return label;
  const image = spec.image ?? "";
  const tag = /:([^/:@]+)(?:@.*)?$/.exec(image)?.[1];
  return tag ?? "latest";
}
