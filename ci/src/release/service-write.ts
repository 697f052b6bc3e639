/**
 * One write to a Cloud Run service under optimistic concurrency, decided from state read back.
 *
 * The write carries the etag of the caller's last read or write (`base`), is sent once, and is
 * never blindly retried: after a lost reply (UNAVAILABLE, DEADLINE_EXCEEDED), an ABORTED, or a
 * failed operation poll, the service is read back and the outcome decided from what it holds:
 * - generation unchanged and same etag: the write was not applied; a transient error is retried;
 * - generation + 1 and the service holds what we wrote: our write was applied (its reply was
 *   lost); we wait for it to finish by reading the service until it is no longer reconciling;
 * - anything else: someone else changed the service (a conflict); nothing more is written.
 * Every outcome but `rejected` carries the service as read back after it.
 */
import { OperationFailedError, OperationTimeoutError, type CloudRunGateway } from "../gcp/cloud-run.js";
import { errorCode, isTransient } from "../gcp/retry.js";
import type { CloudRunServiceResource } from "./resource.js";

const ABORTED = 10;
const FAILED_PRECONDITION = 9;

export type WriteOutcome =
  /** Applied, and its operation finished well. `service` is our generation, read back. */
  | { kind: "applied"; service: CloudRunServiceResource }
  /** Applied, but its operation ended in an error (e.g. the new revision is not ready). */
  | { kind: "failed"; service: CloudRunServiceResource; error: Error }
  /** Applied and still running when the time allowed ran out. */
  | { kind: "timeout"; service: CloudRunServiceResource; error: Error }
  /** Someone else changed the service before or after our write; `service` is what it holds now. */
  | { kind: "conflict"; service: CloudRunServiceResource | undefined; error?: Error }
  /** Refused and not applied (confirmed by the server's answer or by reading back). */
  | { kind: "rejected"; error: Error }
  /** Could not tell whether it was applied: reading the service back failed too. */
  | { kind: "unknown"; error: Error };

export interface WriteOptions {
  /** The service as the caller last read or wrote it: its etag and generation are the baseline. */
  base: CloudRunServiceResource;
  /** The whole service to write; its etag is replaced by `base.etag`. */
  desired: CloudRunServiceResource;
  /** Recognises our write in a service read back (e.g. our revision name, our traffic). */
  isOurs: (service: CloudRunServiceResource) => boolean;
  /** How long the operation may run (the health budget). */
  timeoutMs: number;
  /** Pause between reads while waiting without an operation (default 1000 ms). */
  pollIntervalMs?: number;
  /** Sends of the same write after a confirmed non-application (default 4). */
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Called for every decision taken after an ambiguous answer, for the report. */
  note?: (line: string) => void;
}

export const generationOf = (s: CloudRunServiceResource | undefined): number => Number(s?.generation ?? 0);

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

export async function writeService(gw: CloudRunGateway, options: WriteOptions): Promise<WriteOutcome> {
  const { base } = options;
  const name = options.desired.name ?? base.name ?? "";
  const desired = { ...options.desired, etag: base.etag };
  const ours = generationOf(base) + 1;
  const attempts = options.attempts ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = Date.now();
  const remaining = () => Math.max(0, options.timeoutMs - (Date.now() - started));

  for (let attempt = 1; ; attempt++) {
    let operation: string;
    try {
      operation = await gw.startUpdateService(desired);
    } catch (err) {
      const code = errorCode(err);
      const ambiguous = isTransient(err) || code === ABORTED || code === FAILED_PRECONDITION;
      if (!ambiguous) return { kind: "rejected", error: asError(err) };
      const read = await readBack(gw, name);
      if (read instanceof Error) return { kind: "unknown", error: new Error(`${asError(err).message}; reading the service back to see whether the change was applied also failed: ${read.message}`) };
      if (!read) return { kind: "conflict", service: undefined, error: asError(err) };
      if (generationOf(read) === generationOf(base) && read.etag === base.etag) {
        options.note?.(`${describeCode(err)} on the update; read back: not applied`);
        if (attempt >= attempts) return { kind: "rejected", error: asError(err) };
        await sleep(Math.min(8000, 250 * 2 ** (attempt - 1)));
        continue;
      }
      if (generationOf(read) === ours && options.isOurs(read)) {
        options.note?.(`${describeCode(err)} on the update; read back: it was applied`);
        return awaitByReading(gw, name, ours, remaining(), options);
      }
      return { kind: "conflict", service: read, error: asError(err) };
    }

    return awaitOperation(gw, name, operation, ours, remaining(), options);
  }
}

