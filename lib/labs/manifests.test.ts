import { describe, expect, it } from "vitest";
import { validateManifest } from "./manifests";

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  selector:
    matchLabels:
      app: app
  template:
    metadata:
      labels:
        app: app
    spec:
      containers:
        - name: c
          image: busybox:1.36
          command: ["sh", "-c", "echo hi; sleep 8; touch /tmp/ready; sleep infinity"]
          readinessProbe:
            exec:
              command: ["cat", "/tmp/ready"]
---
apiVersion: v1
kind: Service
metadata:
  name: app
spec:
  selector:
    app: app
  ports:
    - port: 80
      targetPort: 8080
`;

describe("validateManifest", () => {
  it("accepts a Deployment and a Service", () => {
    const r = validateManifest("m.yaml", DEPLOYMENT);
    expect(r.issues).toEqual([]);
    expect(r.objects.map((o) => `${o.kind}/${o.name}`)).toEqual(["Deployment/app", "Service/app"]);
  });

  it("flags a selector the template labels do not satisfy, on its line", () => {
    const r = validateManifest("m.yaml", DEPLOYMENT.replace("      app: app\n  template", "      app: other\n  template"));
    expect(r.issues).toEqual([
      {
        file: "m.yaml",
        line: 8,
        column: 12,
        field: "document 1 spec.selector.matchLabels.app",
        message: "selector app=other does not match the pod template's labels",
      },
    ]);
  });

  it("flags a hard-coded namespace and a wrong apiVersion", () => {
    const r = validateManifest(
      "m.yaml",
      DEPLOYMENT.replace("apiVersion: apps/v1", "apiVersion: extensions/v1beta1").replace(
        "  name: app\nspec:\n  selector:\n    matchLabels",
        "  name: app\n  namespace: prod\nspec:\n  selector:\n    matchLabels",
      ),
    );
    expect(r.issues.map((i) => `${i.line} ${i.field}`)).toEqual(["1 document 1 apiVersion", "5 document 1 metadata.namespace"]);
  });

  it("flags script statements the lab kubelet does not run and unsupported probes", () => {
    const r = validateManifest(
      "m.yaml",
      DEPLOYMENT.replace("sleep 8;", "python serve.py;").replace('["cat", "/tmp/ready"]', '["curl", "localhost"]'),
    );
    expect(r.issues.map((i) => i.field)).toEqual([
      "document 1 spec.template.spec.containers[0].command[2]",
      "document 1 spec.template.spec.containers[0].readinessProbe.exec.command",
    ]);
    expect(r.issues[0].line).toBe(17);
  });

  it("flags unknown kinds, missing tags and Services without selectors", () => {
    const r = validateManifest("m.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n");
    expect(r.issues[0]).toMatchObject({ field: "kind", line: 2 });
    expect(validateManifest("m.yaml", DEPLOYMENT.replace("busybox:1.36", "busybox")).issues[0].message).toBe("pin an image tag");
    expect(validateManifest("m.yaml", DEPLOYMENT.replace("  selector:\n    app: app\n", "")).issues[0]).toMatchObject({
      field: "document 2 spec.selector",
    });
  });

  it("reports YAML errors with their line", () => {
    const r = validateManifest("m.yaml", "apiVersion: v1\nkind: Service\nkind: Service\n");
    expect(r.issues[0]).toMatchObject({ file: "m.yaml", line: 3, field: "(file)" });
  });
});
