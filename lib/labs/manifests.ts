/**
 * Checks that a lab manifest will apply cleanly on both the embedded lab cluster and a real one
 * (kind, minikube): known kinds, no hard-coded namespace (steps apply with -n), selectors that
 * match their pod template, and container scripts the lab kubelet can run.
 */
import { LineCounter, parseAllDocuments } from "yaml";
import type { LabIssue } from "./errors";
import { formatPath, locate, type FieldPath } from "./locate";

const KINDS: Record<string, string> = {
  Deployment: "apps/v1",
  Service: "v1",
  ConfigMap: "v1",
};

// The statements the lab kubelet interprets in `sh -c` (docs/ARCHITECTURE.md); anything else would
// behave differently on the embedded cluster than on a real one.
const SCRIPT_VERBS = new Set(["echo", "sleep", "touch", "rm", "exit", "true"]);

type Json = unknown;

function obj(v: Json): Record<string, Json> | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, Json>) : undefined;
}

function arr(v: Json): Json[] {
  return Array.isArray(v) ? v : [];
}

/** A parsed manifest object with its kind and name, for callers that need them. */
export interface ManifestObject {
  kind: string;
  name: string;
  raw: Record<string, Json>;
}

export interface ManifestResult {
  objects: ManifestObject[];
  issues: LabIssue[];
}

/** Validates one manifest file (one or more YAML documents). `file` is used in the issues. */
export function validateManifest(file: string, source: string): ManifestResult {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(source, { lineCounter });
  const issues: LabIssue[] = [];
  const objects: ManifestObject[] = [];
  if (!Array.isArray(docs)) {
    return { objects, issues: [{ file, line: 1, column: 1, field: "(file)", message: "not a YAML stream" }] };
  }
  docs.forEach((doc, index) => {
    for (const e of doc.errors) {
      const pos = lineCounter.linePos(e.pos[0]);
      issues.push({
        file,
        line: pos.line,
        column: pos.col,
        field: "(file)",
        message: e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, ""),
      });
    }
    if (doc.errors.length > 0) return;
    const raw = obj(doc.toJS());
    const report = (path: FieldPath, message: string) => {
      const pos = locate(doc, lineCounter, path);
      const where = docs.length > 1 ? `document ${index + 1} ` : "";
      issues.push({ file, line: pos.line, column: pos.column, field: `${where}${formatPath(path)}`, message });
    };
    if (!raw) {
      if (doc.contents !== null) report([], "a manifest document must be a mapping");
      return;
    }
    const kind = typeof raw.kind === "string" ? raw.kind : "";
    const expectedApi = KINDS[kind];
    if (!expectedApi) {
      report(["kind"], `kind must be one of ${Object.keys(KINDS).join(", ")}`);
      return;
    }
    if (raw.apiVersion !== expectedApi) report(["apiVersion"], `a ${kind} needs apiVersion ${expectedApi}`);
    const meta = obj(raw.metadata);
    const name = typeof meta?.name === "string" ? meta.name : "";
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) report(["metadata", "name"], "metadata.name must be a DNS label");
    if (meta && "namespace" in meta) {
      report(["metadata", "namespace"], "must not set a namespace: steps apply with -n {ns}");
    }
    if (kind === "Deployment") validateDeployment(raw, report);
    if (kind === "Service") validateService(raw, report);
    objects.push({ kind, name, raw });
  });
  return { objects, issues };
}

type Report = (path: FieldPath, message: string) => void;

function validateDeployment(raw: Record<string, Json>, report: Report): void {
  const spec = obj(raw.spec);
  const matchLabels = obj(obj(spec?.selector)?.matchLabels);
  const templateLabels = obj(obj(obj(spec?.template)?.metadata)?.labels) ?? {};
  if (!matchLabels || Object.keys(matchLabels).length === 0) {
    report(["spec", "selector", "matchLabels"], "a Deployment needs spec.selector.matchLabels");
  } else {
    for (const [k, v] of Object.entries(matchLabels)) {
      if (templateLabels[k] !== v) {
        report(["spec", "selector", "matchLabels", k], `selector ${k}=${String(v)} does not match the pod template's labels`);
      }
    }
  }
  const containers = arr(obj(obj(spec?.template)?.spec)?.containers);
  if (containers.length === 0) report(["spec", "template", "spec", "containers"], "needs at least one container");
  containers.forEach((c, i) => {
    const base: FieldPath = ["spec", "template", "spec", "containers", i];
    const container = obj(c) ?? {};
    const image = typeof container.image === "string" ? container.image : "";
    if (!image) report([...base, "image"], "needs an image");
    else if (!/:[\w][\w.-]*$/.test(image) && !image.includes("@")) report([...base, "image"], "pin an image tag");
    validateScript(arr(container.command), [...base, "command"], report);
    const probe = obj(container.readinessProbe);
    const exec = arr(obj(probe?.exec)?.command);
    if (probe && obj(probe.exec)) {
      const ok = (exec.length === 2 && exec[0] === "cat") || (exec.length === 3 && exec[0] === "test" && exec[1] === "-f");
      if (!ok) report([...base, "readinessProbe", "exec", "command"], 'exec probes must be ["cat", F] or ["test", "-f", F]');
    }
  });
}

function validateScript(command: Json[], path: FieldPath, report: Report): void {
  if (command.length === 0) return;
  if (command.length !== 3 || command[0] !== "sh" || command[1] !== "-c" || typeof command[2] !== "string") {
    report(path, 'container commands must be ["sh", "-c", "<script>"]');
    return;
  }
  for (const statement of command[2].split(/;|&&/)) {
    const verb = statement.trim().split(/\s+/)[0];
    if (verb && !SCRIPT_VERBS.has(verb)) {
      report([...path, 2], `"${verb}" is not one of the statements the lab kubelet runs (${[...SCRIPT_VERBS].join(", ")})`);
    }
  }
}

function validateService(raw: Record<string, Json>, report: Report): void {
  const spec = obj(raw.spec);
  const selector = obj(spec?.selector);
  if (!selector || Object.keys(selector).length === 0) report(["spec", "selector"], "a lab Service needs a selector");
  if (arr(spec?.ports).length === 0) report(["spec", "ports"], "a Service needs at least one port");
}
