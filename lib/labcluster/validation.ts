/**
 * Validation with the real apiserver's field paths and messages (pkg/apis/{core,apps}/validation,
 * apimachinery field.Error formatting). Returns causes; the caller wraps them in a 422 Invalid.
 */
import type { StatusCause } from "./errors";
import { duplicate, forbidden, goIntOrString, goJson, goLabelSelector, goValue, inv, required, unsupported } from "./field-errors";
import { isJsonObject as isObj, listAt, objectAt, type JsonObject } from "./json";
import { fromLabelSelectorSpec, matchesLabels } from "./selectors";
import type { KObj } from "./types";

/** `v` is one of `allowed` (a value of another type never is). */
const oneOf = (allowed: readonly string[], v: unknown): boolean => typeof v === "string" && allowed.includes(v);
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

function validateName(name: unknown, field: string, style: "subdomain" | "label" | "dns1035"): StatusCause[] {
  if (typeof name !== "string" || name === "") return [required(field, "name or generateName is required")];
  const out: StatusCause[] = [];
  if (style === "subdomain") {
    if (name.length > 253) out.push(inv(field, goValue(name), "must be no more than 253 characters"));
    if (!DNS1123_SUBDOMAIN.test(name)) out.push(inv(field, goValue(name), SUBDOMAIN_MSG));
  } else {
    if (name.length > 63) out.push(inv(field, goValue(name), "must be no more than 63 characters"));
    if (!(style === "label" ? DNS1123_LABEL : DNS1035_LABEL).test(name))
      out.push(inv(field, goValue(name), style === "label" ? LABEL_MSG : DNS1035_MSG));
  }
  return out;
}

const NAME_STYLE: Record<string, "subdomain" | "label" | "dns1035"> = { namespaces: "label", services: "dns1035" };

const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** ValidateLabels: qualified-name keys (optional DNS prefix) and label values. */
function validateLabels(labels: unknown, field: string): StatusCause[] {
  if (labels === undefined || labels === null) return [];
  if (!isObj(labels)) return [inv(field, goValue(labels), "must be a map of strings")];
  const out: StatusCause[] = [];
  for (const [k, v] of Object.entries(labels)) {
    const slash = k.indexOf("/");
    const prefix = slash >= 0 ? k.slice(0, slash) : "";
    const name = slash >= 0 ? k.slice(slash + 1) : k;
    if (!name) out.push(inv(field, goValue(k), "name part must be non-empty"));
    else if (name.length > 63) out.push(inv(field, goValue(k), "name part must be no more than 63 characters"));
    else if (!QUALIFIED_NAME_PART.test(name)) out.push(inv(field, goValue(k), NAME_PART_MSG));
    if (slash >= 0 && (!prefix || !DNS1123_SUBDOMAIN.test(prefix))) out.push(inv(field, goValue(k), `prefix part ${SUBDOMAIN_MSG}`));
    if (typeof v !== "string") out.push(inv(`${field}[${k}]`, goValue(v), "must be a string"));
    else if (v.length > 63) out.push(inv(field, goValue(v), "must be no more than 63 characters"));
    else if (!LABEL_VALUE.test(v)) out.push(inv(field, goValue(v), LABEL_VALUE_MSG));
  }
  return out;
}

function validateMeta(storage: string, obj: KObj): StatusCause[] {
  const out = validateName(obj.metadata.name, "metadata.name", NAME_STYLE[storage] ?? "subdomain");
  out.push(...validateLabels(obj.metadata.labels, "metadata.labels"));
  const a = obj.metadata.annotations;
  if (a !== undefined && !isObj(a)) out.push(inv("metadata.annotations", goValue(a), "must be a map of strings"));
  else if (a)
    for (const [k, v] of Object.entries(a))
      if (typeof v !== "string") out.push(inv(`metadata.annotations[${k}]`, goValue(v), "must be a string"));
  return out;
}

