/** Manifest builders for the scenarios: busybox pods the lab kubelet interprets (nothing is pulled). */

export const READY_CMD = "sleep 2; touch /tmp/ready; sleep infinity";
/** v3's regression: the start-up script never creates /tmp/ready. */
export const NEVER_READY_CMD = "sleep infinity";

export interface DeploymentOpts {
  name: string;
  replicas: number;
  version: string;
  app?: string;
  labels?: Record<string, string>;
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  recreate?: boolean;
  minReadySeconds?: number;
  progressDeadlineSeconds?: number;
  revisionHistoryLimit?: number;
  command?: string;
}

export function podTemplate(o: { labels: Record<string, string>; version: string; command?: string }): Record<string, unknown> {
  return {
    metadata: { labels: o.labels },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: "app",
          image: "busybox:1.36",
          command: ["sh", "-c", o.command ?? READY_CMD],
          env: [{ name: "VERSION", value: o.version }],
          readinessProbe: { exec: { command: ["cat", "/tmp/ready"] }, periodSeconds: 1 },
        },
      ],
    },
  };
}

export function deployment(o: DeploymentOpts): Record<string, unknown> {
  const app = o.app ?? o.name;
  const labels = { app, ...o.labels };
  const strategy = o.recreate
    ? { type: "Recreate" }
    : {
        type: "RollingUpdate",
        rollingUpdate: {
          ...(o.maxSurge !== undefined ? { maxSurge: o.maxSurge } : {}),
          ...(o.maxUnavailable !== undefined ? { maxUnavailable: o.maxUnavailable } : {}),
        },
      };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: o.name, labels: { app } },
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: labels },
      strategy,
      ...(o.minReadySeconds !== undefined ? { minReadySeconds: o.minReadySeconds } : {}),
      ...(o.progressDeadlineSeconds !== undefined ? { progressDeadlineSeconds: o.progressDeadlineSeconds } : {}),
      ...(o.revisionHistoryLimit !== undefined ? { revisionHistoryLimit: o.revisionHistoryLimit } : {}),
      template: podTemplate({ labels, version: o.version, command: o.command }),
    },
  };
}

export function service(name: string, selector: Record<string, string>): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name },
    spec: { selector, ports: [{ name: "http", port: 80, targetPort: 8080 }] },
  };
}
