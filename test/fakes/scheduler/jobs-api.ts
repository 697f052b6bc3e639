// Handlers of google.cloud.scheduler.v1.CloudScheduler (request in, response out, RpcError on failure).
import { invalidArgument, jobAlreadyExists } from "./errors.js";
import type { FaultPlan } from "./faults.js";
import type { JobStore } from "./job-store.js";
import { generatedJobId, jobName, locationName, parseJobName, parseParent } from "./names.js";
import { paginate } from "./pagination.js";
import type { IJob } from "./types.js";
import { applyUpdateMask } from "./update-mask.js";

interface NameRequest {
  name?: string;
}

export type SchedulerHandlers = Record<string, (request: never) => unknown>;

export function jobsApi(store: JobStore, faults: FaultPlan): SchedulerHandlers {
  return {
    ListJobs(req: { parent?: string; pageSize?: number; pageToken?: string }) {
      const parent = locationName(parseParent(req.parent));
      const page = paginate(store.list(parent), req.pageSize, req.pageToken, parent);
      return { jobs: page.items, nextPageToken: page.nextPageToken };
    },

    GetJob: (req: NameRequest) => store.get(req.name ?? ""),

    CreateJob(req: { parent?: string; job?: IJob }) {
      const location = parseParent(req.parent);
      if (!req.job) throw invalidArgument("CreateJobRequest.job is required.");
      const name = req.job.name || jobName({ ...location, id: generatedJobId() });
      const ref = parseJobName(name);
      if (ref.project !== location.project || ref.location !== location.location) {
        throw invalidArgument(`Job name ${name} is not under the request's parent ${locationName(location)}; use the same project and location.`);
      }
      const race = faults.takeCreateRace();
      if (race !== undefined && !store.jobs.has(name)) store.insert(name, race ?? req.job);
      if (store.jobs.has(name)) throw jobAlreadyExists(name);
      return store.insert(name, req.job);
    },

    UpdateJob(req: { job?: IJob; updateMask?: { paths?: string[] } }) {
      if (!req.job) throw invalidArgument("UpdateJobRequest.job is required.");
      if (!req.job.name) throw invalidArgument("UpdateJobRequest.job.name must be specified.");
      const stored = store.get(req.job.name);
      return store.replace(req.job.name, applyUpdateMask(stored, req.job, req.updateMask?.paths));
    },

    DeleteJob(req: NameRequest) {
      store.delete(req.name ?? "");
      return {};
    },

    PauseJob: (req: NameRequest) => store.transition(req.name ?? "", "ENABLED", "PAUSED"),
    ResumeJob: (req: NameRequest) => store.transition(req.name ?? "", "PAUSED", "ENABLED"),
    RunJob: (req: NameRequest) => store.run(req.name ?? ""),
  };
}

/** The resource a method's IAM check applies to: the parent for List/Create, else the job. */
export function iamResource(method: string, request: unknown): string {
  const r = (request ?? {}) as { parent?: string; name?: string; job?: { name?: string } };
  if (method === "ListJobs" || method === "CreateJob") return r.parent ?? "";
  if (method === "UpdateJob") return r.job?.name ?? "";
  return r.name ?? "";
}
