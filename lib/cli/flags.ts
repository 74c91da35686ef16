/** Thrown for bad flags: printed as one line plus usage, exit code 2. */
export class UsageError extends Error {}

/** A TCP port flag: 0 (any free port) to 65535. */
export function portNumber(raw: string, flag: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 65535) throw new UsageError(`${flag} must be a port number from 0 to 65535, got "${raw}"`);
  return n;
}

/** A strictly positive, finite number flag (time scales). */
export function positiveNumber(raw: string, flag: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, got "${raw}"`);
  return n;
}

/** The flags that pick a cluster and a namespace, shared by every command that reads a cluster. */
export const CLUSTER_FLAGS = {
  kubeconfig: { type: "string" },
  context: { type: "string" },
  namespace: { type: "string", short: "n" },
  "all-namespaces": { type: "boolean", short: "A" },
} as const;

/** -n and -A exclude each other. */
export function checkNamespaceFlags(values: { namespace?: string; "all-namespaces"?: boolean }): void {
  if (values.namespace && values["all-namespaces"]) throw new UsageError("-n and -A exclude each other");
}

/** -o takes text or json, for every command that prints a result. */
export function checkOutputFlag(output: string | undefined): void {
  if (output !== "text" && output !== "json") throw new UsageError(`-o must be text or json, got "${output}"`);
}
