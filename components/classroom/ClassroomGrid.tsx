"use client";
import { useState } from "react";
import useSWR from "swr";
import type { ClassroomRow } from "@/lib/classroom/classroom";
import { PhaseBadge } from "../chrome/PhaseBadge";
import { ThemeToggle } from "../chrome/ThemeToggle";
import "./classroom.css";

interface ClassroomAnswer {
  rows: ClassroomRow[];
  error?: string;
}

const fetcher = async (url: string): Promise<ClassroomAnswer> => {
  const r = await fetch(url);
  const body = (await r.json()) as ClassroomAnswer;
  if (!r.ok) throw new Error(body.error ?? `HTTP ${r.status}`);
  return body;
};

/** Every learner namespace at a glance; a click puts one on the big screen. */
export function ClassroomGrid({ initialPrefix, labs }: { initialPrefix: string; labs: { id: string; title: string }[] }) {
  const [prefix, setPrefix] = useState(initialPrefix);
  const [lab, setLab] = useState(labs.find((l) => l.id === "rollout")?.id ?? labs[0]?.id ?? "");
  const { data, error } = useSWR(`/api/classroom?prefix=${encodeURIComponent(prefix)}&lab=${encodeURIComponent(lab)}`, fetcher, {
    refreshInterval: 2000,
  });
  return (
    <div className="app">
      <header className="topbar classroom-toolbar">
        <h1>
          <a href="/">Rollscope</a> <span className="muted">classroom</span>
        </h1>
        <label>
          namespaces starting with{" "}
          <input
            value={prefix}
            onChange={(e) => setPrefix(e.target.value)}
            placeholder="student-"
            aria-label="Namespace prefix"
            data-testid="classroom-prefix"
          />
        </label>
        <label>
          lab{" "}
          <select value={lab} onChange={(e) => setLab(e.target.value)} aria-label="Lab">
            <option value="">none</option>
            {labs.map((l) => (
              <option key={l.id} value={l.id}>
                {l.title}
              </option>
            ))}
          </select>
        </label>
        <ThemeToggle />
      </header>
      {error && (
        <p className="banner banner-error" role="alert">
          {(error as Error).message}
        </p>
      )}
      <main id="main" className="classroom-grid" data-testid="classroom-grid">
        {data?.rows.length === 0 && <p className="empty card">No namespace {prefix ? `starts with "${prefix}"` : "has objects yet"}.</p>}
        {data?.rows.map((row) => (
          <a
            key={row.namespace}
            className="card classroom-card"
            href={`/?namespace=${encodeURIComponent(row.namespace)}&present=1`}
            data-testid={`classroom-${row.namespace}`}
          >
            <h2>
              <span className="sr-only">Spotlight namespace </span>
              {row.namespace}
            </h2>
            {row.lab && (
              <div
                className="classroom-progress"
                aria-label={`lab progress ${row.lab.stepsDone} of ${row.lab.steps}`}
                data-done={row.lab.stepsDone}
              >
                <div
                  className="bar"
                  role="progressbar"
                  aria-label="lab steps done"
                  aria-valuemin={0}
                  aria-valuemax={row.lab.steps}
                  aria-valuenow={row.lab.stepsDone}
                >
                  <span style={{ width: `${row.lab.steps ? (100 * row.lab.stepsDone) / row.lab.steps : 0}%` }} />
                </div>
                <span>
                  {row.lab.stepsDone}/{row.lab.steps} steps{row.lab.current ? ` · now: ${row.lab.current}` : " · done"}
                </span>
              </div>
            )}
            <ul>
              {row.deployments.map((d) => (
                <li key={d.name}>
                  {d.name} <PhaseBadge phase={d.phase} reason="" /> {d.ready}/{d.replicas}
                </li>
              ))}
              {row.deployments.length === 0 && <li className="muted">no Deployments</li>}
            </ul>
            {(row.errors > 0 || row.warnings > 0) && (
              <p className="classroom-findings">
                {row.errors > 0 && `✖ ${row.errors} error${row.errors > 1 ? "s" : ""} `}
                {row.warnings > 0 && `⚠ ${row.warnings} warning${row.warnings > 1 ? "s" : ""}`}
              </p>
            )}
          </a>
        ))}
      </main>
    </div>
  );
}
