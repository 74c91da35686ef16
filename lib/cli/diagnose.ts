import { parseArgs } from "node:util";
import { checkNamespaceFlags, checkOutputFlag, CLUSTER_FLAGS } from "./flags";
import { KubeConfigError, contextNamespace, loadClusterTarget } from "../kube/config";
import { KubeRequestError } from "../kube/informer";
import { RESOURCES, PRIMARY_KINDS } from "../kube/resources";
import { httpInformerIO } from "../kube/transport";
import { emptyStore, replaceKind, setDegraded, type Kind, type Store } from "../model/store";
import { diagnose } from "../diagnose/diagnose";
import type { Finding } from "../model/types";

const HELP = `Usage: rollscope diagnose [--kubeconfig F] [--context C] [-n NS | -A] [-o text|json]

Reads the namespace once and prints what is wrong with its rollouts and Services, with the
evidence and the command that fixes each finding.
Exit code: 0 no finding of severity error, 1 at least one, 2 usage or connection error.`;

/** `rollscope diagnose`: findings as text for people or JSON for scripts; exit code for CI. */
export async function diagnoseCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...CLUSTER_FLAGS,
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
  checkNamespaceFlags(values);
  let store: Store;
  let namespace: string | undefined;
  try {
    const target = loadClusterTarget({ kubeconfig: values.kubeconfig, context: values.context });
    namespace = values["all-namespaces"] ? undefined : (values.namespace ?? contextNamespace(target) ?? "default");
    store = await readOnce(target.kc, namespace);
  } catch (err) {
    if (err instanceof KubeConfigError || err instanceof KubeRequestError) {
      console.error(`rollscope diagnose: ${err.message}`);
      return 2;
    }
    throw err;
  }
  const findings = diagnose(store, { namespace, now: Date.now() });
  const degraded = Object.entries(store.degraded).map(([kind, message]) => ({ kind, message }));
  if (values.output === "json") console.log(JSON.stringify({ namespace: namespace ?? null, findings, degraded }, null, 2));
  else console.log(formatText(findings, namespace, degraded));
  return findings.some((f) => f.severity === "error") ? 1 : 0;
}

/** Lists every kind once. A kind we may not read degrades the answer; an unreachable cluster fails it. */
async function readOnce(kc: Parameters<typeof httpInformerIO>[0], namespace: string | undefined): Promise<Store> {
  let store = emptyStore();
  const read = async (kind: Kind) => {
    const res = await httpInformerIO(kc, RESOURCES[kind], namespace).list();
    store = replaceKind(store, kind, res.items as never);
  };
  for (const kind of PRIMARY_KINDS) {
    try {
      await read(kind);
    } catch (err) {
      if (!(err instanceof KubeRequestError) || err.statusCode === 0 || err.statusCode === 401) throw err;
      if (kind === "EndpointSlice") {
        try {
          await read("Endpoints");
          continue;
        } catch {
          // fall through: report EndpointSlice as degraded
        }
      }
      store = setDegraded(store, kind, err.message);
    }
  }
  return store;
}

const ICON: Record<Finding["severity"], string> = { error: "ERROR", warning: "WARN ", info: "INFO " };

function formatText(findings: Finding[], namespace: string | undefined, degraded: { kind: string; message: string }[]): string {
  const where = namespace ? `namespace ${namespace}` : "all namespaces";
  const lines: string[] = [];
  for (const d of degraded) lines.push(`could not read ${d.kind}: ${d.message}`);
  if (findings.length === 0) {
    lines.push(`No findings in ${where}: every rollout and Service looks healthy.`);
    return lines.join("\n");
  }
  const errors = findings.filter((f) => f.severity === "error").length;
  lines.push(`${findings.length} finding(s) in ${where}, ${errors} error(s):`, "");
  for (const f of findings) {
    lines.push(
      `${ICON[f.severity]} ${f.code}  ${f.object.kind.toLowerCase()}/${f.object.name}${namespace ? "" : ` -n ${f.object.namespace}`}`,
    );
    lines.push(`       ${f.message}`);
    for (const e of f.evidence) lines.push(`       · ${e}`);
    lines.push(`       fix: ${f.fix}`, "");
  }
  return lines.join("\n").trimEnd();
}
