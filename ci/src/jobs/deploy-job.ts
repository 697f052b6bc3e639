/**
 * Creates or updates a Cloud Run job from the catalog (skip-unchanged as for services), optionally
 * runs it and waits: a failed execution fails the release with its name and where its logs are.
 * Jobs have no traffic: rollback redeploys the previous image digest, recorded on every update.
 */
import { errorCode } from "../gcp/retry.js";
import { withDeadline } from "../lib/deadline.js";
import type { JobsGateway } from "../gcp/cloud-run-jobs.js";
import { OperationFailedError } from "../gcp/cloud-run.js";
import { CONFIG_HASH_ANNOTATION } from "../release/render.js";
import type { ReleaseStatus } from "../release/report.js";
import { shortName } from "../release/resource.js";
import { PREVIOUS_IMAGE_ANNOTATION, type RenderedJob } from "./render.js";
import type { CloudRunExecutionResource, CloudRunJobResource } from "./resource.js";

export interface ExecutionSummary {
  name: string;
  status: "started" | "succeeded" | "failed";
  succeeded?: number;
  failed?: number;
  tasks?: number;
  logUri?: string;
  message?: string;
}

export interface JobReleaseReport {
  kind: "job";
  job: string;
  environment: string;
  status: ReleaseStatus;
  image: string;
  previousImage?: string;
  commit: string;
  execution?: ExecutionSummary;
  reason?: string;
  warnings: string[];
  durationMs: number;
}

export interface DeployJobOptions {
  environment: string;
  project: string;
  commit: string;
  execute: boolean;
  wait: boolean;
  /** How long to wait for an execution when `wait` is set. */
  executionTimeoutMs: number;
  warnings?: string[];
}

const currentImage = (job: CloudRunJobResource | undefined): string | undefined => job?.template?.template?.containers?.[0]?.image ?? undefined;

/** Same image and configuration, and the job is not left broken by an earlier failed deploy. */
export const jobUnchanged = (live: CloudRunJobResource, rendered: RenderedJob): boolean =>
  live.annotations?.[CONFIG_HASH_ANNOTATION] === rendered.configHash && currentImage(live) === rendered.image && live.terminalCondition?.state !== "CONDITION_FAILED";

const ALREADY_EXISTS = 6;
const ABORTED = 10;
const FAILED_PRECONDITION = 9;

function logsHint(project: string, job: string, execution: string): string {
  return `gcloud logging read 'resource.type="cloud_run_job" AND resource.labels.job_name="${job}" AND labels."run.googleapis.com/execution_name"="${execution}"' --project=${project} --limit=100`;
}

export function summarizeExecution(e: CloudRunExecutionResource, project: string, job: string): ExecutionSummary {
  const name = shortName(e.name);
  const completed = (e.conditions ?? []).find((c) => c.type === "Completed");
  const failed = (e.failedCount ?? 0) > 0 || completed?.state === "CONDITION_FAILED";
  return {
    name,
    status: failed ? "failed" : "succeeded",
    succeeded: e.succeededCount ?? 0,
    failed: e.failedCount ?? 0,
    tasks: e.taskCount ?? undefined,
    logUri: e.logUri || logsHint(project, job, name),
    message: completed?.message ?? undefined,
  };
}

