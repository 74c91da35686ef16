import { afterEach, describe, expect, it } from "vitest";
import { POST } from "./route";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

function post(body: unknown, headers: Record<string, string> = { host: "localhost:3000", origin: "http://localhost:3000" }) {
  return new Request("http://localhost:3000/api/labs/apply", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

describe("POST /api/labs/apply", () => {
  it("refuses cross-origin requests before anything else", async () => {
    process.env.ROLLSCOPE_LAB = "1";
    const r = await POST(
      post({ lab: "rollout", step: "concepts", namespace: "x" }, { host: "localhost:3000", origin: "http://evil.example" }),
    );
    expect(r.status).toBe(403);
    expect((await r.json()).error).toMatch(/cross-origin/);
  });

  it("refuses when the server watches a real cluster without the allow flag", async () => {
    delete process.env.ROLLSCOPE_LAB;
    delete process.env.ROLLSCOPE_ALLOW_APPLY;
    const r = await POST(post({ lab: "rollout", step: "concepts", namespace: "x" }));
    expect(r.status).toBe(403);
    expect((await r.json()).error).toMatch(/ROLLSCOPE_ALLOW_APPLY=1/);
  });

  it("rejects a namespace that is not a DNS label", async () => {
    process.env.ROLLSCOPE_LAB = "1";
    const r = await POST(post({ lab: "rollout", step: "concepts", namespace: "x; rm -rf /" }));
    expect(r.status).toBe(400);
    expect((await r.json()).error).toMatch(/namespace: not a namespace name/);
  });

  it("404s an unknown lab", async () => {
    process.env.ROLLSCOPE_LAB = "1";
    process.env.ROLLSCOPE_KUBECONFIG = "/nonexistent";
    const r = await POST(post({ lab: "../etc", step: "concepts", namespace: "x" }));
    expect(r.status).toBe(404);
  });
});
