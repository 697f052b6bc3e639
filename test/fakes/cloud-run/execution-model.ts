// Executions of a job: created by RunJob, finished (succeeded or failed) after the execution delay.
import type { protos } from "@google-cloud/run";
import { status } from "@grpc/grpc-js";
import type { FakeContext } from "./context.js";
import { condition } from "./conditions.js";
import { invalidArgument } from "./errors.js";
import { generatedExecutionName, jobName, newEtag, newUid } from "./names.js";
import { toMessage, type OperationMessage } from "./operations.js";
import { packAny } from "./proto.js";
import { clone, timestamp, type ExecutionRecord, type IExecution, type JobRecord } from "./state.js";

type Overrides = protos.google.cloud.run.v2.RunJobRequest.IOverrides;
type ITaskTemplate = protos.google.cloud.run.v2.ITaskTemplate;

function applyOverrides(template: ITaskTemplate, overrides: Overrides | undefined): ITaskTemplate {
  const t = clone(template);
  for (const o of overrides?.containerOverrides ?? []) {
    const container = o.name ? t.containers?.find((c) => c.name === o.name) : t.containers?.[0];
    if (!container) throw invalidArgument(`overrides.container_overrides.name: no container named '${o.name}' in the job.`);
    if (o.clearArgs) container.args = [];
    if ((o.args ?? []).length > 0) container.args = [...(o.args ?? [])];
    for (const env of o.env ?? []) {
      const list = (container.env ??= []);
      const i = list.findIndex((e) => e.name === env.name);
      if (i >= 0) list[i] = env;
      else list.push(env);
    }
  }
  if (overrides?.timeout) t.timeout = overrides.timeout;
  return t;
}

function completionStatus(execution: IExecution): string {
  const completed = execution.conditions?.find((c) => c.type === "Completed");
  if (completed?.state === "CONDITION_SUCCEEDED") return "EXECUTION_SUCCEEDED";
  if (completed?.executionReason === "CANCELLED") return "EXECUTION_CANCELLED";
  if (completed?.state === "CONDITION_FAILED") return "EXECUTION_FAILED";
  return "EXECUTION_RUNNING";
}

export function refreshJobReference(job: JobRecord, execution: IExecution): void {
  if (job.resource.latestCreatedExecution?.name !== execution.name) return;
  job.resource.latestCreatedExecution = {
    name: execution.name,
    createTime: execution.createTime,
    ...(execution.completionTime ? { completionTime: execution.completionTime } : {}),
    completionStatus: completionStatus(execution) as never,
  };
}

/** Creates an execution and an operation that finishes when the execution does. */
export function startExecution(ctx: FakeContext, job: JobRecord, overrides: Overrides | undefined, validateOnly: boolean): OperationMessage {
  const spec = job.resource.template ?? {};
  const taskCount = overrides?.taskCount || spec.taskCount || 1;
  const id = generatedExecutionName(job.ref.id);
  const now = timestamp();
  const execution: IExecution = {
    name: `${jobName(job.ref)}/executions/${id}`,
    uid: newUid(),
    generation: "1",
    labels: { ...(spec.labels ?? {}) },
    annotations: { ...(spec.annotations ?? {}) },
    createTime: now,
    startTime: now,
    updateTime: now,
    launchStage: job.resource.launchStage ?? "GA",
    job: job.ref.id,
    parallelism: spec.parallelism ?? 0,
    taskCount,
    template: applyOverrides(spec.template ?? {}, overrides),
    reconciling: true,
    conditions: [
      condition("ResourcesAvailable", "CONDITION_SUCCEEDED"),
      condition("Started", "CONDITION_SUCCEEDED"),
      condition("Completed", "CONDITION_RECONCILING"),
    ],
    observedGeneration: "1",
    runningCount: taskCount,
    succeededCount: 0,
    failedCount: 0,
    cancelledCount: 0,
    retriedCount: 0,
    logUri: `https://console.cloud.google.com/logs/viewer?resource=cloud_run_job/job_name/${job.ref.id}`,
    etag: newEtag(),
  };
  const op = ctx.operations.start(job.ref, "RunJob", packAny("Execution", execution));
  if (validateOnly) {
    ctx.operations.succeed(op, packAny("Execution", execution));
    return toMessage(op);
  }
  const record: ExecutionRecord = { id, resource: execution };
  job.executions.set(id, record);
  job.executionOrder.push(id);
  job.resource.executionCount = (job.resource.executionCount ?? 0) + 1;
  job.resource.latestCreatedExecution = { name: execution.name, createTime: now };
  refreshJobReference(job, execution);
  const failure = ctx.faults.takeExecutionFailure(job.ref.id);
  const operationFault = ctx.faults.takeOperationFault("RunJob");
  ctx.later(ctx.faults.executionDelayMs, () => {
    if (execution.reconciling === false) {
      // Cancelled before it finished.
      ctx.operations.fail(op, { code: status.CANCELLED, message: `Execution '${id}' was cancelled.` }, packAny("Execution", execution));
      return;
    }
    const maxRetries = execution.template?.maxRetries ?? 3;
    const failed = failure ? Math.min(Math.max(failure.failedTasks ?? taskCount, 1), taskCount) : 0;
    Object.assign(execution, {
      reconciling: false,
      runningCount: 0,
      succeededCount: taskCount - failed,
      failedCount: failed,
      retriedCount: failed * maxRetries,
      completionTime: timestamp(),
      updateTime: timestamp(),
    });
    const message = failure
      ? failure.message ??
        `Task ${id}-task0 failed with message: The container exited with an exit code of 1. Execution ${id} has failed to complete, ${taskCount - failed}/${taskCount} tasks were a success.`
      : `Execution ${id} has successfully completed.`;
    execution.conditions = [
      condition("ResourcesAvailable", "CONDITION_SUCCEEDED"),
      condition("Started", "CONDITION_SUCCEEDED"),
      failure
        ? condition("Completed", "CONDITION_FAILED", { message, executionReason: "NON_ZERO_EXIT_CODE" })
        : condition("Completed", "CONDITION_SUCCEEDED", { message }),
    ];
    refreshJobReference(job, execution);
    const packed = packAny("Execution", clone(execution));
    if (operationFault) ctx.operations.fail(op, operationFault, packed);
    else if (failure) ctx.operations.fail(op, { code: status.FAILED_PRECONDITION, message }, packed);
    else ctx.operations.succeed(op, packed, packed);
  });
  return toMessage(op);
}

/** Marks a running execution cancelled (CancelExecution). */
export function cancelExecution(job: JobRecord, execution: IExecution): void {
  if (!execution.reconciling) return;
  const running = execution.runningCount ?? 0;
  Object.assign(execution, {
    reconciling: false,
    runningCount: 0,
    cancelledCount: running,
    completionTime: timestamp(),
    updateTime: timestamp(),
  });
  execution.conditions = [
    condition("ResourcesAvailable", "CONDITION_SUCCEEDED"),
    condition("Started", "CONDITION_SUCCEEDED"),
    condition("Completed", "CONDITION_FAILED", { message: "The execution was cancelled.", executionReason: "CANCELLED" }),
  ];
  refreshJobReference(job, execution);
}
