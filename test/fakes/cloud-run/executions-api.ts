// google.cloud.run.v2.Executions: get/list/delete/cancel executions of a job.
import type { protos } from "@google-cloud/run";
import type { FakeContext } from "./context.js";
import { aborted, failedPrecondition, notFound } from "./errors.js";
import { jobName, parseGrandchild } from "./names.js";
import { toMessage, type OperationMessage } from "./operations.js";
import { packAny } from "./proto.js";
import { paginate } from "./pagination.js";
import { findJob } from "./jobs-api.js";
import { cancelExecution } from "./execution-model.js";
import { clone, timestamp, type ExecutionRecord, type IExecution, type JobRecord } from "./state.js";

type GetExecutionRequest = protos.google.cloud.run.v2.IGetExecutionRequest;
type ListExecutionsRequest = protos.google.cloud.run.v2.IListExecutionsRequest;
type DeleteExecutionRequest = protos.google.cloud.run.v2.IDeleteExecutionRequest;
type CancelExecutionRequest = protos.google.cloud.run.v2.ICancelExecutionRequest;

function findExecution(ctx: FakeContext, name: string | null | undefined): { job: JobRecord; execution: ExecutionRecord } {
  const ref = parseGrandchild(name, "jobs", "executions", "name");
  const job = findJob(ctx, jobName({ ...ref, id: ref.parentId }));
  const execution = job.executions.get(ref.id);
  if (!execution) throw notFound(`Execution '${ref.id}' of job '${ref.parentId}' does not exist.`);
  return { job, execution };
}

function checkEtag(execution: ExecutionRecord, etag: string | null | undefined): void {
  if (etag && etag !== execution.resource.etag) {
    throw aborted(`Execution '${execution.id}' changed since it was read: etag mismatch. Get it again and retry.`);
  }
}

export function executionsApi(ctx: FakeContext) {
  function finishNow(job: JobRecord, method: string, execution: IExecution): OperationMessage {
    const packed = packAny("Execution", clone(execution));
    const op = ctx.operations.start(job.ref, method, packed);
    ctx.later(0, () => ctx.operations.succeed(op, packed));
    return toMessage(op);
  }

  return {
    GetExecution(req: GetExecutionRequest): IExecution {
      return clone(findExecution(ctx, req.name).execution.resource);
    },

    ListExecutions(req: ListExecutionsRequest) {
      const job = findJob(ctx, req.parent, "parent");
      const all = [...job.executionOrder].reverse().map((id) => clone(job.executions.get(id)!.resource));
      const page = paginate(all, req.pageSize, req.pageToken);
      return { executions: page.items, nextPageToken: page.nextPageToken };
    },

    DeleteExecution(req: DeleteExecutionRequest): OperationMessage {
      const { job, execution } = findExecution(ctx, req.name);
      checkEtag(execution, req.etag);
      if (execution.resource.reconciling) {
        throw failedPrecondition(`Execution '${execution.id}' is still running; cancel it before deleting it.`);
      }
      if (!req.validateOnly) {
        job.executions.delete(execution.id);
        job.executionOrder.splice(job.executionOrder.indexOf(execution.id), 1);
        execution.resource.deleteTime = timestamp();
      }
      return finishNow(job, "DeleteExecution", execution.resource);
    },

    CancelExecution(req: CancelExecutionRequest): OperationMessage {
      const { job, execution } = findExecution(ctx, req.name);
      checkEtag(execution, req.etag);
      if (!req.validateOnly) cancelExecution(job, execution.resource);
      return finishNow(job, "CancelExecution", execution.resource);
    },
  };
}
