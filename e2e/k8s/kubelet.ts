import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ScaledClock, type Clock } from "../../lib/labcluster/clock";

export interface KubeletHandle {
  stop(): Promise<void> | void;
}

interface KubeletModule {
  startKubelet(opts: { kubeconfigPath: string; clock: Clock; nodeCount: number }): Promise<KubeletHandle>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const kubeletEntry = path.join(here, "../../lib/labcluster/kubelet/index.ts");

export function labKubeletAvailable(): boolean {
  return existsSync(kubeletEntry);
}

/**
 * The lab kubelet (lib/labcluster/kubelet) against a real apiserver, on wall time (scale 1)
 * because the real controllers run on wall time.
 */
export async function startLabKubelet(opts: { kubeconfigPath: string; nodeCount: number }): Promise<KubeletHandle> {
  if (!labKubeletAvailable()) throw new Error(`lab kubelet not found at ${kubeletEntry}`);
  const mod = (await import(kubeletEntry)) as KubeletModule;
  return mod.startKubelet({ kubeconfigPath: opts.kubeconfigPath, clock: new ScaledClock(1), nodeCount: opts.nodeCount });
}
