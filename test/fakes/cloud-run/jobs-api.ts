// google.cloud.run.v2.Jobs: create/get/list/update/delete and RunJob (an LRO whose result is an Execution).
import type { protos } from "@google-cloud/run";
import { aborted, alreadyExists, invalidArgument, resourceNotFound } from "./errors.js";
import type { FakeContext } from "./context.js";
import { condition } from "./conditions.js";
import { jobName, newEtag, newUid, parseChild, parseParent, validateJobId, type ChildRef } from "./names.js";
import { toMessage, type OperationMessage } from "./operations.js";
import { definitions, packAny } from "./proto.js";
import { paginate } from "./pagination.js";
import { clone, compareTimestamps, stripDefaults, timestamp, type IJob, type JobRecord } from "./state.js";
import { startExecution } from "./execution-model.js";
import { validateRunOverrides } from "./run-overrides.js";
import { validateExecutionTemplate } from "./template-rules.js";

type CreateJobRequest = protos.google.cloud.run.v2.ICreateJobRequest;
type UpdateJobRequest = protos.google.cloud.run.v2.IUpdateJobRequest;
type GetJobRequest = protos.google.cloud.run.v2.IGetJobRequest;
type ListJobsRequest = protos.google.cloud.run.v2.IListJobsRequest;
type DeleteJobRequest = protos.google.cloud.run.v2.IDeleteJobRequest;
type RunJobRequest = protos.google.cloud.run.v2.IRunJobRequest;

const JOB_INPUT_FIELDS = ["labels", "annotations", "client", "clientVersion", "launchStage", "binaryAuthorization", "template"] as const;

export function findJob(ctx: FakeContext, name: string | null | undefined, field = "name"): JobRecord {
  const ref = parseChild(name, "jobs", field);
  const record = ctx.state.jobs.get(jobName(ref));
  if (!record) throw resourceNotFound("JOB", ref.id, ref.region, ref.project);
  return record;
}

function canonicalJob(job: IJob): IJob {
  const getJob = definitions.jobs["GetJob"]!;
  return getJob.responseDeserialize(getJob.responseSerialize(stripDefaults(job))) as IJob;
}

/** Validates the caller's Job and returns its input fields with the API's defaults filled in. */
function jobSpec(input: IJob): Partial<IJob> {
  const job = canonicalJob(input);
  const spec: Partial<IJob> = {};
  for (const f of JOB_INPUT_FIELDS) (spec as Record<string, unknown>)[f] = (job as Record<string, unknown>)[f];
  const execution = spec.template;
  const task = execution?.template;
  if (!execution || !task || !task.containers?.[0]?.image) {
    throw invalidArgument("job.template.template.containers[0].image: required; give the container image the job runs.");
  }
  // Limits are checked on the template as sent (an empty secret_key_ref is gone once defaults are dropped).
  validateExecutionTemplate(input.template ?? {});
  execution.taskCount = execution.taskCount || 1;
  if (task.maxRetries === undefined || task.maxRetries === null) task.maxRetries = 3;
  task.timeout = task.timeout ?? { seconds: "600" };
  spec.launchStage = spec.launchStage || "GA";
  return spec;
}

/** Who writes: a gRPC call of the code under test, or another client (faults aimed at calls skip it). */
export type JobWriter = "call" | "other-client";

/** The operation of an accepted job write: the job reconciles (or fails) after the readiness delay. */
function finishLater(ctx: FakeContext, record: JobRecord, method: string, validateOnly = false, writer: JobWriter = "call"): OperationMessage {
  const op = ctx.operations.start(record.ref, method, packAny("Job", clone(record.resource)));
  const fault = writer === "call" ? ctx.faults.takeOperationFault(method) : undefined;
  ctx.later(validateOnly ? 0 : ctx.faults.readinessDelayMs, () => {
    if (fault) {
      record.resource.reconciling = false;
      record.resource.terminalCondition = condition("Ready", "CONDITION_FAILED", { message: fault.message });
      ctx.operations.fail(op, fault, packAny("Job", clone(record.resource)));
      return;
    }
    if (!validateOnly) {
      record.resource.reconciling = false;
      record.resource.observedGeneration = record.resource.generation;
      record.resource.terminalCondition = condition("Ready", "CONDITION_SUCCEEDED");
    }
    const packed = packAny("Job", clone(record.resource));
    ctx.operations.succeed(op, packed, packed);
  });
  return toMessage(op);
}

/**
 * Applies an update whose preconditions (etag) passed: validates it (RpcError, nothing changed),
 * bumps generation and etag, and starts the UpdateJob operation.
 */
