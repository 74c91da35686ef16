// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { rolloutsResponse } from "@/lib/response";
import { loadFixture } from "@/test/support/model/fixtures";
import { render } from "@/test/support/components/testRender";
import { BudgetGauges } from "./BudgetGauges";

const rolling = (() => {
  const f = loadFixture("rolling");
  return rolloutsResponse(f.store, { now: f.now }).deployments[0];
})();

describe("BudgetGauges", () => {
  it("one cell per unit of a small budget", () => {
    const { container, unmount } = render(<BudgetGauges d={rolling} />);
    expect(container.querySelectorAll(".gauge-cell.gauge-surge")).toHaveLength(Math.max(rolling.maxSurge, rolling.budget.surgeUsed));
    expect(container.querySelector(".gauge-bar")).toBeNull();
    unmount();
  });

  it("a proportional bar for a budget of hundreds (25% of 2,000 replicas)", () => {
    const big = { ...rolling, replicas: 2000, maxSurge: 500, budget: { ...rolling.budget, surgeUsed: 125 } };
    const { container, unmount } = render(<BudgetGauges d={big} />);
    expect(container.querySelectorAll(".gauge-cell.gauge-surge")).toHaveLength(0);
    expect(container.querySelector<HTMLElement>('[data-testid="surge-bar"] .gauge-bar-used')!.style.width).toBe("25%");
    expect(container.querySelector('[data-testid="surge-gauge"] strong')!.textContent).toBe("surge 125/500 in use");
    unmount();
  });
});
