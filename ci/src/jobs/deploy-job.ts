/**
 * Creates or updates a Cloud Run job from the catalog (skip-unchanged as for services), optionally
 * runs it and waits: a failed execution fails the release with its name and where its logs are.
 * Jobs have no traffic: rollback redeploys the previous image digest, recorded on every update.
 *
 * Every write and RunJob is sent once; ambiguous answers are decided from the job read back
 * (job-write.ts, job-run.ts). Someone else's change is never overwritten: the deploy stops as
 * "aborted" and says what the job is now. Every report carries the job as read back at the end.
 */
import type { JobsGateway } from "../gcp/cloud-run-jobs.js";
import { errorCode } from "../gcp/retry.js";
import { describeUnmanaged } from "../gcp/run-fields.js";
import type { CloudRunJobResource } from "../gcp/run-job-resource.js";
import { COMMIT_LABEL, CONFIG_HASH_ANNOTATION } from "../gcp/run-template.js";
import { mergeLabels, OWNED_LABELS_ANNOTATION } from "../lib/owned-labels.js";
import { withSpan } from "../lib/spans.js";
import type { SuggestCall } from "../lib/suggested-call.js";
import { type DeployContext, executeJob } from "./execute-job.js";
import type { ExecutionOverrides } from "./execution-overrides.js";
import { currentImage, describeJob, type JobReleaseReport } from "./job-report.js";
import { createJobOnce, type JobWriteOptions, type JobWriteOutcome, updateJobOnce } from "./job-write.js";
import { PREVIOUS_COMMIT_ANNOTATION, PREVIOUS_IMAGE_ANNOTATION, type RenderedJob } from "./render.js";
import { unmanagedJobFields, unmanagedJobFieldsError } from "./unmanaged-fields.js";

export { formatJobReport, summarizeExecution, type ExecutionSummary, type JobReleaseReport } from "./job-report.js";

export interface DeployJobOptions {
  environment: string;
  project: string;
  commit: string;
  execute: boolean;
  wait: boolean;
  /** With `execute`: args, env, task count and task timeout of this execution only (checked: execution-overrides.ts). */
  overrides?: ExecutionOverrides;
  /** How long to wait for an execution when `wait` is set. */
  executionTimeoutMs: number;
  /** How long Cloud Run may take to apply a create or update (default 10 minutes). */
  writeTimeoutMs?: number;
  /** Pause between operation polls and read-backs (default: the gateway's polls, 1000 ms reads). */
  pollIntervalMs?: number;
  /** Deploy even though the live template has settings the catalog does not manage (they are removed). */
  dropUnmanaged?: boolean;
  warnings?: string[];
  /** Writes the `dagger call` commands the report suggests (with the command's --catalog and --credentials). */
  call: SuggestCall;
}

const DEFAULT_WRITE_TIMEOUT_MS = 600_000;
const ABORTED = 10;
const FAILED_PRECONDITION = 9;

/** Same image and configuration, and the job is not left broken by an earlier failed deploy. */
export const jobUnchanged = (live: CloudRunJobResource, rendered: RenderedJob): boolean =>
  live.annotations?.[CONFIG_HASH_ANNOTATION] === rendered.configHash && currentImage(live) === rendered.image && live.terminalCondition?.state !== "CONDITION_FAILED";

/** Our write, recognised in a job read back: our image and our configuration hash. */
const holdsRender = (rendered: RenderedJob) => (job: CloudRunJobResource): boolean =>
  currentImage(job) === rendered.image && job.annotations?.[CONFIG_HASH_ANNOTATION] === rendered.configHash;

/** Outcomes of a job release that did not put the new image in place (or whose execution failed). */
const NOT_RELEASED = new Set(["failed", "rolled-back", "aborted"]);

/** The span "deploy job NAME" around the release, failed when it did not release. */
export function deployJob(gw: JobsGateway, rendered: RenderedJob, options: DeployJobOptions): Promise<JobReleaseReport> {
  const attributes = { "job.name": rendered.jobId, "release.environment": options.environment, "release.commit": options.commit, "release.execute": options.execute };
  return withSpan(`deploy job ${rendered.target}`, async (span) => {
    const report = await releaseJob(gw, rendered, options);
    span.set({ "release.status": report.status, "execution.name": report.execution?.name });
    if (NOT_RELEASED.has(report.status)) span.fail(report.reason ?? report.status);
    return report;
  }, attributes);
}

