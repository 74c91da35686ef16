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

const REORDER_MS = 100;
const SYNC_MS = 5000;

function compareRv(a: string | undefined, b: string | undefined): number {
  try {
    const x = BigInt(a ?? "0");
    const y = BigInt(b ?? "0");
    return x < y ? -1 : x > y ? 1 : 0;
  } catch {
    return 0;
  }
}

function num(v: unknown): number {
  return typeof v === "number" ? v : 0;
}

/** `R,RU:surge/unavail` (fenceposts resolved as ResolveFenceposts does) or `R,Recreate`, plus `,paused`. */
export function deploymentShape(d: Obj): string {
  const spec = d.spec ?? {};
  const r = num(spec.replicas);
  const strategy = spec.strategy as
    { type?: string; rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } } | undefined;
  const paused = spec.paused === true ? ",paused" : "";
  if (strategy?.type === "Recreate") return `${r},Recreate${paused}`;
  const resolve = (v: number | string | undefined, up: boolean): number => {
    const x = v ?? "25%";
    if (typeof x === "number") return x;
    const pct = Number(x.replace("%", ""));
    return up ? Math.ceil((pct * r) / 100) : Math.floor((pct * r) / 100);
  };
  const surge = resolve(strategy?.rollingUpdate?.maxSurge, true);
  let unavail = resolve(strategy?.rollingUpdate?.maxUnavailable, false);
  if (surge === 0 && unavail === 0) unavail = 1;
  return `${r},RU:${surge}/${Math.min(unavail, r)}${paused}`;
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
  /** Newest resourceVersion applied per uid (deletions included), so late events never roll an object back. */
  private readonly seen = new Map<string, string>();
  private readonly perDeploy = new Map<string, number>();
  private readonly stops: (() => void)[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly start = Date.now();
  private stopped = false;
  private pending: { key: KindKey; e: WatchEvent; seq: number }[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private seq = 0;

  constructor(
    private readonly api: KubeHttp,
    readonly namespace: string,
  ) {}

  async begin(): Promise<void> {
    for (const key of Object.keys(KINDS) as KindKey[]) await this.listAndWatch(key);
    this.update();
  }

  private async listAndWatch(key: KindKey): Promise<void> {
    const path = KINDS[key].replace("NS", this.namespace);
    const { items, resourceVersion } = await this.api.list(path);
    const map = this.objs[key];
    map.clear();
    items.sort(
      (a, b) =>
        (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? "") ||
        a.metadata.name.localeCompare(b.metadata.name),
    );
    for (const o of items) this.put(key, o);
    const stop = await this.api.watch(
      path,
      resourceVersion,
      (e) => this.onEvent(key, e),
      () => {
        if (!this.stopped) this.relist(key);
      },
    );
    this.stops.push(stop);
  }

  /** After a watch ends: list and watch again, retrying until it works (a failed relist left the kind unwatched for good). */
  private relist(key: KindKey): void {
    this.listAndWatch(key).then(
      () => this.update(),
      () => {
        if (!this.stopped) setTimeout(() => this.relist(key), 500);
      },
    );
  }

  private isStale(o: Obj): boolean {
    const prev = this.seen.get(o.metadata.uid);
    return prev !== undefined && compareRv(o.metadata.resourceVersion, prev) <= 0;
  }

  private remove(key: KindKey, o: Obj): void {
    this.objs[key].delete(o.metadata.uid);
    this.seen.set(o.metadata.uid, o.metadata.resourceVersion ?? "0");
  }

  private put(key: KindKey, o: Obj): void {
    this.seen.set(o.metadata.uid, o.metadata.resourceVersion ?? "0");
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
    // Three watch streams have no order between them, so a Deployment status write can arrive
    // before the ReplicaSet the controller created just before it. Events are held for
    // REORDER_MS and applied in resourceVersion order, i.e. the order the store committed them.
    // (Reading RVs as numbers is for this harness only: both etcd and the lab store use a global counter.)
    this.pending.push({ key, e, seq: this.seq++ });
    this.flushTimer ??= setTimeout(() => this.flush(), REORDER_MS);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const batch = this.pending.sort(
      (a, b) => compareRv(a.e.object.metadata.resourceVersion, b.e.object.metadata.resourceVersion) || a.seq - b.seq,
    );
    this.pending = [];
    for (const { key, e } of batch) {
      if (e.type !== "DELETED" && this.isStale(e.object)) continue;
      if (e.type === "DELETED") this.remove(key, e.object);
      else this.put(key, e.object);
      this.update();
    }
  }

  /**
   * Barrier after a kubectl step: lists every kind, then waits until the watches have delivered
   * (in order) every object at least at the listed resourceVersion, and removed the ones the list
   * no longer has, so a wait that follows never judges the state before the change and no
   * intermediate state is skipped. If the watches lag more than SYNC_MS the list is applied.
   */
  async sync(): Promise<void> {
    const lists = await Promise.all(
      (Object.keys(KINDS) as KindKey[]).map(async (key) => ({ key, ...(await this.api.list(KINDS[key].replace("NS", this.namespace))) })),
    );
    const caughtUp = (): boolean =>
      lists.every(({ key, items }) => {
        const live = new Set(items.map((o) => o.metadata.uid));
        for (const uid of this.objs[key].keys()) if (!live.has(uid)) return false;
        return items.every((o) => {
          const seen = this.seen.get(o.metadata.uid);
          return seen !== undefined && compareRv(seen, o.metadata.resourceVersion) >= 0;
        });
      });
    try {
      await this.waitUntil("watches to catch up with a fresh list", caughtUp, SYNC_MS);
    } catch {
      for (const { key, items } of lists) {
        const live = new Set(items.map((o) => o.metadata.uid));
        for (const o of [...this.objs[key].values()]) if (!live.has(o.metadata.uid)) this.remove(key, o);
        for (const o of items) if (!this.isStale(o)) this.put(key, o);
      }
      this.update();
    }
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
      parts.push(`${d.metadata.name}[${deploymentShape(d)}]{${c.join(",")}}`);
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
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flush();
    for (const s of this.stops) s();
    for (const w of [...this.waiters]) this.waiters.delete(w);
  }
}
