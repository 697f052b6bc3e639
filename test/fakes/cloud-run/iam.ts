// google.iam.v1 IAMPolicy methods as Cloud Run serves them on services and jobs.
import type { protos } from "@google-cloud/run";
import { aborted, failedPrecondition, invalidArgument } from "./errors.js";
import type { FaultPlan } from "./faults.js";
import { newEtag } from "./names.js";
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

/** Handlers for one resource kind; `find` throws NOT_FOUND for unknown resources. */
export function iamApi(find: (resource: string) => PolicyHolder, faults: FaultPlan) {
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
      return { permissions: (req.permissions ?? []).filter((p) => !faults.deniedPermissions.has(p)) };
    },
  };
}
