/**
 * A fault-injecting HTTP proxy for tests: sits between a client and a real API server on
 * loopback and can refuse connections (server down), freeze open responses (a watch gone
 * silent), end them cleanly (a watch timeout) or answer 403 for matching paths (RBAC forbids one
 * kind). Everything else is passed through byte for byte, so the client sees the real server's
 * behaviour.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Socket } from "node:net";

export interface FaultProxy {
  url: string;
  /** Close the listener and every connection: clients get ECONNREFUSED until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** Stop forwarding bytes on requests in flight (without closing them); new requests still pass. */
  freezeOpen(): void;
  /** End the responses in flight cleanly, as an apiserver's watch timeout does; new requests still pass. */
  endOpen(): void;
  /** Answer 403 Forbidden (a real Status body) for request paths matching `re`; undefined clears. */
  forbid(re: RegExp | undefined): void;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const t = new URL(target);
  // An https target (a lab that authenticates) is reached over TLS; clients still talk plain http to us.
  const request = t.protocol === "https:" ? httpsRequest : httpRequest;
  let forbidden: RegExp | undefined;
  const open = new Set<{ frozen: boolean; res: ServerResponse }>();
  const sockets = new Set<Socket>();
  let server: Server;
  let port = 0;

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (forbidden?.test(req.url ?? "")) {
      res.writeHead(403, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          kind: "Status",
          apiVersion: "v1",
          status: "Failure",
          reason: "Forbidden",
          code: 403,
          message: `forbidden by test: ${req.url}`,
        }),
      );
      return;
    }
    // In flight from the request on: a watch may not send its headers before its first event.
    const entry = { frozen: false, res };
    open.add(entry);
    const upstream = request(
      { host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers, rejectUnauthorized: false },
      (up) => {
        if (entry.frozen) return;
        res.writeHead(up.statusCode ?? 502, up.headers);
        res.flushHeaders();
        up.on("data", (chunk: Buffer) => {
          if (!entry.frozen) res.write(chunk);
        });
        up.on("end", () => {
          open.delete(entry);
          if (!entry.frozen) res.end();
        });
        up.on("error", () => res.destroy());
      },
    );
    upstream.on("error", () => res.destroy());
    res.on("close", () => {
      open.delete(entry);
      upstream.destroy();
    });
    req.pipe(upstream);
  };

  const listen = () =>
    new Promise<void>((ok) => {
      server = createServer(handler);
      server.on("connection", (s) => {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
      });
      server.listen(port, "127.0.0.1", () => {
        port = (server.address() as { port: number }).port;
        ok();
      });
    });
  const stop = () =>
    new Promise<void>((ok) => {
      for (const s of sockets) s.destroy();
      server.close(() => ok());
    });

  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    down: stop,
    up: listen,
    freezeOpen() {
      for (const e of open) e.frozen = true;
    },
    endOpen() {
      for (const e of open) {
        e.frozen = true; // nothing more from upstream; closing res destroys it
        e.res.end();
      }
    },
    forbid(re) {
      forbidden = re;
    },
    close: stop,
  };
}
