// Accepted writes to a service, shared by CreateService/UpdateService and the "other client" of
// tests: validation, applying the spec, staging a revision, and the operation that rolls it out.
import { alreadyExists } from "./errors.js";
import type { FakeContext } from "./context.js";
import { serviceName, validateServiceId, type ChildRef } from "./names.js";
import { toMessage, type OperationMessage } from "./operations.js";
import { packAny } from "./proto.js";
import { applySpec, beginReconcile, desiredSpec, newServiceRecord, reconcile, shortName } from "./service-model.js";
import { markRevisionFailed, markRevisionReady, stageRevision } from "./revision-model.js";
import { condition } from "./conditions.js";
import { clone, type IService, type RevisionRecord, type ServiceRecord } from "./state.js";

/** Who writes: a gRPC call of the code under test, or another client (faults aimed at calls skip it). */
export type Writer = "call" | "other-client";

export interface UpdateOptions {
  /** update_mask paths (none: every input field is replaced). */
  mask?: string[];
  validateOnly?: boolean;
  writer?: Writer;
}

export function snapshot(record: ServiceRecord): IService {
  return clone(record.resource);
}

export function serviceWrites(ctx: FakeContext) {
  /** validate_only: a finished operation whose response is the service as it would be. */
  function validated(ref: ChildRef, method: string, service: IService): OperationMessage {
    const packed = packAny("Service", service);
    const op = ctx.operations.start(ref, method, packed);
    ctx.operations.succeed(op, packed);
    return toMessage(op);
  }

  /** Starts the operation that brings `record` to its desired state after the readiness delay. */
  function rollout(record: ServiceRecord, method: string, revision: RevisionRecord | undefined, writer: Writer): OperationMessage {
    beginReconcile(record);
    const op = ctx.operations.start(record.ref, method, packAny("Service", snapshot(record)));
    const operationFault = writer === "call" ? ctx.faults.takeOperationFault(method) : undefined;
    const target = revision ?? record.revisions.get(shortName(record.resource.latestCreatedRevision));
    const facts = { service: record.ref.id, revision: target?.id ?? "", image: target?.image ?? "" };
    const notReadyMessage = revision ? ctx.faults.decideNotReady(facts) : undefined;
    ctx.later(ctx.faults.delayFor(facts), () => {
      if (revision && revision.readiness === "pending") {
        const failure = notReadyMessage ?? operationFault?.message;
        if (failure !== undefined) markRevisionFailed(revision, failure);
        else markRevisionReady(revision);
      }
      if (operationFault) {
        record.resource.reconciling = false;
        record.resource.terminalCondition = condition("Ready", "CONDITION_FAILED", { message: operationFault.message });
        ctx.operations.fail(op, operationFault, packAny("Service", snapshot(record)));
        return;
      }
      const result = reconcile(record, ctx.probeBase, revision);
      const packed = packAny("Service", snapshot(record));
      if (result.ok) ctx.operations.succeed(op, packed, packed);
      else ctx.operations.fail(op, { code: result.code, message: result.message }, packed);
    });
    return toMessage(op);
  }

  return {
    validated,

    /** Creates the service `ref` (ALREADY_EXISTS if it exists) and starts its first rollout. */
    create(ref: ChildRef, input: IService, validateOnly: boolean, method: string): OperationMessage {
      validateServiceId(ref.id);
      const name = serviceName(ref);
      if (ctx.state.services.has(name)) throw alreadyExists(`Resource '${ref.id}' already exists.`);
      const spec = desiredSpec(input, ref.id);
      const record = newServiceRecord(ref, spec, ctx.state.uniqueSlug(ref.id), ctx.probeBase);
      const revision = stageRevision(record);
      if (validateOnly) return validated(ref, method, snapshot(record));
      ctx.state.services.set(name, record);
      return rollout(record, method, revision, "call");
    },

    /**
     * Applies an update whose preconditions (etag) passed: validates it (RpcError, nothing
     * changed), bumps generation and etag, stages a revision if the template changed, and starts
     * the UpdateService operation.
     */
    update(record: ServiceRecord, input: IService, options: UpdateOptions = {}): OperationMessage {
      const spec = desiredSpec(input, record.ref.id, options.mask);
      if (options.validateOnly) return validated(record.ref, "UpdateService", { ...snapshot(record), ...spec });
      const before = clone(record.resource);
      applySpec(record, spec);
      let revision: RevisionRecord | undefined;
      try {
        revision = stageRevision(record);
      } catch (err) {
        record.resource = before;
        throw err;
      }
      return rollout(record, "UpdateService", revision, options.writer ?? "call");
    },
  };
}
