/**
 * What the soak's cluster does: a few namespaces of Deployments + Services set up with kubectl,
 * a rollout every few seconds for the whole run (`kubectl set env` with a unique stamp, now and
 * then `kubectl scale`), and a `kubectl get deployments -A -w` beside the dashboard that notes
 * when each stamp reached a plain watch (the baseline the dashboard's lag is measured against).
 */
import { execFile, spawn } from "node:child_process";
import { wallMs } from "../lib/clock";
import { jsonValueSplitter } from "../browser/json-stream";
import { STAMP_ENV } from "./stream-client";

export interface Workload {
  namespaces: string[];
  deployments: { namespace: string; name: string }[];
}

export function soakWorkload(namespaces: number, perNamespace: number): Workload {
  const ns = Array.from({ length: namespaces }, (_, i) => `soak-${String.fromCharCode(97 + i)}`);
  const names = ["web", "api", "worker", "cache", "queue"].slice(0, perNamespace);
  return { namespaces: ns, deployments: ns.flatMap((namespace) => names.map((name) => ({ namespace, name }))) };
}

/** Namespaces, Deployments (3 replicas, ready after ~1 s, 2 s grace) and a Service per Deployment. */
export function workloadManifest(w: Workload): string {
  const docs: string[] = w.namespaces.map((ns) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }`);
  for (const { namespace, name } of w.deployments) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${namespace}, labels: { app: ${name} } }
spec:
  replicas: 3
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      terminationGracePeriodSeconds: 2
      containers:
        - name: app
          image: busybox:1.36
          command: ["sh", "-c", "sleep 1; touch /tmp/ready; sleep infinity"]
          env: [{ name: ${STAMP_ENV}, value: "0-0" }]
          ports: [{ containerPort: 8080 }]
          readinessProbe:
            exec: { command: ["cat", "/tmp/ready"] }
            periodSeconds: 1`);
    docs.push(`apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { app: ${name} }
  ports: [{ port: 80, targetPort: 8080 }]`);
  }
  return docs.join("\n---\n") + "\n";
}

/** Runs kubectl against `kubeconfig`; resolves with stdout, rejects with the first stderr line. */
export function kubectl(kubeconfig: string, args: string[], input?: string): Promise<string> {
  return new Promise((ok, fail) => {
    const child = execFile("kubectl", args, { env: { ...process.env, KUBECONFIG: kubeconfig }, timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) fail(new Error(`kubectl ${args.join(" ")}: ${stderr.split("\n")[0] || err.message}`));
      else ok(stdout);
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

export interface RolloutLoop {
  /** Stamps written so far: stamp → { namespace, write start (wall ms) }. */
  stamps: Map<string, { namespace: string; writtenAt: number }>;
  rollouts: number;
  scales: number;
  failures: number;
  /** kubectl run times (spawn → exit), ms. */
  kubectlMs: number[];
  stop(): Promise<void>;
}

/**
 * Every `everyMs`, the next Deployment (round robin) gets a new rollout (`kubectl set env` with a
 * fresh stamp); every fifth write is a `kubectl scale` between 2 and 5 replicas instead.
 */
export function startRollouts(kubeconfig: string, w: Workload, everyMs: number, log: (msg: string) => void): RolloutLoop {
  const loop: RolloutLoop = { stamps: new Map(), rollouts: 0, scales: 0, failures: 0, kubectlMs: [], stop: async () => undefined };
  let n = 0;
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  const tick = async () => {
    const d = w.deployments[n % w.deployments.length]!;
    n++;
    const t0 = wallMs();
    try {
      if (n % 5 === 0) {
        await kubectl(kubeconfig, ["scale", `deployment/${d.name}`, "-n", d.namespace, `--replicas=${2 + (n % 4)}`]);
        loop.scales++;
      } else {
        const stamp = `${n}-${Math.round(t0)}`;
        loop.stamps.set(stamp, { namespace: d.namespace, writtenAt: t0 });
        await kubectl(kubeconfig, ["set", "env", `deployment/${d.name}`, "-n", d.namespace, `${STAMP_ENV}=${stamp}`]);
        loop.rollouts++;
      }
      loop.kubectlMs.push(wallMs() - t0);
    } catch (err) {
      loop.failures++;
      log(`rollout write failed: ${(err as Error).message}`);
    }
  };
  const schedule = (at: number) => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        current = tick();
        schedule(at + everyMs);
      },
      Math.max(0, at - Date.now()),
    );
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  schedule(Date.now());
  loop.stop = async () => {
    stopped = true;
    clearTimeout(timer);
    await current;
  };
  return loop;
}

export interface DeploymentWatch {
  /** Stamp → first receipt by `kubectl get deployments -A -w` (wall ms). */
  receipts: Map<string, number>;
  stop(): void;
}

interface WatchEvent {
  object: { spec?: { template?: { spec?: { containers?: { env?: { name: string; value?: string }[] }[] } } }; items?: unknown[] };
}

export function watchDeployments(kubeconfig: string): DeploymentWatch {
  const child = spawn("kubectl", ["get", "deployments", "-A", "-w", "--output-watch-events", "-o", "json"], {
    env: { ...process.env, KUBECONFIG: kubeconfig },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr.on("data", (b: Buffer) => process.stderr.write(`kubectl watch: ${b}`));
  const w: DeploymentWatch = { receipts: new Map(), stop: () => child.kill("SIGTERM") };
  let receivedAt = 0;
  const split = jsonValueSplitter((text) => {
    const ev = JSON.parse(text) as WatchEvent;
    for (const c of ev.object.spec?.template?.spec?.containers ?? []) {
      const stamp = c.env?.find((e) => e.name === STAMP_ENV)?.value;
      if (stamp && !w.receipts.has(stamp)) w.receipts.set(stamp, receivedAt);
    }
  });
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    receivedAt = wallMs();
    split(chunk);
  });
  return w;
}
