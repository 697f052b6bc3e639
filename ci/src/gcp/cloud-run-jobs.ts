/**
 * Cloud Run v2 Jobs and Executions over the official clients: NOT_FOUND as undefined, reads
 * retried on transient errors, CreateJob/UpdateJob/RunJob sent once (a lost reply is decided from
 * state read back by jobs/job-write.ts and jobs/job-run.ts, never by sending again blindly), and
 * operations polled with GetOperation, each poll retried on transient errors.
 */
import { ExecutionsClient, JobsClient, protos } from "@google-cloud/run";
import { type ClientOptions, type GatewayOptions, OperationFailedError, OperationTimeoutError, type WaitOptions } from "./cloud-run.js";
import { orUndefined, withRetry } from "./retry.js";
import type { CloudRunExecutionResource, CloudRunJobResource, RunJobOverrides } from "./run-job-resource.js";

/** A RunJob call the server accepted: its operation, and the execution it started. */
export interface StartedRun {
  operation: string;
  /** Execution name from the operation's metadata (known before it finishes). */
  execution: string;
}

export interface StartedExecution {
  /** Execution name from the operation's metadata (known before it finishes). */
  name: string;
  /** Resolves when the execution finishes (successfully or not); rejects on an operation error. */
  done: () => Promise<CloudRunExecutionResource>;
}

/** What the job release calls. Implemented over the official clients below. */
export interface JobsGateway {
  getJob(name: string): Promise<CloudRunJobResource | undefined>;
  /** One CreateJob call, never retried: resolves to the operation's name once it is accepted. */
  startCreateJob(parent: string, jobId: string, job: CloudRunJobResource): Promise<string>;
  /**
   * One UpdateJob call, never retried (a retry after a lost reply could find its own first attempt
   * applied). Sends `job.etag`: ABORTED when the job changed meanwhile. Resolves to the operation's name.
   */
  startUpdateJob(job: CloudRunJobResource): Promise<string>;
  /**
   * Polls a CreateJob/UpdateJob operation (`options.method`) until it is done, each poll retried on
   * transient errors: the job as Cloud Run finished it. Rejects with OperationFailedError when the
   * operation ended in an error, OperationTimeoutError when `options.timeoutMs` ran out.
   */
  waitJobOperation(operation: string, options?: WaitOptions): Promise<CloudRunJobResource>;
  /**
   * One RunJob call, never retried: a retry after a lost reply would start a second execution.
   * `overrides` (args, env, task count, timeout of this execution only) are sent only when given:
   * a RunJob with overrides needs run.jobs.runWithOverrides, one without only run.jobs.run.
   */
  startRunJob(name: string, overrides?: RunJobOverrides): Promise<StartedRun>;
  /**
   * Polls a RunJob operation until its execution ends (each poll retried on transient errors): the
   * execution read back. OperationFailedError when it failed, OperationTimeoutError on timeout.
   */
  waitExecution(run: StartedRun, options?: WaitOptions): Promise<CloudRunExecutionResource>;
  getExecution(name: string): Promise<CloudRunExecutionResource | undefined>;
  /** Every execution of the job. */
  listExecutions(jobName: string): Promise<CloudRunExecutionResource[]>;
}

/** The gateway is the one retry layer: the clients' own retries are switched off per call. */
const ONCE = { retry: null };

type Progress = { done?: boolean | null; error?: unknown; result?: unknown };

/** Operation results are protobuf.js messages (numeric enums, Long numbers): the plain form reads have. */
function plainJob(result: unknown): CloudRunJobResource {
  const Job = protos.google.cloud.run.v2.Job;
  const message = result instanceof Job ? result : Job.fromObject(result as Record<string, unknown>);
  return Job.toObject(message, { enums: String, longs: String }) as CloudRunJobResource;
}

function plainExecution(result: unknown): CloudRunExecutionResource {
  const Execution = protos.google.cloud.run.v2.Execution;
  const message = result instanceof Execution ? result : Execution.fromObject(result as Record<string, unknown>);
  return Execution.toObject(message, { enums: String, longs: String }) as CloudRunExecutionResource;
}

function operationName(operation: { name?: string | null }, method: string): string {
  if (!operation.name) throw new Error(`${method} returned an operation without a name`);
  return operation.name;
}

export class GoogleJobsGateway implements JobsGateway {
  private readonly jobs: JobsClient;
  private readonly executions: ExecutionsClient;

