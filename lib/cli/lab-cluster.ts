import { parseArgs } from "node:util";
import { positiveNumber, portNumber } from "./flags";

const HELP = `Usage: rollscope lab-cluster [--port P] [--kubeconfig-out F] [--time-scale N]

Starts the embedded lab cluster: a Kubernetes API server on 127.0.0.1 with the deployment,
replicaset, endpointslice and garbage-collector controllers and a lab kubelet. kubectl works
against it: export KUBECONFIG=<the printed kubeconfig>.

  --port P            port to listen on (default 0: a free port)
  --kubeconfig-out F  where to write the kubeconfig (default .rollscope/lab-kubeconfig)
  --time-scale N      run the cluster's clock N times faster (default 1)`;

/** `rollscope lab-cluster`: prints `ready kubeconfig=<F> server=<url>` once serving. */
export async function labCluster(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "0" },
      "kubeconfig-out": { type: "string", default: ".rollscope/lab-kubeconfig" },
      "time-scale": { type: "string", default: "1" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const port = portNumber(values.port!, "--port");
  const timeScale = positiveNumber(values["time-scale"]!, "--time-scale");
  const { startLabCluster } = await import("../labcluster/index");
  const lab = await startLabCluster({ port, timeScale, kubeconfigOut: values["kubeconfig-out"]! });
  console.log(`ready kubeconfig=${lab.kubeconfigPath} server=${lab.server}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await lab.stop();
  return 0;
}
