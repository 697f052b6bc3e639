// The jobs the fake holds (keyed by full name, in creation order) and the runs RunJob dispatched.
import { failedPrecondition, invalidArgument, jobNotFound } from "./errors.js";
import { validateJob } from "./job-validation.js";
import { refreshScheduleTime, timestamp, withDefaults, withoutOutputOnly } from "./job-model.js";
import { parseJobName } from "./names.js";
import type { IJob, JobStateName } from "./types.js";

export interface JobRun {
  /** Full job name. */
  job: string;
  at: Date;
  /** A copy of the job as it was dispatched. */
  snapshot: IJob;
}

export class JobStore {
  /** Stored jobs by full name (live map; values are what GetJob returns). */
  readonly jobs = new Map<string, IJob>();
  /** Every dispatch RunJob forced, in order. */
  readonly runs: JobRun[] = [];

  constructor(private readonly clock: () => Date) {}

  get(name: string): IJob {
    parseJobName(name);
    const job = this.jobs.get(name);
    if (!job) throw jobNotFound();
    return job;
  }

  /** Validates and stores a new job (name already checked); output-only fields come from the fake. */
  insert(name: string, requested: IJob, state: JobStateName = "ENABLED"): IJob {
    const { project } = parseJobName(name);
    const job = withDefaults({ ...withoutOutputOnly(requested), name });
    const schedule = validateJob(job, project);
    const now = this.clock();
    Object.assign(job, { state, userUpdateTime: timestamp(now) });
    refreshScheduleTime(job, schedule, now);
    this.jobs.set(name, job);
    return job;
  }

  /** Replaces a stored job with `merged` (validated), keeping its state; UPDATE_FAILED recovers to ENABLED. */
  replace(name: string, merged: IJob): IJob {
    const previous = this.get(name);
    const { project } = parseJobName(name);
    const job = withDefaults({ ...withoutOutputOnly(merged), name });
    const schedule = validateJob(job, project);
    const now = this.clock();
    const state = previous.state === "UPDATE_FAILED" ? "ENABLED" : previous.state;
    Object.assign(job, { state, userUpdateTime: timestamp(now) });
    if (previous.lastAttemptTime) job.lastAttemptTime = previous.lastAttemptTime;
    if (previous.status) job.status = previous.status;
    refreshScheduleTime(job, schedule, now);
    this.jobs.set(name, job);
    return job;
  }

  delete(name: string): void {
    this.get(name);
    this.jobs.delete(name);
  }

  /** PauseJob / ResumeJob: the job must be in `from` (ENABLED to pause, PAUSED to resume). */
  transition(name: string, from: JobStateName, to: JobStateName): IJob {
    const job = this.get(name);
    if (job.state !== from) {
      const verb = to === "PAUSED" ? "paused" : "resumed";
      throw failedPrecondition(`Job ${name} is ${String(job.state)}; a job must be ${from} to be ${verb}.`);
    }
    const now = this.clock();
    job.state = to;
    job.userUpdateTime = timestamp(now);
    const schedule = validateJob(job, parseJobName(name).project);
    refreshScheduleTime(job, schedule, now);
    return job;
  }

  /** RunJob: dispatches now (even if already running) and records the attempt. */
  run(name: string): IJob {
    const job = this.get(name);
    const now = this.clock();
    job.lastAttemptTime = timestamp(now);
    this.runs.push({ job: name, at: now, snapshot: structuredClone(job) });
    return job;
  }

  /** Jobs under `projects/P/locations/L`, in creation order. */
  list(parent: string): IJob[] {
    return [...this.jobs.values()].filter((j) => j.name!.startsWith(`${parent}/jobs/`));
  }

  /** Forces a state the API sets by itself (DISABLED, UPDATE_FAILED), for tests. */
  setState(name: string, state: JobStateName): IJob {
    const job = this.jobs.get(name);
    if (!job) throw invalidArgument(`setState: no job named ${name}.`);
    job.state = state;
    return job;
  }
}
