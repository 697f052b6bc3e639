// Cloud Storage JSON API v1 (https://cloud.google.com/storage/docs/json_api/v1/buckets): buckets.get
// (storage.buckets.get; a missing bucket is 404 for everyone) and buckets.testIamPermissions
// (GET .../iam/testPermissions?permissions=...; no permission needed; unknown names 400).
import { invalidPermission } from "./iam.js";
import { type ApiHandler, granted, holds, json, permissionsBody, storageError } from "./reply.js";

export const storage: ApiHandler = (call, state) => {
  const m = /^\/storage\/v1\/b\/([^/]+)(\/iam\/testPermissions)?$/.exec(call.path);
  if (!m || call.method !== "GET") return undefined;
  const name = decodeURIComponent(m[1]!);
  const bucket = state.buckets.get(name);
  const resource = `projects/_/buckets/${name}`;
  if (m[2]) {
    const permissions = call.query.getAll("permissions");
    if (permissions.length === 0) return storageError(400, "required", "Required parameter: permissions");
    const invalid = invalidPermission("bucket", permissions);
    if (invalid) return storageError(400, "invalid", `Invalid permission name: ${invalid}.`);
    if (!bucket) return storageError(404, "notFound", "The specified bucket does not exist.");
    return json(permissionsBody(granted(state, call.caller, resource, bucket.project, permissions), { kind: "storage#testIamPermissionsResponse" }));
  }
  if (!bucket) return storageError(404, "notFound", "The specified bucket does not exist.");
  if (!holds(state, call.caller, resource, bucket.project, "storage.buckets.get")) {
    const who = call.caller.replace(/^[a-zA-Z]+:/, "");
    return storageError(403, "forbidden", `${who} does not have storage.buckets.get access to the Google Cloud Storage bucket. Permission 'storage.buckets.get' denied on resource (or it may not exist).`);
  }
  const number = state.findProject(bucket.project)!.number;
  return json({ kind: "storage#bucket", id: name, name, projectNumber: number, location: bucket.location, storageClass: "STANDARD", ...(bucket.website ? { website: bucket.website } : {}) });
};