export function updateStoredJob(ctx: FakeContext, record: JobRecord, input: IJob, writer: JobWriter = "call"): OperationMessage {
  const spec = jobSpec(input);
  Object.assign(record.resource, spec, {
    generation: String(Number(record.resource.generation ?? "0") + 1),
    updateTime: timestamp(),
    etag: newEtag(),
    reconciling: true,
    terminalCondition: condition("Ready", "CONDITION_RECONCILING"),
  });
  return finishLater(ctx, record, "UpdateJob", false, writer);
}

export function jobsApi(ctx: FakeContext) {
  function create(ref: ChildRef, input: IJob, validateOnly: boolean, method: string): OperationMessage {
    validateJobId(ref.id);
    if (ctx.state.jobs.has(jobName(ref))) throw alreadyExists(`Resource '${ref.id}' already exists.`);
    const now = timestamp();
    const record: JobRecord = {
      ref,
      resource: {
        ...jobSpec(input),
        name: jobName(ref),
        uid: newUid(),
        generation: "1",
        createTime: now,
        updateTime: now,
        observedGeneration: "0",
        terminalCondition: condition("Ready", "CONDITION_RECONCILING"),
        conditions: [],
        executionCount: 0,
        reconciling: true,
        etag: newEtag(),
      },
      policy: { version: 1, etag: Buffer.from(newEtag(), "base64"), bindings: [] },
      executions: new Map(),
      executionOrder: [],
    };
    if (!validateOnly) ctx.state.jobs.set(jobName(ref), record);
    return finishLater(ctx, record, method, validateOnly);
  }

  return {
    CreateJob(req: CreateJobRequest): OperationMessage {
      const location = parseParent(req.parent, "parent");
      if (!req.job) throw invalidArgument("job: required.");
      return create({ ...location, id: req.jobId ?? "" }, req.job, !!req.validateOnly, "CreateJob");
    },

    GetJob(req: GetJobRequest): IJob {
      return clone(findJob(ctx, req.name).resource);
    },

    ListJobs(req: ListJobsRequest) {
      const location = parseParent(req.parent, "parent");
      const prefix = `projects/${location.project}/locations/${location.region}/jobs/`;
      const all = [...ctx.state.jobs.values()]
        .filter((j) => jobName(j.ref).startsWith(prefix))
        .sort((a, b) => compareTimestamps(b.resource.createTime, a.resource.createTime))
        .map((j) => clone(j.resource));
      const page = paginate(all, req.pageSize, req.pageToken);
      return { jobs: page.items, nextPageToken: page.nextPageToken };
    },

    UpdateJob(req: UpdateJobRequest): OperationMessage {
      const input = req.job;
      if (!input) throw invalidArgument("job: required.");
      const ref = parseChild(input.name, "jobs", "job.name");
      const record = ctx.state.jobs.get(jobName(ref));
      if (!record) {
        if (req.allowMissing) return create(ref, input, !!req.validateOnly, "UpdateJob");
        throw resourceNotFound("JOB", ref.id, ref.region, ref.project);
      }
      if (input.etag && input.etag !== record.resource.etag) {
        throw aborted(`The job '${ref.id}' was modified concurrently: etag mismatch. Get the job again and retry the update.`);
      }
      if (req.validateOnly) return finishLater(ctx, { ...record, resource: { ...clone(record.resource), ...jobSpec(input) } }, "UpdateJob", true);
      return updateStoredJob(ctx, record, input);
    },

    DeleteJob(req: DeleteJobRequest): OperationMessage {
      const record = findJob(ctx, req.name);
      if (req.etag && req.etag !== record.resource.etag) {
        throw aborted(`The job '${record.ref.id}' was modified concurrently: etag mismatch. Get the job again and retry.`);
      }
      if (!req.validateOnly) {
        ctx.state.jobs.delete(jobName(record.ref));
        record.resource.deleteTime = timestamp();
      }
      return finishLater(ctx, record, "DeleteJob", !!req.validateOnly);
    },

    RunJob(req: RunJobRequest): OperationMessage {
      const record = findJob(ctx, req.name);
      if (req.etag && req.etag !== record.resource.etag) {
        throw aborted(`The job '${record.ref.id}' was modified concurrently: etag mismatch. Get the job again and retry.`);
      }
      validateRunOverrides(req.overrides, record.resource.template?.template?.containers ?? []);
      return startExecution(ctx, record, req.overrides ?? undefined, !!req.validateOnly);
    },
  };
}
