// Fault injection for tests: failing calls, create races and IAM denials.
import { status } from "@grpc/grpc-js";
import type { IJob } from "./types.js";

interface CallFault {
  method: string;
  code: status;
  message: string;
  remaining: number;
}

/** IAM permission each method checks (Cloud Scheduler roles reference). */
export const METHOD_PERMISSIONS: Readonly<Record<string, string>> = {
  ListJobs: "cloudscheduler.jobs.list",
  GetJob: "cloudscheduler.jobs.get",
  CreateJob: "cloudscheduler.jobs.create",
  UpdateJob: "cloudscheduler.jobs.update",
  DeleteJob: "cloudscheduler.jobs.delete",
  PauseJob: "cloudscheduler.jobs.pause",
  ResumeJob: "cloudscheduler.jobs.enable",
  RunJob: "cloudscheduler.jobs.run",
};

export class FaultPlan {
  private readonly callFaults: CallFault[] = [];
  private readonly createRaces: (IJob | undefined)[] = [];
  /** Permissions the caller lacks; calls needing one answer PERMISSION_DENIED until allowed again. */
  readonly deniedPermissions = new Set<string>();

  /** The next `count` calls of `method` (e.g. "CreateJob") fail with `code` before doing anything. */
  failNextCalls(method: string, code: status, count = 1, message?: string): void {
    if (!(method in METHOD_PERMISSIONS)) {
      throw new Error(`failNextCalls: unknown method "${method}"; use one of ${Object.keys(METHOD_PERMISSIONS).join(", ")}.`);
    }
    this.callFaults.push({ method, code, remaining: count, message: message ?? defaultMessage(code) });
  }

  /** Shortcut: the next `count` calls of `method` answer UNAVAILABLE. */
  unavailable(method: string, count = 1): void {
    this.failNextCalls(method, status.UNAVAILABLE, count);
  }

  /**
   * Race: right before the next CreateJob is stored, another caller creates a job with the same
   * name (`competitor` fields, default: the requested job), so the create answers ALREADY_EXISTS
   * and the competitor's job stays behind.
   */
  raceNextCreate(competitor?: IJob): void {
    this.createRaces.push(competitor);
  }

  /** The caller lacks these permissions (e.g. "cloudscheduler.jobs.update") until allowPermissions. */
  denyPermissions(...permissions: string[]): void {
    for (const p of permissions) this.deniedPermissions.add(p);
  }

  allowPermissions(...permissions: string[]): void {
    for (const p of permissions) this.deniedPermissions.delete(p);
  }

  /** Denies the permission that `method` needs (e.g. "UpdateJob" -> cloudscheduler.jobs.update). */
  denyMethod(method: string): void {
    const permission = METHOD_PERMISSIONS[method];
    if (!permission) throw new Error(`denyMethod: unknown method "${method}"; use one of ${Object.keys(METHOD_PERMISSIONS).join(", ")}.`);
    this.denyPermissions(permission);
  }

  takeCallFault(method: string): { code: status; message: string } | undefined {
    const i = this.callFaults.findIndex((f) => f.method === method);
    if (i < 0) return undefined;
    const fault = this.callFaults[i]!;
    if (--fault.remaining <= 0) this.callFaults.splice(i, 1);
    return { code: fault.code, message: fault.message };
  }

  /** Returns the pending race (its competitor job, or `null` for "same as requested"), if any. */
  takeCreateRace(): IJob | null | undefined {
    if (this.createRaces.length === 0) return undefined;
    return this.createRaces.shift() ?? null;
  }

  deniedPermissionFor(method: string): string | undefined {
    const permission = METHOD_PERMISSIONS[method];
    return permission && this.deniedPermissions.has(permission) ? permission : undefined;
  }
}

function defaultMessage(code: status): string {
  switch (code) {
    case status.UNAVAILABLE:
      return "The service is currently unavailable.";
    case status.DEADLINE_EXCEEDED:
      return "Deadline exceeded.";
    case status.RESOURCE_EXHAUSTED:
      return "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute' of service 'cloudscheduler.googleapis.com'.";
    case status.PERMISSION_DENIED:
      return "The caller does not have permission";
    case status.INTERNAL:
      return "Internal error encountered.";
    default:
      return `Injected fault (${status[code] ?? code}).`;
  }
}
