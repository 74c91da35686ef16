"use client";
import { memo } from "react";
import type { DeploymentView } from "@/lib/model";
import { downloadStagePng } from "./export/pngFromSvg";

/**
 * The page's export links: the recording, and per Deployment its report, stage SVG and PNG.
 * Memoised on the Deployments' names: a stream message changes views, not names, and this list
 * (about ten elements per Deployment) was reconciled on every message.
 */
export const StageExports = memo(function StageExports({ deployments }: { deployments: readonly DeploymentView[] }) {
  return (
    <p className="exports muted">
      export: <a href="/api/recording?download">recording</a> (replay it at <a href="/replay">/replay</a>)
      {deployments.map((d) => (
        <span key={d.uid}>
          {" · "}
          {d.name}:{" "}
          <a href={`/api/report?namespace=${encodeURIComponent(d.namespace)}&deployment=${encodeURIComponent(d.name)}&format=md&download`}>
            report.md
          </a>{" "}
          <a href={`/api/report?namespace=${encodeURIComponent(d.namespace)}&deployment=${encodeURIComponent(d.name)}&download`}>
            report.json
          </a>{" "}
          <a href={`/api/export/stage?namespace=${encodeURIComponent(d.namespace)}&deployment=${encodeURIComponent(d.name)}`}>stage.svg</a>{" "}
          <button
            type="button"
            className="linklike"
            onClick={() => void downloadStagePng(d.namespace, d.name)}
            data-testid={`png-${d.namespace}-${d.name}`}
          >
            stage.png
          </button>{" "}
          <a href={`/report?namespace=${encodeURIComponent(d.namespace)}&deployment=${encodeURIComponent(d.name)}`}>report</a>
        </span>
      ))}
    </p>
  );
}, sameNames);

function sameNames(a: { deployments: readonly DeploymentView[] }, b: { deployments: readonly DeploymentView[] }): boolean {
  if (a.deployments === b.deployments) return true;
  if (a.deployments.length !== b.deployments.length) return false;
  return a.deployments.every((d, i) => {
    const e = b.deployments[i]!;
    return d.uid === e.uid && d.namespace === e.namespace && d.name === e.name;
  });
}
