/**
 * One write to a Cloud Run resource (a service or a job) under optimistic concurrency, decided
 * from state read back. Cloud Run's Update and Create calls are not idempotent across a lost
 * reply, so a write is sent once and never blindly retried: after a lost reply (UNAVAILABLE,
 * DEADLINE_EXCEEDED), an ABORTED, or a failed operation poll, the resource is read back and the
 * outcome decided from what it holds:
 * - generation unchanged and same etag: not applied; a transient error is sent again;
 * - generation + 1 and the resource holds what we wrote (`isOurs`): ours was applied (its reply
 *   was lost); we wait for it by reading until it is no longer reconciling;
 * - anything else: someone else changed it (a conflict); nothing more is written.
 * A create is decided the same way: not there, sent again; ours, awaited; someone else's (or
 * ALREADY_EXISTS on the first send: created by someone after we read it missing), a conflict.
 */
import { OperationFailedError, OperationTimeoutError } from "./cloud-run.js";
import { errorCode, isTransient } from "./retry.js";

const ABORTED = 10;
const FAILED_PRECONDITION = 9;
const ALREADY_EXISTS = 6;

/** The fields of a Cloud Run resource the decision reads. */
export interface Versioned {
  generation?: number | string | null;
  etag?: string | null;
  reconciling?: boolean | null;
  terminalCondition?: { state?: string | null; message?: string | null } | null;
}

export type WriteOutcome<R> =
  /** Applied, and its operation finished well. `resource` is our generation, read back. */
  | { kind: "applied"; resource: R }
  /** Applied, but its operation ended in an error (e.g. the new revision is not ready). */
  | { kind: "failed"; resource: R; error: Error }
  /** Applied and still running when the time allowed ran out. */
  | { kind: "timeout"; resource: R; error: Error }
  /** Someone else changed (or created) it before or after our write; `resource` is what it holds now. */
  | { kind: "conflict"; resource: R | undefined; error?: Error }
  /** Refused and not applied (confirmed by the server's answer or by reading back). */
  | { kind: "rejected"; error: Error }
  /** Could not tell whether it was applied: reading back failed too. */
  | { kind: "unknown"; error: Error };

/** How to reach the resource: read it, wait for an operation on it. */
export interface Remote<R> {
  /** "service" or "job", in messages. */
  noun: string;
  read(): Promise<R | undefined>;
  /** Polls an operation until done; OperationFailedError / OperationTimeoutError as the gateways throw them. */
  wait(operation: string, timeoutMs: number): Promise<R>;
}

export interface WriteOnceOptions<R> {
  /** Recognises our write in a resource read back (e.g. our revision name, our traffic, our image). */
  isOurs: (resource: R) => boolean;
  /** How long the operation may run. */
  timeoutMs: number;
  /** Pause between reads while waiting without an operation (default 1000 ms). */
  pollIntervalMs?: number;
  /** Sends of the same write after a confirmed non-application (default 4). */
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Called for every decision taken after an ambiguous answer, for the report. */
  note?: (line: string) => void;
}

export const generationOf = (r: Versioned | undefined): number => Number(r?.generation ?? 0);

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const backoff = (attempt: number) => Math.min(8000, 250 * 2 ** (attempt - 1));

function describeCode(err: unknown): string {
  const code = errorCode(err);
  return code === undefined ? asError(err).message : `gRPC code ${code}`;
}

function deadlineFrom(timeoutMs: number): () => number {
  const started = Date.now();
  return () => Math.max(0, timeoutMs - (Date.now() - started));
}

async function readBack<R>(remote: Remote<R>): Promise<R | undefined | Error> {
  try {
    return await remote.read();
  } catch (err) {
    return asError(err);
  }
}

/**
 * Reading back showed the write was not applied: notes it, and waits before the next send; false
 * when the sends are used up.
 */
async function sendAgain<R>(note: string, attempt: number, options: WriteOnceOptions<R>): Promise<boolean> {
  options.note?.(note);
  if (attempt >= (options.attempts ?? 4)) return false;
  await (options.sleep ?? defaultSleep)(backoff(attempt));
  return true;
}

/** An update carrying `base.etag` (`send` makes the one call), decided from the resource read back. */
export async function updateOnce<R extends Versioned>(remote: Remote<R>, base: R, send: () => Promise<string>, options: WriteOnceOptions<R>): Promise<WriteOutcome<R>> {
  const ours = generationOf(base) + 1;
  const remaining = deadlineFrom(options.timeoutMs);
  for (let attempt = 1; ; attempt++) {
    let operation: string;
    try {
      operation = await send();
    } catch (err) {
      const code = errorCode(err);
      if (!isTransient(err) && code !== ABORTED && code !== FAILED_PRECONDITION) return { kind: "rejected", error: asError(err) };
      const read = await readBack(remote);
      if (read instanceof Error) return { kind: "unknown", error: new Error(`${asError(err).message}; reading the ${remote.noun} back to see whether the change was applied also failed: ${read.message}`) };
      if (!read) return { kind: "conflict", resource: undefined, error: asError(err) };
      if (generationOf(read) === generationOf(base) && read.etag === base.etag) {
        if (await sendAgain(`${describeCode(err)} on the update; read back: not applied`, attempt, options)) continue;
        return { kind: "rejected", error: asError(err) };
      }
      if (generationOf(read) === ours && options.isOurs(read)) {
        options.note?.(`${describeCode(err)} on the update; read back: it was applied`);
        return awaitByReading(remote, ours, remaining(), options);
      }
      return { kind: "conflict", resource: read, error: asError(err) };
    }
    return awaitOperation(remote, operation, ours, remaining(), options);
  }
}

