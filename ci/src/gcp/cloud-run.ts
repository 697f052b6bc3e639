/**
 * The Cloud Run Admin API v2 as the release engine needs it, over the official client
 * (@google-cloud/run): long-running operations awaited, NOT_FOUND as undefined, transient errors
 * retried with backoff. Every call goes through here, so it is also where calls are counted.
 */
import { protos, RevisionsClient, ServicesClient } from "@google-cloud/run";
import { errorCode, orUndefined, type RetryOptions, withRetry } from "./retry.js";
import type { CloudRunRevisionResource, CloudRunServiceResource } from "./run-resource.js";

export { NOT_FOUND } from "./retry.js";

export interface IamBinding {
  role?: string | null;
  members?: string[] | null;
}

export interface IamPolicy {
  bindings?: IamBinding[] | null;
  etag?: Uint8Array | string | null;
  version?: number | null;
}

export interface WaitOptions {
  pollIntervalMs?: number;
  timeoutMs?: number;
  /** Names the call in OperationFailedError (default "Operation"). */
  method?: string;
}

/** What the release engine calls. Implemented over the official clients below. */
export interface CloudRunGateway {
  getService(name: string): Promise<CloudRunServiceResource | undefined>;
  createService(parent: string, serviceId: string, service: CloudRunServiceResource): Promise<CloudRunServiceResource>;
  /**
   * Sends `service.etag`; the call fails with ABORTED/FAILED_PRECONDITION when the service changed
   * meanwhile. An accepted change whose operation fails rejects with OperationFailedError.
   */
  updateService(service: CloudRunServiceResource): Promise<CloudRunServiceResource>;
  /**
   * One UpdateService call, never retried (a retry after a lost reply could find its own first
   * attempt applied): resolves to the operation's name once the change is accepted.
   */
  startUpdateService(service: CloudRunServiceResource): Promise<string>;
  /** One CreateService call, never retried; resolves to the operation's name. */
  startCreateService(parent: string, serviceId: string, service: CloudRunServiceResource): Promise<string>;
  /**
   * Polls a service operation until it is done (each poll retried on transient errors). Resolves
   * to its result, rejects with OperationFailedError when the operation ended in an error.
   */
  waitServiceOperation(operation: string, options?: WaitOptions): Promise<CloudRunServiceResource>;
  /** The subset of `permissions` the caller holds on the service. */
  testIamPermissions(resource: string, permissions: string[]): Promise<string[]>;
  getRevision(name: string): Promise<CloudRunRevisionResource | undefined>;
  listRevisions(serviceName: string): Promise<CloudRunRevisionResource[]>;
  /**
   * One DeleteRevision call (carrying `etag` when given), never retried, then its operation polled
   * until done. Cloud Run refuses (FAILED_PRECONDITION) a revision that serves or is named by
   * traffic, or is the latest created one.
   */
  deleteRevision(name: string, etag?: string): Promise<void>;
  getIamPolicy(resource: string): Promise<IamPolicy>;
  setIamPolicy(resource: string, policy: IamPolicy): Promise<IamPolicy>;
}

/** Options passed to the official clients (apiEndpoint, port, sslCreds, authClient, ...). */
export type ClientOptions = ConstructorParameters<typeof ServicesClient>[0];

/**
 * A long-running operation that was accepted and then ended in an error (e.g. "Revision X is not
 * ready and cannot serve traffic", code 9). Distinct from an error of the call itself (e.g. an etag
 * mismatch), which means the change was never accepted.
 */
export class OperationFailedError extends Error {
  readonly code: number | undefined;
  constructor(readonly method: string, cause: unknown) {
    super((cause as Error)?.message ?? String(cause));
    this.name = "OperationFailedError";
    this.code = errorCode(cause);
  }
}

/**
 * Operation results are protobuf.js messages (numeric enums, Long numbers); plain calls return
 * objects with enum names. Converts a result to the plain form so callers see one shape.
 */
function plainService(result: unknown): CloudRunServiceResource {
  const Service = protos.google.cloud.run.v2.Service;
  const message = result instanceof Service ? result : Service.fromObject(result as Record<string, unknown>);
  return Service.toObject(message, { enums: String, longs: String }) as CloudRunServiceResource;
}


function operationName(operation: { name?: string | null }, method: string): string {
  if (!operation.name) throw new Error(`${method} returned an operation without a name`);
  return operation.name;
}

/**
 * The gateway is the one retry layer: the clients' own retries are switched off per call (GetService
 * would otherwise retry UNAVAILABLE for up to its 10 s timeout inside every one of our attempts).
 */
const ONCE = { retry: null };

