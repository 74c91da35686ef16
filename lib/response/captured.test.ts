/**
 * The views over objects captured from a real control plane (e2e/k8s/capture-fixtures.ts):
 * folders named captured-* (one instant each, with _meta.json) or moment folders (one List per
 * file, no _meta.json). Assertions key on the moment's name and read the objects themselves, not
 * hashes or times, so a re-capture keeps them meaningful. Skipped until captures exist.
 */
import { describe, expect, it } from "vitest";
import { fixtureNames, isMomentFolder, loadFixture, loadMoments, type Fixture } from "@/test/support/model/fixtures";
import { rolloutsResponse } from "./rolloutsResponse";

const captured: Fixture[] = fixtureNames().flatMap((name) =>
  isMomentFolder(name) ? loadMoments(name) : name.startsWith("captured-") ? [loadFixture(name)] : [],
);

// The captured fixtures are committed: none under CI means they went missing, which must fail.
if (captured.length === 0 && (process.env.CI === "true" || process.env.CI === "1"))
  throw new Error("CI=true: no captured fixtures in lib/model/fixtures");

describe.skipIf(captured.length === 0)("captured from a real control plane", () => {
  for (const m of captured) {
    const moment = `${m.name} ${m.description}`;
    it(`${m.name}: every Deployment and Service gets a view`, () => {
      const r = rolloutsResponse(m.store, { now: m.now });
      expect(r.malformed).toBeUndefined();
      expect(r.deployments).toHaveLength(m.objects.filter((o) => o.kind === "Deployment").length);
      expect(r.services).toHaveLength(m.objects.filter((o) => o.kind === "Service").length);
      for (const d of r.deployments) expect(d.replicaSets.filter((rs) => rs.isNew).length).toBeLessThanOrEqual(1);
    });
    if (/deadline-exceeded/.test(moment)) {
      it(`${m.name}: Stuck, kubectl's deadline error, and the finding names the pod and its probe`, () => {
        const r = rolloutsResponse(m.store, { now: m.now });
        const stuck = r.deployments.find((d) => d.phase === "Stuck");
        expect(stuck?.rolloutStatus).toMatch(/^error: deployment ".+" exceeded its progress deadline$/);
        const pde = r.findings.find((f) => f.code === "ProgressDeadlineExceeded");
        expect(pde?.evidence.some((e) => /^pod\/\S+ status.conditions\[Ready\]=False for .*readinessProbe/.test(e))).toBe(true);
      });
    }
    if (/complete|undone|serving-/.test(moment)) {
      it(`${m.name}: a healthy moment has no error findings`, () => {
        const r = rolloutsResponse(m.store, { now: m.now });
        expect(r.findings.filter((f) => f.severity === "error")).toEqual([]);
        if (!/serving-/.test(moment)) expect(r.deployments.every((d) => d.phase === "Complete")).toBe(true);
      });
    }
    if (/undone/.test(moment)) {
      it(`${m.name}: the undo reused the old ReplicaSet (revision-history set)`, () => {
        const r = rolloutsResponse(m.store, { now: m.now });
        expect(r.deployments.flatMap((d) => d.replicaSets).find((rs) => rs.isNew)?.revisionHistory.length).toBeGreaterThan(0);
      });
    }
    if (/canary/.test(m.name) && /ten-ready/.test(moment)) {
      it(`${m.name}: a 9 + 1 canary by design, ~10% share, no error findings`, () => {
        const r = rolloutsResponse(m.store, { now: m.now });
        const s = r.services[0];
        expect(s?.pattern).toBe("canary");
        expect(Math.min(...(s?.backends.filter((b) => b.readyEndpoints > 0).map((b) => b.share) ?? [1]))).toBeCloseTo(0.1);
        expect(r.findings.filter((f) => f.severity === "error")).toEqual([]);
      });
    }
    if (/serving-/.test(moment)) {
      it(`${m.name}: blue-green, one colour serving`, () => {
        const s = rolloutsResponse(m.store, { now: m.now }).services[0];
        expect(s?.pattern).toBe("blue-green");
        expect(new Set(s?.backends.filter((b) => b.readyEndpoints > 0).map((b) => b.label)).size).toBe(1);
      });
    }
  }
});
