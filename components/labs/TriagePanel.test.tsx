// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { triageChecklist } from "@/lib/diagnose";
import { loadFixture } from "@/test/support/model/fixtures";
import { render, type Rendered } from "@/test/support/components/testRender";
import { TriagePanel } from "./TriagePanel";

let shown: Rendered | undefined;
afterEach(() => {
  shown?.unmount();
  shown = undefined;
  vi.unstubAllGlobals();
});

describe("TriagePanel", () => {
  it("on the dashboard computes the checklist from the stream's store, without asking the server", () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    const f = loadFixture("captured-stuck-v3-02-v3-deadline-exceeded");
    const namespace = Object.values(f.store.objects.Deployment)[0]!.metadata.namespace!;
    shown = render(<TriagePanel scenario="stuck" namespace={namespace} open live={{ store: f.store, now: f.now }} />);
    const items = [...shown.container.querySelectorAll("[data-testid=lab-triage-item]")];
    const expected = triageChecklist("stuck", f.store, { namespace, now: f.now });
    expect(items.map((li) => li.getAttribute("data-status"))).toEqual(expected.map((c) => c.status));
    expect(items.length).toBeGreaterThan(3);
    expect(items.some((li) => li.getAttribute("data-status") === "fail")).toBe(true);
    expect(fetch).not.toHaveBeenCalled();
  });
});
