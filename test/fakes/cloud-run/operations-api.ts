// google.longrunning.Operations handlers (the client's operation.promise() polls GetOperation).
import type { protos } from "@google-cloud/run";
import { status } from "@grpc/grpc-js";
import type { FakeContext } from "./context.js";
import { paginate } from "./pagination.js";
import { toMessage, type OperationMessage } from "./operations.js";

type GetOperationRequest = protos.google.longrunning.IGetOperationRequest;
type WaitOperationRequest = protos.google.longrunning.IWaitOperationRequest;
type ListOperationsRequest = protos.google.longrunning.IListOperationsRequest;
type DeleteOperationRequest = protos.google.longrunning.IDeleteOperationRequest;
type CancelOperationRequest = protos.google.longrunning.ICancelOperationRequest;

const MAX_WAIT_MS = 60_000;

export function operationsApi(ctx: FakeContext) {
  return {
    GetOperation(req: GetOperationRequest): OperationMessage {
      return toMessage(ctx.operations.get(req.name ?? ""));
    },

    async WaitOperation(req: WaitOperationRequest): Promise<OperationMessage> {
      const t = req.timeout;
      const ms = t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : MAX_WAIT_MS;
      return toMessage(await ctx.operations.wait(req.name ?? "", Math.min(ms, MAX_WAIT_MS)));
    },

    ListOperations(req: ListOperationsRequest) {
      const all = ctx.operations.list(req.name ?? "").map(toMessage);
      const page = paginate(all, req.pageSize, req.pageToken);
      return { operations: page.items, nextPageToken: page.nextPageToken };
    },

    DeleteOperation(req: DeleteOperationRequest) {
      ctx.operations.delete(req.name ?? "");
      return {};
    },

    CancelOperation(req: CancelOperationRequest) {
      const op = ctx.operations.get(req.name ?? "");
      ctx.operations.fail(op, { code: status.CANCELLED, message: "Operation cancelled by the caller." });
      return {};
    },
  };
}