function validateContainers(list: unknown, path: string, requiredList: boolean): StatusCause[] {
  if (list === undefined || list === null || (Array.isArray(list) && list.length === 0)) return requiredList ? [required(path)] : [];
  if (!Array.isArray(list)) return [inv(path, goValue(list), "must be a list of containers")];
  const out: StatusCause[] = [];
  const seen = new Set<string>();
  list.forEach((c: unknown, i: number) => {
    const p = `${path}[${i}]`;
    if (!isObj(c)) return void out.push(inv(p, goValue(c), "must be a container"));
    if (typeof c.name !== "string" || c.name === "") out.push(required(`${p}.name`));
    else if (!DNS1123_LABEL.test(c.name) || c.name.length > 63) out.push(inv(`${p}.name`, goValue(c.name), LABEL_MSG));
    if (typeof c.image !== "string" || c.image.trim() === "") out.push(required(`${p}.image`));
    if (c.ports !== undefined && Array.isArray(c.ports))
      c.ports.forEach((port: unknown, j: number) => {
        const pp = `${p}.ports[${j}].containerPort`;
        const n = isObj(port) ? port.containerPort : undefined;
        if (n === undefined) out.push(required(pp));
        else if (!isInt(n) || n < 1 || n > 65535) out.push(inv(pp, goValue(n), "must be between 1 and 65535, inclusive"));
      });
    if (c.imagePullPolicy !== undefined && !oneOf(["Always", "IfNotPresent", "Never"], c.imagePullPolicy))
      out.push(unsupported(`${p}.imagePullPolicy`, c.imagePullPolicy, ["Always", "IfNotPresent", "Never"]));
    // The real validator reports a duplicate name after the container's own errors.
    if (typeof c.name === "string" && c.name) {
      if (seen.has(c.name)) out.push(duplicate(`${p}.name`, goValue(c.name)));
      seen.add(c.name);
    }
  });
  return out;
}

function validatePodSpec(spec: unknown, path: string): StatusCause[] {
  if (!isObj(spec)) return [required(`${path}.containers`)];
  const out = [
    ...validateContainers(spec.containers, `${path}.containers`, true),
    ...validateContainers(spec.initContainers, `${path}.initContainers`, false),
  ];
  if (spec.restartPolicy !== undefined && !oneOf(["Always", "OnFailure", "Never"], spec.restartPolicy))
    out.push(unsupported(`${path}.restartPolicy`, spec.restartPolicy, ["Always", "OnFailure", "Never"]));
  // A negative terminationGracePeriodSeconds is accepted (the kubelet treats it as 1), as in v1.35.
  return out;
}

function nonNegative(obj: JsonObject, key: string, path: string): StatusCause[] {
  const v = obj[key];
  if (v === undefined) return [];
  if (!isInt(v)) return [inv(`${path}.${key}`, goValue(v), "must be an integer")];
  return v < 0 ? [inv(`${path}.${key}`, goValue(v), "must be greater than or equal to 0")] : [];
}

const PERCENT = /^[0-9]+%$/;

function intOrPercentErrors(v: unknown, field: string): StatusCause[] {
  if (typeof v === "string")
    return PERCENT.test(v)
      ? []
      : [
          inv(
            field,
            goIntOrString(v),
            "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
          ),
        ];
  if (typeof v === "number") return Number.isInteger(v) && v >= 0 ? [] : [inv(field, String(v), "must be greater than or equal to 0")];
  return [inv(field, goValue(v), "must be an integer or percentage (e.g '5%%')")];
}

/** getIntOrPercentValue: "N%" → N, ints as-is, anything else 0. */
function intOrPercentValue(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "string" && PERCENT.test(v)) return Number(v.slice(0, -1));
  return 0;
}

function validateSelectorAndTemplate(spec: JsonObject, kind: string, out: StatusCause[]): void {
  const template = objectAt(spec, "template");
  const templateMeta = template && objectAt(template, "metadata");
  if (!isObj(spec.selector)) {
    out.push(required("spec.selector"));
  } else {
    const sel = fromLabelSelectorSpec(spec.selector);
    if (!sel) out.push(inv("spec.selector", goLabelSelector(spec.selector), "invalid label selector"));
    else if (sel.length === 0) out.push(inv("spec.selector", goLabelSelector(spec.selector), `empty selector is invalid for ${kind}`));
    else {
      const labels = (templateMeta && objectAt(templateMeta, "labels")) ?? {};
      if (!matchesLabels(sel, labels))
        out.push(inv("spec.template.metadata.labels", goJson(labels), "`selector` does not match template `labels`"));
    }
  }
  if (!template) {
    out.push(required("spec.template"));
    return;
  }
  out.push(...validateLabels(templateMeta?.labels, "spec.template.metadata.labels"));
  out.push(...validatePodSpec(template.spec, "spec.template.spec"));
  const rp = objectAt(template, "spec")?.restartPolicy;
  if (rp !== undefined && rp !== "Always") out.push(unsupported("spec.template.spec.restartPolicy", rp, ["Always"]));
}