/** Polls our accepted write's operation, then settles from the service read back. */
async function awaitOperation(gw: CloudRunGateway, name: string, operation: string, ours: number, timeoutMs: number, options: Pick<WriteOptions, "pollIntervalMs" | "sleep" | "note">): Promise<WriteOutcome> {
  let opError: Error | undefined;
  let result: CloudRunServiceResource | undefined;
  try {
    result = await gw.waitServiceOperation(operation, { timeoutMs });
  } catch (err) {
    if (err instanceof OperationFailedError) opError = err;
    else if (err instanceof OperationTimeoutError) return settle(gw, name, ours, { kind: "timeout", error: err });
    else {
      options.note?.(`polling the operation failed (${asError(err).message}); deciding from the service instead`);
      return awaitByReading(gw, name, ours, timeoutMs, options);
    }
  }
  return settle(gw, name, ours, opError ? { kind: "failed", error: opError } : { kind: "applied" }, result, options.note);
}

function describeCode(err: unknown): string {
  const code = errorCode(err);
  return code === undefined ? asError(err).message : `gRPC code ${code}`;
}

async function readBack(gw: CloudRunGateway, name: string): Promise<CloudRunServiceResource | undefined | Error> {
  try {
    return await gw.getService(name);
  } catch (err) {
    return asError(err);
  }
}

type Settled = { kind: "applied" } | { kind: "failed" | "timeout"; error: Error };

/**
 * Reads the service after our operation ended: still our generation, or someone wrote after us.
 * When the read fails, a successful operation's own result (the service as Cloud Run finished it)
 * stands in for it.
 */
async function settle(gw: CloudRunGateway, name: string, ours: number, outcome: Settled, result?: CloudRunServiceResource, note?: (line: string) => void): Promise<WriteOutcome> {
  const read = await readBack(gw, name);
  if (read instanceof Error && outcome.kind === "applied" && result && generationOf(result) === ours) {
    note?.(`reading the service back failed (${read.message}); used the operation's result instead`);
    return { kind: "applied", service: result };
  }
  if (read instanceof Error) {
    const what = outcome.kind === "applied" ? "the change was applied" : outcome.error.message;
    return { kind: "unknown", error: new Error(`${what}, but reading the service back failed: ${read.message}`) };
  }
  if (!read || generationOf(read) !== ours) return { kind: "conflict", service: read };
  return { ...outcome, service: read } as WriteOutcome;
}

/** Our write was applied but we have no operation to poll: read until it stops reconciling. */
async function awaitByReading(gw: CloudRunGateway, name: string, ours: number, timeoutMs: number, options: Pick<WriteOptions, "pollIntervalMs" | "sleep">): Promise<WriteOutcome> {
  const interval = options.pollIntervalMs ?? 1000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const read = await readBack(gw, name);
    if (read instanceof Error) return { kind: "unknown", error: new Error(`the change was applied, but reading the service back failed: ${read.message}`) };
    if (!read || generationOf(read) !== ours) return { kind: "conflict", service: read };
    if (!read.reconciling) {
      const failed = read.terminalCondition?.state === "CONDITION_FAILED";
      return failed ? { kind: "failed", service: read, error: new Error(read.terminalCondition?.message || "the service did not become ready") } : { kind: "applied", service: read };
    }
    if (Date.now() + interval > deadline) return { kind: "timeout", service: read, error: new Error(`the change was still being applied when the time allowed ran out (${Math.round(timeoutMs / 1000)}s left after the reply was lost)`) };
    await sleep(interval);
  }
}

const ALREADY_EXISTS = 6;

export interface CreateOptions extends Omit<WriteOptions, "base" | "desired"> {
  parent: string;
  serviceId: string;
  service: CloudRunServiceResource;
}

/**
 * CreateService sent once; after a lost reply or ALREADY_EXISTS the service is read back: ours
 * (recognised by `isOurs`) is awaited, someone else's is a conflict, none is retried.
 */
export async function createServiceOnce(gw: CloudRunGateway, options: CreateOptions): Promise<WriteOutcome> {
  const name = `${options.parent}/services/${options.serviceId}`;
  const attempts = options.attempts ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = Date.now();
  const remaining = () => Math.max(0, options.timeoutMs - (Date.now() - started));
  for (let attempt = 1; ; attempt++) {
    let operation: string;
    try {
      operation = await gw.startCreateService(options.parent, options.serviceId, options.service);
    } catch (err) {
      if (!isTransient(err) && errorCode(err) !== ALREADY_EXISTS) return { kind: "rejected", error: asError(err) };
      const read = await readBack(gw, name);
      if (read instanceof Error) return { kind: "unknown", error: new Error(`${asError(err).message}; reading back whether the service was created also failed: ${read.message}`) };
      if (!read) {
        if (attempt >= attempts) return { kind: "rejected", error: asError(err) };
        options.note?.(`${describeCode(err)} on the create; read back: not created`);
        await sleep(Math.min(8000, 250 * 2 ** (attempt - 1)));
        continue;
      }
      if (!options.isOurs(read)) return { kind: "conflict", service: read, error: asError(err) };
      options.note?.(`${describeCode(err)} on the create; read back: it was created`);
      return awaitByReading(gw, name, generationOf(read), remaining(), options);
    }
    // A created service starts at generation 1.
    return awaitOperation(gw, name, operation, 1, remaining(), options);
  }
}
