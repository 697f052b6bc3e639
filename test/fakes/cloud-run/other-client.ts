// A second writer for tests: an operator (gcloud, the console) changing a service or a job between
// two calls of the code under test, through the same path an UpdateService/UpdateJob takes, without a call.
import type { FakeContext } from "./context.js";
import { findJob, updateStoredJob } from "./jobs-api.js";
import { findService } from "./services-api.js";
import { serviceWrites, snapshot } from "./service-writes.js";
import { clone, type IJob, type IService } from "./state.js";

/** Turns the stored service into the fields the other client changes (others stay as stored). */
export type OtherClientChange = (current: IService) => Partial<IService>;

/** Turns the stored job into the fields the other client changes (others stay as stored). */
export type OtherClientJobChange = (current: IJob) => Partial<IJob>;

/**
 * Reads the stored service `name` (full resource name), applies `change` as a read-modify-write
 * UpdateService without update mask (so `template.revision` carries over unless `change` clears
 * it), and returns the operation's name. Invalid input throws the RpcError UpdateService answers.
 */
export function writeAsOtherClient(ctx: FakeContext, name: string, change: OtherClientChange): string {
  const record = findService(ctx, name);
  const current = snapshot(record);
  const input: IService = { ...current, ...change(clone(current)) };
  return serviceWrites(ctx).update(record, input, { writer: "other-client" }).name;
}

/**
 * Reads the stored job `name` (full resource name), applies `change` as a read-modify-write
 * UpdateJob (new etag, generation + 1, an operation that reconciles after the readiness delay),
 * and returns the operation's name. Invalid input throws the RpcError UpdateJob answers; a missing
 * job NOT_FOUND.
 */
export function writeJobAsOtherClient(ctx: FakeContext, name: string, change: OtherClientJobChange): string {
  const record = findJob(ctx, name);
  const current = clone(record.resource);
  const input: IJob = { ...current, ...change(clone(current)) };
  return updateStoredJob(ctx, record, input, "other-client").name;
}
