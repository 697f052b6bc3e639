// Secret Manager API v1 (https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets):
// secrets.get, secrets.versions.get ("latest" = the highest version number, whatever its state),
// secrets.getIamPolicy (GET, options.requestedPolicyVersion) and secrets.testIamPermissions.
// Resource names come back with the project NUMBER, as the API returns them. Without the read
// permission a caller gets 403 whether or not the secret exists.
import { invalidPermission } from "./iam.js";
import { type ApiHandler, granted, holds, json, permissionsBody, permissionsOf, policyBody, rpcError } from "./reply.js";

export const secretManager: ApiHandler = (call, state) => {
  const m = /^\/v1\/(projects\/([^/]+)\/secrets\/([^/:]+))(?:\/versions\/([^/:]+))?(?::(getIamPolicy|testIamPermissions))?$/.exec(call.path);
  if (!m) return undefined;
  const [, name, project, id, version, verb] = m as unknown as [string, string, string, string, string | undefined, string | undefined];
  const secret = state.secrets.get(name);
  const number = state.findProject(project)?.number ?? project;
  const denied = (permission: string, resource: string) => rpcError(403, `Permission '${permission}' denied for resource '${resource}' (or it may not exist).`);
  if (verb === "testIamPermissions" && call.method === "POST" && !version) {
    const permissions = permissionsOf(call.body);
    if (!Array.isArray(permissions)) return permissions;
    const invalid = invalidPermission("secret", permissions);
    if (invalid) return rpcError(400, `Permission '${invalid}' is not valid for this resource.`);
    if (!secret) return rpcError(404, `Secret [projects/${number}/secrets/${id}] not found.`);
    return json(permissionsBody(granted(state, call.caller, name, project, permissions)));
  }
  if (verb === "getIamPolicy" && call.method === "GET" && !version) {
    if (!holds(state, call.caller, name, project, "secretmanager.secrets.getIamPolicy")) return denied("secretmanager.secrets.getIamPolicy", name);
    if (!secret) return rpcError(404, `Secret [projects/${number}/secrets/${id}] not found.`);
    return json(policyBody(state, name, Number(call.query.get("options.requestedPolicyVersion") ?? 1)));
  }
  if (verb || call.method !== "GET") return undefined;
  if (version === undefined) {
    if (!holds(state, call.caller, name, project, "secretmanager.secrets.get")) return denied("secretmanager.secrets.get", name);
    if (!secret) return rpcError(404, `Secret [projects/${number}/secrets/${id}] not found.`);
    return json({ name: `projects/${number}/secrets/${id}`, replication: { automatic: {} }, createTime: "2025-01-06T10:00:00.000000Z", etag: '"1"' });
  }
  if (!holds(state, call.caller, name, project, "secretmanager.versions.get")) return denied("secretmanager.versions.get", `${name}/versions/${version}`);
  if (version !== "latest" && !/^[1-9][0-9]*$/.test(version)) return rpcError(400, `Invalid version id: ${version}. Must be "latest" or a positive number.`);
  if (!secret || (version === "latest" && secret.versions.length === 0)) return rpcError(404, `Secret [projects/${number}/secrets/${id}] not found or has no versions.`);
  const n = version === "latest" ? secret.versions.length : Number(version);
  const state_ = secret.versions[n - 1];
  if (!state_) return rpcError(404, `Secret Version [projects/${number}/secrets/${id}/versions/${version}] not found.`);
  return json({ name: `projects/${number}/secrets/${id}/versions/${n}`, createTime: "2025-01-06T10:00:00.000000Z", state: state_, etag: `"${n}"` });
};
