import { describe, expect, it } from "vitest";
import { negotiateOutput, parseAccept } from "./negotiate";

const PB = "application/vnd.kubernetes.protobuf";
const KUBECTL_TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
const media = (accept: string | undefined, opts = { tables: true }) => {
  const n = negotiateOutput(accept, opts);
  return n.table ? `${n.media}+table` : n.media;
};

describe("output negotiation", () => {
  it("answers JSON to no Accept and to */*, protobuf to client-go's protobuf config", () => {
    expect(media(undefined)).toBe("json");
    expect(media("*/*")).toBe("json");
    expect(media(`${PB}, */*`)).toBe("protobuf");
    expect(media(`${PB},application/json`)).toBe("protobuf");
    expect(media(`application/json, ${PB}`)).toBe("json");
  });

  it("orders clauses by q, then concrete before wildcard", () => {
    expect(media(`application/json;q=0.5, ${PB}`)).toBe("protobuf");
    expect(media(`*/*, ${PB}`)).toBe("protobuf");
    expect(parseAccept("a/b;q=0.1, */*, c/d").map((c) => `${c.type}/${c.subtype}`)).toEqual(["c/d", "*/*", "a/b"]);
  });

  it("serves Table only in JSON/YAML, only as meta.k8s.io, and only where tables exist", () => {
    expect(media(KUBECTL_TABLE)).toBe("json+table");
    expect(media(`${PB};as=Table;v=v1;g=meta.k8s.io,application/json`)).toBe("json");
    expect(media("application/json;as=Table,application/json")).toBe("json");
    expect(media(KUBECTL_TABLE, { tables: false })).toBe("json");
    expect(media("application/yaml;as=Table;v=v1;g=meta.k8s.io")).toBe("yaml+table");
  });

  it("is 406 when nothing is acceptable, and a watch never gets YAML", () => {
    expect(() => negotiateOutput("text/html", { tables: true })).toThrow(/only the following media types are accepted/);
    expect(() => negotiateOutput("application/yaml", { tables: true, stream: true })).toThrow(/accepted/);
    expect(negotiateOutput(`application/yaml, ${PB}`, { tables: true, stream: true }).media).toBe("protobuf");
    expect(() => negotiateOutput(`${PB};stream=other`, { tables: true, stream: true })).toThrow();
  });
});
