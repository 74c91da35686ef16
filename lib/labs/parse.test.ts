import { describe, expect, it } from "vitest";
import { formatIssue } from "./errors";
import { parseLabSource } from "./parse";

const FILE = "labs/demo/lab.yaml";

const VALID = `id: demo
title: Demo
summary: A demo lab.
steps:
  - id: one
    title: First
    explanation: Do it.
    manifests: [manifests/app.yaml]
    commands:
      - kubectl set env deployment/app -n {ns} VERSION=v2
      - run: kubectl rollout status deployment/app -n {ns}
        observe: true
        expect: failure
    checks:
      - deployment: app
        phase: Complete
        readyReplicas: ">=3"
      - service: app
        selector: {color: green}
      - finding: ProgressDeadlineExceeded
      - noFindings: error
`;

describe("parseLabSource", () => {
  it("accepts a valid lab and normalises string commands into objects", () => {
    const r = parseLabSource(FILE, VALID);
    expect(r.issues).toEqual([]);
    expect(r.lab?.steps[0].commands).toEqual([
      { run: "kubectl set env deployment/app -n {ns} VERSION=v2" },
      { run: "kubectl rollout status deployment/app -n {ns}", observe: true, expect: "failure" },
    ]);
    expect(r.lab?.steps[0].hints).toEqual([]);
    expect(r.lab?.steps[0].checks).toHaveLength(4);
  });

  it("names the file, the field path and the line of an invalid check field", () => {
    const r = parseLabSource(FILE, VALID.replace("phase: Complete", "phase: Done"));
    expect(r.lab).toBeUndefined();
    expect(r.issues).toHaveLength(1);
    const [issue] = r.issues;
    expect(issue).toMatchObject({ file: FILE, line: 16, field: "steps[0].checks[0].phase" });
    expect(formatIssue(issue)).toMatch(/^labs\/demo\/lab\.yaml:16:16: steps\[0\]\.checks\[0\]\.phase: /);
  });

  it("reports an unknown key in a check on that check's line", () => {
    const r = parseLabSource(FILE, VALID.replace("selector: {color: green}", "selectr: {color: green}"));
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ field: "steps[0].checks[1]", line: 18 });
    expect(r.issues[0].message).toMatch(/selectr/);
  });

  it("rejects a check with no known kind", () => {
    const r = parseLabSource(FILE, VALID.replace("- noFindings: error", "- pods: 3"));
    expect(r.issues[0]).toMatchObject({ field: "steps[0].checks[3]", line: 21 });
    expect(r.issues[0].message).toMatch(/deployment, service, requests, finding, noFindings/);
  });

  it("rejects a malformed comparison", () => {
    const r = parseLabSource(FILE, VALID.replace('">=3"', '"at least 3"'));
    expect(r.issues[0]).toMatchObject({ field: "steps[0].checks[0].readyReplicas", line: 17 });
  });

  it("rejects an unknown finding code", () => {
    const r = parseLabSource(FILE, VALID.replace("finding: ProgressDeadlineExceeded", "finding: Stuck"));
    expect(r.issues[0]).toMatchObject({ field: "steps[0].checks[2].finding", line: 20 });
  });

  it("rejects commands that are not a single namespaced kubectl line", () => {
    const r = parseLabSource(
      FILE,
      VALID.replace("kubectl set env deployment/app -n {ns} VERSION=v2", "kubectl get pods -n {ns} | grep app"),
    );
    expect(r.issues[0]).toMatchObject({ field: "steps[0].commands[0].run", line: 10 });
    expect(r.issues[0].message).toMatch(/shell operator "\|"/);
    const noNs = parseLabSource(FILE, VALID.replace("deployment/app -n {ns} VERSION", "deployment/app VERSION"));
    expect(noNs.issues[0].message).toMatch(/-n \{ns\}/);
  });

  it("reports a missing required field on the map that should hold it", () => {
    const r = parseLabSource(FILE, VALID.replace("    explanation: Do it.\n", ""));
    expect(r.issues[0]).toMatchObject({ field: "steps[0].explanation", line: 5 });
  });

  it("reports duplicate step ids on the second id", () => {
    const dup = VALID + "  - id: one\n    title: Again\n    explanation: Again.\n";
    const r = parseLabSource(FILE, dup);
    expect(r.issues).toEqual([expect.objectContaining({ field: "steps[1].id", line: 22, message: 'duplicate step id "one"' })]);
  });

  it("reports YAML syntax errors with their line", () => {
    const r = parseLabSource(FILE, "id: demo\ntitle: x\nsummary: y\nsummary: z\n");
    expect(r.lab).toBeUndefined();
    expect(r.issues[0].file).toBe(FILE);
    expect(r.issues[0].line).toBe(4);
  });
});
