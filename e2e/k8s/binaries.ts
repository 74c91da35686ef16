import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface K8sBinaries {
  dir: string;
  etcd: string;
  apiserver: string;
  controllerManager: string;
  kubectl: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));

export function binariesIn(dir: string): K8sBinaries {
  return {
    dir,
    etcd: path.join(dir, "etcd"),
    apiserver: path.join(dir, "kube-apiserver"),
    controllerManager: path.join(dir, "kube-controller-manager"),
    kubectl: path.join(dir, "kubectl"),
  };
}

/**
 * Runs e2e/k8s/build.sh (a no-op when the cache is warm) and returns the binaries.
 * `ROLLSCOPE_K8S_BIN=<dir>` skips the build and uses that directory.
 */
export async function ensureBinaries(onLog: (line: string) => void = (l) => process.stderr.write(l)): Promise<K8sBinaries> {
  const preset = process.env.ROLLSCOPE_K8S_BIN;
  if (preset) {
    const bins = binariesIn(preset);
    for (const p of [bins.etcd, bins.apiserver, bins.controllerManager, bins.kubectl]) {
      if (!existsSync(p)) throw new Error(`ROLLSCOPE_K8S_BIN=${preset} has no ${path.basename(p)}`);
    }
    return bins;
  }
  const child = spawn("bash", [path.join(here, "build.sh")], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr.on("data", (b: Buffer) => onLog(b.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  if (code !== 0) throw new Error(`e2e/k8s/build.sh failed (exit ${code})`);
  const dir = out.trim().split("\n").pop() ?? "";
  return binariesIn(dir);
}
