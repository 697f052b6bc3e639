// Cloud Run IAM permissions: which permission each method needs, which permissions exist (what
// TestIamPermissions can be asked about a service or a job), and the API's denial. The list is the
// documented one: https://cloud.google.com/run/docs/reference/iam/permissions (Services, Service
// revisions, Routes, Configurations, Jobs; tasks and executions sit under jobs).
import { RpcError, Code } from "./errors.js";

export type IamResourceKind = "services" | "jobs";

/** Permissions that exist on a Cloud Run service (its own, and those of its revisions, routes, configurations). */
export const SERVICE_PERMISSIONS: ReadonlySet<string> = new Set([
  "run.services.get",
  "run.services.list",
  "run.services.create",
  "run.services.update",
  "run.services.delete",
  "run.services.getIamPolicy",
  "run.services.setIamPolicy",
  "run.revisions.get",
  "run.revisions.list",
  "run.revisions.delete",
  "run.routes.get",
  "run.routes.list",
  "run.routes.invoke",
  "run.configurations.get",
  "run.configurations.list",
]);

/** Permissions that exist on a Cloud Run job (its own, and those of its executions and tasks). */
export const JOB_PERMISSIONS: ReadonlySet<string> = new Set([
  "run.jobs.create",
  "run.jobs.delete",
  "run.jobs.get",
  "run.jobs.getIamPolicy",
  "run.jobs.list",
  "run.jobs.run",
  "run.jobs.runWithOverrides",
  "run.jobs.setIamPolicy",
  "run.jobs.update",
  "run.executions.delete",
  "run.executions.get",
  "run.executions.list",
  "run.executions.cancel",
  "run.tasks.get",
  "run.tasks.list",
]);

export const PERMISSIONS_BY_KIND: Readonly<Record<IamResourceKind, ReadonlySet<string>>> = {
  services: SERVICE_PERMISSIONS,
  jobs: JOB_PERMISSIONS,
};

interface Request {
  name?: string;
  parent?: string;
  resource?: string;
  serviceId?: string;
  jobId?: string;
  service?: { name?: string };
  job?: { name?: string };
  overrides?: unknown;
}

/** The permission a call needs and the resource it is checked on, per gRPC service. */
const METHOD_PERMISSIONS: Readonly<Record<string, Readonly<Record<string, (r: Request) => [string, string]>>>> = {
  "google.cloud.run.v2.Services": {
    GetService: (r) => ["run.services.get", r.name ?? ""],
    ListServices: (r) => ["run.services.list", r.parent ?? ""],
    CreateService: (r) => ["run.services.create", `${r.parent ?? ""}/services/${r.serviceId ?? ""}`],
    UpdateService: (r) => ["run.services.update", r.service?.name ?? ""],
    DeleteService: (r) => ["run.services.delete", r.name ?? ""],
    GetIamPolicy: (r) => ["run.services.getIamPolicy", r.resource ?? ""],
    SetIamPolicy: (r) => ["run.services.setIamPolicy", r.resource ?? ""],
  },
  "google.cloud.run.v2.Revisions": {
    GetRevision: (r) => ["run.revisions.get", r.name ?? ""],
    ListRevisions: (r) => ["run.revisions.list", r.parent ?? ""],
    DeleteRevision: (r) => ["run.revisions.delete", r.name ?? ""],
  },
  "google.cloud.run.v2.Jobs": {
    GetJob: (r) => ["run.jobs.get", r.name ?? ""],
    ListJobs: (r) => ["run.jobs.list", r.parent ?? ""],
    CreateJob: (r) => ["run.jobs.create", `${r.parent ?? ""}/jobs/${r.jobId ?? ""}`],
    UpdateJob: (r) => ["run.jobs.update", r.job?.name ?? ""],
    DeleteJob: (r) => ["run.jobs.delete", r.name ?? ""],
    // "run.jobs.runWithOverrides: Override job configuration for a job execution."
    RunJob: (r) => [r.overrides ? "run.jobs.runWithOverrides" : "run.jobs.run", r.name ?? ""],
    GetIamPolicy: (r) => ["run.jobs.getIamPolicy", r.resource ?? ""],
    SetIamPolicy: (r) => ["run.jobs.setIamPolicy", r.resource ?? ""],
  },
  "google.cloud.run.v2.Executions": {
    GetExecution: (r) => ["run.executions.get", r.name ?? ""],
    ListExecutions: (r) => ["run.executions.list", r.parent ?? ""],
    DeleteExecution: (r) => ["run.executions.delete", r.name ?? ""],
    CancelExecution: (r) => ["run.executions.cancel", r.name ?? ""],
  },
};

/** The permission `method` of `service` needs on which resource (none for TestIamPermissions and operations). */
export function requiredPermission(service: string, method: string, request: unknown): { permission: string; resource: string } | undefined {
  const rule = METHOD_PERMISSIONS[service]?.[method];
  if (!rule) return undefined;
  const [permission, resource] = rule((request ?? {}) as Request);
  return { permission, resource };
}

/** The API's denial: "Permission 'run.services.get' denied on resource '...' (or it may not exist)." */
export function permissionDenied(permission: string, resource: string): RpcError {
  return new RpcError(Code.PERMISSION_DENIED, `Permission '${permission}' denied on resource '${resource}' (or it may not exist).`);
}