/** A create (`send` makes the one call), decided from the resource read back. */
export async function createOnce<R extends Versioned>(remote: Remote<R>, send: () => Promise<string>, options: WriteOnceOptions<R>): Promise<WriteOutcome<R>> {
  const remaining = deadlineFrom(options.timeoutMs);
  for (let attempt = 1; ; attempt++) {
    let operation: string;
    try {
      operation = await send();
    } catch (err) {
      const exists = errorCode(err) === ALREADY_EXISTS;
      if (!isTransient(err) && !exists) return { kind: "rejected", error: asError(err) };
      const read = await readBack(remote);
      if (read instanceof Error) return { kind: "unknown", error: new Error(`${asError(err).message}; reading back whether the ${remote.noun} was created also failed: ${read.message}`) };
      if (!read) {
        if (await sendAgain(`${describeCode(err)} on the create; read back: not created`, attempt, options)) continue;
        return { kind: "rejected", error: asError(err) };
      }
      if ((exists && attempt === 1) || !options.isOurs(read)) return { kind: "conflict", resource: read, error: asError(err) };
      options.note?.(`${describeCode(err)} on the create; read back: it was created`);
      return awaitByReading(remote, generationOf(read), remaining(), options);
    }
    // A created resource starts at generation 1.
    return awaitOperation(remote, operation, 1, remaining(), options);
  }
}

/** Polls our accepted write's operation, then reads back to confirm it is still our generation. */
async function awaitOperation<R extends Versioned>(remote: Remote<R>, operation: string, ours: number, timeoutMs: number, options: WriteOnceOptions<R>): Promise<WriteOutcome<R>> {
  let result: R;
  try {
    result = await remote.wait(operation, timeoutMs);
  } catch (err) {
    if (err instanceof OperationFailedError) return settle(remote, ours, { kind: "failed", error: err });
    if (err instanceof OperationTimeoutError) return settle(remote, ours, { kind: "timeout", error: err });
    options.note?.(`polling the operation failed (${asError(err).message}); deciding from the ${remote.noun} instead`);
    return awaitByReading(remote, ours, timeoutMs, options);
  }
  return settle(remote, ours, { kind: "applied" }, result, options.note);
}

type Settled = { kind: "applied" } | { kind: "failed" | "timeout"; error: Error };

/**
 * Reads back after our operation ended: still our generation, or someone wrote after us. When the
 * read fails, a successful operation's own result (as Cloud Run finished it) stands in for it.
 */
async function settle<R extends Versioned>(remote: Remote<R>, ours: number, outcome: Settled, result?: R, note?: (line: string) => void): Promise<WriteOutcome<R>> {
  const read = await readBack(remote);
  if (read instanceof Error && outcome.kind === "applied" && result && generationOf(result) === ours) {
    note?.(`reading the ${remote.noun} back failed (${read.message}); used the operation's result instead`);
    return { kind: "applied", resource: result };
  }
  if (read instanceof Error) {
    const what = outcome.kind === "applied" ? "the change was applied" : outcome.error.message;
    return { kind: "unknown", error: new Error(`${what}, but reading the ${remote.noun} back failed: ${read.message}`) };
  }
  if (!read || generationOf(read) !== ours) return { kind: "conflict", resource: read };
  return outcome.kind === "applied" ? { kind: "applied", resource: read } : { ...outcome, resource: read };
}

/** Our write was applied but we have no operation to poll: read until it stops reconciling. */
async function awaitByReading<R extends Versioned>(remote: Remote<R>, ours: number, timeoutMs: number, options: WriteOnceOptions<R>): Promise<WriteOutcome<R>> {
  const interval = options.pollIntervalMs ?? 1000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const read = await readBack(remote);
    if (read instanceof Error) return { kind: "unknown", error: new Error(`the change was applied, but reading the ${remote.noun} back failed: ${read.message}`) };
    if (!read || generationOf(read) !== ours) return { kind: "conflict", resource: read };
    if (!read.reconciling) {
      const failed = read.terminalCondition?.state === "CONDITION_FAILED";
      return failed ? { kind: "failed", resource: read, error: new Error(read.terminalCondition?.message || `the ${remote.noun} did not become ready`) } : { kind: "applied", resource: read };
    }
    if (Date.now() + interval > deadline) return { kind: "timeout", resource: read, error: new Error(`the change was still being applied when the time allowed ran out (${Math.round(timeoutMs / 1000)}s left after the reply was lost)`) };
    await (options.sleep ?? defaultSleep)(interval);
  }
}

/** The outcome with `resource` renamed for a domain ("service", "job"), so reports read naturally. */
export function renamed<R, K extends string>(outcome: WriteOutcome<R>, key: K): Renamed<R, K> {
  if (!("resource" in outcome)) return outcome as Renamed<R, K>;
  const { resource, ...rest } = outcome;
  return { ...rest, [key]: resource } as Renamed<R, K>;
}

type Rename<O, R, K extends string> = O extends { resource: infer T } ? Omit<O, "resource"> & { [P in K]: T } : O;
export type Renamed<R, K extends string> = Rename<WriteOutcome<R>, R, K>;
