/**
 * Lab commands are single kubectl invocations written as a shell line. The server runs them
 * without a shell (argv from `tokenize`), so a line may use quotes but no pipes, redirects,
 * variables or heredocs; the loader rejects anything else.
 */

export const NAMESPACE_PLACEHOLDER = "{ns}";

export type TokenizeResult = { ok: true; argv: string[] } | { ok: false; error: string };

const SHELL_OPERATORS = new Set(["|", "||", "&", "&&", ";", ">", ">>", "<", "<<"]);

/** Splits a command line the way sh would for the quoting subset we allow ('…', "…", \x). */
export function tokenize(line: string): TokenizeResult {
  const argv: string[] = [];
  let current = "";
  let inToken = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { ok: false, error: "unterminated single quote" };
      current += line.slice(i + 1, end);
      inToken = true;
      i = end + 1;
    } else if (ch === '"') {
      let j = i + 1;
      let closed = false;
      while (j < line.length) {
        const c = line[j];
        if (c === "\\" && j + 1 < line.length && '"\\$`'.includes(line[j + 1])) {
          current += line[j + 1];
          j += 2;
        } else if (c === '"') {
          closed = true;
          break;
        } else if (c === "$" || c === "`") {
          return { ok: false, error: "shell expansion ($ or `) is not allowed" };
        } else {
          current += c;
          j += 1;
        }
      }
      if (!closed) return { ok: false, error: "unterminated double quote" };
      inToken = true;
      i = j + 1;
    } else if (ch === "\\") {
      if (i + 1 >= line.length) return { ok: false, error: "trailing backslash" };
      current += line[i + 1];
      inToken = true;
      i += 2;
    } else if (ch === " " || ch === "\t") {
      if (inToken) argv.push(current);
      current = "";
      inToken = false;
      i += 1;
    } else if (ch === "$" || ch === "`") {
      return { ok: false, error: "shell expansion ($ or `) is not allowed" };
    } else if (ch === "\n") {
      return { ok: false, error: "a command must be one line" };
    } else {
      current += ch;
      inToken = true;
      i += 1;
    }
  }
  if (inToken) argv.push(current);
  const op = argv.find((a) => SHELL_OPERATORS.has(a));
  if (op) return { ok: false, error: `shell operator "${op}" is not allowed; write one kubectl command per line` };
  return { ok: true, argv };
}

/** Problems that make a lab command line unusable, or [] when it is fine. */
export function commandProblems(line: string): string[] {
  const t = tokenize(line);
  if (!t.ok) return [t.error];
  const problems: string[] = [];
  if (t.argv[0] !== "kubectl") problems.push('must start with "kubectl"');
  if (!line.includes(NAMESPACE_PLACEHOLDER)) {
    problems.push(`must name the namespace with "-n ${NAMESPACE_PLACEHOLDER}" so it runs in the learner's namespace`);
  }
  if (t.argv.some((a) => a === "-A" || a === "--all-namespaces")) problems.push("must not act on all namespaces");
  return problems;
}

/** The line with the learner's namespace filled in, as the overlay shows it. */
export function renderCommand(line: string, namespace: string): string {
  return line.split(NAMESPACE_PLACEHOLDER).join(namespace);
}

/** The argv the server runs (tokenised before substitution so a namespace can never split a word). */
export function commandArgv(line: string, namespace: string): string[] {
  const t = tokenize(line);
  if (!t.ok) throw new Error(`invalid lab command "${line}": ${t.error}`);
  return t.argv.map((a) => renderCommand(a, namespace));
}

/** The kubectl line that applies one of a step's manifests; `labDir` is relative to the repo root. */
export function manifestApplyCommand(labDir: string, manifest: string): string {
  return `kubectl apply -n ${NAMESPACE_PLACEHOLDER} -f ${labDir}/${manifest}`;
}

/** A Kubernetes namespace name (RFC 1123 label). */
export function isNamespaceName(s: string): boolean {
  return s.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s);
}
