/**
 * Golden comparison with a real v1.35 kube-apiserver: for each invalid manifest in
 * testdata/invalid, kubectl must print exactly what it printed against the real server.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeKubeconfig } from "./kubeconfig";
import { startTestApi, type TestApi } from "@/test/support/labcluster/test-api";

const hasKubectl = (() => {
  try {
    execFileSync("kubectl", ["version", "--client"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

const DIR = join(__dirname, "testdata", "invalid");
const expected = JSON.parse(readFileSync(join(DIR, "expected.json"), "utf8")) as Record<string, { stderr: string; code: number }>;

let t: TestApi;
let home: string;

// Under CI a missing kubectl is a failure, never a silent skip.
if (!hasKubectl && (process.env.CI === "true" || process.env.CI === "1"))
  throw new Error("CI=true: kubectl is not on PATH; these tests need the real kubectl");

describe.skipIf(!hasKubectl)("kubectl create of invalid manifests prints what a real v1.35 apiserver makes it print", () => {
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), "lab-golden-"));
    t = await startTestApi();
    await writeKubeconfig(join(home, "kubeconfig"), t.url);
  });
  afterAll(async () => {
    await t.close();
  });

  const files = readdirSync(DIR).filter((f) => f.endsWith(".yaml"));
  it.each(files)("%s", async (file) => {
    const r = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(
        "kubectl",
        ["create", "-f", join(DIR, file)],
        { env: { ...process.env, KUBECONFIG: join(home, "kubeconfig"), HOME: home } },
        (err, _out, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
      ),
    );
    expect(r).toEqual(expected[file]);
  });
});
