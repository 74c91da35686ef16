// @vitest-environment happy-dom
/** The plan result renders the view model: errors loud in their own list, warnings quiet, the last step's pods. */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Finding } from "@/lib/model";
import type { PlanView } from "@/lib/plan/planView";
import { act, render, type Rendered } from "@/test/support/components/testRender";
import { PlanResult } from "./PlanResult";

const finding = (severity: Finding["severity"], code: Finding["code"]): Finding => ({
  code,
  severity,
  object: { kind: "Deployment", namespace: "gpu", name: "llm" },
  message: `${code} message`,
  evidence: ["e"],
  fix: `fix ${code}`,
});
const view: PlanView = {
  cluster: true,
  notes: [],
  deployments: [
    {
      key: "gpu/llm",
      namespace: "gpu",
      name: "llm",
      headline: "will roll out a new pod template",
      budget: "RollingUpdate maxSurge 1 maxUnavailable 0",
      readiness: "a new pod is available after ~3 s",
      moves: true,
      steps: [
        { at: 0, action: "start", pods: ["old", "old"], available: 2 },
        { at: 0, action: "scale new ReplicaSet 0 → 1", pods: ["old", "old", "new-pending"], available: 2 },
      ],
      peakPods: 3,
      peakResources: [{ resource: "cpu", amount: "9" }],
      fit: "does-not-fit",
      fitText: "does not fit the nodes' free room now",
      outcome: "stalls after 0 s with 1 new pod(s) Pending",
      stalls: true,
    },
  ],
  findings: [finding("error", "SurgeDoesNotFit"), finding("warning", "RollbackNotPossible")],
  errors: 1,
  warnings: 1,
};

let r: Rendered | undefined;
afterEach(() => {
  r?.unmount();
  vi.useRealTimers();
});

describe("PlanResult", () => {
  it("puts errors in a loud list of their own and warnings in a quiet one", () => {
    r = render(<PlanResult view={view} />);
    const c = r.container;
    expect(c.querySelector('[data-testid="plan-verdict"]')?.className).toBe("plan-verdict plan-verdict-error");
    expect(c.querySelector('section[aria-label="Errors"] .finding-error')?.getAttribute("data-code")).toBe("SurgeDoesNotFit");
    expect(c.querySelector('.plan-warnings section[aria-label="Warnings"] .finding-warning')?.getAttribute("data-code")).toBe(
      "RollbackNotPossible",
    );
    expect(c.querySelector('[data-testid="plan-fit-llm"]')?.className).toBe("plan-bad");
    expect(c.textContent).toContain("3 pods · 9 cpu");
  });
  it("plays the steps to the last one: two old pods and one Pending", () => {
    vi.useFakeTimers();
    r = render(<PlanResult view={view} />);
    const strip = () => r!.container.querySelector('[data-testid="plan-steps-llm"]');
    expect(strip()?.getAttribute("data-step")).toBe("0");
    act(() => vi.advanceTimersByTime(700));
    expect(strip()?.getAttribute("data-step")).toBe("1");
    expect([...(strip()?.querySelectorAll("[data-pod]") ?? [])].map((e) => e.getAttribute("data-pod"))).toEqual([
      "old",
      "old",
      "new-pending",
    ]);
  });
  it("with no error says so plainly", () => {
    r = render(<PlanResult view={{ ...view, findings: [finding("warning", "RollbackNotPossible")], errors: 0 }} />);
    expect(r.container.querySelector('[data-testid="plan-verdict"]')?.textContent).toBe("No error; 1 warning(s)");
    expect(r.container.querySelector('section[aria-label="Errors"]')).toBeNull();
  });
});
