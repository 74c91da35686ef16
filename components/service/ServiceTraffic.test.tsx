// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { rolloutsResponse } from "@/lib/response";
import { loadFixture } from "@/test/support/model/fixtures";
import { render } from "@/test/support/components/testRender";
import { ServiceTraffic } from "./ServiceTraffic";

function serviceFor(fixture: string) {
  const f = loadFixture(fixture);
  const res = rolloutsResponse(f.store, { now: f.now });
  const svc = res.services.find((s) => s.backends.length > 0 || s.warnings.length > 0) ?? res.services[0];
  return { svc, ...render(<ServiceTraffic svc={svc} findings={[]} durationMs={0} />) };
}

describe("ServiceTraffic", () => {
  it("canary 9+1: the split bar is 90/10 by ready endpoints", () => {
    const { svc, container, unmount } = serviceFor("canary");
    expect(svc.pattern).toBe("canary");
    const shares = [...container.querySelectorAll<HTMLElement>(".split-seg")].map((s) => Number(s.dataset.share));
    expect(shares).toEqual([90, 10]);
    expect(container.querySelector(".split-legend")!.textContent).toMatch(/90%.*9 ready endpoints.*10%.*1 ready endpoint\b/s);
    unmount();
  });

  it("blue-green: the switch points at the colour the selector names", () => {
    const { svc, container, unmount } = serviceFor("blue-green");
    expect(svc.pattern).toBe("blue-green");
    const sw = container.querySelector<HTMLElement>(`[data-testid="switch-${svc.name}"]`)!;
    expect(sw.dataset.activeColour).toBe(svc.selector.color);
    const targets = [...sw.querySelectorAll<SVGGElement>("g.switch-target")].map((g) => [
      g.getAttribute("data-colour"),
      g.classList.contains("on"),
    ]);
    expect(targets).toEqual([
      ["blue", svc.selector.color === "blue"],
      ["green", svc.selector.color === "green"],
    ]);
    unmount();
  });

  it("warns when the selector matches nothing", () => {
    const { svc, container, unmount } = serviceFor("selector-typo");
    expect(svc.warnings.length).toBeGreaterThan(0);
    expect(container.querySelector(".warnings")!.textContent).toContain("matches no pod");
    unmount();
  });

  it("warns when ready endpoints serve two versions", () => {
    const { container, unmount } = serviceFor("blue-green-mixed");
    expect(container.querySelector(".warnings")!.textContent).toMatch(/serve 2 versions/);
    unmount();
  });
});
