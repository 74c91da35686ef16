// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import type { Finding } from "@/lib/model";
import { rolloutsResponse } from "@/lib/response";
import { loadFixture } from "@/test/support/model/fixtures";
import { render } from "@/test/support/components/testRender";
import { Overview } from "./Overview";

describe("Overview", () => {
  it("counts error findings loudly and warnings quietly, per object", () => {
    const f = loadFixture("captured-stuck-v3-02-v3-deadline-exceeded");
    const res = rolloutsResponse(f.store, { now: f.now });
    const d = res.deployments[0]!;
    const about = { kind: "Deployment", namespace: d.namespace, name: d.name };
    const extra: Finding[] = [
      { code: "RollbackNotPossible", severity: "warning", object: about, message: "m", fix: "f", evidence: [] } as Finding,
    ];
    const findings = [...res.findings, ...extra];
    const errors = findings.filter((x) => x.severity === "error" && x.object.name === d.name && x.object.kind === "Deployment").length;
    const warnings = findings.filter((x) => x.severity === "warning" && x.object.name === d.name && x.object.kind === "Deployment").length;
    expect(errors).toBeGreaterThan(0);
    const shown = render(<Overview response={{ ...res, findings }} showNamespace={false} />);
    const item = shown.container.querySelector(`[data-testid="overview-deployment-${d.name}"]`)!;
    expect(item.querySelector(".ov-errors")?.textContent).toBe(`✖ ${errors}`);
    expect(item.querySelector(".ov-warnings")?.textContent).toBe(`⚠ ${warnings}`);
    shown.unmount();
  });
});
