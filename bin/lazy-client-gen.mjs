// Keeps @kubernetes/client-node's generated API client (dist/gen/index.js, ~70 MiB of RSS once
// loaded) out of a process that only needs KubeConfig: its dist/config.js imports the generated
// code for makeApiClient alone. Registered by bin/rollscope.mjs before anything imports the client;
// the import from config.js then gets client-gen-stub.mjs, which loads the real module on the
// first makeApiClient (the lab kubelet, `rollscope wait`), the same instance every other importer gets.
import * as nodeModule from "node:module";

const STUB = new URL("./client-gen-stub.mjs", import.meta.url).href;
const CONFIG = "/@kubernetes/client-node/dist/config.js";

export function registerLazyClientGen() {
  nodeModule.registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context);
      if (specifier !== "./gen/index.js" || !context.parentURL?.endsWith(CONFIG)) return resolved;
      return { url: `${STUB}?real=${encodeURIComponent(resolved.url)}`, format: "module", shortCircuit: true };
    },
  });
}
