// Cloud Run Admin API v2, the one REST call preflight makes
// (https://cloud.google.com/run/docs/reference/rest/v2/projects.locations.services/getIamPolicy):
// GET /v2/projects/P/locations/L/services/S:getIamPolicy (run.services.getIamPolicy;
// options.requestedPolicyVersion as a query parameter, as the http rule in the shipped
// google/cloud/run/v2/service.proto maps it). Without the permission the caller gets 403 whether
// or not the service exists; a missing service is 404 with Cloud Run's wording.
import { type ApiHandler, holds, json, policyBody, rpcError } from "./reply.js";

export const cloudRun: ApiHandler = (call, state) => {
  const m = /^\/v2\/(projects\/([^/]+)\/locations\/([^/]+)\/services\/([^/:]+)):getIamPolicy$/.exec(call.path);
  if (!m || call.method !== "GET") return undefined;
  const [, name, projectId, location, id] = m as unknown as [string, string, string, string, string];
  const project = state.findProject(projectId);
  const resource = `projects/${project?.id ?? projectId}/locations/${location}/services/${id}`;
  if (!holds(state, call.caller, resource, project?.id, "run.services.getIamPolicy")) return rpcError(403, `Permission 'run.services.getIamPolicy' denied on resource '${name}' (or resource may not exist).`);
  if (!state.runServices.has(resource)) return rpcError(404, `Resource '${id}' of kind 'SERVICE' in region '${location}' in project '${projectId}' does not exist.`);
  return json(policyBody(state, resource, Number(call.query.get("options.requestedPolicyVersion") ?? 1)));
};
