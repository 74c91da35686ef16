#!/usr/bin/env node
// `node scripts/pack.mjs [--out DIR]`: the npm tarball, with the dashboard's production build
// (.next) inside, so `npx rollscope serve` needs no build step and no devDependencies.
// The build runs in a temporary copy of the work tree (node_modules hard-linked): the repo's own
// .next is shared by everyone's Playwright runs and is never touched.
// Prints the tarball's absolute path as the last line of stdout; logs go to stderr.
import { execFileSync, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const log = (msg) => console.error(`pack: ${msg}`);

function run(cmd, args, cwd) {
  // The project's own Node 24 first on PATH: the Kubernetes client needs Node >= 22.19 while
  // next build loads the routes, and the system Node may be older.
  const PATH = `${join(cwd, "node_modules", ".bin")}:${process.env.PATH ?? ""}`;
  const r = spawnSync(cmd, args, {
    cwd,
    stdio: ["ignore", 2, 2],
    env: { ...process.env, PATH, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status ?? r.signal})`);
}

// What the package and its production build need; tests, e2e, bench and scripts stay out (next
// build type-checks every .ts file it finds, and they are not shipped).
const SHIPPED_DIRS = new Set(["app", "bin", "components", "labs", "lib", "public", "recordings"]);
const SHIPPED_FILES = new Set(["next.config.js", "package.json", "postcss.config.mjs", "proxy.ts", "README.md", "tsconfig.json"]);
const shipped = (f) => (SHIPPED_FILES.has(f) || SHIPPED_DIRS.has(f.split("/")[0])) && !/\.test\.tsx?$/.test(f);

/** The shipped part of the work tree as git sees it (tracked and untracked-but-not-ignored), copied to `dest`. */
function copyWorkTree(dest) {
  const listed = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: root, encoding: "utf8" });
  for (const f of listed.split("\0").filter(shipped)) {
    if (!existsSync(join(root, f))) continue; // deleted in the work tree
    mkdirSync(dirname(join(dest, f)), { recursive: true });
    cpSync(join(root, f), join(dest, f));
  }
  // Turbopack refuses a node_modules symlinked from outside its root; hard links cost nothing.
  const r = spawnSync("cp", ["-al", join(root, "node_modules"), join(dest, "node_modules")], { stdio: ["ignore", 2, 2] });
  if (r.status !== 0) cpSync(join(root, "node_modules"), join(dest, "node_modules"), { recursive: true, verbatimSymlinks: true });
}

/** The paths inside external `name` (e.g. "dist/config.js") that the server chunks import. */
function subpathsOf(nextDir, name) {
  const chunks = join(nextDir, "server", "chunks");
  if (!existsSync(chunks)) return [];
  const found = new Set();
  const quoted = name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const re = new RegExp(`["']${quoted}/([\\w./-]+\\.js)["']`, "g");
  for (const f of readdirSync(chunks)) {
    if (!f.endsWith(".js")) continue;
    for (const m of readFileSync(join(chunks, f), "utf8").matchAll(re)) found.add(m[1]);
  }
  return [...found];
}

/**
 * Turbopack reaches serverExternalPackages through hashed symlinks in .next/node_modules
 * (@kubernetes/client-node-<hash> → ../../../node_modules/…). An installed package has its
 * dependencies hoisted elsewhere and npm pack drops symlinks, so each becomes a one-line ESM
 * package that re-exports the real one by name, resolved the ordinary way.
 */
function shimExternals(nextDir) {
  const base = join(nextDir, "node_modules");
  if (!existsSync(base)) return;
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (!lstatSync(p).isSymbolicLink()) {
        if (lstatSync(p).isDirectory()) walk(p);
        continue;
      }
      const target = readlinkSync(p).split("node_modules/").pop();
      rmSync(p);
      mkdirSync(p);
      writeFileSync(join(p, "package.json"), JSON.stringify({ type: "module", main: "index.js" }) + "\n");
      writeFileSync(join(p, "index.js"), `export * from ${JSON.stringify(target)};\n`);
      // A module of the package imported by its path (lib/kube/config.ts: …/dist/config.js) gets a shim of its own.
      for (const sub of subpathsOf(nextDir, p.slice(base.length + 1))) {
        mkdirSync(dirname(join(p, sub)), { recursive: true });
        writeFileSync(join(p, sub), `export * from ${JSON.stringify(`${target}/${sub}`)};\n`);
      }
      log(`external ${p.slice(base.length + 1)} → ${target}`);
    }
  };
  walk(base);
}

/**
 * The prebuilt .next runs only with the Next.js (and React) it was built with: a caret range let
 * an install pick next 16.5.0 for a 16.4.6 build and every page answered 500. The packed
 * package.json (never the repo's) gets each dependency at the exact version package-lock.json
 * holds; npm ignores an npm-shrinkwrap.json in a tarball installed this way.
 */
function pinDependencies(work) {
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8"));
  const pkg = JSON.parse(readFileSync(join(work, "package.json"), "utf8"));
  for (const name of Object.keys(pkg.dependencies ?? {})) {
    const locked = lock.packages?.[`node_modules/${name}`]?.version;
    if (!locked) throw new Error(`${name} is not in package-lock.json: run npm install first`);
    pkg.dependencies[name] = locked;
  }
  writeFileSync(join(work, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
}

function main() {
  const { values } = parseArgs({ options: { out: { type: "string", default: root } } });
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), "rollscope-pack-"));
  try {
    log(`copying the work tree to ${work}`);
    copyWorkTree(work);
    const t0 = Date.now();
    run(join(work, "node_modules", ".bin", "node"), [join(work, "node_modules", "next", "dist", "bin", "next"), "build"], work);
    log(`next build took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    shimExternals(join(work, ".next"));
    pinDependencies(work);
    const json = execFileSync("npm", ["pack", "--json", "--pack-destination", out], {
      cwd: work,
      encoding: "utf8",
      stdio: ["ignore", "pipe", 2],
    });
    const [info] = JSON.parse(json);
    log(
      `${info.filename}: ${(info.size / 1e6).toFixed(1)} MB packed, ${(info.unpackedSize / 1e6).toFixed(1)} MB unpacked, ${info.entryCount} files`,
    );
    console.log(join(out, info.filename));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
