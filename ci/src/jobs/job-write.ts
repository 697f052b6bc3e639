/**
 * One write to a Cloud Run job (UpdateJob or CreateJob), sent once and decided from state read back.
 *
 * An update carries the etag of the deploy's own read (`base`) and is never blindly retried: after
 * a lost reply (UNAVAILABLE, DEADLINE_EXCEEDED), an ABORTED, or a failed operation poll, the job is
 * read back and the outcome decided from what it holds:
 * - generation unchanged and same etag: not applied; a transient error is sent again;
 * - generation + 1 and the job holds our change (`isOurs`: our image and configuration hash): ours
 *   was applied (its reply was lost); we wait for it by reading until it is no longer reconciling;
 * - anything else: someone else changed the job (a conflict); nothing more is written.
 * A create is decided the same way: not there, sent again; ours, awaited; someone else's, a conflict.
 * Every outcome but `rejected` and `unknown` carries the job as read back after it.
 */
import type { JobsGateway } from "../gcp/cloud-run-jobs.js";
import { OperationFailedError, OperationTimeoutError } from "../gcp/cloud-run.js";
import { errorCode, isTransient } from "../gcp/retry.js";
import type { CloudRunJobResource } from "./resource.js";

const ABORTED = 10;
const FAILED_PRECONDITION = 9;
const ALREADY_EXISTS = 6;

export type JobWriteOutcome =
  /** Applied, and Cloud Run finished applying it. `job` is our generation, read back. */
  | { kind: "applied"; job: CloudRunJobResource }
  /** Applied, but its operation ended in an error (e.g. the image cannot be pulled). */
  | { kind: "failed"; job: CloudRunJobResource; error: Error }
  /** Applied and still being applied when the time allowed ran out. */
  | { kind: "timeout"; job: CloudRunJobResource; error: Error }
  /** Someone else changed (or created) the job; `job` is what it holds now. */
  | { kind: "conflict"; job: CloudRunJobResource | undefined; error?: Error }
  /** Refused and not applied (confirmed by the server's answer or by reading back). */
  | { kind: "rejected"; error: Error }
  /** Could not tell whether it was applied: reading the job back failed too. */
  | { kind: "unknown"; error: Error };

export interface JobWriteOptions {
  /** Recognises our write in a job read back (our image and configuration hash). */
  isOurs: (job: CloudRunJobResource) => boolean;
  /** How long Cloud Run may take to apply the write. */
  timeoutMs: number;
  /** Pause between polls and reads while waiting (default: the gateway's for polls, 1000 ms for reads). */
  pollIntervalMs?: number;
  /** Sends of the same write after a confirmed non-application (default 4). */
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Called for every decision taken after an ambiguous answer, for the report. */
  note?: (line: string) => void;
}

export const generationOf = (job: CloudRunJobResource | undefined): number => Number(job?.generation ?? 0);

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const backoff = (attempt: number) => Math.min(8000, 250 * 2 ** (attempt - 1));

function describeCode(err: unknown): string {
  const code = errorCode(err);
  return code === undefined ? asError(err).message : `gRPC code ${code}`;
}

/** UpdateJob of `desired` with `base.etag`, decided from the job read back after any ambiguous answer. */
export async function updateJobOnce(gw: JobsGateway, base: CloudRunJobResource, desired: CloudRunJobResource, options: JobWriteOptions): Promise<JobWriteOutcome> {
  const name = desired.name ?? base.name ?? "";
  const job = { ...desired, etag: base.etag };
  const ours = generationOf(base) + 1;
  const remaining = deadlineFrom(options.timeoutMs);
  for (let attempt = 1; ; attempt++) {
    let operation: string;
    try {
      operation = await gw.startUpdateJob(job);
    } catch (err) {
      const code = errorCode(err);
      if (!isTransient(err) && code !== ABORTED && code !== FAILED_PRECONDITION) return { kind: "rejected", error: asError(err) };
      const read = await readBack(gw, name);
      if (read instanceof Error) return { kind: "unknown", error: new Error(`${asError(err).message}; reading the job back to see whether the change was applied also failed: ${read.message}`) };
      if (!read) return { kind: "conflict", job: undefined, error: asError(err) };
      if (generationOf(read) === generationOf(base) && read.etag === base.etag) {
        options.note?.(`${describeCode(err)} on the update; read back: not applied`);
        if (attempt >= (options.attempts ?? 4)) return { kind: "rejected", error: asError(err) };
        await (options.sleep ?? defaultSleep)(backoff(attempt));
        continue;
      }
      if (generationOf(read) === ours && options.isOurs(read)) {
        options.note?.(`${describeCode(err)} on the update; read back: it was applied`);
        return awaitByReading(gw, name, ours, remaining(), options);
      }
      return { kind: "conflict", job: read, error: asError(err) };
    }
    return awaitOperation(gw, name, operation, "UpdateJob", ours, remaining(), options);
  }
}

