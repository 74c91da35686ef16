import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LabLoadError } from "./errors";
import { labIds, loadLab, loadLabs, readLab, summarize } from "./load";

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  selector:
    matchLabels: {app: app}
  template:
    metadata:
      labels: {app: app}
    spec:
      containers:
        - name: c
          image: busybox:1.36
`;

const LAB = `id: demo
title: Demo
summary: Demo lab.
steps:
  - id: one
    title: One
    explanation: Apply it.
    manifests:
      - manifests/app.yaml
    checks:
      - deployment: app
        phase: Complete
`;

let root: string;

function write(rel: string, text: string) {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "labs-"));
  write("labs/demo/lab.yaml", LAB);
  write("labs/demo/manifests/app.yaml", MANIFEST);
  mkdirSync(path.join(root, "labs/not-a-lab"));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("load", () => {
  it("finds lab folders and loads a lab with its manifests' text", () => {
    expect(labIds({ repoRoot: root })).toEqual(["demo"]);
    const lab = loadLab("demo", { repoRoot: root });
    expect(lab.dir).toBe("labs/demo");
    expect(lab.manifests).toEqual({ "manifests/app.yaml": MANIFEST });
    expect(summarize(lab)).toEqual({ id: "demo", title: "Demo", summary: "Demo lab.", steps: 1, minutes: undefined, level: undefined });
  });

  it("names a missing manifest file at the line that references it", () => {
    write("labs/demo/lab.yaml", LAB.replace("manifests/app.yaml", "manifests/ap.yaml"));
    const { issues } = readLab("demo", { repoRoot: root });
    expect(issues[0]).toEqual(
      expect.objectContaining({
        file: "labs/demo/lab.yaml",
        line: 9,
        field: "steps[0].manifests[0]",
        message: "labs/demo/manifests/ap.yaml does not exist",
      }),
    );
  });

  it("names a check that refers to an object no manifest creates", () => {
    write("labs/demo/lab.yaml", LAB.replace("deployment: app", "deployment: ap"));
    const { issues } = readLab("demo", { repoRoot: root });
    expect(issues).toEqual([
      expect.objectContaining({
        line: 11,
        field: "steps[0].checks[0].deployment",
        message: "no manifest of this lab creates Deployment/ap",
      }),
    ]);
  });

  it("requires the id to match the folder", () => {
    write("labs/demo/lab.yaml", LAB.replace("id: demo", "id: other"));
    expect(readLab("demo", { repoRoot: root }).issues).toEqual([expect.objectContaining({ line: 1, field: "id" })]);
  });

  it("reports manifest problems with the manifest's own file and line", () => {
    write("labs/demo/manifests/app.yaml", MANIFEST.replace("matchLabels: {app: app}", "matchLabels: {app: other}"));
    expect(readLab("demo", { repoRoot: root }).issues).toEqual([
      expect.objectContaining({ file: "labs/demo/manifests/app.yaml", line: 7, field: "spec.selector.matchLabels.app" }),
    ]);
  });

  it("loadLabs throws one LabLoadError listing every file:line", () => {
    write("labs/demo/lab.yaml", LAB.replace("phase: Complete", "phase: Finished"));
    write("labs/second/lab.yaml", "id: second\ntitle: 2\n");
    let error: unknown;
    try {
      loadLabs({ repoRoot: root });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LabLoadError);
    const message = (error as LabLoadError).message;
    expect(message).toContain("labs/demo/lab.yaml:12:16: steps[0].checks[0].phase:");
    expect(message).toContain("labs/second/lab.yaml:1:1: summary:");
    expect(new Set((error as LabLoadError).issues.map((i) => i.file))).toEqual(new Set(["labs/demo/lab.yaml", "labs/second/lab.yaml"]));
  });

  it("a lab folder without lab.yaml is ignored; loadLab of an unknown id fails", () => {
    expect(() => loadLab("nope", { repoRoot: root })).toThrow(/labs\/nope\/lab.yaml:1:1: \(file\): lab.yaml not found/);
  });
});
