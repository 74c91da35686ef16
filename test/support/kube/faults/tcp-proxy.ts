/**
 * A fault-injecting TCP proxy for tests against a TLS API server (the real control plane): it
 * forwards bytes untouched, so TLS and HTTP stay end to end between the client and the server,
 * and can refuse connections, cut the ones open, or freeze them (a watch gone silent on a
 * half-open connection). The HTTP-level proxy (./proxy.ts) is for the plain-HTTP lab cluster.
 */
import net from "node:net";

export interface TcpFaultProxy {
  /** host:port clients connect to. */
  readonly port: number;
  /** Close the listener and every connection: clients get ECONNREFUSED until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** Destroy the open connections (as a server restart would); new ones pass. */
  cut(): void;
  /** Stop forwarding on the open connections without closing them; new ones pass. */
  freezeOpen(): void;
  /** Connections accepted so far. */
  readonly accepted: number;
  close(): Promise<void>;
}

export async function startTcpFaultProxy(targetHost: string, targetPort: number): Promise<TcpFaultProxy> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket; frozen: boolean }>();
  let server: net.Server | undefined;
  let port = 0;
  let accepted = 0;

  const onConnection = (client: net.Socket) => {
    accepted++;
    const upstream = net.connect(targetPort, targetHost);
    const pair = { client, upstream, frozen: false };
    pairs.add(pair);
    const forward = (from: net.Socket, to: net.Socket) =>
      from.on("data", (chunk: Buffer) => {
        if (!pair.frozen) to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    // A frozen pair ignores the far side closing too: the client must find out by itself.
    client.on("close", end).on("error", end);
    upstream.on("close", () => pair.frozen || end()).on("error", () => pair.frozen || end());
  };

  const cut = () => {
    for (const p of [...pairs]) {
      pairs.delete(p);
      p.client.destroy();
      p.upstream.destroy();
    }
  };
  const listen = () =>
    new Promise<void>((ok, fail) => {
      const s = net.createServer(onConnection);
      s.once("error", fail);
      s.listen(port, "127.0.0.1", () => {
        port = (s.address() as net.AddressInfo).port;
        server = s;
        ok();
      });
    });
  const stop = () =>
    new Promise<void>((ok) => {
      cut();
      if (!server) return ok();
      const s = server;
      server = undefined;
      s.close(() => ok());
    });

  await listen();
  return {
    get port() {
      return port;
    },
    down: stop,
    up: listen,
    cut,
    freezeOpen() {
      for (const p of pairs) p.frozen = true;
    },
    get accepted() {
      return accepted;
    },
    close: stop,
  };
}