/** The operation is still running after the time the caller allowed. */
export class OperationTimeoutError extends Error {
  constructor(readonly operation: string, timeoutMs: number) {
    super(`operation ${operation} was still running after ${timeoutMs / 1000}s`);
    this.name = "OperationTimeoutError";
  }
}

export interface GatewayOptions extends RetryOptions {
  /** Pause between GetOperation polls (default 1000 ms). */
  pollIntervalMs?: number;
}

export class GoogleCloudRunGateway implements CloudRunGateway {
  private readonly services: ServicesClient;
  private readonly revisions: RevisionsClient;

  constructor(options: ClientOptions, private readonly retry: GatewayOptions = {}) {
    this.services = new ServicesClient(options);
    this.revisions = new RevisionsClient(options);
  }

  getService(name: string): Promise<CloudRunServiceResource | undefined> {
    return withRetry(() => orUndefined(this.services.getService({ name }, ONCE).then(([s]) => s as CloudRunServiceResource)), this.retry);
  }

  /** Sent once (a lost reply is not retried blindly), then awaited; see service-write.ts for reconciliation. */
  async createService(parent: string, serviceId: string, service: CloudRunServiceResource): Promise<CloudRunServiceResource> {
    return this.waitServiceOperation(await this.startCreateService(parent, serviceId, service), { method: "CreateService" });
  }

  /** Sent once (a lost reply is not retried blindly), then awaited; see service-write.ts for reconciliation. */
  async updateService(service: CloudRunServiceResource): Promise<CloudRunServiceResource> {
    return this.waitServiceOperation(await this.startUpdateService(service), { method: "UpdateService" });
  }

  async startUpdateService(service: CloudRunServiceResource): Promise<string> {
    const [operation] = await this.services.updateService({ service: service as never }, ONCE);
    return operationName(operation, "UpdateService");
  }

  async startCreateService(parent: string, serviceId: string, service: CloudRunServiceResource): Promise<string> {
    const [operation] = await this.services.createService({ parent, serviceId, service: service as never }, ONCE);
    return operationName(operation, "CreateService");
  }

  async waitServiceOperation(operation: string, options: WaitOptions = {}): Promise<CloudRunServiceResource> {
    const interval = options.pollIntervalMs ?? this.retry.pollIntervalMs ?? 1000;
    const sleep = this.retry.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    for (;;) {
      // checkUpdateServiceProgress is one GetOperation decoded as a Service operation (create and
      // update operations have the same result and metadata types).
      const op = await withRetry(() => this.services.checkUpdateServiceProgress(operation), this.retry);
      if (op.done) {
        if (op.error) throw new OperationFailedError(options.method ?? "Operation", op.error);
        return plainService(op.result ?? {});
      }
      if (Date.now() + interval > deadline) throw new OperationTimeoutError(operation, options.timeoutMs ?? 0);
      await sleep(interval);
    }
  }

  testIamPermissions(resource: string, permissions: string[]): Promise<string[]> {
    return withRetry(() => this.services.testIamPermissions({ resource, permissions }, ONCE).then(([r]) => r.permissions ?? []), this.retry);
  }

  getRevision(name: string): Promise<CloudRunRevisionResource | undefined> {
    return withRetry(() => orUndefined(this.revisions.getRevision({ name }, ONCE).then(([r]) => r as CloudRunRevisionResource)), this.retry);
  }

  listRevisions(serviceName: string): Promise<CloudRunRevisionResource[]> {
    return withRetry(() => this.revisions.listRevisions({ parent: serviceName }, { autoPaginate: true, ...ONCE }).then(([rs]) => rs as CloudRunRevisionResource[]), this.retry);
  }

  async deleteRevision(name: string, etag?: string): Promise<void> {
    const [operation] = await this.revisions.deleteRevision({ name, ...(etag ? { etag } : {}) }, ONCE);
    const opName = operationName(operation, "DeleteRevision");
    const sleep = this.retry.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    for (;;) {
      const op = await withRetry(() => this.revisions.checkDeleteRevisionProgress(opName), this.retry);
      if (op.done) {
        if (op.error) throw new OperationFailedError("DeleteRevision", op.error);
        return;
      }
      await sleep(this.retry.pollIntervalMs ?? 1000);
    }
  }

  getIamPolicy(resource: string): Promise<IamPolicy> {
    return withRetry(() => this.services.getIamPolicy({ resource }, ONCE).then(([p]) => p as IamPolicy), this.retry);
  }

  setIamPolicy(resource: string, policy: IamPolicy): Promise<IamPolicy> {
    return withRetry(() => this.services.setIamPolicy({ resource, policy: policy as never }, ONCE).then(([p]) => p as IamPolicy), this.retry);
  }

  async close(): Promise<void> {
    await Promise.all([this.services.close(), this.revisions.close()]);
  }
}
