import jsonpatch, { type Operation } from "fast-json-patch";
import { ApiError, badRequest } from "../errors";
import { jsonMergePatch, strategicMerge } from "./strategic";

export { jsonMergePatch, mergeKeyFor, strategicMerge } from "./strategic";

export const PATCH_TYPES = [
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
  "application/apply-patch+yaml",
] as const;

/**
 * Applies a PATCH body of `contentType` to `original` (an object of `kind`), returning a new
 * object. Errors are the Status the real apiserver sends: 400 for unparseable patches,
 * 415 for unknown patch types, 422 for JSON patch operations that do not apply.
 */
export function applyPatch(original: unknown, body: string, contentType: string, kind: string): unknown {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  let patch: unknown;
  try {
    patch = JSON.parse(body);
  } catch (e) {
    throw badRequest(`error decoding patch: ${(e as Error).message}`);
  }
  switch (type) {
    case "application/json-patch+json": {
      if (!Array.isArray(patch)) throw badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
      try {
        return jsonpatch.applyPatch(structuredClone(original), patch as Operation[], true, false).newDocument;
      } catch {
        // The real server says no more than this for any JSON patch operation that fails.
        throw new ApiError(422, "Invalid", "the server rejected our request due to an error in our request", {});
      }
    }
    case "application/merge-patch+json":
      if (typeof patch !== "object" || patch === null || Array.isArray(patch))
        throw badRequest("error decoding patch: merge patch must be a JSON object");
      return jsonMergePatch(original, patch);
    case "application/strategic-merge-patch+json":
      return strategicMerge(original, patch, kind);
    default:
      throw new ApiError(
        415,
        "UnsupportedMediaType",
        `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.slice(0, 3).join(", ")}`,
      );
  }
}
