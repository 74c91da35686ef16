/**
 * A token that expires (issue 8), end to end: the embedded lab cluster authenticates by bearer
 * token, the dashboard reads it over real HTTP through the fault proxy. When the cluster starts
 * answering 401 the hub must say the data is stale (since when, why, what to do), re-read its
 * credentials before every retry — re-running an exec plugin whose cached credential claims to be
 * good for years — and, once the user has fresh credentials, resume by itself and equal the
 * cluster's truth again, object by object, resourceVersion by resourceVersion.
 */
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startLabCluster, type LabCluster } from "../../../lib/labcluster/index";
import { loadClusterTarget } from "../../../lib/kube/config";
import { createHub, type Hub } from "../../../lib/kube/hub";
import { RESOURCES } from "../../../lib/kube/resources";
import { httpInformerIO } from "../../../lib/kube/transport";
import { startFaultProxy, type FaultProxy } from "../../support/kube/faults/proxy";
import { deployWorkload, kubectlWith, labSync, until } from "../../support/kube/faults/support";

const NS = "tokens";
const TIME_SCALE = 10;

let lab: LabCluster;
let dir: string;
let proxy: FaultProxy | undefined;
let hub: Hub | undefined;
const kubectl = (...args: string[]) => kubectlWith(lab.kubeconfigPath, NS)(...args);
const { inSync, diff } = labSync(() => lab, NS);

/** Replaces a file in one step, as `kubectl config set-credentials` or a login helper would: no half-written reads. */
function replaceFile(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/** The dashboard's kubeconfig: the proxy (plain http to us, https to the lab) with `user`. */
function dashboardKubeconfig(user: Record<string, unknown>): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "lab", cluster: { server: proxy!.url } }],
    users: [{ name: "dev", user }],
    contexts: [{ name: "lab", context: { cluster: "lab", user: "dev" } }],
    "current-context": "lab",
  });
}

/** The hub as `rollscope serve` builds it, reading `kubeconfig`; the watchdog stays at its default (watches stay open). */
function hubFor(kubeconfig: string): Hub {
  const target = loadClusterTarget({ kubeconfig }, {} as unknown as NodeJS.ProcessEnv);
  return createHub({
    ioFor: (kind) => httpInformerIO(target.credentials, RESOURCES[kind], NS),
    credentials: target.credentials,
    informer: { backoffInitialMs: 100, backoffMaxMs: 800 },
  });
}

const expectUnauthorized = (h: Hub, origin: string) => {
  const st = h.status();
  expect(st.stale?.reason).toMatch(
    new RegExp(
      `^Unauthorized: the cluster rejected Rollscope's credentials from ${origin.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} \\(token expired or revoked\\)\\. Rollscope re-reads`,
    ),
  );
  expect(Number.isNaN(Date.parse(st.stale!.since))).toBe(false);
  expect(st.degraded).toEqual([]);
  expect(st.unreachable).toBeUndefined();
  return st.stale!;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tokens-"));
  lab = await startLabCluster({ auth: true, timeScale: TIME_SCALE, kubeconfigOut: join(dir, "lab-kubeconfig") });
  await deployWorkload(kubectl, dir, NS);
});

afterEach(async () => {
  hub?.stop();
  hub = undefined;
  await proxy?.close().catch(() => {});
  proxy = undefined;
});

afterAll(async () => {
  await lab?.stop();
});

