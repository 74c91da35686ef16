/**
 * Loads labs/<id>/lab.yaml and its manifests from disk, validating everything and reporting
 * every problem with file, field and line (LabLoadError). Server-only (fs).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { LabLoadError, type LabIssue } from "./errors";
import { formatPath } from "./locate";
import { validateManifest, type ManifestObject } from "./manifests";
import { parseLabSource } from "./parse";
import type { Check, Lab, LabSummary } from "./schema";

export interface LoadOptions {
  /** Repository root; lab folders are `<repoRoot>/labs/<id>`. Defaults to process.cwd(). */
  repoRoot?: string;
}

function rootOf(opts: LoadOptions): string {
  return opts.repoRoot ?? process.cwd();
}

/** Ids of the folders under labs/ that hold a lab.yaml, sorted. */
export function labIds(opts: LoadOptions = {}): string[] {
  const labsDir = path.join(rootOf(opts), "labs");
  if (!existsSync(labsDir)) return [];
  return readdirSync(labsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(labsDir, d.name, "lab.yaml")))
    .map((d) => d.name)
    .sort();
}

/** Loads one lab; throws LabLoadError naming every invalid file, field and line. */
export function loadLab(id: string, opts: LoadOptions = {}): Lab {
  const { lab, issues } = readLab(id, opts);
  if (!lab || issues.length > 0) throw new LabLoadError(issues);
  return lab;
}

/** Loads every lab; throws LabLoadError with the issues of all of them. */
export function loadLabs(opts: LoadOptions = {}): Lab[] {
  const labs: Lab[] = [];
  const issues: LabIssue[] = [];
  for (const id of labIds(opts)) {
    const r = readLab(id, opts);
    issues.push(...r.issues);
    if (r.lab) labs.push(r.lab);
  }
  if (issues.length > 0) throw new LabLoadError(issues);
  return labs;
}

export function summarize(lab: Lab): LabSummary {
  return { id: lab.id, title: lab.title, summary: lab.summary, minutes: lab.minutes, level: lab.level, steps: lab.steps.length };
}

/** Validates without throwing: the lab (when its lab.yaml parsed) and every issue found. */
export function readLab(id: string, opts: LoadOptions = {}): { lab?: Lab; issues: LabIssue[] } {
  const repoRoot = rootOf(opts);
  const dir = `labs/${id}`;
  const file = `${dir}/lab.yaml`;
  const absFile = path.join(repoRoot, file);
  if (!existsSync(absFile)) {
    return { issues: [{ file, line: 1, column: 1, field: "(file)", message: "lab.yaml not found" }] };
  }
  const parsed = parseLabSource(file, readFileSync(absFile, "utf8"));
  const issues = [...parsed.issues];
  if (!parsed.lab) return { issues };
  const labFile = parsed.lab;
  const issueAt = (p: (string | number)[], message: string) => {
    const pos = parsed.at(p);
    issues.push({ file, line: pos.line, column: pos.column, field: formatPath(p), message });
  };
  if (labFile.id !== id) issueAt(["id"], `must equal the folder name "${id}"`);

  const manifests: Record<string, string> = {};
  const objects: ManifestObject[] = [];
  labFile.steps.forEach((step, si) => {
    step.manifests.forEach((ref, mi) => {
      if (ref in manifests) return;
      const abs = path.join(repoRoot, dir, ref);
      if (!existsSync(abs)) {
        issueAt(["steps", si, "manifests", mi], `${dir}/${ref} does not exist`);
        return;
      }
      const source = readFileSync(abs, "utf8");
      const v = validateManifest(`${dir}/${ref}`, source);
      issues.push(...v.issues);
      objects.push(...v.objects);
      manifests[ref] = source;
    });
  });

  // A check naming an object no manifest creates can never pass: catch the typo at load time.
  const names = new Set(objects.map((o) => `${o.kind}/${o.name}`));
  labFile.steps.forEach((step, si) => {
    step.checks.forEach((c: Check, ci) => {
      const [field, ref] =
        "deployment" in c
          ? ["deployment", `Deployment/${c.deployment}`]
          : "service" in c
            ? ["service", `Service/${c.service}`]
            : "requests" in c
              ? ["requests", `Service/${c.requests}`]
              : [];
      if (field && ref && !names.has(ref)) {
        issueAt(["steps", si, "checks", ci, field], `no manifest of this lab creates ${ref}`);
      }
    });
  });
  return { lab: { ...labFile, dir, manifests }, issues };
}
