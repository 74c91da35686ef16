import { spawn } from "node:child_process";

export interface KubectlTarget {
  kubectl: string;
  kubeconfigPath: string;
  cacheDir: string;
}

export async function runKubectl(
  t: KubectlTarget,
  namespace: string,
  args: string[],
  stdin?: string,
): Promise<{ exit: number; out: string }> {
  const child = spawn(t.kubectl, [`--kubeconfig=${t.kubeconfigPath}`, `--cache-dir=${t.cacheDir}`, "-n", namespace, ...args], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr.on("data", (b: Buffer) => (out += b.toString()));
  child.stdin.end(stdin ?? "");
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  // "close", not "exit": exit can fire before the last stdout chunk has been read.
  const exit = await new Promise<number>((resolve) => child.once("close", (code) => resolve(code ?? -1)));
  clearTimeout(timer);
  return { exit, out };
}

const AGE = /^\d+(?:\.\d+)?[smhd](?:\d+[smh])?$/;
const ISO = /\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\b/g;
/** `describe` prints times as "Tue, 24 Nov 2026 03:00:00 +0000". */
const RFC1123 = /\b[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+-]\d{4}\b/g;

/**
 * Makes outputs of the two clusters comparable: ReplicaSet names become `<deployment>#<n>`
 * (creation order), pod suffixes `<pod>`, ages `<age>`, timestamps `<time>`, column padding one space.
 */
export function normalise(
  out: string,
  aliases: ReadonlyMap<string, string>,
  opts: { sortBody?: boolean; dropEvents?: boolean } = {},
): string {
  // `describe` ends with Events, whose counts and order depend on timing.
  let s = opts.dropEvents ? out.replace(/\nEvents:[\s\S]*$/, "\nEvents: <dropped>") : out;
  for (const [name, alias] of [...aliases].sort(([a], [b]) => b.length - a.length)) s = s.split(name).join(alias);
  s = s.replace(/(#\d+)-[a-z0-9]{5}\b/g, "$1-<pod>").replace(/pod-template-hash=[a-z0-9]+/g, "pod-template-hash=<hash>");
  s = s.replace(ISO, "<time>").replace(RFC1123, "<time>");
  let lines = s
    .split("\n")
    .map((l) =>
      l
        .trim()
        .split(/\s+/)
        .map((w) => (AGE.test(w) ? "<age>" : w))
        .join(" "),
    )
    .filter((l) => l !== "");
  if (opts.sortBody && lines.length > 1) lines = [lines[0], ...lines.slice(1).sort()];
  return lines.join("\n");
}
