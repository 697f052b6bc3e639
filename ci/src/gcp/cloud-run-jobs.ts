/**
 * Cloud Run v2 Jobs and Executions over the official client: LROs awaited, NOT_FOUND as
 * undefined, transient errors retried.
 */
import { ExecutionsClient, JobsClient } from "@google-cloud/run";
import type { CloudRunExecutionResource, CloudRunJobResource } from "../jobs/resource.js";
import { OperationFailedError, type ClientOptions } from "./cloud-run.js";
import { orUndefined, withRetry, type RetryOptions } from "./retry.js";

export interface StartedExecution {
  /** Execution name from the operation's metadata (known before it finishes). */
  name: string;
  /** Resolves when the execution finishes (successfully or not); rejects on an operation error. */
  done: () => Promise<CloudRunExecutionResource>;
}

export interface JobsGateway {
  getJob(name: string): Promise<CloudRunJobResource | undefined>;
  createJob(parent: string, jobId: string, job: CloudRunJobResource): Promise<CloudRunJobResource>;
  updateJob(job: CloudRunJobResource): Promise<CloudRunJobResource>;
  runJob(name: string): Promise<StartedExecution>;
  getExecution(name: string): Promise<CloudRunExecutionResource | undefined>;
}

export class GoogleJobsGateway implements JobsGateway {
  private readonly jobs: JobsClient;
  private readonly executions: ExecutionsClient;

  constructor(options: ClientOptions, private readonly retry: RetryOptions = {}) {
    this.jobs = new JobsClient(options);
    this.executions = new ExecutionsClient(options);
  }

  async getJob(name: string): Promise<CloudRunJobResource | undefined> {
    return withRetry(() => orUndefined(this.jobs.getJob({ name }).then(([j]) => j as CloudRunJobResource)), this.retry);
  }

  async createJob(parent: string, jobId: string, job: CloudRunJobResource): Promise<CloudRunJobResource> {
    const [operation] = await withRetry(() => this.jobs.createJob({ parent, jobId, job: job as never }), this.retry);
    await settled("CreateJob", operation);
    return (await this.getJob(`${parent}/jobs/${jobId}`)) ?? job;
  }

  /**
   * Sends `job.etag`: ABORTED when the job changed meanwhile (the call fails, nothing is applied).
   * An accepted change whose operation fails rejects with OperationFailedError.
   */
  async updateJob(job: CloudRunJobResource): Promise<CloudRunJobResource> {
    const [operation] = await withRetry(() => this.jobs.updateJob({ job: job as never }), this.retry);
    await settled("UpdateJob", operation);
    return (await this.getJob(job.name ?? "")) ?? job;
  }

  async runJob(name: string): Promise<StartedExecution> {
    const [operation] = await withRetry(() => this.jobs.runJob({ name }), this.retry);
    const metadata = operation.metadata as CloudRunExecutionResource | null;
    const executionName = metadata?.name ?? "";
    return {
      name: executionName,
      // The operation's result is decoded without enum names; read the execution back instead.
      done: async () => {
        const [result] = await operation.promise();
        const name = executionName || ((result as CloudRunExecutionResource | undefined)?.name ?? "");
        return (await this.getExecution(name)) ?? (result as CloudRunExecutionResource);
      },
    };
  }

  async getExecution(name: string): Promise<CloudRunExecutionResource | undefined> {
    return withRetry(() => orUndefined(this.executions.getExecution({ name }).then(([e]) => e as CloudRunExecutionResource)), this.retry);
  }

  async close(): Promise<void> {
    await Promise.all([this.jobs.close(), this.executions.close()]);
  }
}

/** Waits for a job operation; an accepted change that fails becomes OperationFailedError. */
async function settled(method: string, operation: { promise(): Promise<unknown> }): Promise<void> {
  try {
    await operation.promise();
  } catch (err) {
    throw new OperationFailedError(method, err);
  }
}
