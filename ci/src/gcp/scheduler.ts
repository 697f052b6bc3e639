/**
 * Cloud Scheduler v1 over the official client: NOT_FOUND as undefined, updates with an update
 * mask, transient errors retried.
 */
import { CloudSchedulerClient } from "@google-cloud/scheduler";
import type { SchedulerJobResource } from "../schedules/render.js";
import type { ClientOptions } from "./cloud-run.js";
import { orUndefined, withRetry, type RetryOptions } from "./retry.js";

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
