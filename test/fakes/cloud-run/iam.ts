// google.iam.v1 IAMPolicy methods as Cloud Run serves them on services and jobs.
import type { protos } from "@google-cloud/run";
import { aborted, failedPrecondition, invalidArgument } from "./errors.js";
import type { FaultPlan } from "./faults.js";
import { newEtag } from "./names.js";
import { PERMISSIONS_BY_KIND, type IamResourceKind } from "./permissions.js";
import type { IPolicy } from "./state.js";

type GetIamPolicyRequest = protos.google.iam.v1.IGetIamPolicyRequest;
type SetIamPolicyRequest = protos.google.iam.v1.ISetIamPolicyRequest;
type TestIamPermissionsRequest = protos.google.iam.v1.ITestIamPermissionsRequest;

export interface PolicyHolder {
  policy: IPolicy;
}

const MEMBER_RE =
  /^(allUsers|allAuthenticatedUsers|(user|serviceAccount|group|domain|principal|principalSet|deleted:user|deleted:serviceAccount|deleted:group):.+)$/;
const ROLE_RE = /^(roles\/[A-Za-z0-9_.]+|(projects|organizations)\/[^/]+\/roles\/[A-Za-z0-9_.]+)$/;
const PUBLIC_MEMBERS = new Set(["allUsers", "allAuthenticatedUsers"]);

export const INVOKER_ROLE = "roles/run.invoker";

/** True when the policy lets anyone invoke (allUsers or allAuthenticatedUsers hold roles/run.invoker). */
export function isPublic(policy: IPolicy): boolean {
  return (policy.bindings ?? []).some(
    (b) => b.role === INVOKER_ROLE && (b.members ?? []).some((m) => PUBLIC_MEMBERS.has(m)),
  );
}

function etagBytes(value: Uint8Array | string | null | undefined): Buffer {
  if (!value) return Buffer.alloc(0);
  return typeof value === "string" ? Buffer.from(value, "base64") : Buffer.from(value);
}

export function copyPolicy(policy: IPolicy): IPolicy {
  return {
    version: policy.version ?? 1,
    etag: etagBytes(policy.etag),
    bindings: (policy.bindings ?? []).map((b) => ({ role: b.role, members: [...(b.members ?? [])] })),
  };
}

/**
 * Handlers for one resource kind; `find` throws NOT_FOUND for unknown resources. Denied permissions
 * (`faults.deniedPermissions`) make Get/SetIamPolicy answer PERMISSION_DENIED before these run
 * (server.ts); TestIamPermissions needs no permission and reports the held subset.
 */
export function iamApi(find: (resource: string) => PolicyHolder, faults: FaultPlan, kind: IamResourceKind) {
  const known = PERMISSIONS_BY_KIND[kind];
  return {
    GetIamPolicy(req: GetIamPolicyRequest): IPolicy {
      return copyPolicy(find(req.resource ?? "").policy);
    },

    SetIamPolicy(req: SetIamPolicyRequest): IPolicy {
      const holder = find(req.resource ?? "");
      const policy = req.policy;
      if (!policy) throw invalidArgument("policy: required.");
      const sent = etagBytes(policy.etag);
      if (sent.length > 0 && !sent.equals(etagBytes(holder.policy.etag))) {
        throw aborted("There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff.");
      }
      const bindings = (policy.bindings ?? []).filter((b) => (b.members ?? []).length > 0);
      for (const b of bindings) {
        if (!ROLE_RE.test(b.role ?? "")) {
          throw invalidArgument(`policy.bindings.role: '${b.role ?? ""}' is not a valid role; use a name like 'roles/run.invoker'.`);
        }
        for (const m of b.members ?? []) {
          if (!MEMBER_RE.test(m)) {
            throw invalidArgument(
              `policy.bindings.members: '${m}' is not a valid member; use allUsers, allAuthenticatedUsers or a prefixed identity such as 'serviceAccount:x@p.iam.gserviceaccount.com'.`,
            );
          }
          if (faults.publicAccessBlocked && PUBLIC_MEMBERS.has(m)) {
            throw failedPrecondition(
              "One or more users named in the policy do not belong to a permitted customer, perhaps due to an organization policy.",
            );
          }
        }
      }
      holder.policy = {
        version: policy.version || 1,
        etag: Buffer.from(newEtag(), "base64"),
        bindings: bindings.map((b) => ({ role: b.role, members: [...(b.members ?? [])] })),
      };
      return copyPolicy(holder.policy);
    },

    TestIamPermissions(req: TestIamPermissionsRequest) {
      find(req.resource ?? "");
      const asked = req.permissions ?? [];
      for (const p of asked) {
        // "Permissions with wildcards (such as '*' or 'storage.*') are not allowed." (iam_policy.proto)
        if (p.includes("*")) throw invalidArgument(`permissions: wildcards such as '*' or 'run.*' are not allowed, got '${p}'.`);
        // A permission that does not exist on this resource type is a bad request, not "not held"
        // (Google's back ends answer 400 to unknown permission strings:
        // https://github.com/googleapis/google-cloud-python/pull/1776). The list is
        // https://cloud.google.com/run/docs/reference/iam/permissions.
        if (!known.has(p)) {
          throw invalidArgument(
            `Permission '${p}' is not valid for this resource (a Cloud Run ${kind === "services" ? "service" : "job"}; its permissions are listed at https://cloud.google.com/run/docs/reference/iam/permissions).`,
          );
        }
      }
      return { permissions: asked.filter((p) => !faults.deniedPermissions.has(p)) };
    },
  };
}