describe("a token that expires", () => {
  it("exec plugin: stale with the reason once the token has expired, then re-runs the plugin and resumes with the fresh token", async () => {
    proxy = await startFaultProxy(lab.server);
    // The plugin prints the token in plugin-token and claims it is good until 2099: only a 401 can
    // make Rollscope run it again. It counts its runs in plugin-runs.
    const plugin = join(dir, "plugin.mjs");
    writeFileSync(
      plugin,
      `import { appendFileSync, readFileSync } from "node:fs";
appendFileSync(${JSON.stringify(join(dir, "plugin-runs"))}, "x");
const token = readFileSync(${JSON.stringify(join(dir, "plugin-token"))}, "utf8").trim();
console.log(JSON.stringify({ apiVersion: "client.authentication.k8s.io/v1", kind: "ExecCredential", status: { token, expirationTimestamp: "2099-01-01T00:00:00Z" } }));
`,
    );
    const runs = () => readFileSync(join(dir, "plugin-runs"), "utf8").length;
    const ttl = 10_000 * TIME_SCALE; // 10 s of wall time
    const t1 = lab.auth!.issue(ttl);
    const expiresAt = lab.clock.now() + ttl;
    replaceFile(join(dir, "plugin-token"), t1);
    const kubeconfig = join(dir, "exec-kubeconfig");
    replaceFile(
      kubeconfig,
      dashboardKubeconfig({
        exec: { apiVersion: "client.authentication.k8s.io/v1", command: process.execPath, args: [plugin], interactiveMode: "Never" },
      }),
    );

    hub = hubFor(kubeconfig);
    await hub.whenSynced(10_000);
    await until(
      "initial sync",
      () => inSync(hub!),
      30_000,
      () => diff(hub!),
    );
    await kubectl("set", "env", "deployment/inference", "VERSION=v2");
    expect(lab.clock.now(), "the hub synced before T1 expired").toBeLessThan(expiresAt);
    await until("T1 expired", () => lab.clock.now() > expiresAt + 100, 30_000);

    // Authenticated when they started: the open watches keep streaming with the expired token.
    await kubectl("annotate", "deployment/inference", "rollscope.test/after-expiry=1", "--overwrite");
    await until(
      "a change after expiry seen through the open watches",
      () =>
        hub!.store.objects.Deployment &&
        Object.values(hub!.store.objects.Deployment).some((d) => d.metadata.annotations?.["rollscope.test/after-expiry"] === "1"),
      15_000,
    );
    expect(hub.status().stale).toBeUndefined();

    // The watches end (a server restart or a watch timeout would do the same); resuming needs T1.
    proxy.endOpen();
    await until(
      "stale reported",
      () => hub!.status().stale !== undefined,
      15_000,
      () => JSON.stringify(hub!.status()),
    );
    const stale = expectUnauthorized(hub, kubeconfig);
    await kubectl("set", "env", "deployment/inference", "VERSION=v3");
    await kubectl("rollout", "status", "deployment/inference", "--timeout=60s");
    await new Promise((r) => setTimeout(r, 1500));
    expect(inSync(hub), "nothing gets through with the expired token").toBe(false);
    expect(hub.status().stale).toEqual(stale);

    // The user logs in again: the plugin now prints a fresh token.
    const before = runs();
    replaceFile(join(dir, "plugin-token"), lab.auth!.issue(3_600_000));
    await until(
      "back in sync with T2",
      () => inSync(hub!),
      30_000,
      () => diff(hub!) + JSON.stringify(hub!.status()),
    );
    await until(
      "stale cleared",
      () => hub!.status().stale === undefined,
      15_000,
      () => JSON.stringify(hub!.status()),
    );
    expect(runs()).toBeGreaterThan(before);
    const dep = Object.values(hub.store.objects.Deployment).find((d) => d.metadata.namespace === NS)!;
    expect(JSON.stringify(dep)).toContain('"value":"v3"');
  }, 150_000);

  it("static token: revoked → stale with the reason (and a broken rewrite named in it); the rewritten kubeconfig resumes", async () => {
    proxy = await startFaultProxy(lab.server);
    const t1 = lab.auth!.issue(3_600_000);
    const kubeconfig = join(dir, "token-kubeconfig");
    replaceFile(kubeconfig, dashboardKubeconfig({ token: t1 }));
    hub = hubFor(kubeconfig);
    await hub.whenSynced(10_000);
    await until(
      "initial sync",
      () => inSync(hub!),
      30_000,
      () => diff(hub!),
    );

    lab.auth!.revoke(t1);
    proxy.endOpen();
    await until(
      "stale reported",
      () => hub!.status().stale !== undefined,
      15_000,
      () => JSON.stringify(hub!.status()),
    );
    const stale = expectUnauthorized(hub, kubeconfig);
    await kubectl("scale", "deployment/inference", "--replicas=2");

    // A login helper leaves a broken file: the old credentials stay, the reason says why.
    replaceFile(kubeconfig, "clusters: [ {");
    await until(
      "reason names the failed re-read",
      () => /Re-reading them failed, so the previous ones are still in use: cannot read kubeconfig/.test(hub!.status().stale?.reason ?? ""),
      15_000,
      () => JSON.stringify(hub!.status()),
    );
    expect(hub.status().stale?.since).toBe(stale.since);

    replaceFile(kubeconfig, dashboardKubeconfig({ token: lab.auth!.issue(3_600_000) }));
    await kubectl("rollout", "status", "deployment/inference", "--timeout=60s");
    await until(
      "back in sync with T2",
      () => inSync(hub!),
      30_000,
      () => diff(hub!) + JSON.stringify(hub!.status()),
    );
    await until(
      "stale cleared",
      () => hub!.status().stale === undefined,
      15_000,
      () => JSON.stringify(hub!.status()),
    );
    const pods = Object.values(hub.store.objects.Pod).filter((p) => p.metadata.namespace === NS && !p.metadata.deletionTimestamp);
    expect(pods).toHaveLength(2);
  }, 150_000);
});
