/**
 * The lab cluster as a separate process for benches: the embedded API server without
 * controllers or kubelet (so churn is exactly the rate asked for), filled and churned on
 * command. Reads DriverCommand lines on stdin, writes DriverReply lines on stdout.
 * Usage: tsx bench/lab/driver.ts [--time-scale N]
 */
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { startLabCluster } from "@/lib/labcluster";
import { startChurn, type Churn } from "./churn";
import { startConveyor } from "./conveyor";
import { fillNamespace } from "./fill";
import type { DriverCommand, DriverReply } from "./protocol";

const reply = (r: DriverReply): void => {
  process.stdout.write(JSON.stringify(r) + "\n");
};

const { values } = parseArgs({ options: { "time-scale": { type: "string", default: "1" } } });
// A large history window: a watcher that falls behind during a 30,000-pod fill must not get 410.
const lab = await startLabCluster({ timeScale: Number(values["time-scale"]), controllers: false, kubelet: false, historyWindow: 100_000 });
let churn: Churn | undefined;

reply({ op: "ready", server: lab.server, kubeconfig: lab.kubeconfigPath, pid: process.pid });

const handle = async (cmd: DriverCommand): Promise<void> => {
  switch (cmd.op) {
    case "fill": {
      const t0 = Date.now();
      const objects = fillNamespace(lab.store, cmd.namespace, cmd.pods, cmd.podsPerDeployment);
      return reply({
        op: "filled",
        objects,
        pods: lab.store.list("pods", cmd.namespace).length,
        ms: Date.now() - t0,
        resourceVersion: lab.store.resourceVersion,
      });
    }
    case "churn":
      churn?.stop();
      churn = startChurn(lab.store, cmd.namespace, cmd.rate, cmd.subset);
      return reply({ op: "churning", pods: churn.pods });
    case "conveyor":
      churn?.stop();
      churn = startConveyor(lab.store, cmd.namespace, cmd.intervalMs);
      return reply({ op: "churning", pods: churn.pods });
    case "stop-churn": {
      const r = churn?.stop() ?? { writes: 0, seconds: 0, lagMaxMs: 0 };
      churn = undefined;
      return reply({ op: "churn-stopped", ...r });
    }
    case "exit":
      churn?.stop();
      await lab.stop();
      process.exit(0);
  }
};

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  try {
    await handle(JSON.parse(line) as DriverCommand);
  } catch (err) {
    reply({ op: "error", message: err instanceof Error ? err.message : String(err) });
  }
}
await lab.stop();
process.exit(0);
