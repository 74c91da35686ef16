/**
 * The baseline receiver: a plain `kubectl get pods -w --output-watch-events -o json` running
 * beside the dashboard. Every event it prints is stamped with the time it reached us.
 */
import { spawn } from "node:child_process";
import { wallMs } from "../lib/clock";
import { SEQ_ANNOTATION, WRITTEN_AT_ANNOTATION } from "../lib/synthetic";
import { jsonValueSplitter } from "./json-stream";

export interface BaselineEvent {
  name: string;
  ready: boolean;
  seq: number;
  writtenAt: number;
  receivedAt: number;
}

export interface KubectlBaseline {
  /** Pods seen so far (each pod of the initial list counts once). */
  count: number;
  /** Stamped churn events, by pod name, in arrival order. */
  byPod: Map<string, BaselineEvent[]>;
  stop(): void;
}

interface PodEvent {
  type: string;
  object: {
    metadata: { name: string; annotations?: Record<string, string> };
    status?: { conditions?: { type: string; status: string }[] };
    /** kubectl prints each chunk of the initial list (500 pods) as one List "event". */
    items?: unknown[];
  };
}

export function startKubectlBaseline(kubeconfig: string, namespace: string): KubectlBaseline {
  const child = spawn("kubectl", ["get", "pods", "-n", namespace, "-w", "--output-watch-events", "-o", "json"], {
    env: { ...process.env, KUBECONFIG: kubeconfig },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr.on("data", (b: Buffer) => process.stderr.write(`kubectl: ${b}`));
  const b: KubectlBaseline = { count: 0, byPod: new Map(), stop: () => child.kill("SIGTERM") };
  let receivedAt = 0;
  const split = jsonValueSplitter((text) => {
    const ev = JSON.parse(text) as PodEvent;
    b.count += ev.object.items ? ev.object.items.length : 1;
    const ann = ev.object.metadata.annotations ?? {};
    const written = ann[WRITTEN_AT_ANNOTATION];
    if (!written) return;
    const e: BaselineEvent = {
      name: ev.object.metadata.name,
      ready: ev.object.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false,
      seq: Number(ann[SEQ_ANNOTATION]),
      writtenAt: Number(written),
      receivedAt,
    };
    let list = b.byPod.get(e.name);
    if (!list) b.byPod.set(e.name, (list = []));
    list.push(e);
  });
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    receivedAt = wallMs();
    split(chunk);
  });
  return b;
}
