import { useContext } from "react";
import type { PodView } from "@/lib/model";
import { duration, secondsSince } from "../format";
import { GLYPHS } from "./glyphs";
import { NowContext } from "./nowContext";

/** The tooltip of a pod glyph: state, why, readiness probe, timings. */
export function PodDetails({ pod, now: nowProp, id }: { pod: PodView; now: number; id?: string }) {
  const now = useContext(NowContext) ?? nowProp;
  const age = (iso?: string) => {
    const s = secondsSince(iso, now);
    return s === undefined ? undefined : `${duration(s)} ago`;
  };
  const p = pod.readinessProbe;
  return (
    <div className="pod-details" role="tooltip" id={id}>
      <div className="pod-details-title">{pod.name}</div>
      <dl>
        <dt>state</dt>
        <dd>
          {GLYPHS[pod.state].label}
          {pod.reason ? ` — ${pod.reason}` : ""}
        </dd>
        <dt>readiness</dt>
        <dd>
          {p
            ? `${p.detail}, every ${p.periodSeconds}s, delay ${p.initialDelaySeconds}s, ready after ${p.successThreshold} ok, not ready after ${p.failureThreshold} failures`
            : "no readinessProbe: Ready as soon as the container runs"}
        </dd>
        {pod.probeMessage && (
          <>
            <dt>kubelet says</dt>
            <dd>{pod.probeMessage}</dd>
          </>
        )}
        {pod.startedAt && (
          <>
            <dt>started</dt>
            <dd>{age(pod.startedAt)}</dd>
          </>
        )}
        {pod.readySince && (
          <>
            <dt>ready since</dt>
            <dd>{age(pod.readySince)}</dd>
          </>
        )}
        {pod.deletingSince && (
          <>
            <dt>deleting since</dt>
            <dd>{age(pod.deletingSince)}</dd>
          </>
        )}
        {pod.nodeName && (
          <>
            <dt>node</dt>
            <dd>
              {pod.nodeName}
              {pod.podIP ? ` · ${pod.podIP}` : ""}
            </dd>
          </>
        )}
        {pod.restarts > 0 && (
          <>
            <dt>restarts</dt>
            <dd>{pod.restarts}</dd>
          </>
        )}
      </dl>
    </div>
  );
}
