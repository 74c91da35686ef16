/**
 * Generates schema.json (field numbers → JSON names and types) from the Kubernetes
 * generated.proto files, for the message types reachable from the kinds the lab cluster serves.
 * Usage: npx tsx lib/labcluster/protobuf/generate-schema.ts <dir with the .proto files>
 * (k8s.io/api core/v1, apps/v1, discovery/v1, coordination/v1, events/v1 and k8s.io/apimachinery
 * meta/v1, runtime, util/intstr, api/resource generated.proto, any file names).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

type Field = [name: string, type: string, kind: 0 | 1 | 2]; // 0 single, 1 repeated, 2 map<string, type>
const SCALARS = new Set(["string", "bool", "int32", "int64", "uint32", "uint64", "double", "float", "bytes", "sint32", "sint64", "fixed32", "fixed64"]);

const messages = new Map<string, Record<string, Field>>();
for (const f of readdirSync(process.argv[2]!)) {
  if (!f.endsWith(".proto")) continue;
  const text = readFileSync(join(process.argv[2]!, f), "utf8");
  const pkg = text.match(/^package ([\w.]+);/m)![1]!;
  let current: Record<string, Field> | undefined;
  let currentName = "";
  const raw: [string, Record<string, [string, string, 0 | 1 | 2]>][] = [];
  for (const line of text.split("\n")) {
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^message (\w+) \{/))) {
      currentName = `${pkg}.${m[1]}`;
      current = {};
      raw.push([currentName, current]);
    } else if (current && (m = line.match(/^  (optional|repeated) ([\w.]+) (\w+) = (\d+)/))) {
      current[m[4]!] = [m[3]!, m[2]!.replace(/^\./, ""), m[1] === "repeated" ? 1 : 0];
    } else if (current && (m = line.match(/^  map<string, ?([\w.]+)> (\w+) = (\d+)/))) {
      current[m[3]!] = [m[2]!, m[1]!.replace(/^\./, ""), 2];
    } else if (line.startsWith("}")) current = undefined;
  }
  for (const [name, fields] of raw) {
    for (const fd of Object.values(fields)) if (!SCALARS.has(fd[1]) && !fd[1].includes(".")) fd[1] = `${pkg}.${fd[1]}`;
    messages.set(name, fields);
  }
}

const ROOTS = [
  "k8s.io.apimachinery.pkg.runtime.Unknown",
  ...["Namespace", "Node", "Pod", "Service", "Endpoints", "Event", "ServiceAccount", "ConfigMap", "Secret", "ResourceQuota", "LimitRange", "Binding"].map((k) => `k8s.io.api.core.v1.${k}`),
  "k8s.io.api.apps.v1.Deployment",
  "k8s.io.api.apps.v1.ReplicaSet",
  "k8s.io.api.discovery.v1.EndpointSlice",
  "k8s.io.api.events.v1.Event",
  "k8s.io.api.coordination.v1.Lease",
  "k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions",
];
// Types with their own JSON form: decoded specially, their fields are not needed.
const OPAQUE = new Set([
  "k8s.io.apimachinery.pkg.apis.meta.v1.Time",
  "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime",
  "k8s.io.apimachinery.pkg.apis.meta.v1.Duration",
  "k8s.io.apimachinery.pkg.util.intstr.IntOrString",
  "k8s.io.apimachinery.pkg.api.resource.Quantity",
  "k8s.io.apimachinery.pkg.runtime.RawExtension",
  "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1",
]);
const out: Record<string, Record<string, Field>> = {};
const queue = [...ROOTS];
while (queue.length) {
  const name = queue.pop()!;
  if (out[name] || OPAQUE.has(name)) continue;
  const fields = messages.get(name);
  if (!fields) throw new Error(`message ${name} not found`);
  out[name] = fields;
  for (const [, type] of Object.values(fields)) if (!SCALARS.has(type) && !OPAQUE.has(type)) queue.push(type);
}
const sorted = Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
writeFileSync(new URL("./schema.json", import.meta.url), JSON.stringify(sorted) + "\n");
console.log(`${Object.keys(out).length} messages`);
