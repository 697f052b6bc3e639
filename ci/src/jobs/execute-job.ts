/**
 * deploy-job --execute [--wait]: RunJob sent once (job-run.ts decides a lost reply), with the
 * execution's overrides when given, then, with --wait, the execution it started followed to its
 * end and reported with its task counts and logs. Overrides are reported as the execution read
 * back shows them (overrides-read-back.ts), never as sent.
 */
import type { JobsGateway } from "../gcp/cloud-run-jobs.js";
import { OperationFailedError, OperationTimeoutError } from "../gcp/cloud-run.js";
import { errorCode, PERMISSION_DENIED } from "../gcp/retry.js";
import type { CloudRunExecutionResource, CloudRunJobResource } from "../gcp/run-job-resource.js";
import { shortName } from "../gcp/run-resource.js";
import { withSpan } from "../lib/spans.js";
import type { DeployJobOptions } from "./deploy-job.js";
import { runJobOverrides } from "./execution-overrides.js";
import { type JobReleaseReport, logsHint, summarizeExecution } from "./job-report.js";
import { awaitExecution, executionFinished, runJobOnce } from "./job-run.js";
import { type OverridesReadBack, readBackOverrides } from "./overrides-read-back.js";
import type { RenderedJob } from "./render.js";

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
  const overrides = options.overrides && runJobOverrides(options.overrides, mainContainer(rendered));
  const outcome = await withSpan(`run job ${rendered.jobId}`, async (span) => {
    let sent: Awaited<ReturnType<typeof runJobOnce>>;
    try {
      sent = await runJobOnce(gw, job, (line) => run.notes.push(line), overrides);
    } catch (err) {
      span.fail((err as Error).message);
      return { kind: "refused" as const, error: err as Error };
    }
    if (sent.kind === "unknown") span.fail(sent.error.message);
    else span.set({ "execution.name": shortName(sent.kind === "started" ? sent.run.execution : sent.execution) });
    return sent;
  });
  if (outcome.kind === "refused") return run.finish({ status: "failed", reason: runRefused(outcome.error, run, !!overrides) });
  if (outcome.kind === "unknown") {
    return run.finish({
      status: "failed",
      reason: `${outcome.error.message}. The job was not run again (a second RunJob would start a second execution). See its executions with \`gcloud run jobs executions list --job=${rendered.jobId} --region=${rendered.region} --project=${options.project}\` before running it again.`,
    });
  }
  const execution = outcome.kind === "started" ? outcome.run.execution : outcome.execution;
  const name = shortName(execution);
  if (!options.wait) return run.finish({ execution: { name, status: "started", logUri: logsHint(options.project, rendered.jobId, name), ...(await overridesNow(run, execution)) } });
  try {
    return ended(run, await awaitExecution(gw, outcome, options.executionTimeoutMs, { pollIntervalMs: options.pollIntervalMs, note: (line) => run.notes.push(line) }));
  } catch (err) {
    return executionNotFollowed(run, execution, err);
  }
}

/**
 * RunJob refused outright (nothing was started): the deploy stands, and the report says so with
 * what to grant when the refusal is a permission.
 */
function runRefused(err: Error, run: DeployContext, withOverrides: boolean): string {
  const { rendered, options } = run;
  const permission = withOverrides ? "run.jobs.runWithOverrides" : "run.jobs.run";
  const fix =
    errorCode(err) === PERMISSION_DENIED
      ? ` Grant the deployer ${permission} on the job (roles/run.developer has it${withOverrides ? "; without override flags run.jobs.run is enough" : ""}), then run it with \`${options.call(`deploy-job --job=${rendered.target} --env=${options.environment} --execute`)}\` (the job itself is deployed and unchanged by a second deploy).`
      : " The job itself is deployed; run it again with --execute once the cause is fixed.";
  return `job ${rendered.jobId} was deployed, but RunJob was refused, so no execution was started: ${err.message}.${fix}`;
}

/** The report for an execution that ended: succeeded, or failed with its task counts. */
function ended(run: DeployContext, execution: CloudRunExecutionResource): Promise<JobReleaseReport> {
  const summary = { ...summarizeExecution(execution, run.options.project, run.rendered.jobId), ...overridesOf(run, execution) };
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
  const summary = fetched
    ? { ...summarizeExecution(fetched, options.project, rendered.jobId), ...overridesOf(run, fetched) }
    : { name, status: "failed" as const, logUri: logsHint(options.project, rendered.jobId, name), ...overridesOf(run, undefined, "reading it back failed") };
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

/** The container the overrides target: the main container, which render.ts puts first (sidecars follow) and names after the catalog job. */
const mainContainer = (rendered: RenderedJob): string => rendered.resource.template?.template?.containers?.[0]?.name ?? rendered.jobId;

/** With override flags: what `execution` (as read back) shows of them. */
function overridesOf(run: DeployContext, execution: CloudRunExecutionResource | undefined, readError?: string): { overrides?: OverridesReadBack } {
  const asked = run.options.overrides;
  return asked ? { overrides: readBackOverrides(asked, mainContainer(run.rendered), execution, readError) } : {};
}

/** With override flags and no --wait: the execution read back once, right after RunJob. */
async function overridesNow(run: DeployContext, execution: string): Promise<{ overrides?: OverridesReadBack }> {
  if (!run.options.overrides) return {};
  try {
    return overridesOf(run, execution ? await run.gw.getExecution(execution) : undefined);
  } catch (err) {
    return overridesOf(run, undefined, (err as Error).message);
  }
}
