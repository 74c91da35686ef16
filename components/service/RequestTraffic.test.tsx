// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { rolloutsResponse } from "@/lib/response";
import { loadFixture } from "@/test/support/model/fixtures";
import { observedSplit, type LaneRequest, type TrafficPicture } from "@/lib/traffic/picture";
import { render } from "@/test/support/components/testRender";
import { RequestTraffic, type TrafficCommand } from "./RequestTraffic";
import { RecordedTraffic } from "./RequestTrafficSource";
import { ServiceTraffic } from "./ServiceTraffic";

function canary() {
  const f = loadFixture("canary");
  return rolloutsResponse(f.store, { now: f.now }).services.find((s) => s.pattern === "canary")!;
}

function picture(lane: LaneRequest[], now: number, extra: Partial<TrafficPicture> = {}): TrafficPicture {
  const { observed, failed } = observedSplit(lane, now);
  const byVersion: Record<string, number> = {};
  const failures: Record<string, number> = {};
  for (const r of lane) {
    if (r.version) byVersion[r.version] = (byVersion[r.version] ?? 0) + 1;
    else failures[r.cause!] = (failures[r.cause!] ?? 0) + 1;
  }
  const nFailed = lane.filter((r) => !r.version).length;
  return {
    namespace: "canary",
    service: "x",
    running: true,
    paused: false,
    rate: 20,
    sent: lane.length,
    failed: nFailed,
    failures,
    byVersion,
    lane,
    windowMs: 5000,
    observed,
    windowFailed: failed,
    ...extra,
  };
}

describe("RequestTraffic", () => {
  it("offers to send requests before any traffic runs", () => {
    const svc = canary();
    const commands: TrafficCommand[] = [];
    const { container, unmount } = render(<RequestTraffic svc={svc} onCommand={(c) => commands.push(c)} />);
    const button = container.querySelector("button")!;
    expect(button.textContent).toBe("Send requests (20/s)");
    button.click();
    expect(commands).toEqual(["start"]);
    unmount();
  });

  it("draws the lane by version, the observed split beside the endpoint share, and 'failed: 0 of 1,240'", () => {
    const svc = canary();
    const versions = svc.backends.map((b) => b.version!);
    expect(versions.length).toBe(2);
    // 9 stable answers for each canary one, all within the window.
    const lane: LaneRequest[] = Array.from({ length: 60 }, (_, i) => ({
      seq: i + 1,
      at: 1000 + i,
      version: i % 10 === 9 ? versions[1] : versions[0],
      pod: "p",
    }));
    const pic = picture(lane, 2000, { sent: 1240, failed: 0 });
    const { container, unmount } = render(<RequestTraffic svc={svc} picture={pic} onCommand={() => {}} />);
    expect(container.querySelector("[data-testid=failed-" + svc.name + "]")!.textContent).toBe("failed: 0 of 1,240");
    const rects = [...container.querySelectorAll<SVGRectElement>("rect.req")];
    expect(rects).toHaveLength(60);
    expect(rects.filter((r) => r.dataset.version === versions[1])).toHaveLength(6);
    const split = [...container.querySelectorAll<HTMLElement>(".requests-split li")].map((li) => [
      li.dataset.version,
      li.dataset.observed,
      li.dataset.endpointShare,
    ]);
    expect(split).toEqual([
      [versions[0], "90", "90"],
      [versions[1], "10", "10"],
    ]);
    expect(container.querySelector("button")!.textContent).toBe("Pause");
    unmount();
  });

  it("draws failures in red with their cause and counts them", () => {
    const svc = canary();
    const lane: LaneRequest[] = [
      { seq: 1, at: 1, version: svc.backends[0].version },
      { seq: 2, at: 2, cause: "503 loading", pod: "inference-v2-abc" },
      { seq: 3, at: 3, cause: "connection refused" },
    ];
    const { container, unmount } = render(<RequestTraffic svc={svc} picture={picture(lane, 10)} onCommand={() => {}} />);
    const failed = [...container.querySelectorAll<SVGRectElement>("rect.req-failed")];
    expect(failed.map((r) => r.dataset.cause)).toEqual(["503 loading", "connection refused"]);
    expect(failed[0].querySelector("title")!.textContent).toBe("failed: 503 loading (inference-v2-abc)");
    expect(container.textContent).toContain("failed: 2 of 3");
    expect([...container.querySelectorAll(".requests-failures li")].map((li) => li.textContent!.trim())).toEqual([
      "503 loading: 1",
      "connection refused: 1",
    ]);
    unmount();
  });

  it("shows Resume when paused, and why traffic could not start", () => {
    const svc = canary();
    const commands: string[] = [];
    const { container, unmount } = render(
      <RequestTraffic
        svc={svc}
        picture={picture([], 0, { running: false, paused: true })}
        error="not the Rollscope lab cluster"
        onCommand={(c) => commands.push(c)}
      />,
    );
    const resume = [...container.querySelectorAll("button")].find((b) => b.textContent === "Resume")!;
    resume.click();
    expect(commands).toEqual(["resume"]);
    expect(container.querySelector("[role=alert]")!.textContent).toBe("not the Rollscope lab cluster");
    unmount();
  });

  it("in a replay: the recorded lane and counter with nothing to press; a Service without recorded traffic shows no lane", () => {
    const svc = canary();
    const v = svc.backends[0]!.version!;
    const recorded = picture(
      [
        { seq: 1, at: 0, version: v },
        { seq: 2, at: 10, cause: "503 loading" },
      ],
      100,
      { namespace: svc.namespace, service: svc.name, running: false },
    );
    const withTraffic = render(
      <RecordedTraffic.Provider value={[recorded]}>
        <ServiceTraffic svc={svc} findings={[]} durationMs={0} />
      </RecordedTraffic.Provider>,
    );
    const lane = withTraffic.container.querySelector(`[data-testid="requests-${svc.name}"]`)!;
    expect(lane.querySelectorAll("rect.req")).toHaveLength(2);
    expect(lane.querySelector(`[data-testid="failed-${svc.name}"]`)!.textContent).toBe("failed: 1 of 2");
    expect(lane.querySelectorAll("button, select")).toHaveLength(0);
    withTraffic.unmount();
    const without = render(
      <RecordedTraffic.Provider value={[]}>
        <ServiceTraffic svc={svc} findings={[]} durationMs={0} />
      </RecordedTraffic.Provider>,
    );
    expect(without.container.querySelector(`[data-testid="requests-${svc.name}"]`)).toBeNull();
    expect(without.container.textContent).not.toContain("Send requests");
    without.unmount();
  });
});