export async function deployJob(gw: JobsGateway, rendered: RenderedJob, options: DeployJobOptions): Promise<JobReleaseReport> {
  const started = Date.now();
  const report: JobReleaseReport = {
    kind: "job",
    job: rendered.jobId,
    environment: options.environment,
    status: "failed",
    image: rendered.image,
    commit: options.commit,
    warnings: [...(options.warnings ?? [])],
    durationMs: 0,
  };
  const finish = (r: Partial<JobReleaseReport>) => Object.assign(report, r, { durationMs: Date.now() - started });

  let live = await gw.getJob(rendered.name);
  if (!live) {
    try {
      await gw.createJob(rendered.parent, rendered.jobId, rendered.resource);
      report.status = "created";
    } catch (err) {
      if (err instanceof OperationFailedError) return finish({ status: "failed", reason: `Cloud Run accepted job ${rendered.jobId} but could not make it ready: ${err.message}` });
      if (errorCode(err) !== ALREADY_EXISTS) throw err;
      // Created meanwhile (a concurrent deploy, or a retried create whose first attempt went through).
      live = await gw.getJob(rendered.name);
      if (!live) throw err;
    }
  }
  if (live && jobUnchanged(live, rendered)) {
    report.status = "unchanged";
  } else if (live) {
    const previous = currentImage(live);
    try {
      await gw.updateJob({
        ...rendered.resource,
        name: rendered.name,
        labels: { ...(live.labels ?? {}), ...(rendered.resource.labels ?? {}) },
        annotations: { ...(live.annotations ?? {}), ...(rendered.resource.annotations ?? {}), ...(previous && previous !== rendered.image ? { [PREVIOUS_IMAGE_ANNOTATION]: previous } : {}) },
        etag: live.etag,
      });
    } catch (err) {
      // The update was applied but its operation failed: the job now holds the new spec.
      if (err instanceof OperationFailedError) {
        return finish({ status: "failed", previousImage: previous, reason: `Cloud Run accepted the update of job ${rendered.jobId} but could not make it ready: ${err.message}. Fix the cause and deploy again, or run rollback-job.` });
      }
      const code = errorCode(err);
      if (code === ABORTED || code === FAILED_PRECONDITION) return finish({ status: "aborted", reason: `the job changed while this deploy was preparing (${(err as Error).message}); nothing was overwritten. Re-run the deploy.` });
      throw err;
    }
    report.previousImage = previous;
    report.status = "deployed";
  }

  if (!options.execute) return finish({});
  const execution = await gw.runJob(rendered.name);
  if (!options.wait) return finish({ execution: { name: shortName(execution.name), status: "started", logUri: logsHint(options.project, rendered.jobId, shortName(execution.name)) } });
  let result: CloudRunExecutionResource;
  try {
    result = await withDeadline(execution.done(), options.executionTimeoutMs, `execution ${shortName(execution.name)} did not finish within ${options.executionTimeoutMs / 1000}s`);
  } catch (err) {
    const fetched = execution.name ? await gw.getExecution(execution.name) : undefined;
    const summary = fetched ? summarizeExecution(fetched, options.project, rendered.jobId) : { name: shortName(execution.name), status: "failed" as const, logUri: logsHint(options.project, rendered.jobId, shortName(execution.name)) };
    return finish({ status: "failed", execution: { ...summary, status: "failed" }, reason: `execution ${summary.name} failed: ${(err as Error).message}` });
  }
  const summary = summarizeExecution(result, options.project, rendered.jobId);
  if (summary.status === "failed") {
    return finish({ status: "failed", execution: summary, reason: `execution ${summary.name} failed: ${summary.failed} of ${summary.tasks ?? "?"} task(s) failed${summary.message ? ` (${summary.message})` : ""}` });
  }
  return finish({ execution: summary });
}


/** rollback-job: the image recorded before the last update, or a clear error when there is none. */
export function previousImageOf(live: CloudRunJobResource | undefined, jobName: string): string {
  if (!live) throw new Error(`job ${jobName} does not exist; nothing to roll back.`);
  const previous = live.annotations?.[PREVIOUS_IMAGE_ANNOTATION];
  if (!previous) throw new Error(`job ${jobName} has no previous image recorded (it was deployed once, or not by cloud-run-pipeline); deploy an older commit instead.`);
  return previous;
}

export function formatJobReport(r: JobReleaseReport): string {
  const lines = [`${r.job} (${r.environment}): ${r.status.toUpperCase()} in ${(r.durationMs / 1000).toFixed(1)}s`];
  for (const w of r.warnings) lines.push(`  WARNING: ${w}`);
  lines.push(`  image:  ${r.image}`);
  if (r.previousImage) lines.push(`  previous image: ${r.previousImage}`);
  if (r.execution) {
    const e = r.execution;
    lines.push(`  execution: ${e.name} ${e.status.toUpperCase()}${e.tasks !== undefined ? ` (${e.succeeded ?? 0}/${e.tasks} tasks succeeded)` : ""}`);
    if (e.logUri) lines.push(`  logs: ${e.logUri}`);
  }
  if (r.reason) lines.push(`  reason: ${r.reason}`);
  return lines.join("\n");
}
