// IAM API v1 service accounts (https://cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts):
// serviceAccounts.get (projects/- or the account's project; iam.serviceAccounts.get) and
// serviceAccounts.testIamPermissions (no permission needed). A caller without the read
// permission gets 403 whether or not the account exists; with it a missing account is 404.
import { invalidPermission } from "./iam.js";
import { type ApiHandler, granted, holds, json, permissionsBody, permissionsOf, rpcError } from "./reply.js";

export const iam: ApiHandler = (call, state) => {
  const m = /^\/v1\/projects\/([^/]+)\/serviceAccounts\/([^/:]+)(:testIamPermissions)?$/.exec(call.path);
  if (!m) return undefined;
  const [, projectRef, email] = m as unknown as [string, string, string];
  const account = state.serviceAccounts.get(decodeURIComponent(email));
  const project = account?.project ?? /@([^.]+)\.iam\.gserviceaccount\.com$/.exec(email)?.[1] ?? (projectRef === "-" ? undefined : projectRef);
  const resource = `projects/${project ?? "-"}/serviceAccounts/${email}`;
  if (m[3] && call.method === "POST") {
    const permissions = permissionsOf(call.body);
    if (!Array.isArray(permissions)) return permissions;
    const invalid = invalidPermission("serviceAccount", permissions);
    if (invalid) return rpcError(400, `Permission '${invalid}' is not valid for this resource.`);
    if (!account) return rpcError(404, `Service account ${resource} does not exist.`);
    return json(permissionsBody(granted(state, call.caller, resource, project, permissions)));
  }
  if (m[3] || call.method !== "GET") return undefined;
  if (!holds(state, call.caller, resource, project, "iam.serviceAccounts.get")) {
    return rpcError(403, `Permission 'iam.serviceAccounts.get' denied on resource (or it may not exist).`);
  }
  if (!account) return rpcError(404, `Unknown service account`);
  return json({ name: `projects/${account.project}/serviceAccounts/${account.email}`, projectId: account.project, uniqueId: account.uniqueId, email: account.email, etag: "MDEwMjE5MjA=", oauth2ClientId: account.uniqueId, ...(account.disabled ? { disabled: true } : {}) });
};
