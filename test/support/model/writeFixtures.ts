/**
 * Rewrites lib/model/fixtures/<scenario>/ for the hand-made scenarios (Node only):
 *   npx tsx test/support/model/writeFixtures.ts
 * Output is deterministic, so a diff after running it means a builder or scenario changed.
 * Captured fixtures live in their own folders and are never touched.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FIXTURES_DIR } from "./fixtures";
import { resetResourceVersions } from "./ids";
import { T0 } from "./objects";
import { SCENARIOS } from "./scenarios";

const FILES: Record<string, string> = {
  Deployment: "deployments",
  ReplicaSet: "replicasets",
  Pod: "pods",
  Service: "services",
  EndpointSlice: "endpointslices",
  Endpoints: "endpoints",
  Event: "events",
};

for (const [name, make] of Object.entries(SCENARIOS)) {
  const dir = join(FIXTURES_DIR, name);
  mkdirSync(dir, { recursive: true });
  resetResourceVersions();
  const scenario = make();
  const byFile = new Map<string, unknown[]>();
  for (const o of scenario.objects) {
    const file = FILES[o.kind ?? ""] ?? "other";
    byFile.set(file, [...(byFile.get(file) ?? []), o]);
  }
  // The shape `kubectl get -o json` prints for several objects.
  for (const [file, items] of byFile)
    writeFileSync(
      join(dir, `${file}.json`),
      JSON.stringify({ apiVersion: "v1", items, kind: "List", metadata: { resourceVersion: "" } }, null, 2) + "\n",
    );
  const meta = {
    now: new Date(T0).toISOString(),
    source: "hand-made (test/support/model/scenarios.ts), apiserver-shaped",
    description: scenario.description,
  };
  writeFileSync(join(dir, "_meta.json"), JSON.stringify(meta, null, 2) + "\n");
}
