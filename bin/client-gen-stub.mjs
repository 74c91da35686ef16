// Stands in for @kubernetes/client-node's generated API client (dist/gen/index.js) where its
// KubeConfig (dist/config.js) imports it (see lazy-client-gen.mjs): KubeConfig uses it only in
// makeApiClient. The real module is loaded there (require of an ES module, Node >= 22.12).
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const realUrl = new URL(import.meta.url).searchParams.get("real");
let gen;
const real = () => (gen ??= createRequire(realUrl)(fileURLToPath(realUrl)));

export function createConfiguration(...args) {
  return real().createConfiguration(...args);
}

/** `new ServerConfiguration(…)` gives the real class's instance (a constructor may return an object). */
export function ServerConfiguration(...args) {
  return new (real().ServerConfiguration)(...args);
}
