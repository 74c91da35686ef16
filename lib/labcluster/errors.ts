/**
 * API errors as the real apiserver reports them: a `kind: Status` body whose reason and code
 * kubectl turns into the messages users know ("Error from server (NotFound): ...").
 */
export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  toStatus(): Record<string, unknown> {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      // The real server leaves reason out when it has none (StatusReasonUnknown).
      ...(this.reason ? { reason: this.reason } : {}),
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** "deployments.apps" / "pods": the qualified resource name the apiserver puts in messages. */
export function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

export const notFound = (resource: string, group: string, name: string) =>
  new ApiError(404, "NotFound", `${qualified(resource, group)} "${name}" not found`, { name, group: group || undefined, kind: resource });

export const alreadyExists = (resource: string, group: string, name: string) =>
  new ApiError(409, "AlreadyExists", `${qualified(resource, group)} "${name}" already exists`, {
    name,
    group: group || undefined,
    kind: resource,
  });

export const conflict = (resource: string, group: string, name: string) =>
  new ApiError(
    409,
    "Conflict",
    `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group: group || undefined, kind: resource },
  );

export const badRequest = (message: string) => new ApiError(400, "BadRequest", message);

export const gone = (message: string) => new ApiError(410, "Expired", message);

export const methodNotAllowed = (message: string) => new ApiError(405, "MethodNotAllowed", message);

/** 422 Invalid, message formatted exactly like apimachinery's NewInvalid. */
export function invalid(kind: string, group: string, name: string, causes: StatusCause[]): ApiError {
  const errs = causes.map((c) => `${c.field}: ${c.message}`);
  const list = errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`;
  return new ApiError(422, "Invalid", `${kind}${group ? "." + group : ""} "${name}" is invalid: ${list}`, {
    name,
    group: group || undefined,
    kind,
    causes: causes.map((c) => ({ reason: c.reason ?? "FieldValueInvalid", message: c.message, field: c.field })),
  });
}
