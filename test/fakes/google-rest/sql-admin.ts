// Cloud SQL Admin API v1 (https://cloud.google.com/sql/docs/mysql/admin-api/rest/v1/instances/get):
// instances.get needs cloudsql.instances.get on the project; without it the answer is 403
// notAuthorized whether or not the instance exists; with it a missing instance is 404
// instanceDoesNotExist. Errors use the Cloud SQL shape (errors[].reason).
import { type ApiHandler, holds, json, storageError } from "./reply.js";

export const sqlAdmin: ApiHandler = (call, state) => {
  const m = /^\/v1\/projects\/([^/]+)\/instances\/([^/:]+)$/.exec(call.path);
  if (!m || call.method !== "GET") return undefined;
  const [, project, id] = m as unknown as [string, string, string];
  if (!state.findProject(project) || !holds(state, call.caller, `projects/${project}`, project, "cloudsql.instances.get")) {
    return storageError(403, "notAuthorized", "The client is not authorized to make this request.");
  }
  const i = state.sqlInstances.get(`${project}/${id}`);
  if (!i) return storageError(404, "instanceDoesNotExist", "The Cloud SQL instance does not exist.");
  return json({ kind: "sql#instance", name: i.id, project: i.project, region: i.region, connectionName: `${i.project}:${i.region}:${i.id}`, state: i.state, databaseVersion: i.databaseVersion, backendType: "SECOND_GEN" });
};
