/**
 * The Cloud Run Admin API v2 as the release engine needs it, over the official client
 * (@google-cloud/run): long-running operations awaited, NOT_FOUND as undefined, transient errors
 * retried with backoff. Every call goes through here, so it is also where calls are counted.
 */
import { RevisionsClient, ServicesClient, protos } from "@google-cloud/run";
import type { CloudRunRevisionResource, CloudRunServiceResource } from "../release/resource.js";
import { errorCode, orUndefined, withRetry, type RetryOptions } from "./retry.js";

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

/** What the release engine calls. Implemented over the official clients below. */
export interface CloudRunGateway {
  getService(name: string): Promise<CloudRunServiceResource | undefined>;
  createService(parent: string, serviceId: string, service: CloudRunServiceResource): Promise<CloudRunServiceResource>;
  /**
   * Sends `service.etag`; the call fails with ABORTED/FAILED_PRECONDITION when the service changed
   * meanwhile. An accepted change whose operation fails rejects with OperationFailedError.
   */
  updateService(service: CloudRunServiceResource): Promise<CloudRunServiceResource>;
  getRevision(name: string): Promise<CloudRunRevisionResource | undefined>;
  listRevisions(serviceName: string): Promise<CloudRunRevisionResource[]>;
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

async function operationResult(method: string, operation: { promise(): Promise<unknown[]> }): Promise<CloudRunServiceResource> {
  try {
    const [result] = await operation.promise();
    return plainService(result);
  } catch (err) {
    throw new OperationFailedError(method, err);
  }
}

/**
 * The gateway is the one retry layer: the clients' own retries are switched off per call (GetService
 * would otherwise retry UNAVAILABLE for up to its 10 s timeout inside every one of our attempts).
 */
const ONCE = { retry: null };

export class GoogleCloudRunGateway implements CloudRunGateway {
  private readonly services: ServicesClient;
  private readonly revisions: RevisionsClient;

  constructor(options: ClientOptions, private readonly retry: RetryOptions = {}) {
    this.services = new ServicesClient(options);
    this.revisions = new RevisionsClient(options);
  }

  getService(name: string): Promise<CloudRunServiceResource | undefined> {
    return withRetry(() => orUndefined(this.services.getService({ name }, ONCE).then(([s]) => s as CloudRunServiceResource)), this.retry);
  }

  async createService(parent: string, serviceId: string, service: CloudRunServiceResource): Promise<CloudRunServiceResource> {
    const [operation] = await withRetry(() => this.services.createService({ parent, serviceId, service: service as never }, ONCE), this.retry);
    return operationResult("CreateService", operation);
  }

  async updateService(service: CloudRunServiceResource): Promise<CloudRunServiceResource> {
    const [operation] = await withRetry(() => this.services.updateService({ service: service as never }, ONCE), this.retry);
    return operationResult("UpdateService", operation);
  }

  getRevision(name: string): Promise<CloudRunRevisionResource | undefined> {
    return withRetry(() => orUndefined(this.revisions.getRevision({ name }, ONCE).then(([r]) => r as CloudRunRevisionResource)), this.retry);
  }

  listRevisions(serviceName: string): Promise<CloudRunRevisionResource[]> {
    return withRetry(() => this.revisions.listRevisions({ parent: serviceName }, { autoPaginate: true, ...ONCE }).then(([rs]) => rs as CloudRunRevisionResource[]), this.retry);
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
