/**
 * One write to a Cloud Run service under optimistic concurrency, decided from state read back
 * (see ../gcp/write-once.ts for the rules): the write carries the etag of the caller's last read
 * or write (`base`), is sent once, and after any ambiguous answer the service is read back.
 * Every outcome but `rejected` and `unknown` carries the service as read back after it.
 * Waiting on a write's operation is a span: "wait for revision R ready" when the write makes a
 * revision, else "wait for S to apply the change".
 */
import type { CloudRunGateway } from "../gcp/cloud-run.js";
import { type CloudRunServiceResource, shortName } from "../gcp/run-resource.js";
import { withSpan } from "../lib/spans.js";
import { createOnce, type Remote, type Renamed, renamed, updateOnce, type WriteOnceOptions } from "../gcp/write-once.js";

export type WriteOutcome = Renamed<CloudRunServiceResource, "service">;

export interface WriteOptions extends WriteOnceOptions<CloudRunServiceResource> {
  /** The service as the caller last read or wrote it: its etag and generation are the baseline. */
  base: CloudRunServiceResource;
  /** The whole service to write; its etag is replaced by `base.etag`. */
  desired: CloudRunServiceResource;
}

function remoteService(gw: CloudRunGateway, name: string, waitSpan: string): Remote<CloudRunServiceResource> {
  return {
    noun: "service",
    read: () => gw.getService(name),
    wait: (operation, timeoutMs) => withSpan(waitSpan, () => gw.waitServiceOperation(operation, { timeoutMs })),
  };
}

/** What waiting on a write of `desired` waits for, in words. */
function waitingFor(name: string, desired: CloudRunServiceResource, base?: CloudRunServiceResource): string {
  const revision = desired.template?.revision;
  return revision && revision !== base?.template?.revision ? `wait for revision ${revision} ready` : `wait for ${shortName(name)} to apply the change`;
}

export async function writeService(gw: CloudRunGateway, options: WriteOptions): Promise<WriteOutcome> {
  const { base } = options;
  const desired = { ...options.desired, etag: base.etag };
  const name = desired.name ?? base.name ?? "";
  return renamed(await updateOnce(remoteService(gw, name, waitingFor(name, desired, base)), base, () => gw.startUpdateService(desired), options), "service");
}

export interface CreateOptions extends WriteOnceOptions<CloudRunServiceResource> {
  parent: string;
  serviceId: string;
  service: CloudRunServiceResource;
}

/** CreateService sent once; decided like an update from the service read back. */
export async function createServiceOnce(gw: CloudRunGateway, options: CreateOptions): Promise<WriteOutcome> {
  const name = `${options.parent}/services/${options.serviceId}`;
  return renamed(await createOnce(remoteService(gw, name, waitingFor(name, options.service)), () => gw.startCreateService(options.parent, options.serviceId, options.service), options), "service");
}
