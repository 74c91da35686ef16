// @vitest-environment happy-dom
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { handoverSeries, type HandoverSeries } from "@/lib/timeline/handover";
import { parseRecording } from "@/lib/timeline/recording";
import { render } from "@/test/support/components/testRender";
import { HandoverChart } from "./HandoverChart";
import { HandoverContext, seriesUpTo } from "./handoverContext";
import { StageHandover } from "./StageHandover";
import type { DeploymentView } from "@/lib/model";
import { handoverGeometry } from "./handoverGeometry";

const events = parseRecording(readFileSync(join(import.meta.dirname, "..", "..", "recordings", "rollout.ndjson"), "utf8")).events;
const series = handoverSeries(events, "lab-rollout", "inference")!;

describe("HandoverChart", () => {
  it("draws a ready and a hatched not-ready band per revision, the ceiling and floor, and one tick per controller action", () => {
    const { container, unmount } = render(<HandoverChart series={series} />);
    const chart = container.querySelector('[data-testid="handover-chart"]')!;
    expect(chart.getAttribute("data-revisions")).toBe("3");
    expect(container.querySelectorAll(".handover-band.handover-ready")).toHaveLength(3);
    const unready = [...container.querySelectorAll(".handover-band.handover-unready")];
    expect(unready).toHaveLength(3);
    expect(unready.every((p) => /^url\(#.+-hatch-\d\)$/.test(p.getAttribute("fill") ?? ""))).toBe(true);
    expect(container.querySelector('[data-testid="handover-ceiling"] text')!.textContent).toBe("max 4 pods");
    expect(container.querySelector('[data-testid="handover-floor"] text')!.textContent).toBe("min 3 available");
    expect(container.querySelectorAll(".handover-mark")).toHaveLength(series.marks.length);
    expect(container.querySelector(".handover-mark title")!.textContent).toBe("Scaled up replica set inference-7c9f55d76b from 0 to 3");
    expect(container.querySelector('[data-testid="handover-cursor"]')).toBeNull();
    expect(container.querySelector(".handover-legend")!.textContent).toContain("rev 3 ready / not ready");
    unmount();
  });

  it("is an image with a text summary that follows the cursor", () => {
    const stuck = series.revisions.find((r) => r.revision === 3)!.points.find((p) => p.unready === 1)!.t + 30_000;
    const { container, rerender, unmount } = render(<HandoverChart series={series} cursorMs={series.start} />);
    const svg = () => container.querySelector('svg[role="img"]')!;
    expect(svg().getAttribute("aria-label")).toContain("0 s in");
    const x0 = Number(container.querySelector('[data-testid="handover-chart"]')!.getAttribute("data-cursor-x"));
    rerender(<HandoverChart series={series} cursorMs={stuck} />);
    const x1 = Number(container.querySelector('[data-testid="handover-chart"]')!.getAttribute("data-cursor-x"));
    expect(x1).toBeGreaterThan(x0);
    expect(svg().getAttribute("aria-label")).toContain("revision 3: 0 ready, 1 not ready; revision 4: 3 ready, 0 not ready");
    expect(svg().getAttribute("aria-label")).toContain("at most 4 pods");
    unmount();
  });

  it("draws no envelope for Recreate and says so", () => {
    const recreate: HandoverSeries = { ...series, strategy: "Recreate" };
    const { container, unmount } = render(<HandoverChart series={recreate} />);
    expect(container.querySelector('[data-testid="handover-ceiling"]')).toBeNull();
    expect(container.querySelector('svg[role="img"]')!.getAttribute("aria-label")).toContain("Recreate: no surge envelope");
    unmount();
  });
});

describe("handoverGeometry", () => {
  it("stacks revisions: the top of the stack at the stuck moment is at the ceiling's height", () => {
    const g = handoverGeometry(series, 720, 220);
    const stuckX = g.x(series.revisions[1]!.points[1]!.t + 1000);
    // Bands stack in revision order (1, 3, 4): the top of revision 4's not-ready band is the whole stack.
    const band = g.bands.find((b) => b.revision === 4 && b.kind === "unready")!;
    const corners = [...band.d.matchAll(/([\d.]+),([\d.]+)/g)].map((m) => ({
      x: Number(m[1]),
      y: Number(m[2]),
    }));
    const tops = corners.slice(0, corners.length / 2);
    const atStuck = tops.filter((p) => p.x <= stuckX).pop()!;
    expect(atStuck.y).toBe(g.y(4));
    expect(g.ceiling!.d.startsWith(`M${g.x(series.start)},${g.y(4)}`)).toBe(true);
  });

  it("an empty series (a Deployment with no pods yet) still lays out", () => {
    const empty: HandoverSeries = {
      namespace: "n",
      name: "x",
      strategy: "RollingUpdate",
      start: 0,
      end: 0,
      revisions: [],
      envelope: [],
      marks: [],
    };
    const g = handoverGeometry(empty, 400, 200);
    expect(g.bands).toEqual([]);
    expect(g.ceiling).toBeUndefined();
    expect(g.xTicks.length).toBeGreaterThan(0);
  });

  it("draws at most one step per pixel column, however many changes (a rollout of thousands of pods)", () => {
    const points = Array.from({ length: 20_000 }, (_, i) => ({ t: i * 10, ready: i % 7, unready: i % 3 }));
    const big: HandoverSeries = {
      namespace: "n",
      name: "x",
      strategy: "RollingUpdate",
      start: 0,
      end: 200_000,
      revisions: [{ revision: 1, replicaSet: "x-1", points }],
      envelope: [{ t: 0, replicas: 6, ceiling: 9, floor: 5 }],
      marks: [],
    };
    const g = handoverGeometry(big, 720, 220);
    const corners = (g.bands[0]!.d.match(/,/g) ?? []).length;
    expect(corners).toBeLessThanOrEqual(4 * (g.plot.right - g.plot.left + 1));
    expect(corners).toBeGreaterThan(100);
  });

  it("on the stage: found through the page's context, drawn to the recording's end, collapsible; nothing without a source", () => {
    const d = { namespace: "lab-rollout", name: "inference" } as DeploymentView;
    const seriesOf = seriesUpTo((ns, n) => (ns === "lab-rollout" && n === "inference" ? series : undefined), series.end + 60_000);
    const { container, unmount } = render(
      <HandoverContext.Provider value={{ seriesOf, cursorMs: series.start + 1000 }}>
        <StageHandover d={d} />
      </HandoverContext.Provider>,
    );
    expect(seriesOf("lab-rollout", "inference")).toBe(seriesOf("lab-rollout", "inference"));
    expect(seriesOf("lab-rollout", "inference")!.end).toBe(series.end + 60_000);
    expect(container.querySelector('[data-testid="handover-details"] [data-testid="handover-cursor"]')).not.toBeNull();
    unmount();
    const none = render(<StageHandover d={d} />);
    expect(none.container.innerHTML).toBe("");
    none.unmount();
  });
});
