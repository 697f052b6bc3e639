// google.cloud.run.v2.Services: create/get/list/update/delete with long-running operations.
import type { protos } from "@google-cloud/run";
import { aborted, alreadyExists, invalidArgument, resourceNotFound } from "./errors.js";
import type { FakeContext } from "./context.js";
import { parseChild, parseParent, serviceName, validateServiceId, type ChildRef } from "./names.js";
import { toMessage, type OperationMessage } from "./operations.js";
import { packAny } from "./proto.js";
import {
  applySpec,
  beginReconcile,
  desiredSpec,
  newServiceRecord,
  reconcile,
  shortName,
} from "./service-model.js";
import { markRevisionFailed, markRevisionReady, stageRevision } from "./revision-model.js";
import { condition } from "./conditions.js";
import { clone, timestamp, type IService, type RevisionRecord, type ServiceRecord } from "./state.js";
import { paginate } from "./pagination.js";

type CreateServiceRequest = protos.google.cloud.run.v2.ICreateServiceRequest;
type UpdateServiceRequest = protos.google.cloud.run.v2.IUpdateServiceRequest;
type GetServiceRequest = protos.google.cloud.run.v2.IGetServiceRequest;
type ListServicesRequest = protos.google.cloud.run.v2.IListServicesRequest;
type DeleteServiceRequest = protos.google.cloud.run.v2.IDeleteServiceRequest;

export function findService(ctx: FakeContext, name: string | null | undefined, field = "name"): ServiceRecord {
  const ref = parseChild(name, "services", field);
  const record = ctx.state.services.get(serviceName(ref));
  if (!record) throw resourceNotFound("SERVICE", ref.id, ref.region, ref.project);
  return record;
}

export function snapshot(record: ServiceRecord): IService {
  return clone(record.resource);
}

export function servicesApi(ctx: FakeContext) {
  function create(ref: ChildRef, input: IService, validateOnly: boolean, method: string): OperationMessage {
    validateServiceId(ref.id);
    const name = serviceName(ref);
    if (ctx.state.services.has(name)) throw alreadyExists(`Resource '${ref.id}' already exists.`);
    const spec = desiredSpec(input, ref.id);
    const record = newServiceRecord(ref, spec, ctx.state.uniqueSlug(ref.id), ctx.probeBase);
    const revision = stageRevision(record);
    if (validateOnly) return validated(ref, method, snapshot(record));
    ctx.state.services.set(name, record);
    return rollout(record, method, revision);
  }

  /** validate_only: a finished operation whose response is the service as it would be. */
  function validated(ref: ChildRef, method: string, service: IService): OperationMessage {
    const packed = packAny("Service", service);
    const op = ctx.operations.start(ref, method, packed);
    ctx.operations.succeed(op, packed);
    return toMessage(op);
  }

  /** Starts the operation that brings `record` to its desired state after the readiness delay. */
  function rollout(record: ServiceRecord, method: string, revision: RevisionRecord | undefined): OperationMessage {
    beginReconcile(record);
    const op = ctx.operations.start(record.ref, method, packAny("Service", snapshot(record)));
    const operationFault = ctx.faults.takeOperationFault(method);
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

  function simulateConcurrentChange(record: ServiceRecord): void {
    applySpec(record, {
      annotations: { ...(record.resource.annotations ?? {}), "fake.test/concurrent-change": new Date().toISOString() },
    });
  }

  return {
    CreateService(req: CreateServiceRequest): OperationMessage {
      const location = parseParent(req.parent, "parent");
      if (!req.service) throw invalidArgument("service: required.");
      return create({ ...location, id: req.serviceId ?? "" }, req.service, !!req.validateOnly, "CreateService");
    },

    GetService(req: GetServiceRequest): IService {
      return snapshot(findService(ctx, req.name));
    },

    ListServices(req: ListServicesRequest) {
      const location = parseParent(req.parent, "parent");
      const prefix = `projects/${location.project}/locations/${location.region}/services/`;
      const all = [...ctx.state.services.values()]
        .filter((s) => serviceName(s.ref).startsWith(prefix))
        .sort((a, b) => Number(b.resource.createTime?.seconds ?? 0) - Number(a.resource.createTime?.seconds ?? 0))
        .map(snapshot);
      const page = paginate(all, req.pageSize, req.pageToken);
      return { services: page.items, nextPageToken: page.nextPageToken, unreachable: [] };
    },

    UpdateService(req: UpdateServiceRequest): OperationMessage {
      const input = req.service;
      if (!input) throw invalidArgument("service: required.");
      const ref = parseChild(input.name, "services", "service.name");
      const record = ctx.state.services.get(serviceName(ref));
      if (!record) {
        if (req.allowMissing) return create(ref, input, !!req.validateOnly, "UpdateService");
        throw resourceNotFound("SERVICE", ref.id, ref.region, ref.project);
      }
      const change = ctx.faults.takeConcurrentChange(ref.id);
      if (change) simulateConcurrentChange(record);
      if (change?.abort) {
        throw aborted(`The service '${ref.id}' was modified concurrently by another request. Get the service again and retry the update.`);
      }
      if (input.etag && input.etag !== record.resource.etag) {
        throw aborted(
          `The service '${ref.id}' was modified concurrently: request etag '${input.etag}' does not match the current etag '${record.resource.etag}'. Get the service again and retry the update.`,
        );
      }
      const spec = desiredSpec(input, ref.id, req.updateMask?.paths ?? undefined);
      if (req.validateOnly) return validated(ref, "UpdateService", { ...snapshot(record), ...spec });
      const before = clone(record.resource);
      applySpec(record, spec);
      let revision: RevisionRecord | undefined;
      try {
        revision = stageRevision(record);
      } catch (err) {
        record.resource = before;
        throw err;
      }
      return rollout(record, "UpdateService", revision);
    },

    DeleteService(req: DeleteServiceRequest): OperationMessage {
      const record = findService(ctx, req.name);
      if (req.etag && req.etag !== record.resource.etag) {
        throw aborted(`The service '${record.ref.id}' was modified concurrently: request etag '${req.etag}' does not match the current etag. Get the service again and retry.`);
      }
      if (req.validateOnly) return validated(record.ref, "DeleteService", snapshot(record));
      ctx.state.services.delete(serviceName(record.ref));
      record.resource.deleteTime = timestamp();
      const packed = packAny("Service", snapshot(record));
      const op = ctx.operations.start(record.ref, "DeleteService", packed);
      const fault = ctx.faults.takeOperationFault("DeleteService");
      ctx.later(ctx.faults.readinessDelayMs, () => {
        if (fault) ctx.operations.fail(op, fault);
        else ctx.operations.succeed(op, packed);
      });
      return toMessage(op);
    },
  };
}