/**
 * CreateJob sent once; after a lost reply the job is read back: not there, sent again; ours
 * (`isOurs`), awaited; someone else's, a conflict. ALREADY_EXISTS on the first send means someone
 * else created it after the deploy read it missing: a conflict, whatever it holds.
 */
export async function createJobOnce(gw: JobsGateway, parent: string, jobId: string, job: CloudRunJobResource, options: JobWriteOptions): Promise<JobWriteOutcome> {
  const name = `${parent}/jobs/${jobId}`;
  const remaining = deadlineFrom(options.timeoutMs);
  for (let attempt = 1; ; attempt++) {
    let operation: string;
    try {
      operation = await gw.startCreateJob(parent, jobId, job);
    } catch (err) {
      const exists = errorCode(err) === ALREADY_EXISTS;
      if (!isTransient(err) && !exists) return { kind: "rejected", error: asError(err) };
      const read = await readBack(gw, name);
      if (read instanceof Error) return { kind: "unknown", error: new Error(`${asError(err).message}; reading back whether the job was created also failed: ${read.message}`) };
      if (!read) {
        options.note?.(`${describeCode(err)} on the create; read back: not created`);
        if (attempt >= (options.attempts ?? 4)) return { kind: "rejected", error: asError(err) };
        await (options.sleep ?? defaultSleep)(backoff(attempt));
        continue;
      }
      if ((exists && attempt === 1) || !options.isOurs(read)) return { kind: "conflict", job: read, error: asError(err) };
      options.note?.(`${describeCode(err)} on the create; read back: it was created`);
      return awaitByReading(gw, name, generationOf(read), remaining(), options);
    }
    return awaitOperation(gw, name, operation, "CreateJob", 1, remaining(), options);
  }
}

function deadlineFrom(timeoutMs: number): () => number {
  const started = Date.now();
  return () => Math.max(0, timeoutMs - (Date.now() - started));
}

async function readBack(gw: JobsGateway, name: string): Promise<CloudRunJobResource | undefined | Error> {
  try {
    return await gw.getJob(name);
  } catch (err) {
    return asError(err);
  }
}

/** Polls our accepted write's operation, then reads the job back to confirm it is still our generation. */
async function awaitOperation(gw: JobsGateway, name: string, operation: string, method: string, ours: number, timeoutMs: number, options: JobWriteOptions): Promise<JobWriteOutcome> {
  let result: CloudRunJobResource;
  try {
    result = await gw.waitJobOperation(operation, { method, timeoutMs, pollIntervalMs: options.pollIntervalMs });
  } catch (err) {
    if (err instanceof OperationFailedError) return settle(gw, name, ours, { kind: "failed", error: err });
    if (err instanceof OperationTimeoutError) return settle(gw, name, ours, { kind: "timeout", error: err });
    options.note?.(`polling the ${method} operation failed (${asError(err).message}); deciding from the job instead`);
    return awaitByReading(gw, name, ours, timeoutMs, options);
  }
  return settle(gw, name, ours, { kind: "applied" }, result, options.note);
}

type Settled = { kind: "applied" } | { kind: "failed" | "timeout"; error: Error };

/**
 * Reads the job after our operation ended: still our generation, or someone wrote after us. When
 * the read fails, a successful operation's own result stands in for it.
 */
async function settle(gw: JobsGateway, name: string, ours: number, outcome: Settled, result?: CloudRunJobResource, note?: (line: string) => void): Promise<JobWriteOutcome> {
  const read = await readBack(gw, name);
  if (read instanceof Error && outcome.kind === "applied" && result && generationOf(result) === ours) {
    note?.(`reading the job back failed (${read.message}); used the operation's result instead`);
    return { kind: "applied", job: result };
  }
  if (read instanceof Error) {
    const what = outcome.kind === "applied" ? "the change was applied" : outcome.error.message;
    return { kind: "unknown", error: new Error(`${what}, but reading the job back failed: ${read.message}`) };
  }
  if (!read || generationOf(read) !== ours) return { kind: "conflict", job: read };
  return { ...outcome, job: read } as JobWriteOutcome;
}

/** Our write was applied but there is no operation to poll: read until it stops reconciling. */
async function awaitByReading(gw: JobsGateway, name: string, ours: number, timeoutMs: number, options: JobWriteOptions): Promise<JobWriteOutcome> {
  const interval = options.pollIntervalMs ?? 1000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const read = await readBack(gw, name);
    if (read instanceof Error) return { kind: "unknown", error: new Error(`the change was applied, but reading the job back failed: ${read.message}`) };
    if (!read || generationOf(read) !== ours) return { kind: "conflict", job: read };
    if (!read.reconciling) {
      const failed = read.terminalCondition?.state === "CONDITION_FAILED";
      return failed ? { kind: "failed", job: read, error: new Error(read.terminalCondition?.message || "the job did not become ready") } : { kind: "applied", job: read };
    }
    if (Date.now() + interval > deadline) return { kind: "timeout", job: read, error: new Error(`the change was still being applied when the time allowed ran out (${Math.round(timeoutMs / 1000)}s left after the reply was lost)`) };
    await (options.sleep ?? defaultSleep)(interval);
  }
}
