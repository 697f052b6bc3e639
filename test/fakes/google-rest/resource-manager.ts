// Cloud Resource Manager v1 and v3 (https://cloud.google.com/resource-manager/reference/rest/v1/projects):
// projects.get (v1: resourcemanager.projects.get; { projectNumber, projectId, lifecycleState, name }), projects.getIamPolicy (resourcemanager.projects.getIamPolicy; options.requestedPolicyVersion) and
// projects.testIamPermissions (no permission needed; an unknown permission is 400). A project the
// caller cannot see, or that does not exist, is 403 alike.
import { invalidPermission } from "./iam.js";
import { type ApiHandler, granted, holds, json, permissionsBody, permissionsOf, policyBody, rpcError } from "./reply.js";

export const resourceManager: ApiHandler = (call, state) => {
  const get = /^\/v1\/projects\/([^/:]+)$/.exec(call.path);
  if (get && call.method === "GET") {
    const project = state.findProject(get[1]!);
    if (!project || !holds(state, call.caller, `projects/${project.id}`, project.id, "resourcemanager.projects.get")) return rpcError(403, "The caller does not have permission");
    return json({ projectNumber: project.number, projectId: project.id, lifecycleState: "ACTIVE", name: project.id, createTime: "2024-03-01T09:00:00.000Z" });
  }
  const m = /^\/v[13]\/projects\/([^/:]+):(getIamPolicy|testIamPermissions)$/.exec(call.path);
  if (!m || call.method !== "POST") return undefined;
  const project = state.findProject(m[1]!);
  const resource = `projects/${project?.id ?? m[1]}`;
  const denied = rpcError(403, "The caller does not have permission");
  if (!project) return denied;
  if (m[2] === "getIamPolicy") {
    if (!holds(state, call.caller, resource, project.id, "resourcemanager.projects.getIamPolicy")) return denied;
    const options = (call.body["options"] ?? {}) as { requestedPolicyVersion?: unknown };
    return json(policyBody(state, resource, Number(options.requestedPolicyVersion ?? 1)));
  }
  const permissions = permissionsOf(call.body);
  if (!Array.isArray(permissions)) return permissions;
  const invalid = invalidPermission("project", permissions);
  if (invalid) return rpcError(400, `Permission ${invalid} is not valid for this resource.`);
  return json(permissionsBody(granted(state, call.caller, resource, project.id, permissions)));
};
