// What a handler answers, and the error bodies the APIs send: google.rpc.Status as JSON
// (https://cloud.google.com/apis/design/errors#http_mapping) for most, and the Cloud Storage JSON
// API's own shape ({error: {code, message, errors: [{domain, reason, message}]}}).
import { effectivePermissions } from "./iam.js";
import type { FakeGoogleState } from "./state.js";

export interface Reply { status: number; body: unknown }

export interface ApiCall {
  method: string;
  /** The path after the API's prefix, e.g. /v1/projects/p/services/run.googleapis.com */
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** The caller as an IAM member (serviceAccount:EMAIL, principal://...). */
  caller: string;
}

export type ApiHandler = (call: ApiCall, state: FakeGoogleState) => Reply | undefined;

const STATUS_NAMES: Record<number, string> = { 400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 409: "ALREADY_EXISTS", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED" };

export const json = (body: unknown, status = 200): Reply => ({ status, body });

export function rpcError(status: number, message: string): Reply {
  return { status, body: { error: { code: status, message, status: STATUS_NAMES[status] ?? "UNKNOWN" } } };
}

export function storageError(status: number, reason: string, message: string): Reply {
  return { status, body: { error: { code: status, message, errors: [{ message, domain: "global", reason }] } } };
}

/** Whether `caller` holds `permission` on `resource` (its own policy, or its project's). */
export function holds(state: FakeGoogleState, caller: string, resource: string, project: string | undefined, permission: string): boolean {
  return effectivePermissions(caller, state.policiesFor(resource, project), state.customRoles).has(permission);
}

/** The subset of `permissions` the caller holds on the resource, in the order asked (testIamPermissions). */
export function granted(state: FakeGoogleState, caller: string, resource: string, project: string | undefined, permissions: readonly string[]): string[] {
  const held = effectivePermissions(caller, state.policiesFor(resource, project), state.customRoles);
  return [...new Set(permissions.filter((p) => held.has(p)))];
}

/** proto3 JSON leaves empty repeated fields out: `{}` when nothing is granted. */
export const permissionsBody = (list: string[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({ ...extra, ...(list.length ? { permissions: list } : {}) });

/** A policy as the IAM APIs return it (bindings omitted when empty; conditional bindings only for requestedPolicyVersion 3). */
export function policyBody(state: FakeGoogleState, resource: string, requestedVersion: number): Record<string, unknown> {
  const bindings = (state.policies.get(resource) ?? []).map((b) => {
    if (!b.condition || requestedVersion >= 3) return { role: b.role, members: [...b.members], ...(b.condition ? { condition: b.condition } : {}) };
    // Version 1 readers see a conditional binding under a marked role name, without its condition (https://cloud.google.com/iam/docs/policies#versions).
    return { role: `${b.role}_withcond_${Buffer.from(b.condition.expression).toString("hex").slice(0, 20)}`, members: [...b.members] };
  });
  const conditional = bindings.some((b) => "condition" in b);
  return { version: conditional ? 3 : 1, etag: Buffer.from(`${resource}:${JSON.stringify(bindings)}`).toString("base64").slice(0, 12), ...(bindings.length ? { bindings } : {}) };
}

export function permissionsOf(body: Record<string, unknown>): string[] | Reply {
  const p = body["permissions"];
  if (!Array.isArray(p) || p.some((x) => typeof x !== "string")) return rpcError(400, "Invalid JSON payload: permissions must be a list of strings.");
  return p as string[];
}
