import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface LabClusterHandle {
  kubeconfigPath: string;
  server: string;
  stop(): Promise<void> | void;
}

interface LabModule {
  startLabCluster(opts: { timeScale?: number }): Promise<LabClusterHandle>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const labEntry = path.join(here, "../../lib/labcluster/index.ts");

export function labClusterAvailable(): boolean {
  return existsSync(labEntry);
}

/** The embedded lab cluster (lib/labcluster), loaded lazily so the real-cluster harness works without it. */
export async function startLab(timeScale: number): Promise<LabClusterHandle> {
  if (!labClusterAvailable()) throw new Error(`lab cluster not found at ${labEntry}`);
  const mod = (await import(labEntry)) as LabModule;
  return mod.startLabCluster({ timeScale });
}