function validateDeployment(obj: KObj): StatusCause[] {
  const spec = obj.spec;
  if (!isObj(spec)) return [required("spec.selector"), required("spec.template")];
  const out: StatusCause[] = [
    ...nonNegative(spec, "replicas", "spec"),
    ...nonNegative(spec, "minReadySeconds", "spec"),
    ...nonNegative(spec, "revisionHistoryLimit", "spec"),
  ];
  validateSelectorAndTemplate(spec, "deployment", out);
  const st = isObj(spec.strategy) ? spec.strategy : {};
  if (st.type !== undefined && st.type !== "Recreate" && st.type !== "RollingUpdate")
    out.push(unsupported("spec.strategy.type", st.type, ["Recreate", "RollingUpdate"]));
  if (st.type === "Recreate" && st.rollingUpdate != null)
    out.push(forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"));
  if (st.type === "RollingUpdate" && isObj(st.rollingUpdate)) {
    const ru = st.rollingUpdate;
    const f = "spec.strategy.rollingUpdate";
    out.push(...intOrPercentErrors(ru.maxUnavailable, `${f}.maxUnavailable`), ...intOrPercentErrors(ru.maxSurge, `${f}.maxSurge`));
    if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0)
      out.push(inv(`${f}.maxUnavailable`, goIntOrString(ru.maxUnavailable), "may not be 0 when `maxSurge` is 0"));
    if (typeof ru.maxUnavailable === "string" && PERCENT.test(ru.maxUnavailable) && intOrPercentValue(ru.maxUnavailable) > 100)
      out.push(inv(`${f}.maxUnavailable`, goIntOrString(ru.maxUnavailable), "must not be greater than 100%"));
  }
  const pds = spec.progressDeadlineSeconds;
  if (pds !== undefined && pds !== null) {
    out.push(...nonNegative(spec, "progressDeadlineSeconds", "spec"));
    // Compared as JavaScript's <= compares: a minReadySeconds of another type was reported above.
    if (isInt(pds) && pds <= Number(spec.minReadySeconds ?? 0))
      out.push(inv("spec.progressDeadlineSeconds", goValue(pds), "must be greater than minReadySeconds"));
  }
  return out;
}

function validateReplicaSet(obj: KObj): StatusCause[] {
  const spec = obj.spec;
  if (!isObj(spec)) return [required("spec.selector"), required("spec.template")];
  const out: StatusCause[] = [...nonNegative(spec, "replicas", "spec"), ...nonNegative(spec, "minReadySeconds", "spec")];
  // v1.35 says "deployment" here too: the message comes from shared validation code.
  validateSelectorAndTemplate(spec, "deployment", out);
  return out;
}

const SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];

function validateService(obj: KObj): StatusCause[] {
  const spec = obj.spec;
  if (!isObj(spec)) return [required("spec.ports")];
  const out: StatusCause[] = [];
  const headless = spec.clusterIP === "None";
  const ports = listAt(spec, "ports");
  if (spec.type !== "ExternalName" && !headless && (!ports || ports.length === 0)) out.push(required("spec.ports"));
  if (ports) {
    const names = new Set<unknown>();
    const keys = new Set<string>();
    const inRange = (n: unknown) => isInt(n) && n >= 1 && n <= 65535;
    ports.forEach((p: unknown, i: number) => {
      const pp = `spec.ports[${i}]`;
      if (!isObj(p)) return void out.push(inv(pp, goValue(p), "must be a port"));
      // Per port, in the real validator's order: name, port, protocol, targetPort.
      if (ports.length > 1 && !p.name) out.push(required(`${pp}.name`));
      else if (p.name) {
        if (names.has(p.name)) out.push(duplicate(`${pp}.name`, goValue(p.name)));
        names.add(p.name);
      }
      if (!inRange(p.port)) out.push(inv(`${pp}.port`, goValue(p.port), "must be between 1 and 65535, inclusive"));
      if (!oneOf(["TCP", "UDP", "SCTP"], p.protocol)) out.push(unsupported(`${pp}.protocol`, p.protocol, ["SCTP", "TCP", "UDP"]));
      if (typeof p.targetPort === "number" && !inRange(p.targetPort))
        out.push(inv(`${pp}.targetPort`, goValue(p.targetPort), "must be between 1 and 65535, inclusive"));
      const k = `${p.protocol}/${p.port}`;
      if (keys.has(k))
        out.push(
          duplicate(pp, JSON.stringify({ Name: "", Protocol: p.protocol, AppProtocol: null, Port: p.port, TargetPort: 0, NodePort: 0 })),
        );
      keys.add(k);
    });
  }
  if (!oneOf(SERVICE_TYPES, spec.type)) out.push(unsupported("spec.type", spec.type, SERVICE_TYPES));
  if (spec.selector !== undefined && spec.selector !== null && !isObj(spec.selector))
    out.push(inv("spec.selector", goValue(spec.selector), "must be a map of strings"));
  return out;
}

