import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadAllYaml } from "@kubernetes/client-node";
import { KubeConfigError, contextNamespace, hasClusterConfig, loadClusterTarget } from "../kube/config";
import { KubeRequestError } from "../kube/informer";
import type { RawObject } from "../model/raw";
import { planManifests, type ClusterState } from "../plan/plan";
import { planText } from "../plan/planText";
import { readClusterState } from "./readCluster";
import { checkOutputFlag, UsageError } from "./flags";

const HELP = `Usage: rollscope plan -f FILE|DIR [-f ...] [--kubeconfig F] [--context C] [-n NS] [--offline] [-o text|json]

What applying the manifests will make the controllers do, before you apply them: each step's old
and new pods, the peak pods and resources, whether they fit the nodes now, the expected duration
from the pods' observed readiness times, and the risks (no rollback target, surge that cannot be
scheduled, a deadline shorter than a pod's start, a budget that empties a Service or breaks a
PodDisruptionBudget, a blind readiness probe). With no cluster (or --offline) it lints the files.
Exit code: 0 no error-level risk, 1 at least one, 2 usage or connection error.`;

/** `rollscope plan`: the rollout a manifest will cause, and its risks. */
export async function planCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      filename: { type: "string", short: "f", multiple: true },
      kubeconfig: { type: "string" },
      context: { type: "string" },
      namespace: { type: "string", short: "n" },
      offline: { type: "boolean" },
      output: { type: "string", short: "o", default: "text" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  checkOutputFlag(values.output);
  if (!values.filename?.length) throw new UsageError("-f FILE|DIR is required");
  const manifests = values.filename.flatMap(readManifests);
  let cluster: ClusterState | undefined;
  let namespace = values.namespace ?? "default";
  const explicit = values.kubeconfig !== undefined || values.context !== undefined;
  if (!values.offline && (explicit || hasClusterConfig({}))) {
    try {
      const target = loadClusterTarget({ kubeconfig: values.kubeconfig, context: values.context });
      namespace = values.namespace ?? contextNamespace(target) ?? "default";
      const namespaces = [...new Set(manifests.map((m) => m.metadata.namespace ?? namespace))];
      cluster = await readClusterState(target.kc, namespaces);
    } catch (err) {
      if (!(err instanceof KubeConfigError || err instanceof KubeRequestError)) throw err;
      console.error(`rollscope plan: ${err.message}`);
      return 2;
    }
  }
  const plan = planManifests(manifests, cluster, namespace);
  console.log(values.output === "json" ? JSON.stringify(plan, null, 2) : planText(plan));
  return plan.findings.some((f) => f.severity === "error") ? 1 : 0;
}

/** The objects of a YAML/JSON file, or of every such file in a directory (List kinds unwrapped). */
function readManifests(path: string): RawObject[] {
  let files: string[];
  try {
    files = statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((f) => /\.(ya?ml|json)$/.test(f))
          .sort()
          .map((f) => join(path, f))
      : [path];
  } catch {
    throw new UsageError(`-f ${path}: no such file or directory`);
  }
  return files.flatMap((file) => {
    let docs: unknown[];
    try {
      docs = loadAllYaml(readFileSync(file, "utf8"));
    } catch (err) {
      throw new UsageError(`${file}: ${(err as Error).message.split("\n")[0]}`);
    }
    return docs.flatMap(unwrap);
  });
}

function unwrap(doc: unknown): RawObject[] {
  if (!doc || typeof doc !== "object") return [];
  const o = doc as RawObject & { items?: unknown[] };
  if (typeof o.kind === "string" && o.kind.endsWith("List") && Array.isArray(o.items)) return o.items.flatMap(unwrap);
  return [{ ...o, metadata: o.metadata ?? {} }];
}
