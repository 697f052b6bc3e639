/**
 * What every check family shares: the REST surface, the deployer as an IAM member, reads made once
 * per run (a project's IAM policy is read by the secret and Cloud SQL checks alike), and how an IAM
 * policy answers "does this account hold one of these roles".
 */
import { GoogleApiError, type GoogleApis } from "../gcp/google-rest.js";

export interface IamBinding {
  role: string;
  members?: string[];
  condition?: { title?: string; expression?: string };
}

export interface IamPolicy {
  bindings?: IamBinding[];
}

/** A policy, or why it could not be read (the deployer lacks getIamPolicy). */
export type PolicyRead = { policy: IamPolicy } | { unreadable: string };

export interface CheckContext {
  apis: GoogleApis;
  /** The deployer as an IAM member, for remediation commands. */
  deployer: string;
  /** The project's IAM policy (Resource Manager v1 getIamPolicy), read once per run. */
  projectPolicy(project: string): Promise<PolicyRead>;
  /** `read()` once per run per key; later callers share the first call's promise (and failure). */
  once<T>(key: string, read: () => Promise<T>): Promise<T>;
}

export function checkContext(apis: GoogleApis, deployer: string): CheckContext {
  const cache = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    let hit = cache.get(key) as Promise<T> | undefined;
    if (!hit) {
      hit = read();
      cache.set(key, hit);
    }
    return hit;
  };
  return {
    apis,
    deployer,
    once,
    projectPolicy: (project) =>
      once(`project-policy:${project}`, async (): Promise<PolicyRead> => {
        try {
          // requestedPolicyVersion 3: conditional bindings are returned as they are, not dropped.
          return { policy: await apis.post<IamPolicy>("resourceManager", `/v1/projects/${project}:getIamPolicy`, { options: { requestedPolicyVersion: 3 } }) };
        } catch (err) {
          if (httpStatus(err) === 403) return { unreadable: `the deployer may not read project ${project}'s IAM policy (resourcemanager.projects.getIamPolicy)` };
          throw err;
        }
      }),
  };
}

/** The HTTP status of a Google API error, undefined for anything else. */
export const httpStatus = (err: unknown): number | undefined => (err instanceof GoogleApiError ? err.status : undefined);

/** Runs a read, answering `undefined` for 404 and "denied" for 403; anything else is thrown. */
export async function readOrMissing<T>(read: Promise<T>): Promise<T | undefined | "denied"> {
  try {
    return await read;
  } catch (err) {
    const status = httpStatus(err);
    if (status === 404) return undefined;
    if (status === 403) return "denied";
    throw err;
  }
}

export type Grant = { kind: "granted"; role: string } | { kind: "conditional"; role: string; condition: string } | { kind: "none" };

/** Whether `member` holds one of `roles` in `policy`: unconditionally, only under a condition (not evaluated), or not at all. */
export function grantIn(policy: IamPolicy, member: string, roles: readonly string[]): Grant {
  let conditional: Grant | undefined;
  for (const b of policy.bindings ?? []) {
    if (!roles.includes(b.role) || !(b.members ?? []).includes(member)) continue;
    if (!b.condition) return { kind: "granted", role: b.role };
    conditional ??= { kind: "conditional", role: b.role, condition: b.condition.title || b.condition.expression || "a condition" };
  }
  return conditional ?? { kind: "none" };
}