async function releaseJob(gw: JobsGateway, rendered: RenderedJob, options: DeployJobOptions): Promise<JobReleaseReport> {
  const started = Date.now();
  const notes: string[] = [];
  const report: JobReleaseReport = {
    kind: "job",
    job: rendered.target,
    cloudRunName: rendered.jobId,
    environment: options.environment,
    status: "failed",
    image: rendered.image,
    commit: options.commit,
    warnings: [...(options.warnings ?? [])],
    durationMs: 0,
  };
  const finish = async (r: Partial<JobReleaseReport>) => Object.assign(report, r, { jobAfter: await jobNow(gw, rendered.name) }, notes.length ? { notes } : {}, { durationMs: Date.now() - started });
  const run: DeployContext = { gw, rendered, options, notes, finish };

  const live = await gw.getJob(rendered.name);
  let job: CloudRunJobResource;
  if (!live) {
    const annotations = { ...(rendered.resource.annotations ?? {}), [OWNED_LABELS_ANNOTATION]: mergeLabels({}, {}, rendered.resource.labels ?? {}).owned };
    const created = await createJobOnce(gw, rendered.parent, rendered.jobId, { ...rendered.resource, annotations }, writeOptions(run));
    if (created.kind === "conflict" && created.job && jobUnchanged(created.job, rendered)) {
      notes.push(`someone else created job ${rendered.jobId} meanwhile with this image and configuration; left as it is`);
      report.status = "unchanged";
      job = created.job;
    } else if (created.kind !== "applied") {
      return afterFailedCreate(run, created);
    } else {
      report.status = "created";
      job = created.job;
    }
  } else if (jobUnchanged(live, rendered)) {
    report.status = "unchanged";
    job = live;
  } else {
    const unmanaged = unmanagedJobFields(live, rendered.resource);
    if (unmanaged.length && !options.dropUnmanaged) throw unmanagedJobFieldsError(rendered.jobId, unmanaged);
    if (unmanaged.length) report.warnings.push(`--drop-unmanaged: this deploy removes settings the catalog does not manage: ${describeUnmanaged(unmanaged)}`);
    const previous = currentImage(live);
    const labels = mergeLabels(live.labels, live.annotations, rendered.resource.labels ?? {});
    const desired: CloudRunJobResource = {
      ...rendered.resource,
      name: rendered.name,
      labels: labels.labels,
      annotations: {
        ...(live.annotations ?? {}),
        ...(rendered.resource.annotations ?? {}),
        [OWNED_LABELS_ANNOTATION]: labels.owned,
        ...(previous && previous !== rendered.image ? previousRelease(previous, live.labels?.[COMMIT_LABEL]) : {}),
      },
    };
    const updated = await updateJobOnce(gw, live, desired, writeOptions(run));
    if (updated.kind !== "applied") return afterFailedUpdate(run, updated, previous);
    report.previousImage = previous;
    report.status = "deployed";
    job = updated.job;
  }

  if (!options.execute) return finish({});
  return executeJob(run, job);
}

function writeOptions(run: DeployContext): JobWriteOptions {
  return {
    isOurs: holdsRender(run.rendered),
    timeoutMs: run.options.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS,
    pollIntervalMs: run.options.pollIntervalMs,
    note: (line) => run.notes.push(line),
  };
}

/** The job as read back now, for the report; a failed read is said as such, never guessed. */
async function jobNow(gw: JobsGateway, name: string): Promise<string> {
  try {
    return describeJob(await gw.getJob(name));
  } catch (err) {
    return `unknown (reading the job failed: ${(err as Error).message})`;
  }
}

const deployCommand = (run: DeployContext) => run.options.call(`deploy-job --job=${run.rendered.target} --env=${run.options.environment}`);
const describeCommand = (run: DeployContext) => `gcloud run jobs describe ${run.rendered.jobId} --region=${run.rendered.region} --project=${run.options.project}`;

