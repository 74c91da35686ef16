"use client";
import useSWR from "swr";
import type { ContextInfo as Ctx } from "@/lib/kube/stream-protocol";

interface ContextsResponse {
  current?: string;
  server?: string;
  origin?: string;
  scope?: string;
  contexts: Ctx[];
  error?: string;
}

const fetchJson = (url: string) => fetch(url).then((r) => r.json() as Promise<ContextsResponse>);

/** Which cluster this dashboard shows, and the other contexts of the kubeconfig. */
export function ContextInfo() {
  const { data } = useSWR("/api/contexts", fetchJson);
  if (!data) return <span className="muted">cluster …</span>;
  if (data.error) return <span className="ctx ctx-error">no cluster</span>;
  const others = data.contexts.filter((c) => !c.current);
  return (
    <details className="ctx">
      <summary>
        <span className="muted">cluster</span> <strong data-testid="context">{data.current}</strong>{" "}
        <span className="muted small">{data.server}</span>
      </summary>
      <div className="ctx-pop">
        <p className="small">From {data.origin}. One dashboard reads one cluster; to show another context, restart with:</p>
        <ul>
          {others.length === 0 && <li className="muted small">no other contexts in this kubeconfig</li>}
          {others.map((c) => (
            <li key={c.name}>
              <code>rollscope serve --context {c.name}</code> <span className="muted small">{c.server}</span>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
