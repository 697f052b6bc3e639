/**
 * deploy-job --execute [--wait]: RunJob sent once (job-run.ts decides a lost reply), then, with
 * --wait, the execution it started followed to its end and reported with its task counts and logs.
 */
import type { JobsGateway } from "../gcp/cloud-run-jobs.js";
import { OperationFailedError, OperationTimeoutError } from "../gcp/cloud-run.js";
import { shortName } from "../release/resource.js";
import type { DeployJobOptions } from "./deploy-job.js";
import { logsHint, summarizeExecution, type JobReleaseReport } from "./job-report.js";
import { awaitExecution, executionFinished, runJobOnce } from "./job-run.js";
import type { RenderedJob } from "./render.js";
import type { CloudRunExecutionResource, CloudRunJobResource } from "./resource.js";

/** One deploy of a job: what it calls, what it deploys, and how it ends (with the job read back). */
export interface DeployContext {
  gw: JobsGateway;
  rendered: RenderedJob;
  options: DeployJobOptions;
  notes: string[];
  finish: (r: Partial<JobReleaseReport>) => Promise<JobReleaseReport>;
}

/** RunJob once; with --wait, follow the execution it started to its end. */
export async function executeJob(run: DeployContext, job: CloudRunJobResource): Promise<JobReleaseReport> {
  const { gw, rendered, options } = run;
  const outcome = await runJobOnce(gw, job, (line) => run.notes.push(line));
  if (outcome.kind === "unknown") {
    return run.finish({
      status: "failed",
      reason: `${outcome.error.message}. The job was not run again (a second RunJob would start a second execution). See its executions with \`gcloud run jobs executions list --job=${rendered.jobId} --region=${rendered.region} --project=${options.project}\` before running it again.`,
    });
  }
  const execution = outcome.kind === "started" ? outcome.run.execution : outcome.execution;
  const name = shortName(execution);
  if (!options.wait) return run.finish({ execution: { name, status: "started", logUri: logsHint(options.project, rendered.jobId, name) } });
  try {
    return ended(run, await awaitExecution(gw, outcome, options.executionTimeoutMs, { pollIntervalMs: options.pollIntervalMs, note: (line) => run.notes.push(line) }));
  } catch (err) {
    return executionNotFollowed(run, execution, err);
  }
}

/** The report for an execution that ended: succeeded, or failed with its task counts. */
function ended(run: DeployContext, execution: CloudRunExecutionResource): Promise<JobReleaseReport> {
  const summary = summarizeExecution(execution, run.options.project, run.rendered.jobId);
  if (summary.status === "failed") {
    return run.finish({ status: "failed", execution: summary, reason: `execution ${summary.name} failed: ${summary.failed} of ${summary.tasks ?? "?"} task(s) failed${summary.message ? ` (${summary.message})` : ""}` });
  }
  return run.finish({ execution: summary });
}

/**
 * The wait ended without a finished execution in hand: its operation failed, the time ran out, or
 * following it failed. Decided from the execution read back where it can be.
 */
async function executionNotFollowed(run: DeployContext, execution: string, err: unknown): Promise<JobReleaseReport> {
  const { gw, rendered, options } = run;
  const name = shortName(execution);
  let fetched: CloudRunExecutionResource | undefined;
  try {
    fetched = execution ? await gw.getExecution(execution) : undefined;
  } catch {
    fetched = undefined;
  }
  const followFailed = !(err instanceof OperationFailedError) && !(err instanceof OperationTimeoutError);
  if (followFailed && fetched && executionFinished(fetched)) return ended(run, fetched);
  const summary = fetched ? summarizeExecution(fetched, options.project, rendered.jobId) : { name, status: "failed" as const, logUri: logsHint(options.project, rendered.jobId, name) };
  if (followFailed) {
    const state = fetched ? "it was still running when read back" : "reading it back failed too";
    return run.finish({
      status: "failed",
      execution: { ...summary, status: "started" },
      reason: `following execution ${name} failed (${(err as Error).message}); ${state}. Follow it with \`gcloud run jobs executions describe ${name} --region=${rendered.region} --project=${options.project}\`.`,
    });
  }
  const message = err instanceof OperationTimeoutError ? `execution ${name} did not finish within ${options.executionTimeoutMs / 1000}s` : (err as Error).message;
  return run.finish({ status: "failed", execution: { ...summary, status: "failed" }, reason: `execution ${summary.name} failed: ${message}` });
}
