"use client";
import { useState } from "react";
import { revisionDiff, type DeploymentView } from "@/lib/model";
import { shortImage } from "../format";
import { CopyButton } from "./CopyButton";

export interface RolloutHistoryProps {
  d: DeploymentView;
}

/** `kubectl rollout history`, with the undo command per revision and a diff between any two. */
export function RolloutHistory({ d }: RolloutHistoryProps) {
  const revs = d.revisions;
  const current = d.replicaSets.find((rs) => rs.isNew)?.revision;
  const [from, setFrom] = useState<number | undefined>();
  const [to, setTo] = useState<number | undefined>();
  if (revs.length === 0) return null;
  const a = from ?? revs.at(-2)?.revision ?? revs[0].revision;
  const b = to ?? revs.at(-1)!.revision;
  const changes = revisionDiff(d, a, b);
  return (
    <details className="history" open={revs.length > 1}>
      <summary>
        history — {revs.length} revision{revs.length === 1 ? "" : "s"}
      </summary>
      <table className="history-table">
        <thead>
          <tr>
            <th scope="col">revision</th>
            <th scope="col">change-cause</th>
            <th scope="col">image / VERSION</th>
            <th scope="col">changed from previous</th>
            <th scope="col">return to it</th>
          </tr>
        </thead>
        <tbody>
          {revs.map((r) => (
            <tr key={r.revision} data-revision={r.revision} className={r.revision === current ? "current" : undefined}>
              <td>
                {r.revision}
                {r.revision === current && <span className="tag tag-new">current</span>}
              </td>
              <td>{r.changeCause ?? <span className="muted">&lt;none&gt;</span>}</td>
              <td>
                {shortImage(r.image)}
                {r.version ? ` · ${r.version}` : ""}
              </td>
              <td>{r.changes.length ? r.changes.join("; ") : <span className="muted">—</span>}</td>
              <td className="undo-cell">
                {r.revision === current ? (
                  <span className="muted">running now</span>
                ) : (
                  <>
                    <code>{r.undoCommand}</code>
                    <CopyButton text={r.undoCommand} label={`copy undo to revision ${r.revision}`} />
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {revs.length > 1 && (
        <div className="diff">
          <label>
            compare revision{" "}
            <select value={a} onChange={(e) => setFrom(Number(e.target.value))}>
              {revs.map((r) => (
                <option key={r.revision} value={r.revision}>
                  {r.revision}
                </option>
              ))}
            </select>
          </label>{" "}
          <label>
            with{" "}
            <select value={b} onChange={(e) => setTo(Number(e.target.value))}>
              {revs.map((r) => (
                <option key={r.revision} value={r.revision}>
                  {r.revision}
                </option>
              ))}
            </select>
          </label>
          <ul className="diff-lines" aria-live="polite">
            {a === b && <li className="muted">same revision</li>}
            {changes === undefined && <li className="muted">a ReplicaSet of these revisions is gone</li>}
            {changes?.length === 0 && a !== b && <li className="muted">identical pod templates</li>}
            {changes?.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </div>
      )}
    </details>
  );
}
