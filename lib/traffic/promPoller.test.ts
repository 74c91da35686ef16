/**
 * The poller's states without a Prometheus: waiting before it asked, then "Prometheus: <cause>"
 * when the address refuses connections (a real closed loopback port), never a throw. Its counts
 * against a real Prometheus are in lib/labcluster/traffic/prometheus.test.ts.
 */
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { startPromPoller } from "./promPoller";

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe("Prometheus poller", () => {
  it("waits, then shows an unreachable Prometheus as an error with its cause on every Service's picture", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const poller = startPromPoller({ url, services: () => [{ namespace: "shop", service: "cart" }] });
    const [waiting] = poller.pictures();
    expect(waiting).toMatchObject({ service: "cart", source: "prometheus", prometheus: { state: "waiting", url } });
    await poller.poll();
    expect(poller.state()).toMatchObject({ state: "error", cause: expect.stringMatching(/^cannot reach Prometheus at .*ECONNREFUSED/) });
    const [failed] = poller.pictures();
    expect(failed?.error).toMatch(/^Prometheus: cannot reach Prometheus at http:\/\/127\.0\.0\.1:\d+: connect ECONNREFUSED/);
    expect(poller.drain()).toEqual([]);
    poller.stop();
  });

  it("reads a bounded number of Services and says so", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const many = Array.from({ length: 5 }, (_, i) => ({ namespace: "shop", service: `s${i}` }));
    const poller = startPromPoller({ url, services: () => many, maxServices: 2 });
    expect(poller.pictures().map((p) => p.service)).toEqual(["s0", "s1"]);
    poller.stop();
  });

  it("polls only while held", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    let asked = 0;
    const poller = startPromPoller({
      url,
      everyMs: 10,
      services: () => {
        asked++;
        return [];
      },
    });
    const release = poller.acquire();
    const again = poller.acquire();
    release();
    release(); // twice is once
    await new Promise((r) => setTimeout(r, 50));
    expect(asked).toBeGreaterThan(1);
    again();
    await new Promise((r) => setTimeout(r, 20));
    const stoppedAt = asked;
    await new Promise((r) => setTimeout(r, 50));
    expect(asked).toBe(stoppedAt);
  });
});
