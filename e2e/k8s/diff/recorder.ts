import type { KubeHttp, Obj, WatchEvent } from "./kubeapi";

/** What the suite compares: one line per distinct state. */
export interface TraceEntry {
  /** Milliseconds since the recorder started (informational; never compared). */
  t: number;
  state: string;
}

export interface Snapshot {
  deployments: Obj[];
  replicaSets: Obj[];
  slices: Obj[];
}

const KINDS = {
  deployments: "/apis/apps/v1/namespaces/NS/deployments",
  replicaSets: "/apis/apps/v1/namespaces/NS/replicasets",
  slices: "/apis/discovery.k8s.io/v1/namespaces/NS/endpointslices",
} as const;
type KindKey = keyof typeof KINDS;

function num(v: unknown): number {
  return typeof v === "number" ? v : 0;
}

function ownerName(o: Obj): string {
  return o.metadata.ownerReferences?.find((r) => r.controller)?.name ?? "-";
}

/**
 * Lists and watches Deployments, ReplicaSets and EndpointSlices of one namespace and keeps the
 * sequence of distinct states. ReplicaSets are named `<deployment>#<n>` by creation order so the
 * two clusters' different pod-template hashes do not matter.
 */
export class TraceRecorder {
  readonly trace: TraceEntry[] = [];
  private readonly objs: Record<KindKey, Map<string, Obj>> = { deployments: new Map(), replicaSets: new Map(), slices: new Map() };
  private readonly ordinals = new Map<string, string>();
  private readonly aliases = new Map<string, string>();
  private readonly perDeploy = new Map<string, number>();
  private readonly stops: (() => void)[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly start = Date.now();
  private stopped = false;

  constructor(private readonly api: KubeHttp, readonly namespace: string) {}

  async begin(): Promise<void> {
    for (const key of Object.keys(KINDS) as KindKey[]) await this.listAndWatch(key);
    this.update();
  }

  private async listAndWatch(key: KindKey): Promise<void> {
    const path = KINDS[key].replace("NS", this.namespace);
    const { items, resourceVersion } = await this.api.list(path);
    const map = this.objs[key];
    map.clear();
    items.sort((a, b) => (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? "") || a.metadata.name.localeCompare(b.metadata.name));
    for (const o of items) this.put(key, o);
    const stop = await this.api.watch(path, resourceVersion, (e) => this.onEvent(key, e), () => {
      if (!this.stopped) void this.listAndWatch(key).then(() => this.update());
    });
    this.stops.push(stop);
  }

  private put(key: KindKey, o: Obj): void {
    this.objs[key].set(o.metadata.uid, o);
    if (key === "replicaSets" && !this.ordinals.has(o.metadata.uid)) {
      const d = ownerName(o);
      const n = (this.perDeploy.get(d) ?? 0) + 1;
      this.perDeploy.set(d, n);
      this.ordinals.set(o.metadata.uid, `${d}#${n}`);
      this.aliases.set(o.metadata.name, `${d}#${n}`);
    }
  }

  private onEvent(key: KindKey, e: WatchEvent): void {
    if (e.type === "BOOKMARK" || e.type === "ERROR") return;
    if (e.type === "DELETED") this.objs[key].delete(e.object.metadata.uid);
    else this.put(key, e.object);
    this.update();
  }

  /** RS name → `<deployment>#<n>` for every RS seen, deleted ones included (normalises kubectl output). */
  rsAliases(): ReadonlyMap<string, string> {
    return this.aliases;
  }

  snapshot(): Snapshot {
    return {
      deployments: [...this.objs.deployments.values()],
      replicaSets: [...this.objs.replicaSets.values()],
      slices: [...this.objs.slices.values()],
    };
  }

  current(): string {
    return this.trace.at(-1)?.state ?? "";
  }

  private render(): string {
    const parts: string[] = [];
    const rss = [...this.objs.replicaSets.values()]
      .map((rs) => ({ rs, id: this.ordinals.get(rs.metadata.uid) ?? rs.metadata.name }))
      .sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }));
    for (const { rs, id } of rss) {
      const rev = rs.metadata.annotations?.["deployment.kubernetes.io/revision"] ?? "?";
      parts.push(`${id}@r${rev}=${num(rs.spec?.replicas)}/${num(rs.status?.readyReplicas)}/${num(rs.status?.availableReplicas)}`);
    }
    const deps = [...this.objs.deployments.values()].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    for (const d of deps) {
      const conds = (d.status?.conditions as { type: string; status: string; reason?: string }[] | undefined) ?? [];
      const c = conds
        .filter((x) => x.type === "Progressing" || x.type === "Available" || x.type === "ReplicaFailure")
        .sort((a, b) => a.type.localeCompare(b.type))
        .map((x) => `${x.type[0]}:${x.status}:${x.reason ?? ""}`);
      parts.push(`${d.metadata.name}{${c.join(",")}}`);
    }
    const ready = new Map<string, number>();
    for (const s of this.objs.slices.values()) {
      const svc = s.metadata.labels?.["kubernetes.io/service-name"];
      if (!svc) continue;
      const eps = (s.endpoints as { conditions?: { ready?: boolean } }[] | undefined) ?? [];
      ready.set(svc, (ready.get(svc) ?? 0) + eps.filter((e) => e.conditions?.ready === true).length);
    }
    for (const [svc, n] of [...ready].sort(([a], [b]) => a.localeCompare(b))) parts.push(`svc/${svc}=${n}`);
    return parts.join(" ");
  }

  private update(): void {
    const state = this.render();
    if (state !== this.current()) this.trace.push({ t: Date.now() - this.start, state });
    for (const w of [...this.waiters]) w();
  }

  /** Resolves once `pred` holds for the current objects; rejects after `timeoutMs` with the last state. */
  waitUntil(what: string, pred: (s: Snapshot) => boolean, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        let ok = false;
        try {
          ok = pred(this.snapshot());
        } catch {
          ok = false;
        }
        if (!ok) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last state: ${this.current()}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  stop(): void {
    this.stopped = true;
    for (const s of this.stops) s();
    for (const w of [...this.waiters]) this.waiters.delete(w);
  }
}