/** Validation on create (and the object half of update). */
export function validateObject(storage: string, obj: KObj): StatusCause[] {
  const out = validateMeta(storage, obj);
  switch (storage) {
    case "deployments":
      return out.concat(validateDeployment(obj));
    case "replicasets":
      return out.concat(validateReplicaSet(obj));
    case "pods":
      return out.concat(validatePodSpec(obj.spec, "spec"));
    case "services":
      return out.concat(validateService(obj));
  }
  return out;
}

const stable = (v: unknown) =>
  JSON.stringify(v ?? null, (_k, x) =>
    isObj(x)
      ? Object.fromEntries(
          Object.keys(x)
            .sort()
            .map((k) => [k, x[k]]),
        )
      : x,
  );

/** Pod spec fields a pod update may change (ValidatePodUpdate). */
function podSpecMutableView(spec: unknown): unknown {
  if (!isObj(spec)) return spec;
  const s: JsonObject = structuredClone(spec);
  for (const l of ["containers", "initContainers"]) for (const c of listAt(s, l) ?? []) if (isObj(c)) delete c.image;
  delete s.activeDeadlineSeconds;
  delete s.tolerations;
  delete s.terminationGracePeriodSeconds;
  return s;
}

/** Extra rules on update: immutable fields. */
export function validateUpdate(storage: string, obj: KObj, old: KObj): StatusCause[] {
  const out = validateObject(storage, obj);
  if ((storage === "deployments" || storage === "replicasets") && isObj(obj.spec) && isObj(old.spec)) {
    if (stable(obj.spec.selector) !== stable(old.spec.selector))
      out.push(inv("spec.selector", goLabelSelector(obj.spec.selector), "field is immutable"));
  }
  if (storage === "pods" && stable(podSpecMutableView(obj.spec)) !== stable(podSpecMutableView(old.spec))) {
    out.push(
      forbidden(
        "spec",
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
      ),
    );
  }
  if (
    storage === "services" &&
    isObj(obj.spec) &&
    isObj(old.spec) &&
    old.spec.clusterIP &&
    obj.spec.clusterIP !== old.spec.clusterIP &&
    old.spec.type !== "ExternalName" &&
    obj.spec.type !== "ExternalName"
  ) {
    out.push(inv("spec.clusterIPs[0]", `[${JSON.stringify(obj.spec.clusterIP ?? "")}]`, "may not change once set"));
  }
  return out;
}

/** ValidateObjectMetaUpdate: what a client may not change in metadata (checked before the strategy resets the rest). */
export function validateMetaUpdate(obj: KObj, old: KObj): StatusCause[] {
  const out: StatusCause[] = [];
  const m = obj.metadata;
  if (m.uid !== undefined && m.uid !== "" && m.uid !== old.metadata.uid)
    out.push(inv("metadata.uid", goValue(m.uid), "field is immutable"));
  if (m.deletionTimestamp !== undefined && m.deletionTimestamp !== old.metadata.deletionTimestamp)
    out.push(inv("metadata.deletionTimestamp", goValue(m.deletionTimestamp), "field is immutable"));
  if (m.deletionGracePeriodSeconds !== undefined && m.deletionGracePeriodSeconds !== old.metadata.deletionGracePeriodSeconds)
    out.push(inv("metadata.deletionGracePeriodSeconds", goValue(m.deletionGracePeriodSeconds), "field is immutable"));
  return out;
}