function aborted(run: DeployContext, why: string, job: CloudRunJobResource | undefined): Promise<JobReleaseReport> {
  return run.finish({
    status: "aborted",
    reason: `${why}; nothing was overwritten, their change was kept (the job is now: ${describeJob(job)}). Re-run the deploy (\`${deployCommand(run)}\`) to release on top of it.`,
  });
}

function unknownState(run: DeployContext, what: string, error: Error): Promise<JobReleaseReport> {
  return run.finish({ status: "failed", reason: `${what}: could not tell whether the change was applied (${error.message}). Check \`${describeCommand(run)}\` before deploying again.` });
}

function afterFailedCreate(run: DeployContext, outcome: Exclude<JobWriteOutcome, { kind: "applied" }>): Promise<JobReleaseReport> {
  const id = run.rendered.jobId;
  switch (outcome.kind) {
    case "conflict":
      return aborted(run, `someone else created job ${id} while this deploy was creating it`, outcome.job);
    case "failed":
      return run.finish({ status: "failed", reason: `Cloud Run accepted job ${id} but could not make it ready: ${outcome.error.message}` });
    case "timeout":
      return run.finish({ status: "failed", reason: `Cloud Run accepted job ${id} but it was still not ready when the time allowed ran out: ${outcome.error.message}` });
    case "unknown":
      return unknownState(run, `creating job ${id}`, outcome.error);
    case "rejected":
      throw outcome.error;
  }
}

function afterFailedUpdate(run: DeployContext, outcome: Exclude<JobWriteOutcome, { kind: "applied" }>, previous: string | undefined): Promise<JobReleaseReport> {
  const id = run.rendered.jobId;
  switch (outcome.kind) {
    case "conflict": {
      const refused = [ABORTED, FAILED_PRECONDITION].includes(errorCode(outcome.error) ?? -1);
      const why = refused
        ? `the job changed while this deploy was preparing (${outcome.error?.message})`
        : `someone else changed the job while this deploy was updating it${outcome.error ? ` (the update's reply was lost: ${outcome.error.message})` : ""}`;
      return aborted(run, why, outcome.job);
    }
    // The update was applied but Cloud Run could not finish it: the job now holds the new spec.
    case "failed":
      return run.finish({ status: "failed", previousImage: previous, reason: `Cloud Run accepted the update of job ${id} but could not make it ready: ${outcome.error.message}. Fix the cause and deploy again, or run rollback-job.` });
    case "timeout":
      return run.finish({ status: "failed", previousImage: previous, reason: `Cloud Run accepted the update of job ${id} but was still applying it when the time allowed ran out (${outcome.error.message}). Check \`${describeCommand(run)}\`, then deploy again or run rollback-job.` });
    case "unknown":
      return unknownState(run, `updating job ${id}`, outcome.error);
    case "rejected":
      throw outcome.error;
  }
}

/** The annotations recording the release an update replaces (its image, and its commit label when it had one). */
function previousRelease(image: string, commit: string | undefined): Record<string, string> {
  return { [PREVIOUS_IMAGE_ANNOTATION]: image, ...(commit ? { [PREVIOUS_COMMIT_ANNOTATION]: commit } : {}) };
}

/** rollback-job: the commit label recorded with the previous image (absent for a job last updated before it was recorded). */
export function previousCommitOf(live: CloudRunJobResource): string | undefined {
  return live.annotations?.[PREVIOUS_COMMIT_ANNOTATION] || undefined;
}

/** rollback-job: the image recorded before the last update, or a clear error when there is none. */
export function previousImageOf(live: CloudRunJobResource | undefined, jobName: string): string {
  if (!live) throw new Error(`job ${jobName} does not exist; nothing to roll back.`);
  const previous = live.annotations?.[PREVIOUS_IMAGE_ANNOTATION];
  if (!previous) throw new Error(`job ${jobName} has no previous image recorded (it was deployed once, or not by cloud-run-pipeline); deploy an older commit instead.`);
  return previous;
}
