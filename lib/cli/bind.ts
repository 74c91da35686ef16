/**
 * The address the dashboard binds. An address this machine cannot bind is refused before anything
 * starts, in one line that says why and what to use instead; a wildcard bind (0.0.0.0, ::) is
 * announced with the machine's own addresses, because "http://0.0.0.0:3000" is not a link another
 * machine can open.
 */
import { createServer } from "node:net";
import { networkInterfaces, type NetworkInterfaceInfo } from "node:os";
import { UsageError } from "./flags";

export type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

function isWildcard(host: string): boolean {
  return host === "0.0.0.0" || host === "::" || host === "[::]";
}

/** `http://host:port`, with IPv6 literals in brackets. */
export function hostUrl(host: string, port: number): string {
  const h = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return `http://${h}:${port}`;
}

/** This machine's addresses other machines can reach: IPv4 first, no link-local IPv6 (it needs a zone). */
export function externalAddresses(interfaces: Interfaces = networkInterfaces(), withIpv6 = true): string[] {
  const all = Object.values(interfaces).flatMap((list) => list ?? []);
  const v4 = all.filter((a) => !a.internal && a.family === "IPv4").map((a) => a.address);
  const v6 = withIpv6 ? all.filter((a) => !a.internal && a.family === "IPv6" && !/^fe80:/i.test(a.address)).map((a) => a.address) : [];
  return [...v4, ...v6];
}

/** The hosts to put in the printed links for a bind on `host`: itself, or for a wildcard every external address. */
export function reachableHosts(host: string, interfaces: Interfaces = networkInterfaces()): string[] {
  if (!isWildcard(host)) return [host];
  const own = externalAddresses(interfaces, host !== "0.0.0.0");
  return own.length ? own : [host];
}

/** The usage error for a failed bind of host:port, or undefined when `err` is not about the address. */
export function bindError(err: unknown, host: string, port: number, interfaces: Interfaces = networkInterfaces()): UsageError | undefined {
  const code = (err as { code?: string } | undefined)?.code;
  const own = ["127.0.0.1", ...externalAddresses(interfaces)].join(", ");
  switch (code) {
    case "EADDRNOTAVAIL":
      return new UsageError(`--host ${host} is not an address of this machine: use one of ${own}, or 0.0.0.0 for all of them`);
    case "EADDRINUSE":
      return new UsageError(
        `${hostUrl(host, port)} is already in use by another program: pick another --port (--port 0 takes any free one)`,
      );
    case "EACCES":
      return new UsageError(`binding port ${port} needs privileges this user lacks: use --port 1024 or above`);
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_NONAME":
      return new UsageError(`--host ${host} does not resolve to an address: give one of ${own}`);
    case "EAFNOSUPPORT":
      return new UsageError(`--host ${host} is an IPv6 address and this machine has no IPv6: use one of ${own}`);
    default:
      return undefined;
  }
}

/**
 * Binds host:port once and lets go, so a bad --host or a taken --port is refused before the lab
 * cluster and Next.js start. Returns the port (a free one for 0).
 */
export async function bindablePort(host: string, port: number): Promise<number> {
  try {
    return await new Promise<number>((ok, fail) => {
      const s = createServer();
      s.once("error", fail);
      s.listen(port, host, () => {
        const addr = s.address();
        s.close(() => ok(typeof addr === "object" && addr ? addr.port : port));
      });
    });
  } catch (err) {
    throw bindError(err, host, port) ?? err;
  }
}
