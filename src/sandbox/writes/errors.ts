// A write that the server refuses: the Status it answers with (apimachinery's StatusError), as
// kube-apiserver builds it for each case the captures show.

export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
}

export class ApiStatusError extends Error {
  /** For a policy's refusal: the CEL expression that decided (for the glass box). */
  expression?: string;

  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[] },
  ) {
    super(message);
  }
}

/** "pods" or "deployments.apps": how kube names a resource in messages. */
export function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

export function details(name: string, resource: string, group: string): { name?: string; group?: string; kind: string } {
  return { ...(name ? { name } : {}), ...(group ? { group } : {}), kind: resource };
}

export function notFound(resource: string, group: string, name: string): ApiStatusError {
  return new ApiStatusError(404, 'NotFound', `${qualified(resource, group)} "${name}" not found`, details(name, resource, group));
}

export function alreadyExists(resource: string, group: string, name: string): ApiStatusError {
  return new ApiStatusError(409, 'AlreadyExists', `${qualified(resource, group)} "${name}" already exists`, details(name, resource, group));
}

export function conflict(resource: string, group: string, name: string): ApiStatusError {
  return new ApiStatusError(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": the object has been modified; please apply your changes to the latest version and try again`, details(name, resource, group));
}

export function forbidden(resource: string, group: string, name: string, why: string): ApiStatusError {
  return new ApiStatusError(403, 'Forbidden', `${qualified(resource, group)} "${name}" is forbidden: ${why}`, details(name, resource, group));
}

export interface FieldError {
  type: 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueForbidden' | 'FieldValueNotSupported' | 'FieldValueDuplicate';
  field: string;
  /** The text after the field: "Required value", `Invalid value: "x": ...`. */
  detail: string;
}

/** apimachinery's NewInvalid: `Kind.group "name" is invalid: field: detail` ([a, b] for several). */
export function invalid(kind: string, group: string, name: string, errs: FieldError[]): ApiStatusError {
  const parts = errs.map((e) => `${e.field}: ${e.detail}`);
  const text = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return new ApiStatusError(422, 'Invalid', `${group ? `${kind}.${group}` : kind} "${name}" is invalid: ${text}`, {
    name, ...(group ? { group } : {}), kind, causes: errs.map((e) => ({ reason: e.type, message: e.detail, field: e.field })),
  });
}

export function badRequest(message: string): ApiStatusError {
  return new ApiStatusError(400, 'BadRequest', message);
}
