/**
 * Cloud Scheduler v1 over the official client: NOT_FOUND as undefined, updates with an update
 * mask, transient errors retried.
 */
import { CloudSchedulerClient } from "@google-cloud/scheduler";
import type { ClientOptions } from "./cloud-run.js";
import { orUndefined, type RetryOptions, withRetry } from "./retry.js";

export interface SchedulerGateway {
  getJob(name: string): Promise<SchedulerJobResource | undefined>;
  createJob(parent: string, job: SchedulerJobResource): Promise<SchedulerJobResource>;
  updateJob(job: SchedulerJobResource, fields: string[]): Promise<SchedulerJobResource>;
  pauseJob(name: string): Promise<void>;
  resumeJob(name: string): Promise<void>;
  listJobs(parent: string): Promise<SchedulerJobResource[]>;
  deleteJob(name: string): Promise<void>;
}

export class GoogleSchedulerGateway implements SchedulerGateway {
  private readonly client: CloudSchedulerClient;

  constructor(options: ClientOptions, private readonly retry: RetryOptions = {}) {
    this.client = new CloudSchedulerClient(options as ConstructorParameters<typeof CloudSchedulerClient>[0]);
  }

  getJob(name: string): Promise<SchedulerJobResource | undefined> {
    return withRetry(() => orUndefined(this.client.getJob({ name }).then(([j]) => j as SchedulerJobResource)), this.retry);
  }

  async createJob(parent: string, job: SchedulerJobResource): Promise<SchedulerJobResource> {
    return (await withRetry(() => this.client.createJob({ parent, job: job as never }), this.retry))[0] as SchedulerJobResource;
  }

  async updateJob(job: SchedulerJobResource, fields: string[]): Promise<SchedulerJobResource> {
    return (await withRetry(() => this.client.updateJob({ job: job as never, updateMask: { paths: fields } }), this.retry))[0] as SchedulerJobResource;
  }

  async pauseJob(name: string): Promise<void> {
    await withRetry(() => this.client.pauseJob({ name }), this.retry);
  }

  async resumeJob(name: string): Promise<void> {
    await withRetry(() => this.client.resumeJob({ name }), this.retry);
  }

  async listJobs(parent: string): Promise<SchedulerJobResource[]> {
    return (await withRetry(() => this.client.listJobs({ parent }, { autoPaginate: true }), this.retry))[0] as SchedulerJobResource[];
  }

  /** Deleting a job that is already gone (deleted meanwhile, or by a retried attempt) succeeds. */
  async deleteJob(name: string): Promise<void> {
    await withRetry(async () => {
      await orUndefined(this.client.deleteJob({ name }));
    }, this.retry);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

export interface SchedulerJobResource {
  name?: string | null;
  description?: string | null;
  schedule?: string | null;
  timeZone?: string | null;
  state?: string | null;
  httpTarget?: {
    uri?: string | null;
    httpMethod?: string | null;
    headers?: Record<string, string> | null;
    body?: Uint8Array | Buffer | string | null;
    oauthToken?: { serviceAccountEmail?: string | null; scope?: string | null } | null;
    oidcToken?: { serviceAccountEmail?: string | null; audience?: string | null } | null;
  } | null;
  attemptDeadline?: { seconds?: number | string | null } | null;
  retryConfig?: {
    retryCount?: number | null;
    minBackoffDuration?: { seconds?: number | string | null } | null;
    maxBackoffDuration?: { seconds?: number | string | null } | null;
    maxDoublings?: number | null;
  } | null;
}