  constructor(options: ClientOptions, private readonly retry: GatewayOptions = {}) {
    this.jobs = new JobsClient(options);
    this.executions = new ExecutionsClient(options);
  }

  getJob(name: string): Promise<CloudRunJobResource | undefined> {
    return withRetry(() => orUndefined(this.jobs.getJob({ name }, ONCE).then(([j]) => j as CloudRunJobResource)), this.retry);
  }

  async startCreateJob(parent: string, jobId: string, job: CloudRunJobResource): Promise<string> {
    const [operation] = await this.jobs.createJob({ parent, jobId, job: job as never }, ONCE);
    return operationName(operation, "CreateJob");
  }

  async startUpdateJob(job: CloudRunJobResource): Promise<string> {
    const [operation] = await this.jobs.updateJob({ job: job as never }, ONCE);
    return operationName(operation, "UpdateJob");
  }

  async waitJobOperation(operation: string, options: WaitOptions = {}): Promise<CloudRunJobResource> {
    const method = options.method ?? "UpdateJob";
    // Create and update operations have the same result and metadata types (Job).
    const check = method === "CreateJob" ? (name: string) => this.jobs.checkCreateJobProgress(name) : (name: string) => this.jobs.checkUpdateJobProgress(name);
    return plainJob((await this.poll(check, operation, { ...options, method })) ?? {});
  }

  async startRunJob(name: string, overrides?: RunJobOverrides): Promise<StartedRun> {
    const [operation] = await this.jobs.runJob(overrides ? { name, overrides: overrides as never } : { name }, ONCE);
    const metadata = operation.metadata as CloudRunExecutionResource | null;
    return { operation: operationName(operation, "RunJob"), execution: metadata?.name ?? "" };
  }

  async waitExecution(run: StartedRun, options: WaitOptions = {}): Promise<CloudRunExecutionResource> {
    const result = await this.poll((name) => this.jobs.checkRunJobProgress(name), run.operation, { method: "RunJob", ...options });
    // The operation's result is decoded without enum names; read the execution back instead.
    const name = run.execution || (plainExecution(result ?? {}).name ?? "");
    return (name ? await this.getExecution(name) : undefined) ?? plainExecution(result ?? {});
  }

  getExecution(name: string): Promise<CloudRunExecutionResource | undefined> {
    return withRetry(() => orUndefined(this.executions.getExecution({ name }, ONCE).then(([e]) => e as CloudRunExecutionResource)), this.retry);
  }

  listExecutions(jobName: string): Promise<CloudRunExecutionResource[]> {
    return withRetry(() => this.executions.listExecutions({ parent: jobName }, { autoPaginate: true, ...ONCE }).then(([es]) => es as CloudRunExecutionResource[]), this.retry);
  }

  /** Sent once, then awaited (no reconciliation after a lost reply: deployJob uses job-write.ts). */
  async createJob(parent: string, jobId: string, job: CloudRunJobResource): Promise<CloudRunJobResource> {
    return this.waitJobOperation(await this.startCreateJob(parent, jobId, job), { method: "CreateJob" });
  }

  /** Sent once, then awaited (no reconciliation after a lost reply: deployJob uses job-write.ts). */
  async updateJob(job: CloudRunJobResource): Promise<CloudRunJobResource> {
    return this.waitJobOperation(await this.startUpdateJob(job), { method: "UpdateJob" });
  }

  /** Sent once; `done` polls until the execution ends. */
  async runJob(name: string): Promise<StartedExecution> {
    const run = await this.startRunJob(name);
    return { name: run.execution, done: () => this.waitExecution(run) };
  }

  async close(): Promise<void> {
    await Promise.all([this.jobs.close(), this.executions.close()]);
  }

  /** GetOperation until done: its result, OperationFailedError on an error, OperationTimeoutError after the time allowed. */
  private async poll(check: (name: string) => Promise<Progress>, operation: string, options: WaitOptions): Promise<unknown> {
    const interval = options.pollIntervalMs ?? this.retry.pollIntervalMs ?? 1000;
    const sleep = this.retry.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    for (;;) {
      const op = await withRetry(() => check(operation), this.retry);
      if (op.done) {
        if (op.error) throw new OperationFailedError(options.method ?? "Operation", op.error);
        return op.result;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new OperationTimeoutError(operation, options.timeoutMs ?? 0);
      await sleep(Math.min(interval, left));
    }
  }
}
