import { describe, expect, it } from "vitest";
import { commandArgv, commandProblems, isNamespaceName, manifestApplyCommand, renderCommand, tokenize } from "./commands";
import { compare, describeComparison, parseComparison } from "./compare";

describe("tokenize", () => {
  it("splits on spaces and keeps quoted JSON as one argument", () => {
    expect(tokenize(`kubectl patch service inference -n {ns} -p '{"spec":{"selector":{"color":"green"}}}'`)).toEqual({
      ok: true,
      argv: ["kubectl", "patch", "service", "inference", "-n", "{ns}", "-p", '{"spec":{"selector":{"color":"green"}}}'],
    });
    expect(tokenize(`kubectl annotate d/x k="VERSION v2: new" --overwrite`)).toEqual({
      ok: true,
      argv: ["kubectl", "annotate", "d/x", "k=VERSION v2: new", "--overwrite"],
    });
  });

  it("refuses what would need a shell", () => {
    expect(tokenize("kubectl get pods | grep x")).toMatchObject({ ok: false });
    expect(tokenize("kubectl get pods && rm -rf /")).toMatchObject({ ok: false });
    expect(tokenize("kubectl get pods -n $NS")).toMatchObject({ ok: false });
    expect(tokenize(`kubectl get "pods`)).toMatchObject({ ok: false, error: "unterminated double quote" });
  });
});

describe("commandProblems", () => {
  it("accepts a namespaced kubectl line", () => {
    expect(commandProblems("kubectl rollout undo deployment/inference -n {ns}")).toEqual([]);
  });
  it("names each problem", () => {
    expect(commandProblems("helm install x")).toEqual([
      'must start with "kubectl"',
      'must name the namespace with "-n {ns}" so it runs in the learner\'s namespace',
    ]);
    expect(commandProblems("kubectl get pods -A -n {ns}")).toEqual(["must not act on all namespaces"]);
  });
});

describe("rendering", () => {
  it("fills the namespace in the text and in argv", () => {
    expect(renderCommand("kubectl get pods -n {ns}", "team-a")).toBe("kubectl get pods -n team-a");
    expect(commandArgv(`kubectl patch svc s -n {ns} -p '{"a":1}'`, "team-a")).toEqual([
      "kubectl",
      "patch",
      "svc",
      "s",
      "-n",
      "team-a",
      "-p",
      '{"a":1}',
    ]);
    expect(manifestApplyCommand("labs/rollout", "manifests/inference-v1.yaml")).toBe(
      "kubectl apply -n {ns} -f labs/rollout/manifests/inference-v1.yaml",
    );
  });
  it("isNamespaceName accepts DNS labels only", () => {
    expect(isNamespaceName("lab-1")).toBe(true);
    expect(isNamespaceName("Lab")).toBe(false);
    expect(isNamespaceName("a;rm")).toBe(false);
    expect(isNamespaceName("-x")).toBe(false);
  });
});

describe("comparisons", () => {
  it("parse numbers and operators", () => {
    expect(parseComparison(3)).toEqual({ op: "==", value: 3 });
    expect(parseComparison(">= 3")).toEqual({ op: ">=", value: 3 });
    expect(parseComparison("<0.5")).toEqual({ op: "<", value: 0.5 });
    expect(parseComparison("about 3")).toBeUndefined();
  });
  it("compare with a tolerance only for equality-like operators", () => {
    expect(compare(1 / 10, 0.1)).toBe(true);
    expect(compare(1 / 3, "0.33")).toBe(true);
    expect(compare(2, ">2")).toBe(false);
    expect(compare(3, ">=3")).toBe(true);
    expect(compare(0, "!=0")).toBe(false);
    expect(compare(2, "<=1")).toBe(false);
  });
  it("describe", () => {
    expect(describeComparison(">=3")).toBe("≥ 3");
    expect(describeComparison(2)).toBe("2");
  });
});
