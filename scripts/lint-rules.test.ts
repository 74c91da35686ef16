/**
 * The layer rules of eslint.config.mjs bite: a file placed in a lower layer that imports a higher
 * one, a component that imports a server module, or product code that imports test support is an
 * error, and the same import from an allowed place is not.
 */
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: new URL("..", import.meta.url).pathname });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("layer rules", () => {
  it("lib/model may not import lib/diagnose, lib/response, I/O or React", async () => {
    expect(await restricted("lib/model/x.ts", 'import { diagnose } from "../diagnose";\nexport const y = diagnose;\n')).toHaveLength(1);
    expect(
      await restricted("lib/model/x.ts", 'import { rolloutsResponse } from "@/lib/response";\nexport const y = rolloutsResponse;\n'),
    ).toHaveLength(1);
    expect(await restricted("lib/model/x.ts", 'import { readFileSync } from "node:fs";\nexport const y = readFileSync;\n')).toHaveLength(1);
    expect(await restricted("lib/model/x.ts", 'import { podState } from "./pod";\nexport const y = podState;\n')).toEqual([]);
  });

  it("lib/diagnose may import lib/model but not lib/response or lib/kube", async () => {
    expect(await restricted("lib/diagnose/x.ts", 'import { podState } from "../model/pod";\nexport const y = podState;\n')).toEqual([]);
    expect(
      await restricted("lib/diagnose/x.ts", 'import { createLiveRollouts } from "../response";\nexport const y = createLiveRollouts;\n'),
    ).toHaveLength(1);
    expect(
      await restricted("lib/diagnose/x.ts", 'import { createHub } from "@/lib/kube/hub";\nexport const y = createHub;\n'),
    ).toHaveLength(1);
  });

  it("components import the stream contract, never other server modules", async () => {
    expect(
      await restricted(
        "components/x/Y.tsx",
        'import type { DeltaMessage } from "@/lib/kube/stream-protocol";\nexport type Y = DeltaMessage;\n',
      ),
    ).toEqual([]);
    expect(
      await restricted("components/x/Y.tsx", 'import { loadKubeconfig } from "@/lib/kube/config";\nexport const y = loadKubeconfig;\n'),
    ).toHaveLength(1);
    expect(
      await restricted(
        "components/x/Y.tsx",
        'import { startLabCluster } from "@/lib/labcluster/server";\nexport const y = startLabCluster;\n',
      ),
    ).toHaveLength(1);
  });

  it("product code may not import test support (test/), wherever it sits; tests, e2e and bench may", async () => {
    const viaAlias = 'import { pod } from "@/test/support/model/objects";\nexport const y = pod;\n';
    const relative = 'import { pod } from "../../test/support/model/objects";\nexport const y = pod;\n';
    for (const product of [
      "lib/kube/x.ts",
      "lib/model/x.ts",
      "components/x/Y.tsx",
      "app/x/page.tsx",
      "labs/x.ts",
      "bin/x.mjs",
      "proxy.ts",
    ]) {
      expect(await restricted(product, viaAlias), product).toHaveLength(1);
      expect(await restricted(product, relative), product).toHaveLength(1);
    }
    for (const test of ["lib/kube/x.test.ts", "components/x/Y.test.tsx", "test/support/kube/x.ts", "e2e/x.spec.ts", "bench/x.ts"]) {
      expect(await restricted(test, viaAlias), test).toEqual([]);
    }
  });
});

describe("no any in lib/", () => {
  async function anyErrors(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: file });
    return (result?.messages ?? [])
      .filter((m) => m.ruleId === "@typescript-eslint/no-explicit-any" && m.severity === 2)
      .map((m) => m.message);
  }

  it("an explicit any in lib/ is an error, and a disable comment does not switch it off", async () => {
    expect(await anyErrors("lib/model/x.ts", "export const y = (o: any) => o;\n")).toHaveLength(1);
    expect(
      await anyErrors("lib/kube/x.ts", "export const y = (o: any) => o; // eslint-disable-line @typescript-eslint/no-explicit-any\n"),
    ).toHaveLength(1);
    expect(
      await anyErrors("lib/labcluster/x.ts", "/* eslint-disable @typescript-eslint/no-explicit-any */\nexport const y = (o: any) => o;\n"),
    ).toHaveLength(1);
  });

  it("unknown with a typed reader passes", async () => {
    expect(await anyErrors("lib/model/x.ts", 'export const y = (o: unknown) => (typeof o === "string" ? o : "");\n')).toEqual([]);
  });
});
