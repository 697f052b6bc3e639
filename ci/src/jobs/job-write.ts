/**
 * One write to a Cloud Run job (UpdateJob or CreateJob), sent once and decided from the job read
 * back (the rules are in ../gcp/write-once.ts). An update carries the etag of the deploy's own
 * read (`base`); "ours" is our image and configuration hash (`isOurs`). Every outcome but
 * `rejected` and `unknown` carries the job as read back after it.
 */
import type { JobsGateway } from "../gcp/cloud-run-jobs.js";
import type { CloudRunJobResource } from "../gcp/run-job-resource.js";
import { shortName } from "../gcp/run-resource.js";
import { withSpan } from "../lib/spans.js";
import { createOnce, type Remote, type Renamed, renamed, updateOnce, type WriteOnceOptions } from "../gcp/write-once.js";

export type JobWriteOutcome = Renamed<CloudRunJobResource, "job">;
export type JobWriteOptions = WriteOnceOptions<CloudRunJobResource>;

function remoteJob(gw: JobsGateway, name: string, method: string, options: JobWriteOptions): Remote<CloudRunJobResource> {
  return {
    noun: "job",
    read: () => gw.getJob(name),
    wait: (operation, timeoutMs) => withSpan(`wait for job ${shortName(name)} ready`, () => gw.waitJobOperation(operation, { method, timeoutMs, pollIntervalMs: options.pollIntervalMs })),
  };
}

/** UpdateJob of `desired` with `base.etag`, decided from the job read back after any ambiguous answer. */
export async function updateJobOnce(gw: JobsGateway, base: CloudRunJobResource, desired: CloudRunJobResource, options: JobWriteOptions): Promise<JobWriteOutcome> {
  const job = { ...desired, etag: base.etag };
  const name = desired.name ?? base.name ?? "";
  return renamed(await updateOnce(remoteJob(gw, name, "UpdateJob", options), base, () => gw.startUpdateJob(job), options), "job");
}

/**
 * CreateJob sent once; after a lost reply the job is read back: not there, sent again; ours,
 * awaited; someone else's (or ALREADY_EXISTS on the first send), a conflict.
 */
export async function createJobOnce(gw: JobsGateway, parent: string, jobId: string, job: CloudRunJobResource, options: JobWriteOptions): Promise<JobWriteOutcome> {
  const name = `${parent}/jobs/${jobId}`;
  return renamed(await createOnce(remoteJob(gw, name, "CreateJob", options), () => gw.startCreateJob(parent, jobId, job), options), "job");
}
