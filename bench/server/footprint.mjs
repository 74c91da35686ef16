// RSS after each stage of what `rollscope serve` loads, without a cluster (bench/README.md "server").
// Usage: node --expose-gc [--max-semi-space-size=2] bench/server/footprint.mjs <repo root> [lazy] [next]
//   lazy: register bin/lazy-client-gen.mjs first, as bin/rollscope.mjs does; next: also start
//   Next.js (needs a production build in <root>/.next) and answer /, /healthz and /api/rollouts.
const mib = (b) => (b / 2 ** 20).toFixed(1);
const show = (label) => {
  globalThis.gc?.();
  const m = process.memoryUsage();
  console.log(`${label}: rss ${mib(m.rss)} heapTotal ${mib(m.heapTotal)} used ${mib(m.heapUsed)} ext ${mib(m.external)}`);
};
const root = process.argv[2];
show("bare");
if (process.argv.includes("lazy")) (await import(root + "/bin/lazy-client-gen.mjs")).registerLazyClientGen();
const { register } = await import("tsx/esm/api");
register({ tsconfig: root + "/tsconfig.json" });
show("tsx registered");
await import(root + "/lib/cli/main.ts");
show("cli main imported");
await import(root + "/lib/kube/process-hub.ts");
show("client-node imported");
if (process.argv.includes("next")) {
  process.env.NODE_ENV = "production";
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: root, hostname: "127.0.0.1", port: 3999 });
  await app.prepare();
  show("next prepared");
  const http = await import("node:http");
  const h = app.getRequestHandler();
  const s = http.createServer((q, r) => h(q, r)).listen(3999);
  for (const p of ["/", "/healthz", "/api/rollouts"]) {
    try {
      const r = await fetch("http://127.0.0.1:3999" + p);
      await r.text();
    } catch (e) {
      console.log(p, e.message);
    }
  }
  await new Promise((ok) => setTimeout(ok, 1000));
  show("after 3 requests");
  s.close();
}
process.exit(0);
