// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { emptyStore, setStale } from "@/lib/model";
import { rolloutsResponse } from "@/lib/response";
import { clockTime } from "../format";
import { initialStreamState, type StreamState } from "../stream/streamState";
import { render } from "@/test/support/components/testRender";
import { ConnectionBanner } from "./ConnectionBanner";

const since = "2026-11-24T10:15:30.000Z";
const stale = { since, reason: "cannot reach https://127.0.0.1:6443: ECONNREFUSED" };
const live: StreamState = { ...initialStreamState(), connection: "live", hasData: true };
const hub = { synced: true, degraded: [], endpointSource: "EndpointSlice" as const };

function banner(state: StreamState, staleData: boolean) {
  const response = rolloutsResponse(setStale(emptyStore(), staleData ? stale : undefined), { now: Date.parse(since) });
  return render(<ConnectionBanner state={state} response={response} />);
}

describe("ConnectionBanner", () => {
  it("a cluster watch reconnecting: since when the data is, and why", () => {
    const { container, unmount } = banner({ ...live, status: { ...hub, stale } }, true);
    const b = container.querySelector('[data-testid="banner-cluster-stale"]')!;
    expect(b.textContent).toBe(`showing data from ${clockTime(Date.parse(since))} — the cluster watch is reconnecting: ${stale.reason}`);
    unmount();
  });

  it("the whole cluster unreachable after it was read: says since when the picture is frozen", () => {
    const { container, unmount } = banner({ ...live, status: { ...hub, stale, unreachable: stale.reason } }, true);
    expect(container.querySelector('[data-testid="banner-cluster-stale"]')).toBeNull();
    expect(container.querySelector('[data-testid="banner-unreachable"]')!.textContent).toBe(
      `cluster unreachable since ${clockTime(Date.parse(since))} — showing data from then: ${stale.reason}`,
    );
    unmount();
  });

  it("unreachable from the start: no 'since', just the cause", () => {
    const { container, unmount } = banner({ ...live, status: { ...hub, unreachable: stale.reason } }, false);
    expect(container.querySelector('[data-testid="banner-unreachable"]')!.textContent).toBe(`cluster unreachable: ${stale.reason}`);
    unmount();
  });

  it("nothing wrong: no banner", () => {
    const { container, unmount } = banner({ ...live, status: hub }, false);
    expect(container.querySelector(".banner")).toBeNull();
    unmount();
  });
});
