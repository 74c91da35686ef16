"use client";
/**
 * The first page of a cluster with nothing deployed: three ways in, the labs first. A lab starts in
 * a namespace of its own (`rollout-lab`); the page switches to it and the lab panel opens there.
 */
import { useRouter } from "next/navigation";
import useSWR from "swr";
import { labNamespace } from "@/lib/labs/labNamespace";
import { selectedLabKey } from "@/lib/labs/progress";
import type { LabSummary } from "@/lib/labs/schema";
import { safeSet } from "../labs/useLabProgress";
import "./welcome.css";

interface LabsList {
  labs: LabSummary[];
  apply: { allowed: boolean; reason: string };
}

const fetchLabs = async (url: string): Promise<LabsList> => {
  const res = await fetch(url, { cache: "no-store" });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return (await res.json()) as LabsList;
};

const OWN_MANIFEST = "kubectl create namespace my-app\nkubectl apply -n my-app -f my-app.yaml";

export function Welcome() {
  const router = useRouter();
  const labs = useSWR<LabsList, Error>("/api/labs", fetchLabs);
  const start = (id: string) => {
    const ns = labNamespace(id);
    safeSet(selectedLabKey(ns), id);
    router.push(`/?namespace=${encodeURIComponent(ns)}`);
  };
  return (
    <section className="welcome card" aria-labelledby="welcome-title" data-testid="welcome">
      <h2 id="welcome-title">Watch a Kubernetes rollout, step by step</h2>
      <p>Nothing runs on this cluster yet. Rollscope draws what the controllers do as soon as something does — pick a way in:</p>
      <div className="welcome-ways">
        <section className="welcome-way welcome-labs" aria-labelledby="welcome-labs">
          <h3 id="welcome-labs">Start a lab</h3>
          <p className="small">
            Guided steps in a namespace of their own. Each step shows its kubectl lines; on this lab cluster, Apply runs them for you.
          </p>
          {labs.error && <p role="alert">The labs could not be loaded: {labs.error.message}</p>}
          {!labs.data && !labs.error && <p className="muted small">Loading the labs…</p>}
          <ul>
            {labs.data?.labs.map((l) => (
              <li key={l.id}>
                <button type="button" className="btn welcome-start" onClick={() => start(l.id)} data-testid={`welcome-start-${l.id}`}>
                  Start: {l.title}
                </button>
                <p className="small">{l.summary}</p>
                <p className="muted small">
                  {l.steps} steps{l.minutes ? ` · about ${l.minutes} min` : ""} · namespace <code>{labNamespace(l.id)}</code>
                </p>
              </li>
            ))}
          </ul>
        </section>
        <section className="welcome-way" aria-labelledby="welcome-replay">
          <h3 id="welcome-replay">Replay a recording</h3>
          <p className="small">Recorded lab runs, played back with the timeline: pause, scrub, step through each move of the controller.</p>
          <a className="btn" href="/replay">
            Open the recordings
          </a>
        </section>
        <section className="welcome-way" aria-labelledby="welcome-own">
          <h3 id="welcome-own">Your own manifest</h3>
          <p className="small">Apply it to a namespace of its own, then pick that namespace at the top of the page:</p>
          <pre>
            <code>{OWN_MANIFEST}</code>
          </pre>
          <p className="small">
            Or see first what it will do: paste it into the <a href="/plan">plan page</a>, or run <code>rollscope plan -f my-app.yaml</code>
          </p>
        </section>
      </div>
    </section>
  );
}
