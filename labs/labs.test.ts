// The shipped labs: every lab.yaml and manifest validates, and the content keeps the promises
// the lab makes (triage steps carry a diagnosis and a fix; the lab cluster can run every script).
import { describe, expect, it } from "vitest";
import { loadLabs } from "@/lib/labs/load";
import { validateManifest } from "@/lib/labs/manifests";
import { parseAllDocuments } from "yaml";
import { triageScenarioFor } from "@/lib/diagnose";

const labs = loadLabs({ repoRoot: process.cwd() });

describe("shipped labs", () => {
  it("load without issues", () => {
    expect(labs.map((l) => l.id)).toEqual(["canary", "rollout"]);
  });

  for (const lab of labs) {
    describe(lab.id, () => {
      it("every manifest parses, uses apps/v1 or v1, and selectors match template labels", () => {
        for (const [ref, text] of Object.entries(lab.manifests)) {
          const { issues, objects } = validateManifest(`${lab.dir}/${ref}`, text);
          expect(issues, ref).toEqual([]);
          expect(objects.length, ref).toBeGreaterThan(0);
          for (const doc of parseAllDocuments(text) as ReturnType<typeof parseAllDocuments> & unknown[]) {
            const o = doc.toJS() as {
              kind: string;
              spec: { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> } } };
            };
            if (o.kind !== "Deployment") continue;
            for (const [k, v] of Object.entries(o.spec.selector.matchLabels))
              expect(o.spec.template.metadata.labels[k], `${ref} ${k}`).toBe(v);
          }
        }
      });

      it("uses only standard images or hosts that never resolve (.invalid)", () => {
        const images = [
          ...lab.steps
            .flatMap((s) => s.commands.concat(s.solution).map((c) => c.run))
            .join(" ")
            .matchAll(/=(\S+:\S+)/g),
        ].map((m) => m[1]);
        const manifestImages = Object.values(lab.manifests).flatMap((t) => [...t.matchAll(/image: (\S+)/g)].map((m) => m[1]));
        for (const image of [...images, ...manifestImages]) {
          const host = image.split("/")[0];
          const ok = image.startsWith("busybox:") || host.endsWith(".invalid");
          expect(ok, image).toBe(true);
        }
      });

      it("every step's scenario has a triage checklist in lib/diagnose", () => {
        for (const step of lab.steps)
          if (step.scenario) expect(triageScenarioFor(step.scenario), `${step.id}: ${step.scenario}`).toBeDefined();
      });

      it("every step has something to verify", () => {
        for (const step of lab.steps) expect(step.checks.length, step.id).toBeGreaterThan(0);
      });
    });
  }

  it("Triage Day: one scenario per strategy, each with a diagnosis, a fix and checks for the fixed state", () => {
    const rollout = labs.find((l) => l.id === "rollout");
    const triage = rollout?.steps.filter((s) => s.id.startsWith("triage-")) ?? [];
    expect(triage.map((s) => s.scenario)).toEqual(["rolling-update", "blue-green", "canary"]);
    expect(triage.map((s) => s.diagnosis?.finding)).toEqual(["ImagePullFailure", "ServiceSelectsNothing", "CrashLoop"]);
    for (const step of triage) {
      expect(step.solution.length, step.id).toBeGreaterThan(0);
      // The fixed state must include the diagnosed finding being gone.
      expect(step.checks, step.id).toContainEqual(expect.objectContaining({ finding: step.diagnosis?.finding, absent: true }));
    }
  });

  it("the rollout lab follows the brief: inference, 3 replicas, VERSION v1, probe on /tmp/ready", () => {
    const rollout = labs.find((l) => l.id === "rollout");
    const v1 = rollout?.manifests["manifests/inference-v1.yaml"] ?? "";
    expect(v1).toContain("replicas: 3");
    expect(v1).toContain('command: ["sh", "-c", "echo loading model; sleep 8; touch /tmp/ready; sleep infinity"]');
    expect(v1).toMatch(/initialDelaySeconds: 2\n\s+periodSeconds: 2/);
    expect(rollout?.manifests["manifests/inference-v3.yaml"]).not.toContain("touch /tmp/ready");
  });
});
