/** The vendored generated.proto files and how protobufjs loads them (refresh script and tests). */
import { join } from "node:path";
import protobuf from "protobufjs";

/** The API groups the lab serves; their imports (apimachinery) follow. */
export const PROTO_ROOTS = [
  "core",
  "apps",
  "discovery",
  "events",
  "coordination",
  "autoscaling",
  "authorization",
  "authentication",
  "policy",
].map((g) => `k8s.io/api/${g}/v1/generated.proto`);

/** Parses the .proto files under `dir` (imports resolved inside it) into one protobufjs Root. */
export function loadProtoRoot(dir: string): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith(dir) ? target : join(dir, target));
  return root.loadSync(
    PROTO_ROOTS.map((f) => join(dir, f)),
    { keepCase: true },
  );
}
