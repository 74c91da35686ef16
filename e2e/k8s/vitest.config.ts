import { defineConfig } from "vitest/config";

/** Unit tests of the differential harness itself (no cluster): `npx vitest run --config e2e/k8s/vitest.config.ts`. */
export default defineConfig({
  test: { include: ["e2e/k8s/**/*.test.ts"], environment: "node", pool: "forks" },
});
