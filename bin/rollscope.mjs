#!/usr/bin/env node
// Entry point of the `rollscope` CLI. The code is TypeScript run through tsx; the Kubernetes
// client needs Node >= 22.19, so on an older system Node we re-run ourselves under the Node the
// project installs (the `node` npm package: in this checkout's node_modules, or hoisted beside
// this package when it was installed from npm).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as nodeModule from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function pinnedNode() {
  try {
    return join(dirname(nodeModule.createRequire(import.meta.url).resolve("node/package.json")), "bin", "node");
  } catch {
    return join(root, "node_modules", ".bin", "node");
  }
}
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  const pinned = pinnedNode();
  if (!existsSync(pinned) || process.env.ROLLSCOPE_REEXEC) {
    console.error(
      `rollscope: needs Node >= 22.19 (this is ${process.version}). Run \`npm install\` in ${root} first: it installs a suitable Node.`,
    );
    process.exit(2);
  }
  const r = spawnSync(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, ROLLSCOPE_REEXEC: "1" },
  });
  process.exit(r.status ?? 1);
}

// The server's memory settings (bench/README.md "server"; the image and the chart set the same):
// a small young generation keeps the heap V8 grows while parsing the initial lists from staying
// resident, and glibc's malloc with two arenas, large blocks mapped on their own and free memory
// trimmed, gives back what the list pages' buffers held. Both must be set before Node starts, so
// `serve` replaces this process with one that has them (same pid: supervisors and the bench keep
// watching it). Already set (NODE_OPTIONS, the environment): left as they are.
const SERVER_FLAGS = ["--max-semi-space-size=2"];
const SERVER_ENV = { MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "131072", MALLOC_TRIM_THRESHOLD_: "131072" };
const flagName = (f) => f.split("=")[0];
const missingFlags = SERVER_FLAGS.filter(
  (f) => !process.execArgv.some((a) => a.startsWith(flagName(f))) && !(process.env.NODE_OPTIONS ?? "").includes(flagName(f)),
);
const missingEnv = Object.entries(SERVER_ENV).filter(([k]) => process.env[k] === undefined);
if (process.argv[2] === "serve" && missingFlags.length + missingEnv.length > 0 && typeof process.execve === "function") {
  process.execve(
    process.execPath,
    [process.execPath, ...missingFlags, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { ...process.env, ...Object.fromEntries(missingEnv) },
  );
}

const { register } = await import("tsx/esm/api");
// Path aliases (@/…) come from the project's tsconfig, whatever directory the command runs in.
register({ tsconfig: join(root, "tsconfig.json") });
// tsx applies tsconfig "paths" only outside node_modules; installed from npm this package is
// inside one, so "@/…" becomes the equivalent relative import here (tsx then adds the extension).
if (root.includes(`${sep}node_modules${sep}`)) {
  // A namespace import: a named one would fail to link on the old Node before the re-exec above.
  nodeModule.registerHooks({
    resolve(specifier, context, nextResolve) {
      if (!specifier.startsWith("@/") || !context.parentURL?.startsWith("file:")) return nextResolve(specifier, context);
      const rel = relative(dirname(fileURLToPath(context.parentURL)), join(root, specifier.slice(2)));
      return nextResolve(rel.startsWith(".") ? rel : `./${rel}`, context);
    },
  });
}
// Before anything imports @kubernetes/client-node: the server needs its KubeConfig, not the generated API.
const { registerLazyClientGen } = await import("./lazy-client-gen.mjs");
registerLazyClientGen();
const { main } = await import("../lib/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
