import { Dashboard } from "@/components/Dashboard";
import { processConnection } from "@/lib/kube/process-hub";

export const dynamic = "force-dynamic";

/** `/` — every namespace in view; `/?namespace=NS` — that namespace (deep link). */
export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const raw = typeof params.namespace === "string" && params.namespace !== "" ? params.namespace : undefined;
  const conn = processConnection();
  if (conn.configError) {
    return (
      <main className="fatal-page">
        <h1>Rollscope cannot read a cluster</h1>
        <p role="alert">{conn.configError}</p>
        <p>Fix the kubeconfig and restart, for example:</p>
        <pre>
          <code>{`rollscope serve --kubeconfig ~/.kube/config --context <name>\nrollscope serve --lab    # the embedded lab cluster`}</code>
        </pre>
      </main>
    );
  }
  const namespace = raw ?? conn.scope;
  return <Dashboard namespace={namespace} scope={conn.scope} present={params.present === "1"} />;
}
