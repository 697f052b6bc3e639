// Artifact Registry API v1 (https://cloud.google.com/artifact-registry/docs/reference/rest/v1/projects.locations.repositories):
// repositories.get (artifactregistry.repositories.get) and repositories.testIamPermissions. A caller
// without the permission gets 403 "... (or it may not exist)" whether or not it exists; with it,
// a missing repository is 404.
import { invalidPermission } from "./iam.js";
import { type ApiHandler, granted, holds, json, permissionsBody, permissionsOf, rpcError } from "./reply.js";

export const artifactRegistry: ApiHandler = (call, state) => {
  const m = /^\/v1\/(projects\/([^/]+)\/locations\/([^/]+)\/repositories\/([^/:]+))(:testIamPermissions)?$/.exec(call.path);
  if (!m) return undefined;
  const [, name, project] = m as unknown as [string, string, string];
  const repo = state.repositories.get(name);
  if (m[5] && call.method === "POST") {
    const permissions = permissionsOf(call.body);
    if (!Array.isArray(permissions)) return permissions;
    const invalid = invalidPermission("repository", permissions);
    if (invalid) return rpcError(400, `Permission '${invalid}' is not valid for this resource.`);
    if (!repo) return rpcError(404, "Requested entity was not found.");
    return json(permissionsBody(granted(state, call.caller, name, project, permissions)));
  }
  if (m[5] || call.method !== "GET") return undefined;
  if (!holds(state, call.caller, name, project, "artifactregistry.repositories.get")) {
    return rpcError(403, `Permission 'artifactregistry.repositories.get' denied on resource '//artifactregistry.googleapis.com/${name}' (or it may not exist).`);
  }
  if (!repo) return rpcError(404, "Requested entity was not found.");
  return json({ name, format: repo.format, mode: repo.mode, createTime: "2025-01-06T10:00:00.000000Z", updateTime: "2025-01-06T10:00:00.000000Z", sizeBytes: "0" });
};
