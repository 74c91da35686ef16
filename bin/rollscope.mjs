#!/usr/bin/env node
// Entry point of the `rollscope` CLI. The code is TypeScript run through tsx; the Kubernetes
// client needs Node >= 22.19, so on an older system Node we re-run ourselves under the Node the
// project installs (the `node` npm package puts one in node_modules/.bin).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  const pinned = join(root, "node_modules", ".bin", "node");
  if (!existsSync(pinned) || process.env.ROLLSCOPE_REEXEC) {
    console.error(`rollscope: needs Node >= 22.19 (this is ${process.version}). Run \`npm install\` in ${root} first: it installs a suitable Node.`);
    process.exit(2);
  }
  const r = spawnSync(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, ROLLSCOPE_REEXEC: "1" },
  });
  process.exit(r.status ?? 1);
}

const { register } = await import("tsx/esm/api");
// Path aliases (@/…) come from the project's tsconfig, whatever directory the command runs in.
register({ tsconfig: join(root, "tsconfig.json") });
const { main } = await import("../lib/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
