/**
 * One execution of a Cloud Run job: RunJob sent once, never again. After a lost reply
 * (UNAVAILABLE, DEADLINE_EXCEEDED) the job and its executions are read back to find the execution
 * the call started: exactly one created since the job was last read is ours; none or several
 * cannot be told apart from a run someone else started (a schedule), so nothing is run again and
 * the caller says so. Following an execution is the span "wait for execution NAME".
 */
import type { JobsGateway, StartedRun } from "../gcp/cloud-run-jobs.js";
import { OperationFailedError, OperationTimeoutError } from "../gcp/cloud-run.js";
import { isTransient } from "../gcp/retry.js";
import type { CloudRunExecutionResource, CloudRunJobResource, RunJobOverrides } from "../gcp/run-job-resource.js";
import { shortName } from "../gcp/run-resource.js";
import { withSpan } from "../lib/spans.js";
import { compareTimestamps, type Timestamp } from "../lib/timestamp.js";

export type RunOutcome =
  /** Accepted: its operation can be polled. */
  | { kind: "started"; run: StartedRun }
  /** The reply was lost; the execution it started was found by reading back (no operation to poll). */
  | { kind: "found"; execution: string }
  /** The reply was lost and which execution (if any) it started cannot be told. */
  | { kind: "unknown"; error: Error };

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));


/**
 * Runs `job` (as the deploy last read or wrote it: its latest execution is the baseline), with
 * `overrides` for this execution when given (sent in the one RunJob like everything else). A
 * non-transient error is rethrown as it is (nothing was started).
 */
export async function runJobOnce(gw: JobsGateway, job: CloudRunJobResource, note?: (line: string) => void, overrides?: RunJobOverrides): Promise<RunOutcome> {
  const name = job.name ?? "";
  try {
    return { kind: "started", run: await gw.startRunJob(name, overrides) };
  } catch (err) {
    if (!isTransient(err)) throw err;
    return findStartedExecution(gw, job, asError(err), note);
  }
}

/** Executions created after the baseline's latest one: by listing, and by the job's latestCreatedExecution. */
async function findStartedExecution(gw: JobsGateway, before: CloudRunJobResource, err: Error, note?: (line: string) => void): Promise<RunOutcome> {
  const name = before.name ?? "";
  const baseline = before.latestCreatedExecution;
  const isNew = (e: { name?: string | null; createTime?: Timestamp | null } | null | undefined): e is { name: string } =>
    !!e?.name && e.name !== baseline?.name && (!baseline?.createTime || compareTimestamps(e.createTime, baseline.createTime) > 0);
  let after: CloudRunJobResource | undefined;
  let executions: CloudRunExecutionResource[];
  try {
    after = await gw.getJob(name);
    executions = await gw.listExecutions(name);
  } catch (readErr) {
    return { kind: "unknown", error: new Error(`RunJob's reply was lost (${err.message}) and reading the job's executions back failed too (${asError(readErr).message}), so it cannot be told whether an execution was started`) };
  }
  const started = new Set(executions.filter(isNew).map((e) => e.name));
  if (isNew(after?.latestCreatedExecution)) started.add(after.latestCreatedExecution.name);
  if (started.size === 1) {
    const [execution] = [...started] as [string];
    note?.(`RunJob's reply was lost (${err.message}); read back: it started execution ${shortName(execution)}, not run again`);
    return { kind: "found", execution };
  }
  if (started.size === 0) {
    return { kind: "unknown", error: new Error(`RunJob's reply was lost (${err.message}) and no execution created since the deploy read the job was found; it may not have started, or may still appear`) };
  }
  const names = [...started].map(shortName).join(", ");
  return { kind: "unknown", error: new Error(`RunJob's reply was lost (${err.message}) and ${started.size} executions were created since the deploy read the job (${names}); which one this deploy started cannot be told`) };
}

/** Whether an execution read back has ended (succeeded, failed or cancelled). */
export function executionFinished(e: CloudRunExecutionResource): boolean {
  const completed = (e.conditions ?? []).find((c) => c.type === "Completed")?.state;
  return !!e.completionTime || completed === "CONDITION_SUCCEEDED" || completed === "CONDITION_FAILED";
}

export interface AwaitOptions {
  pollIntervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  note?: (line: string) => void;
}

/**
 * Waits for an execution to end: by its operation when the run was accepted (each poll retried on
 * transient errors; polls that fail for good fall back to reading the execution), else by reading
 * it. Rejects with OperationFailedError when its operation failed, OperationTimeoutError on timeout.
 */
export function awaitExecution(gw: JobsGateway, outcome: Exclude<RunOutcome, { kind: "unknown" }>, timeoutMs: number, options: AwaitOptions = {}): Promise<CloudRunExecutionResource> {
  const execution = outcome.kind === "started" ? outcome.run.execution : outcome.execution;
  return withSpan(`wait for execution ${shortName(execution)}`, async (span) => {
    const ended = await followExecution(gw, outcome, execution, timeoutMs, options);
    span.set({ "execution.succeeded": ended.succeededCount ?? 0, "execution.failed": ended.failedCount ?? 0 });
    const failed = (ended.failedCount ?? 0) > 0 || (ended.conditions ?? []).find((c) => c.type === "Completed")?.state === "CONDITION_FAILED";
    if (failed) span.fail(`execution ${shortName(execution)} failed: ${ended.failedCount ?? 0} task(s) failed`);
    return ended;
  });
}

async function followExecution(gw: JobsGateway, outcome: Exclude<RunOutcome, { kind: "unknown" }>, execution: string, timeoutMs: number, options: AwaitOptions): Promise<CloudRunExecutionResource> {
  const deadline = Date.now() + timeoutMs;
  if (outcome.kind === "started") {
    try {
      return await gw.waitExecution(outcome.run, { timeoutMs, pollIntervalMs: options.pollIntervalMs });
    } catch (err) {
      if (err instanceof OperationFailedError || err instanceof OperationTimeoutError || !execution) throw err;
      options.note?.(`polling the RunJob operation failed (${asError(err).message}); following execution ${shortName(execution)} by reading it instead`);
    }
  }
  const interval = options.pollIntervalMs ?? 1000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (;;) {
    const read = await gw.getExecution(execution);
    if (!read) throw new Error(`execution ${shortName(execution)} no longer exists`);
    if (executionFinished(read)) return read;
    const left = deadline - Date.now();
    if (left <= 0) throw new OperationTimeoutError(execution, timeoutMs);
    await sleep(Math.min(interval, left));
  }
}
