"use client";
import { useState } from "react";
import type { PlanView } from "@/lib/plan/planView";
import { PlanResult } from "./PlanResult";
import "./plan.css";

type Answer = { view: PlanView; n: number } | { error: string } | undefined;

/** Paste or upload manifests, see the rollout they will cause against the cluster now. Nothing is applied. */
export function PlanPage() {
  const [text, setText] = useState("");
  const [namespace, setNamespace] = useState("");
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<Answer>();

  async function plan() {
    setBusy(true);
    try {
      const res = await fetch("/api/plan", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ manifest: text, ...(namespace ? { namespace } : {}) }),
      });
      const body = (await res.json().catch(() => ({ error: `the server answered ${res.status} without a plan` }))) as
        PlanView | { error: string };
      setAnswer("error" in body ? { error: body.error } : { view: body, n: Date.now() });
    } catch (err) {
      setAnswer({ error: `cannot reach the dashboard server: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" className="plan-page">
      <header className="topbar">
        <h1>
          <a href="/">
            <span className="logo" aria-hidden="true">
              ◐
            </span>{" "}
            Rollscope
          </a>{" "}
          <span className="muted">plan a rollout</span>
        </h1>
      </header>
      <form
        className="card plan-form"
        onSubmit={(e) => {
          e.preventDefault();
          void plan();
        }}
      >
        <label htmlFor="plan-manifest">Manifests (YAML or JSON, several documents separated by ---): what you are about to apply</label>
        <textarea
          id="plan-manifest"
          data-testid="plan-manifest"
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={16}
          spellCheck={false}
          placeholder="apiVersion: apps/v1&#10;kind: Deployment&#10;…"
        />
        <div className="plan-form-row">
          <label>
            or upload{" "}
            <input
              type="file"
              accept=".yaml,.yml,.json"
              data-testid="plan-upload"
              onChange={async (e) => {
                const f = e.target.files?.[0];
                if (f) setText(await f.text());
              }}
            />
          </label>
          <label>
            namespace for objects that name none{" "}
            <input
              value={namespace}
              onChange={(e) => setNamespace(e.target.value.trim())}
              placeholder="the context's"
              size={16}
              data-testid="plan-namespace"
            />
          </label>
          <button type="submit" className="btn" disabled={busy || text.trim() === ""} data-testid="plan-submit">
            {busy ? "planning…" : "Plan the rollout"}
          </button>
        </div>
        <p className="muted small">Read-only: the plan compares the manifests with what runs now and never applies anything.</p>
      </form>
      {answer && "error" in answer && (
        <p className="banner banner-error" role="alert" data-testid="plan-error">
          {answer.error}
        </p>
      )}
      {answer && "view" in answer && <PlanResult key={answer.n} view={answer.view} />}
    </main>
  );
}
