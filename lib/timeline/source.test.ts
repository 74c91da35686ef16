import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { recordingText, shippedRecordings } from "./source";

describe("recording sources", () => {
  const root = mkdtempSync(join(tmpdir(), "recs-"));
  mkdirSync(join(root, "recordings"));
  writeFileSync(join(root, "recordings", "rollout.ndjson"), "{}\n");
  writeFileSync(join(root, "recordings", ".secret.kubeconfig"), "x");
  writeFileSync(join(root, "secret.txt"), "top secret");

  it("lists only shipped recordings", () => {
    expect(shippedRecordings(root)).toEqual(["rollout"]);
  });
  it("serves a shipped recording by name and refuses anything else", async () => {
    expect(await recordingText("rollout", root)).toEqual({ text: "{}\n", status: 200 });
    for (const bad of ["../secret.txt", "../secret", ".secret", "/etc/passwd"]) {
      const r = await recordingText(bad, root);
      expect(r.status).toBe(404);
      expect(r.text).toBeUndefined();
    }
  });
});
