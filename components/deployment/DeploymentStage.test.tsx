// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { rolloutsResponse } from "@/lib/response";
import { loadFixture } from "@/test/support/model/fixtures";
import { render } from "@/test/support/components/testRender";
import { DeploymentStage } from "./DeploymentStage";

function stageFor(fixture: string) {
  const f = loadFixture(fixture);
  const res = rolloutsResponse(f.store, { now: f.now });
  const d = res.deployments[0];
  const findings = res.findings.filter((x) => x.object.kind === "Deployment" && x.object.name === d.name);
  return { d, f, ...render(<DeploymentStage d={d} findings={findings} now={f.now} durationMs={0} />) };
}

describe("DeploymentStage", () => {
  it("stuck fixture: stalled new lane, ProgressDeadlineExceeded, kubectl's error line, undo commands", () => {
    const { d, container, unmount } = stageFor("stuck");
    expect(d.phase).toBe("Stuck");
    const newest = d.replicaSets.find((rs) => rs.isNew)!;
    const lane = container.querySelector(`[data-testid="lane-${newest.revision}"]`)!;
    expect(lane.classList.contains("lane-stalled")).toBe(true);
    expect(container.querySelector('[data-testid="deadline"]')!.textContent).toContain("ProgressDeadlineExceeded");
    expect(container.querySelector('[data-testid="rollout-status"] code')!.textContent).toBe(d.rolloutStatus);
    expect(d.rolloutStatus).toMatch(/exceeded its progress deadline/);
    const undo = [...container.querySelectorAll(".undo-cell code")].map((c) => c.textContent);
    expect(undo.length).toBeGreaterThan(0);
    expect(
      undo.every(
        (u) => /^kubectl rollout undo deployment\/\S+ -n \S+ --to-revision=\d+$/.test(u ?? "") || /--to-revision=\d+/.test(u ?? ""),
      ),
    ).toBe(true);
    expect(container.querySelector(".phase")!.getAttribute("data-phase")).toBe("Stuck");
    unmount();
  });

  it("rolling fixture: gauges print the resolved budget numbers", () => {
    const { d, container, unmount } = stageFor("rolling");
    const surge = container.querySelector('[data-testid="surge-gauge"] strong')!.textContent;
    const avail = container.querySelector('[data-testid="availability-gauge"] strong')!.textContent;
    expect(surge).toBe(`surge ${d.budget.surgeUsed}/${d.maxSurge} in use`);
    expect(avail).toBe(
      `available ${d.budget.available} ${d.budget.available >= d.budget.minAvailable ? "≥" : "<"} ${d.budget.minAvailable} min`,
    );
    // One lane per ReplicaSet with pods or replicas, each carrying its counts.
    const lanes = [...container.querySelectorAll<HTMLElement>("section.lane")];
    expect(lanes.length).toBeGreaterThanOrEqual(2);
    for (const l of lanes) {
      const rs = d.replicaSets.find((r) => String(r.revision) === l.dataset.revision)!;
      expect(Number(l.dataset.desired)).toBe(rs.desired);
      expect(l.querySelectorAll("g.pod-glyph")).toHaveLength(rs.pods.length);
    }
    unmount();
  });

  it("history shows the diff between the two chosen revisions", () => {
    const { container, unmount } = stageFor("stuck");
    expect(container.querySelector(".diff-lines")!.textContent).toContain("env VERSION: v2 → v3");
    unmount();
  });
});
