// Seeding: put an existing job into the fake, as if created earlier (no call is recorded).
import { RpcError } from "./errors.js";
import type { JobStore } from "./job-store.js";
import { jobName } from "./names.js";
import type { IJob, JobStateName } from "./types.js";

export const DEFAULT_PROJECT = "test-project";
export const DEFAULT_LOCATION = "us-central1";

export interface SeedJobOptions {
  /** State of the seeded job (default ENABLED). */
  state?: JobStateName;
}

/**
 * Stores `job`; `job.name` may be a full name or a bare id (placed under
 * projects/test-project/locations/us-central1). Throws a plain Error when the job would be
 * rejected by CreateJob or already exists.
 */
export function seedJob(store: JobStore, job: IJob, options: SeedJobOptions = {}): IJob {
  const given = job.name ?? "";
  const name = given.includes("/") ? given : jobName({ project: DEFAULT_PROJECT, location: DEFAULT_LOCATION, id: given });
  if (store.jobs.has(name)) throw new Error(`seedJob: ${name} already exists.`);
  try {
    return store.insert(name, { ...job, name }, options.state ?? "ENABLED");
  } catch (err) {
    if (err instanceof RpcError) throw new Error(`seedJob: CreateJob would reject this job: ${err.message}`);
    throw err;
  }
}
