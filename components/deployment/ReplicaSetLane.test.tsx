// @vitest-environment happy-dom
import { interrupt } from "d3";
import { describe, expect, it } from "vitest";
import type { PodState, PodView, ReplicaSetView } from "@/lib/model";
import { act, render } from "@/test/support/components/testRender";
import { GLYPHS, POD_STATES } from "./glyphs";
import { ReplicaSetLane } from "./ReplicaSetLane";

const pod = (name: string, state: PodState): PodView => ({
  uid: `uid-${name}`,
  name: `inference-abc-${name}`,
  namespace: "lab",
  state,
  ready: state === "Ready",
  available: state === "Ready",
  restarts: 0,
  readinessProbe: {
    kind: "exec",
    detail: "exec cat /tmp/ready",
    initialDelaySeconds: 0,
    periodSeconds: 2,
    failureThreshold: 3,
    successThreshold: 1,
  },
});

const rs = (pods: PodView[], over: Partial<ReplicaSetView> = {}): ReplicaSetView => ({
  uid: "rs-uid",
  name: "inference-abc",
  revision: 2,
  revisionHistory: [],
  isNew: true,
  image: "docker.io/library/busybox:1.36",
  version: "v2",
  desired: pods.length,
  current: pods.length,
  ready: pods.filter((p) => p.ready).length,
  available: pods.filter((p) => p.available).length,
  terminating: 0,
  pods,
  ...over,
});

describe("ReplicaSetLane", () => {
  it("draws every pod state with its own shape and its own label, not only a colour", () => {
    const pods = POD_STATES.map((s, i) => pod(`p${i}`, s));
    const { container, unmount } = render(<ReplicaSetLane rs={rs(pods)} stalled={false} now={0} durationMs={0} />);
    const glyphs = [...container.querySelectorAll<SVGGElement>("g.pod-glyph")];
    expect(glyphs.map((g) => g.getAttribute("data-state"))).toEqual([...POD_STATES]);
    const shapes = glyphs.map((g) => g.getAttribute("data-shape"));
    expect(new Set(shapes).size).toBe(POD_STATES.length);
    const labels = glyphs.map((g) => g.querySelector(".glyph-label")!.textContent);
    expect(labels).toEqual(["Pending", "Starting", "Not ready", "Ready", "Terminating", "Failed"]);
    // Paths differ per state too (a greyscale projector still tells them apart).
    const outlines = POD_STATES.map(
      (s) => `${GLYPHS[s].outline}|${GLYPHS[s].fill ?? ""}|${GLYPHS[s].mark ?? ""}|${GLYPHS[s].dashed ?? false}`,
    );
    expect(new Set(outlines).size).toBe(POD_STATES.length);
    unmount();
  });

  it("shows revision, image, VERSION and counts in the lane header", () => {
    const { container, unmount } = render(
      <ReplicaSetLane rs={rs([pod("a", "Ready"), pod("b", "Pending")], { desired: 3 })} stalled={false} now={0} durationMs={0} />,
    );
    const head = container.querySelector(".lane-head")!.textContent!;
    expect(head).toContain("rev 2");
    expect(head).toContain("VERSION v2");
    expect(head).toContain("busybox:1.36");
    expect(head).toContain("desired 3");
    expect(head).toContain("ready 1");
    // One empty slot for the pod the ReplicaSet still has to create.
    expect(container.querySelectorAll("rect.slot-empty")).toHaveLength(1);
    unmount();
  });

  it("shows probe details when a pod glyph gets keyboard focus", () => {
    const { container, unmount } = render(<ReplicaSetLane rs={rs([pod("a", "RunningNotReady")])} stalled={false} now={0} durationMs={0} />);
    const g = container.querySelector<SVGGElement>("g.pod-glyph")!;
    expect(g.getAttribute("tabindex")).toBe("0");
    expect(container.querySelector(".pod-details")).toBeNull();
    act(() => {
      g.dispatchEvent(new FocusEvent("focusin", { bubbles: true }));
    });
    const tip = container.querySelector(".pod-details");
    expect(tip?.textContent).toContain("exec cat /tmp/ready, every 2s");
    unmount();
  });

  it("keeps a removed pod as 'leaving' until its exit ends, then drops it", () => {
    const a = pod("a", "Ready");
    const b = pod("b", "Terminating");
    const r = render(<ReplicaSetLane rs={rs([a, b])} stalled={false} now={0} durationMs={0} />);
    r.rerender(<ReplicaSetLane rs={rs([a])} stalled={false} now={0} durationMs={0} />);
    // durationMs 0 (reduced motion): the exit completes at once.
    expect([...r.container.querySelectorAll("g.pod-glyph")].map((g) => g.getAttribute("data-pod"))).toEqual(["inference-abc-a"]);
    r.unmount();
  });

  it("marks a stalled lane and says how long its pods have been starting", () => {
    const p = { ...pod("a", "RunningNotReady"), startedAt: "2026-01-01T00:00:00Z" };
    const { container, unmount } = render(<ReplicaSetLane rs={rs([p])} stalled now={Date.parse("2026-01-01T00:02:05Z")} durationMs={0} />);
    expect(container.querySelector(".lane")!.classList.contains("lane-stalled")).toBe(true);
    expect(container.querySelector(".tag-stalled")!.textContent).toBe("stalled — pods started 2m 05s ago, none Ready");
    unmount();
  });

  it("animates a new pod in, unless the user prefers reduced motion (duration 0)", () => {
    const a = pod("a", "Ready");
    const b = pod("b", "Pending");
    const animated = render(<ReplicaSetLane rs={rs([a])} stalled={false} now={0} durationMs={600} />);
    animated.rerender(<ReplicaSetLane rs={rs([a, b])} stalled={false} now={0} durationMs={600} />);
    const entering = animated.container.querySelector<SVGGElement>('g[data-pod="inference-abc-b"]')!;
    // Starts below its slot and transparent; the d3 transition brings it in.
    expect(entering.getAttribute("opacity")).toBe("0");
    expect(entering.getAttribute("transform")).toMatch(/translate\([\d.]+,50\)/);
    // happy-dom cannot interpolate SVG transforms: stop the transition before its first frame.
    interrupt(entering, "move");
    animated.unmount();

    const still = render(<ReplicaSetLane rs={rs([a])} stalled={false} now={0} durationMs={0} />);
    still.rerender(<ReplicaSetLane rs={rs([a, b])} stalled={false} now={0} durationMs={0} />);
    const placed = still.container.querySelector<SVGGElement>('g[data-pod="inference-abc-b"]')!;
    expect(placed.getAttribute("opacity")).toBe("1");
    expect(placed.getAttribute("transform")).toMatch(/translate\([\d.]+,22\)/);
    still.unmount();
  });
});
