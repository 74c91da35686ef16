// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DeploymentView, Finding, PodState } from "@/lib/model";
import { rolloutsResponse } from "@/lib/response";
import { loadFixture } from "@/test/support/model/fixtures";
import { act, render } from "@/test/support/components/testRender";
import { StagesByNamespace } from "./StagesByNamespace";
import { atClusterScale, summariseNamespaces, type NamespaceGroup } from "./namespaceSummary";

const base = (() => {
  const f = loadFixture("rolling");
  return rolloutsResponse(f.store, { now: f.now }).deployments[0];
})();

/** A copy of a real Deployment view in another namespace, its pods set to `states`. */
function deployment(ns: string, name: string, states: PodState[], phase: DeploymentView["phase"] = "Complete"): DeploymentView {
  const rs = {
    ...base.replicaSets[0],
    uid: `${ns}-${name}-rs`,
    pods: states.map((state, i) => ({
      ...base.replicaSets[0].pods[0],
      uid: `${ns}-${name}-${i}`,
      name: `${name}-x-${i}`,
      namespace: ns,
      state,
    })),
  };
  return { ...base, uid: `${ns}-${name}`, namespace: ns, name, phase, replicaSets: [rs] };
}

const finding = (ns: string, severity: Finding["severity"]): Finding => ({
  code: "CrashLoop",
  severity,
  object: { kind: "Deployment", namespace: ns, name: "a" },
  message: "m",
  fix: "f",
  evidence: [],
});

function groups(namespaces: number, perNs: number): NamespaceGroup[] {
  return Array.from({ length: namespaces }, (_, n) => ({
    namespace: `team-${n}`,
    deployments: Array.from({ length: perNs }, (_, i) =>
      deployment(`team-${n}`, `app-${i}`, i === 0 ? ["Ready", "Failed", "Pending"] : ["Ready"], i === 0 ? "Stuck" : "Complete"),
    ),
    services: [],
  }));
}

/** IntersectionObserver stand-in: the test says which elements are near the viewport. */
class FakeIO {
  static all: FakeIO[] = [];
  els: Element[] = [];
  constructor(private cb: IntersectionObserverCallback) {
    FakeIO.all.push(this);
  }
  observe(el: Element) {
    this.els.push(el);
  }
  disconnect() {}
  show(near: boolean) {
    this.cb(
      this.els.map((target) => ({ target, isIntersecting: near }) as IntersectionObserverEntry),
      this as unknown as IntersectionObserver,
    );
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeIO.all = [];
});

describe("all namespaces at cluster scale", () => {
  it("summarises each namespace: deployments, pods by state, phases, error findings", () => {
    const g = groups(2, 3);
    const rows = summariseNamespaces(g, [finding("team-1", "error"), finding("team-1", "warning"), finding("team-1", "error")]);
    expect(rows[0]).toMatchObject({
      namespace: "team-0",
      deployments: 3,
      pods: 5,
      podsByState: { Ready: 3, Failed: 1, Pending: 1 },
      phases: { Stuck: 1, Complete: 2 },
      errors: 0,
    });
    expect(rows[1].errors).toBe(2);
    expect(atClusterScale(groups(2, 10))).toBe(false);
    expect(atClusterScale(groups(3, 7))).toBe(true);
  });

  it("shows summary rows only, and a namespace's stages when asked", () => {
    const g = groups(3, 2);
    const r = render(
      <StagesByNamespace groups={g} allNamespaces summarise findings={[finding("team-2", "error")]} now={0} durationMs={0} />,
    );
    expect(r.container.querySelector(".stages")!.getAttribute("data-pod-total")).toBe("12");
    const rows = [...r.container.querySelectorAll("tbody tr")];
    expect(rows.map((tr) => tr.getAttribute("data-namespace"))).toEqual(["team-0", "team-1", "team-2"]);
    expect(rows[0].textContent).toContain("Failed 1");
    expect(rows[2].textContent).toContain("⚠ 1");
    expect(r.container.querySelectorAll("article.stage")).toHaveLength(0);
    const open = r.container.querySelector<HTMLButtonElement>('[data-testid="open-team-1"]')!;
    act(() => open.click());
    expect(open.getAttribute("aria-expanded")).toBe("true");
    expect([...r.container.querySelectorAll("article.stage")].map((a) => a.id)).toEqual([
      "deployment-team-1-app-0",
      "deployment-team-1-app-1",
    ]);
    act(() => open.click());
    expect(r.container.querySelectorAll("article.stage")).toHaveLength(0);
    r.unmount();
  });

  it("past six Deployments, a stage is a placeholder of its anchor until it nears the viewport", () => {
    vi.stubGlobal("IntersectionObserver", FakeIO);
    const g = groups(1, 8);
    const r = render(<StagesByNamespace groups={g} allNamespaces={false} summarise={false} findings={[]} now={0} durationMs={0} />);
    const placeholders = [...r.container.querySelectorAll<HTMLElement>("article.stage-placeholder")];
    expect(placeholders).toHaveLength(8);
    expect(placeholders[0].id).toBe("deployment-team-0-app-0");
    expect(placeholders[0].getAttribute("data-pods")).toBe("3");
    expect(Number.parseInt(placeholders[0].style.height)).toBeGreaterThan(300);
    expect(r.container.querySelectorAll("section.lane")).toHaveLength(0);
    act(() => FakeIO.all[2].show(true));
    expect(r.container.querySelectorAll("section.lane")).toHaveLength(1);
    expect(r.container.querySelector('[data-testid="deployment-app-2"]')).not.toBeNull();
    act(() => FakeIO.all[2].show(false));
    expect(r.container.querySelectorAll("section.lane")).toHaveLength(0);
    r.unmount();
  });
});
