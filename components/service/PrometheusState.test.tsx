import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ServiceView } from "@/lib/model";
import type { PrometheusState, TrafficPicture } from "@/lib/traffic/picture";
import { metricsPicture } from "@/lib/traffic/promql";
import { trafficAt } from "@/lib/traffic/recorded";
import { RequestTraffic } from "./RequestTraffic";

// The card reads the Service's name and its backends (colours, endpoint share) only.
const svc = { namespace: "shop", name: "cart", backends: [] } as unknown as ServiceView;
const url = "http://prometheus:9090";
const live = (prometheus: PrometheusState, extra: Partial<TrafficPicture> = {}): TrafficPicture => ({
  ...metricsPicture("shop", "cart", [], []),
  prometheus,
  ...extra,
});
const html = (picture?: TrafficPicture, onCommand?: () => void) =>
  renderToStaticMarkup(<RequestTraffic svc={svc} picture={picture} onCommand={onCommand} />);

describe("the Service card with serve --prometheus", () => {
  it("shows that it waits for Prometheus' first answer, with no Send requests and no zero counter", () => {
    const out = html(live({ state: "waiting", url }));
    expect(out).toContain("Prometheus: waiting for its first answer (http://prometheus:9090)");
    expect(out).not.toContain("Send requests");
    expect(out).not.toContain("failed: 0 of 0");
  });

  it("once answering: 'observed by Prometheus' and the counts", () => {
    const out = html(live({ state: "answering", url, at: 1 }, { sent: 1240, failed: 3, failures: { "503 Service Unavailable": 3 } }));
    expect(out).toContain("observed by Prometheus");
    expect(out).toContain("failed: 3 of 1,240");
    expect(out).toContain("503 Service Unavailable: 3");
    expect(out).not.toContain("Send requests");
  });

  it("an error is an alert with its cause", () => {
    const out = html(
      live({ state: "error", url, cause: "cannot reach Prometheus at http://prometheus:9090: connect ECONNREFUSED", at: 1 }),
    );
    expect(out).toMatch(/role="alert"[^>]*>Prometheus: cannot reach Prometheus at http:\/\/prometheus:9090: connect ECONNREFUSED/);
  });

  it("live before the stream has spoken: nothing to press yet; the lab's card still offers Send requests", () => {
    expect(html(undefined)).not.toContain("Send requests");
    expect(html(undefined, () => undefined)).toContain("Send requests (20/s)");
  });

  it("a replay of recorded Prometheus counts says where they came from", () => {
    const [recorded] = trafficAt(
      [
        {
          t: 1000,
          namespace: "shop",
          service: "cart",
          rate: 5,
          requests: [],
          source: "prometheus",
          counts: { sent: 5, failed: 0, byVersion: { v1: 5 }, failures: {} },
        },
      ],
      1000,
    );
    const out = html(recorded);
    expect(out).toContain("observed by Prometheus (recorded)");
    expect(out).toContain("failed: 0 of 5");
  });
});
