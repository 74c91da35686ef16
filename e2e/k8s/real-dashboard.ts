/**
 * The live-cluster path proven on real objects (issue 4 item 4, issue 8 item 4):
 * 1. the Helm chart (chart/, rendered by `helm template` with helm from scripts/build-helm.sh) is
 *    applied to the real control plane and `kubectl auth can-i`, as Rollscope's ServiceAccount,
 *    proves the role reads exactly what it needs and writes nothing (deploy/rollscope.yaml is the
 *    same chart rendered, kept in sync by scripts/chart.test.ts);
 * 2. the dashboard e2e (rolling, stuck + undo, blue-green) runs against the real control plane:
 *    `rollscope serve --kubeconfig <real>` in Chromium, driven by the real kubectl.
 * Prints one line `N passed, N failed`.
 */
import { execFile, execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { startRealCluster } from "./cluster";

const root = join(import.meta.dirname, "..", "..");
const cluster = await startRealCluster({ nodeCount: 3 });
let passed = 0;
let failed = 0;
const kubectl = (...args: string[]) =>
  promisify(execFile)(cluster.binaries.kubectl, [`--kubeconfig=${cluster.kubeconfigPath}`, ...args], {
    encoding: "utf8",
    timeout: 60_000,
  }).then(
    (r) => ({ code: 0, out: r.stdout.trim() }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, out: `${e.stdout ?? ""}${e.stderr ?? ""}`.trim() }),
  );

/** chart/ rendered as `helm install rollscope chart -n rollscope --create-namespace` would apply it. */
function renderChart(): string {
  const helm = execFileSync("bash", [join(root, "scripts", "build-helm.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })
    .trim()
    .split("\n")
    .pop()!;
  const args = ["template", "rollscope", join(root, "chart"), "--namespace", "rollscope", "--set", "createNamespace=true"];
  const file = join(cluster.dir, "chart-rendered.yaml");
  writeFileSync(file, execFileSync(helm, args, { encoding: "utf8" }));
  return file;
}

try {
  const applied = await kubectl("apply", "-f", renderChart());
  const ok =
    applied.code === 0 &&
    /secret\/rollscope-token created/.test(applied.out) &&
    /clusterrole.rbac.authorization.k8s.io\/rollscope-read created/.test(applied.out);
  console.log(`${ok ? "✓" : "✗"} kubectl apply -f <helm template chart/>${ok ? "" : `: ${applied.out}`}`);
  if (ok) passed++;
  else failed++;
  const as = "--as=system:serviceaccount:rollscope:rollscope";
  const expectations: [string[], "yes" | "no"][] = [
    [["list", "pods", "-A"], "yes"],
    [["watch", "deployments.apps", "-A"], "yes"],
    [["watch", "replicasets.apps", "-A"], "yes"],
    [["watch", "endpointslices.discovery.k8s.io", "-A"], "yes"],
    [["watch", "services", "-A"], "yes"],
    [["list", "events", "-A"], "yes"],
    [["watch", "nodes"], "yes"],
    [["watch", "poddisruptionbudgets.policy", "-A"], "yes"],
    [["get", "secrets", "-A"], "no"],
    [["create", "deployments.apps", "-n", "default"], "no"],
    [["patch", "services", "-n", "default"], "no"],
    [["delete", "pods", "-n", "default"], "no"],
    [["update", "deployments.apps/scale", "-n", "default"], "no"],
  ];
  for (const [args, want] of expectations) {
    const r = await kubectl("auth", "can-i", as, ...args);
    const got = r.out.split("\n")[0];
    const good = got === want;
    console.log(`${good ? "✓" : "✗"} can-i ${args.join(" ")} → ${got} (want ${want})`);
    if (good) passed++;
    else failed++;
  }

  // The dashboard e2e against the real control plane (the same specs as on the lab cluster).
  const pw = spawn(
    join(root, "node_modules", ".bin", "playwright"),
    ["test", "e2e/rollouts.spec.ts", "--grep", "rolling update|stuck v3|blue-green", "--reporter=list"],
    {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
      env: {
        ...process.env,
        E2E_KUBECONFIG: cluster.kubeconfigPath,
        E2E_LAB_KUBECONFIG: cluster.kubeconfigPath,
        E2E_PORT: String(5100 + (process.pid % 700)),
      },
    },
  );
  let out = "";
  pw.stdout.on("data", (d: Buffer) => {
    out += d;
    process.stdout.write(d);
  });
  const code: number = await new Promise((r) => pw.on("close", (c) => r(c ?? 1)));
  const ran = [...out.matchAll(/^\s+(✓|✘|×)\s/gm)];
  const good = ran.filter((m) => m[1] === "✓").length;
  passed += good;
  failed += ran.length - good;
  if (ran.length === 0 || (code !== 0 && ran.length === good)) failed++;
} finally {
  await cluster.stop();
}
console.log(`real control plane, dashboard and RBAC: ${passed} passed, ${failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
