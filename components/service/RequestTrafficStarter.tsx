"use client";
import { failedCounter } from "@/lib/traffic/picture";
import { useServiceTraffic } from "./useServiceTraffic";

/**
 * A lab step's way to start the requests its checks read: "Send requests to NAME" until traffic
 * runs, then the step's counter. The same generator as the Service card's lane (POST /api/traffic).
 */
export function RequestTrafficStarter({ namespace, service }: { namespace: string; service: string }) {
  const { picture, error, command } = useServiceTraffic(namespace, service);
  return (
    <p className="small" data-testid={`lab-requests-${service}`} data-sent={picture?.sent ?? 0} data-failed={picture?.failed ?? 0}>
      {picture ? (
        <>
          Requests through <code>{service}</code>: {failedCounter(picture.failed, picture.sent)}
          {!picture.running && picture.source !== "prometheus" && (
            <button type="button" className="btn btn-small" onClick={() => command("resume")}>
              Resume
            </button>
          )}
        </>
      ) : (
        <button type="button" className="btn btn-small" onClick={() => command("start")}>
          Send requests to {service} (20/s)
        </button>
      )}
      {error && (
        <span role="alert" className="lab-error">
          {" "}
          {error}
        </span>
      )}
    </p>
  );
}
