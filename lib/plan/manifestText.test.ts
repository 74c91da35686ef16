/** The plan page's reading of pasted manifests: what it accepts, and the line it names when it refuses. */
import { describe, expect, it } from "vitest";
import { readManifestText } from "./manifestText";

const deployment = (extra = "") => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
        resources: {requests: {cpu: 500m, memory: 1Gi}}${extra}
`;
const service = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n";

function error(text: string): string {
  const r = readManifestText(text);
  if (r.ok) throw new Error("expected a refusal");
  return r.error;
}

describe("readManifestText", () => {
  it("reads every document of a multi-document paste, skips empty ones and lists other kinds as ignored", () => {
    const r = readManifestText(`---\n${deployment()}---\n${service}---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n`);
    expect(r.ok && r.objects.map((o) => `${o.kind}/${o.metadata.name ?? ""}`)).toEqual(["Deployment/web", "Service/web"]);
    expect(r.ok && r.ignored).toEqual(["ConfigMap/cfg"]);
  });
  it("unwraps a List (kubectl get -o yaml) and reads JSON", () => {
    const list = JSON.stringify({
      apiVersion: "v1",
      kind: "List",
      items: [{ apiVersion: "v1", kind: "Service", metadata: { name: "a" }, spec: {} }],
    });
    const r = readManifestText(list);
    expect(r.ok && r.objects.map((o) => o.metadata.name)).toEqual(["a"]);
  });
  it("names the line of a YAML syntax error", () => {
    expect(error(`${service}---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n   labels: x\n`)).toBe(
      "YAML error at line 9: Nested mappings are not allowed in compact mappings",
    );
    expect(error("kind: Service\nkind: Service\n")).toMatch(/^YAML error at line [12]: .*unique/i);
  });
  it("names the document and its line when an object lacks kind, apiVersion or a valid name", () => {
    expect(error(`${service}---\nfoo: bar\n`)).toBe("document 2 (line 5): apiVersion and kind are required");
    expect(error("apiVersion: v1\nkind: Service\nmetadata: {name: Web_1}\n")).toMatch(
      /^document 1 \(line 1\): Service needs metadata.name/,
    );
    expect(error("- a\n- b\n")).toMatch(/not a Kubernetes object/);
  });
  it("refuses Deployment fields the planner cannot step through, saying which", () => {
    expect(error(deployment().replace("replicas: 2", "replicas: three"))).toMatch(/spec.replicas must be a whole number/);
    expect(error(deployment().replace("replicas: 2", "replicas: 100000"))).toMatch(/more than this page steps through \(1000\)/);
    expect(error(deployment().replace("replicas: 2", "replicas: 2\n  strategy: {rollingUpdate: {maxSurge: '1'}}"))).toMatch(
      /maxSurge must be a whole number or a percentage/,
    );
    expect(error(deployment().replace("replicas: 2", "replicas: 2\n  strategy: {type: BlueGreen}"))).toMatch(
      /strategy.type must be RollingUpdate or Recreate/,
    );
    expect(error(deployment().replace("cpu: 500m", "cpu: lots"))).toMatch(/resources.requests.cpu "lots" is not a quantity/);
    expect(error(deployment().replace(/ {6}containers:[\s\S]*$/, "      containers: []\n"))).toMatch(/at least one container/);
  });
  it("refuses an alias bomb instead of expanding it", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
      ),
    ].join("\n");
    expect(error(bomb)).toMatch(/^document 1 \(line 1\): .*alias/i);
  });
  it("says when there is nothing to plan", () => {
    expect(error("")).toBe("nothing to plan: the text holds no Kubernetes object");
    expect(error("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n")).toBe(
      "nothing to plan: no Deployment, Service or PodDisruptionBudget (ignored ConfigMap/cfg)",
    );
  });
});
