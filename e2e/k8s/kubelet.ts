import { ScaledClock } from "../../lib/labcluster/clock";
import { startKubelet, type KubeletHandle } from "../../lib/labcluster/kubelet/index";

export type { KubeletHandle } from "../../lib/labcluster/kubelet/index";

/**
 * The lab kubelet (lib/labcluster/kubelet) against a real apiserver, on wall time (scale 1)
 * because the real controllers run on wall time.
 */
export async function startLabKubelet(opts: {
  kubeconfigPath: string;
  nodeCount: number;
  log?: (msg: string) => void;
}): Promise<KubeletHandle> {
  return startKubelet({ kubeconfigPath: opts.kubeconfigPath, clock: new ScaledClock(1), nodeCount: opts.nodeCount, log: opts.log });
}
