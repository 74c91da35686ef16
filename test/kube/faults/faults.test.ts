/**
 * The dashboard's cluster reader under faults (issue 8), against the embedded lab cluster over
 * real HTTP through a fault-injecting proxy. Afterwards the hub's store must equal the cluster's
 * truth, object by object, resourceVersion by resourceVersion.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
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
import { rolloutsResponse } from "../../../lib/response";
import { startRecorder, type Recorder } from "../../../lib/timeline/recorder";
import { differencesFromTruth, storeOfRecording, TRUTH_RESOURCES, truthStore } from "../../support/kube/faults/truth";

const NS = "faults";

let lab: LabCluster;
let dir: string;
const kubectl = (...args: string[]) => kubectlWith(lab.kubeconfigPath, NS)(...args);
const { truth, seen, same: sameMap, inSync, diff } = labSync(() => lab, NS);

function hubVia(
  proxy: FaultProxy,
  informer: Parameters<typeof createHub>[0]["informer"] = { watchdogMs: 1500, backoffInitialMs: 100, backoffMaxMs: 800 },
): Hub {
  const kc = join(dir, `kc-${Math.random().toString(36).slice(2)}`);
  writeFileSync(
    kc,
    `apiVersion: v1
kind: Config
clusters: [{name: p, cluster: {server: "${proxy.url}"}}]
users: [{name: u, user: {token: lab}}]
contexts: [{name: p, context: {cluster: p, user: u}}]
current-context: p
`,
  );
  const target = loadClusterTarget({ kubeconfig: kc });
  const h = createHub({
    ioFor: (kind) => httpInformerIO(target.kc, RESOURCES[kind], NS),
    informer,
  });
  recorder = startRecorder(h, { source: "faults", namespace: NS, now: () => lab.clock.now() });
  return h;
}

let recorder: Recorder;

/**
 * The dashboard's views (what GET /api/rollouts serves) equal the views of `kubectl get -o json`,
 * and so does the recording replayed to its end: no change lost from the timeline.
 */
async function expectKubectlTruth(h: Hub): Promise<void> {
  const end = Date.now() + 15_000;
  let why: string[] = [];
  while (Date.now() < end) {
    const truth = truthStore(await kubectl("get", TRUTH_RESOURCES, "-o", "json"));
    const dashboard = rolloutsResponse(h.store, { namespace: NS, now: lab.clock.now() });
    why = differencesFromTruth(dashboard, truth, NS);
    const replayed = rolloutsResponse(storeOfRecording(recorder.text()).store, { namespace: NS, now: Date.parse(dashboard.generatedAt) });
    why.push(...differencesFromTruth(replayed, truth, NS).map((d) => `recording: ${d}`));
    if (why.length === 0) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  expect(why).toEqual([]);
}

let proxy: FaultProxy;
let hub: Hub | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "faults-"));
  lab = await startLabCluster({ timeScale: 10, kubeconfigOut: join(dir, "lab-kubeconfig") });
  await deployWorkload(kubectl, dir, NS);
});

afterEach(async () => {
  hub?.stop();
  hub = undefined;
  await proxy?.close().catch(() => {});
});

afterAll(async () => {
  await lab?.stop();
});

