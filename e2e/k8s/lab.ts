import { startLabCluster, type LabCluster } from "../../lib/labcluster/index";

export type LabClusterHandle = LabCluster;

/** The embedded lab cluster (controllers + lab kubelet), the other side of the comparison. */
export async function startLab(timeScale: number): Promise<LabClusterHandle> {
  return startLabCluster({ timeScale });
}
