/**
 * Refreshes the vendored protobuf schema from the Go module cache at the Kubernetes version pinned
 * in e2e/k8s/kube/go.mod (run `go mod download` there first, or let e2e/k8s/build.sh do it):
 *   npx tsx lib/labcluster/protobuf/refresh.ts
 * - copies the generated.proto files the served kinds need (and their imports) into proto/,
 *   licence headers intact;
 * - writes descriptor.json, protobufjs's JSON form of those files (loaded at run time, so the lab
 *   needs no .proto parsing and no Go);
 * - writes gotags.json: for each message, the Go field's JSON name, omitempty/omitzero and Go kind
 *   (pointer, struct, slice…), dumped by e2e/k8s/kube/prototags from the Go types themselves.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadProtoRoot, PROTO_ROOTS } from "./proto-files";

const here = dirname(fileURLToPath(import.meta.url));
const kubeModule = join(here, "../../../e2e/k8s/kube");
const release = /^require k8s\.io\/kubernetes (v1\.(\d+)\.(\d+))/m.exec(readFileSync(join(kubeModule, "go.mod"), "utf8"));
if (!release) throw new Error("no k8s.io/kubernetes require in e2e/k8s/kube/go.mod");
const staging = `v0.${release[2]}.${release[3]}`;
const modcache = execFileSync("go", ["env", "GOMODCACHE"], {
  encoding: "utf8",
}).trim();

/** k8s.io/api/core/v1/generated.proto → the file in the module cache. */
function cached(importPath: string): string {
  const [, mod, rest] = /^k8s\.io\/(api|apimachinery)\/(.*)$/.exec(importPath)!;
  return join(modcache, `k8s.io/${mod}@${staging}`, rest!);
}

const out = join(here, "proto");
rmSync(out, { recursive: true, force: true });
const queue = [...PROTO_ROOTS];
const done = new Set<string>();
while (queue.length) {
  const file = queue.pop()!;
  if (done.has(file)) continue;
  done.add(file);
  const src = cached(file);
  mkdirSync(dirname(join(out, file)), { recursive: true });
  copyFileSync(src, join(out, file));
  for (const m of readFileSync(src, "utf8").matchAll(/^import "([^"]+)";/gm)) queue.push(m[1]!);
}

writeFileSync(join(here, "descriptor.json"), JSON.stringify(loadProtoRoot(out).toJSON({ keepComments: false })) + "\n");
const tags = execFileSync("go", ["run", "./prototags"], {
  cwd: kubeModule,
  encoding: "utf8",
  env: { ...process.env, GOFLAGS: "-mod=readonly", GOPROXY: "off" },
});
writeFileSync(join(here, "gotags.json"), JSON.stringify(Object.fromEntries(JSON.parse(tags) as [string, unknown][])) + "\n");
console.log(`${done.size} .proto files from ${modcache} (${release[1]})`);