describe("faults", () => {
  it("API server unreachable mid-rollout: says stale since when, then equals the truth", async () => {
    proxy = await startFaultProxy(lab.server);
    hub = hubVia(proxy);
    await hub.whenSynced(10_000);
    await until("initial sync", () => inSync(hub!));
    expect(hub.status().stale).toBeUndefined();

    await proxy.down();
    await kubectl("set", "env", "deployment/inference", "VERSION=v2");
    await until("stale reported", () => hub!.status().stale !== undefined, 10_000);
    const stale = hub.status().stale!;
    expect(Number.isNaN(Date.parse(stale.since))).toBe(false);
    expect(stale.reason).toMatch(/127\.0\.0\.1|ECONNREFUSED|reach/i);
    await kubectl("rollout", "status", "deployment/inference", "--timeout=60s");

    await proxy.up();
    await until(
      "back in sync after the outage",
      () => inSync(hub!),
      20_000,
      () => diff(hub!) + JSON.stringify(hub!.status()),
    );
    await until(
      "stale cleared",
      () => hub!.status().stale === undefined,
      15_000,
      () => JSON.stringify(hub!.status()),
    );
    await expectKubectlTruth(hub);
  });

  it("connection refused for a full minute, with the production backoff: stale throughout, then the truth", async () => {
    proxy = await startFaultProxy(lab.server);
    hub = hubVia(proxy, undefined);
    await hub.whenSynced(10_000);
    await until("initial sync", () => inSync(hub!));
    await proxy.down();
    const downAt = Date.now();
    await kubectl("set", "env", "deployment/inference", `OUTAGE=${downAt}`);
    await until("stale reported", () => hub!.status().stale !== undefined, 15_000);
    const since = hub.status().stale!.since;
    while (Date.now() - downAt < 60_000) {
      await new Promise((r) => setTimeout(r, 1000));
      // Still saying so, and still since the start of the outage.
      expect(hub.status().stale?.since).toBe(since);
    }
    await proxy.up();
    // The informer's backoff is capped at 30 s: the next attempt comes within that.
    await until(
      "in sync after a minute down",
      () => inSync(hub!),
      45_000,
      () => diff(hub!),
    );
    await until("stale cleared", () => hub!.status().stale === undefined, 10_000);
    await expectKubectlTruth(hub);
  }, 150_000);

  it("410 Gone after compaction: relists and converges", async () => {
    proxy = await startFaultProxy(lab.server);
    hub = hubVia(proxy);
    await hub.whenSynced(10_000);
    await until("initial sync", () => inSync(hub!));
    await proxy.down();
    await kubectl("scale", "deployment/inference", "--replicas=4");
    await kubectl("rollout", "status", "deployment/inference", "--timeout=60s");
    lab.store.compact();
    expect(() => lab.store.changesSince(1)).toThrow(/too old/);
    await proxy.up();
    await until("relisted after 410", () => inSync(hub!));
    const live = Object.values(hub.store.objects.Pod).filter((p) => p.metadata.namespace === NS && !p.metadata.deletionTimestamp);
    expect(live).toHaveLength(4);
    await expectKubectlTruth(hub);
  });

  it("a watch that goes silent is restarted by the watchdog", async () => {
    proxy = await startFaultProxy(lab.server);
    hub = hubVia(proxy);
    await hub.whenSynced(10_000);
    await until("initial sync", () => inSync(hub!));
    proxy.freezeOpen();
    await kubectl("annotate", "deployment/inference", `rollscope.test/seq=${Date.now()}`, "--overwrite");
    await until("change seen through a fresh watch", () => inSync(hub!), 15_000);
    await expectKubectlTruth(hub);
  });

  it("403 on one kind degrades that part with a clear message, the rest keeps working", async () => {
    proxy = await startFaultProxy(lab.server);
    proxy.forbid(/\/pods(\?|$)/);
    hub = hubVia(proxy);
    await hub.whenSynced(10_000);
    await until("deployments read", () => sameMap(seen(hub!, "Deployment"), truth("deployments")));
    const pods = hub.status().degraded.find((d) => d.kind === "Pod");
    expect(pods?.message).toMatch(/^Forbidden: cannot list\/watch pods .*Grant get, list and watch on pods/);
    expect(Object.keys(seen(hub, "Pod"))).toEqual([]);
  });

  it("EndpointSlices forbidden: falls back to legacy Endpoints", async () => {
    proxy = await startFaultProxy(lab.server);
    proxy.forbid(/endpointslices/);
    hub = hubVia(proxy);
    await hub.whenSynced(10_000);
    await until(
      "endpoints fallback",
      () => hub!.status().endpointSource === "Endpoints" && Object.keys(hub!.store.objects.Endpoints).length > 0,
    );
    expect(hub.status().degraded.find((d) => d.kind === "EndpointSlice")).toBeUndefined();
  });
});
