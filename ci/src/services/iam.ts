/**
 * Public vs private through the IAM policy: public = allUsers holds roles/run.invoker.
 * Redeploys keep every other binding as it is.
 */
import type { IamPolicy } from "../gcp/cloud-run.js";

export const INVOKER_ROLE = "roles/run.invoker";
const PUBLIC_MEMBERS = ["allUsers", "allAuthenticatedUsers"];

export function isPublic(policy: IamPolicy): boolean {
  return (policy.bindings ?? []).some((b) => b.role === INVOKER_ROLE && (b.members ?? []).includes("allUsers"));
}

/** The policy with allUsers invoker added (public) or public members removed (private); undefined when already right. */
export function policyFor(policy: IamPolicy, wantPublic: boolean): IamPolicy | undefined {
  const bindings = (policy.bindings ?? []).map((b) => ({ role: b.role, members: [...(b.members ?? [])] }));
  if (wantPublic) {
    if (isPublic(policy)) return undefined;
    const invoker = bindings.find((b) => b.role === INVOKER_ROLE);
    if (invoker) invoker.members.push("allUsers");
    else bindings.push({ role: INVOKER_ROLE, members: ["allUsers"] });
  } else {
    const hasPublic = bindings.some((b) => b.role === INVOKER_ROLE && b.members.some((m) => PUBLIC_MEMBERS.includes(m)));
    if (!hasPublic) return undefined;
    for (const b of bindings) if (b.role === INVOKER_ROLE) b.members = b.members.filter((m) => !PUBLIC_MEMBERS.includes(m));
  }
  return { ...policy, bindings: bindings.filter((b) => b.members.length > 0) };
}
