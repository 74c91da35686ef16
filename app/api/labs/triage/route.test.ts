import { describe, expect, it } from "vitest";
import { GET } from "./route";

describe("GET /api/labs/triage", () => {
  it("404s a scenario without a checklist", async () => {
    const r = await GET(new Request("http://localhost/api/labs/triage?scenario=nope&namespace=lab"));
    expect(r.status).toBe(404);
  });
});
