import { describe, expect, it } from "vitest";
import {
  formatLabelSelector,
  fromLabelSelectorSpec,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from "./selectors";
import type { KObj } from "./types";

describe("label selectors", () => {
  const m = (s: string, labels: Record<string, string>) => matchesLabels(parseLabelSelector(s), labels);

  it("parses and matches every operator", () => {
    expect(m("app=web", { app: "web" })).toBe(true);
    expect(m("app==web", { app: "api" })).toBe(false);
    expect(m("app!=web", {})).toBe(true);
    expect(m("tier in (fe, be)", { tier: "be" })).toBe(true);
    expect(m("tier notin (fe,be)", { tier: "be" })).toBe(false);
    expect(m("tier notin (fe,be)", {})).toBe(true);
    expect(m("tier", { tier: "" })).toBe(true);
    expect(m("!tier", { tier: "x" })).toBe(false);
    expect(m("gen>2", { gen: "3" })).toBe(true);
    expect(m("app=web,tier in (a,b),!canary", { app: "web", tier: "a" })).toBe(true);
    expect(m("", { any: "thing" })).toBe(true);
  });

  it("fails with apimachinery's parser messages", () => {
    // Captured from a real v1.35 kube-apiserver.
    const cases: [string, string][] = [
      ["a in (b", "unable to parse requirement: found '', expected: ',' or ')'"],
      ["a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
      ["=x", "found '=', expected: !, identifier, or 'end of string'"],
      ["a,,b", "found ',', expected: identifier after ','"],
    ];
    for (const [sel, msg] of cases) expect(() => parseLabelSelector(sel), sel).toThrow(msg);
    expect(parseLabelSelector("a notin ()")).toEqual([{ key: "a", op: "notin", values: [""] }]);
    expect(parseLabelSelector("x in (b,a)")).toEqual([{ key: "x", op: "in", values: ["a", "b"] }]);
  });

  it("rejects malformed selectors with 400", () => {
    for (const bad of ["a in (b", "a=b,,c", "a b", "=x", "a>x", "-bad=x"])
      expect(() => parseLabelSelector(bad), bad).toThrow(expect.objectContaining({ code: 400 }));
  });

  it("converts spec selectors and formats them like kubectl", () => {
    const sel = fromLabelSelectorSpec({
      matchLabels: { app: "web" },
      matchExpressions: [{ key: "tier", operator: "In", values: ["b", "a"] }],
    })!;
    expect(formatLabelSelector(sel)).toBe("app=web,tier in (a,b)");
    expect(fromLabelSelectorSpec({ matchExpressions: [{ key: "x", operator: "Bogus" }] })).toBeUndefined();
  });
});

describe("field selectors", () => {
  const pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "ns" },
    spec: { nodeName: "n1" },
    status: { phase: "Running" },
  } as KObj;
  const ev = {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: "e", namespace: "ns" },
    involvedObject: { kind: "Pod", name: "p", uid: "u1" },
    source: { component: "kubelet" },
  } as KObj;

  it("matches the fields each kind supports", () => {
    expect(matchesFields(parseFieldSelector("spec.nodeName=n1,status.phase!=Pending", "pods"), pod)).toBe(true);
    expect(matchesFields(parseFieldSelector("metadata.namespace=other", "pods"), pod)).toBe(false);
    expect(matchesFields(parseFieldSelector("involvedObject.kind=Pod,involvedObject.uid=u1,source=kubelet", "events"), ev)).toBe(true);
    expect(matchesFields(parseFieldSelector("regarding.name=p", "events"), ev)).toBe(true);
    expect(() => parseFieldSelector("spec.nodeName=n1", "deployments")).toThrow(
      '"spec.nodeName" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
    expect(() => parseFieldSelector("spec.foo=x", "services")).toThrow("field label not supported: spec.foo");
  });
});
