// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import type { PodState, PodView, ReplicaSetView } from "@/lib/model";
import { act, render } from "@/test/support/components/testRender";
import { ReplicaSetLane } from "./ReplicaSetLane";

const pod = (i: number, state: PodState): PodView => ({
  uid: `uid-${i}`,
  name: `web-abc-${String(i).padStart(4, "0")}`,
  namespace: "big",
  state,
  ready: state === "Ready",
  available: state === "Ready",
  restarts: 0,
  reason: state === "Failed" ? "CrashLoopBackOff" : undefined,
});

const lane = (n: number, stateOf: (i: number) => PodState = () => "Ready"): ReplicaSetView => {
  const pods = Array.from({ length: n }, (_, i) => pod(i, stateOf(i)));
  return {
    uid: "rs-big",
    name: "web-abc",
    revision: 4,
    revisionHistory: [],
    isNew: true,
    image: "docker.io/library/busybox:1.36",
    version: "v4",
    desired: n,
    current: n,
    ready: pods.filter((p) => p.ready).length,
    available: pods.filter((p) => p.available).length,
    terminating: 0,
    pods,
  };
};

const key = (el: Element, k: string) => act(() => void el.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true })));

describe("ReplicaSetLane past the canvas threshold", () => {
  it("stays SVG at 150 pods and draws 151 on one canvas, with the state counts as text", () => {
    const small = render(<ReplicaSetLane rs={lane(150)} stalled={false} now={0} durationMs={0} />);
    expect(small.container.querySelector("section.lane")!.getAttribute("data-renderer")).toBe("svg");
    expect(small.container.querySelectorAll("g.pod-glyph")).toHaveLength(150);
    small.unmount();

    const big = render(
      <ReplicaSetLane rs={lane(151, (i) => (i % 10 === 0 ? "Failed" : "Ready"))} stalled={false} now={0} durationMs={0} />,
    );
    const section = big.container.querySelector("section.lane")!;
    expect(section.getAttribute("data-renderer")).toBe("canvas");
    expect(section.getAttribute("data-pods")).toBe("151");
    expect(big.container.querySelectorAll("g.pod-glyph")).toHaveLength(0);
    const canvas = big.container.querySelector("canvas.lane-canvas")!;
    expect(canvas.getAttribute("aria-label")).toBe(
      "pods of web-abc: 135 Ready, 16 Failed. Arrow keys pick a pod, Escape closes its details.",
    );
    expect(big.container.querySelector('[data-testid="canvas-legend"]')!.textContent).toBe("151 pods: 135 Ready, 16 Failed");
    // The lane header is the same as the SVG lane's.
    expect(section.querySelector(".lane-head")!.textContent).toContain("ready 135");
    big.unmount();
  });

  it("keyboard: focus opens the first pod's details, arrows walk the pods, Escape closes", () => {
    const r = render(<ReplicaSetLane rs={lane(200, (i) => (i === 1 ? "Failed" : "Ready"))} stalled={false} now={0} durationMs={0} />);
    const canvas = r.container.querySelector<HTMLCanvasElement>("canvas.lane-canvas")!;
    expect(canvas.tabIndex).toBe(0);
    expect(r.container.querySelector(".pod-details")).toBeNull();
    act(() => void canvas.dispatchEvent(new FocusEvent("focusin", { bubbles: true })));
    expect(r.container.querySelector(".pod-details-title")!.textContent).toBe("web-abc-0000");
    key(canvas, "ArrowRight");
    expect(r.container.querySelector(".pod-details-title")!.textContent).toBe("web-abc-0001");
    expect(r.container.querySelector(".pod-details")!.textContent).toContain("Failed — CrashLoopBackOff");
    expect(r.container.querySelector('[aria-live="polite"]')!.textContent).toBe("pod web-abc-0001: Failed (CrashLoopBackOff)");
    key(canvas, "End");
    expect(r.container.querySelector(".pod-details-title")!.textContent).toBe("web-abc-0199");
    key(canvas, "Escape");
    expect(r.container.querySelector(".pod-details")).toBeNull();
    r.unmount();
  });

  it("a lane that shrinks below the lower threshold goes back to SVG glyphs", () => {
    const r = render(<ReplicaSetLane rs={lane(300)} stalled={false} now={0} durationMs={0} />);
    r.rerender(<ReplicaSetLane rs={lane(130)} stalled={false} now={0} durationMs={0} />);
    expect(r.container.querySelector("section.lane")!.getAttribute("data-renderer")).toBe("canvas");
    r.rerender(<ReplicaSetLane rs={lane(100)} stalled={false} now={0} durationMs={0} />);
    expect(r.container.querySelector("section.lane")!.getAttribute("data-renderer")).toBe("svg");
    expect(r.container.querySelectorAll("g.pod-glyph")).toHaveLength(100);
    r.unmount();
  });
});
