/** Request bodies and responses for the API server: size limits, JSON/YAML/protobuf, Status errors. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseYaml, stringify as toYaml } from "yaml";
import { ApiError, badRequest } from "./errors";
import type { Negotiated } from "./negotiate";
import { decodeObject, encodeObject, hasProtobufForm, PROTOBUF } from "./protobuf/envelope";

/** The real apiserver's request body limit (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(new ApiError(413, "RequestEntityTooLarge", `Request entity too large: limit is ${limit}`));
        req.resume(); // drain the rest so the 413 can be written
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on("error", (e) => {
      if (!failed) reject(e);
    });
  });
}

/** Decodes an object body: JSON, YAML when the client says so, or Kubernetes protobuf. */
export function decodeBody(body: Buffer, contentType: string | undefined): unknown {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === PROTOBUF) return decodeObject(body);
  if (type === "application/cbor")
    throw new ApiError(
      415,
      "UnsupportedMediaType",
      "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf",
    );
  const text = body.toString("utf8");
  if (!text.trim()) throw badRequest("Object 'Kind' is missing in ''");
  if (type === "application/yaml" || type === "application/x-yaml" || type === "text/yaml") {
    try {
      return parseYaml(text, { maxAliasCount: 100 });
    } catch (e) {
      throw badRequest(`error converting YAML to JSON: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
}

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-cache, private",
  });
  res.end(text);
}

/**
 * Writes an API object in the negotiated format. An object with no protobuf form (a Table) goes
 * out as JSON, the real server's fallback for kinds its protobuf serializer cannot write.
 */
export function sendObject(res: ServerResponse, code: number, body: Record<string, unknown>, out: Negotiated | undefined): void {
  if (out?.media === "protobuf" && hasProtobufForm(body)) {
    const bytes = encodeObject(body);
    res.writeHead(code, { "Content-Type": PROTOBUF, "Content-Length": bytes.length, "Cache-Control": "no-cache, private" });
    res.end(bytes);
    return;
  }
  if (out?.media === "yaml") {
    const text = toYaml(body);
    res.writeHead(code, {
      "Content-Type": "application/yaml",
      "Content-Length": Buffer.byteLength(text),
      "Cache-Control": "no-cache, private",
    });
    res.end(text);
    return;
  }
  sendJson(res, code, body);
}

export function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** Writes an error as a Status, in the negotiated format when there is one (else JSON). */
export function sendError(res: ServerResponse, err: unknown, out?: Negotiated): void {
  const e =
    err instanceof ApiError
      ? err
      : new ApiError(500, "InternalError", `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`, {
          causes: [{ message: String(err instanceof Error ? err.message : err) }],
        });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendObject(res, e.code, e.toStatus(), out);
}

export const routeNotFound = () => new ApiError(404, "NotFound", "the server could not find the requested resource", {});
export const methodNotSupported = () =>
  new ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", {});
