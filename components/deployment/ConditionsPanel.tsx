import type { DeploymentView } from "@/lib/model";

/** `kubectl rollout status` of the moment. */
export function RolloutStatusLine({ d }: { d: DeploymentView }) {
  const failing = d.rolloutStatus.startsWith("error");
  return (
    <div className={`rollout-status${failing ? " failing" : ""}`} data-testid="rollout-status">
      <span className="prompt" aria-hidden="true">
        $ kubectl rollout status deployment/{d.name} -n {d.namespace}
      </span>
      <code>{d.rolloutStatus}</code>
    </div>
  );
}

/** The Deployment's conditions as the API has them. */
export function ConditionsPanel({ d }: { d: DeploymentView }) {
  return (
    <div className="conditions">
      <table className="cond-table">
        <caption className="sr-only">conditions of deployment {d.name}</caption>
        <thead>
          <tr>
            <th scope="col">condition</th>
            <th scope="col">status</th>
            <th scope="col">reason</th>
            <th scope="col">message</th>
          </tr>
        </thead>
        <tbody>
          {d.conditions.map((c) => (
            <tr key={c.type} data-condition={c.type} className={`cond-${c.status.toLowerCase()}`}>
              <td>{c.type}</td>
              <td>{c.status}</td>
              <td>{c.reason ?? ""}</td>
              <td>{c.message ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
