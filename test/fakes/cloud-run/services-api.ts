// google.cloud.run.v2.Services: create/get/list/update/delete with long-running operations.
import type { protos } from "@google-cloud/run";
import { aborted, invalidArgument, resourceNotFound } from "./errors.js";
import type { FakeContext } from "./context.js";
import { parseChild, parseParent, serviceName } from "./names.js";
import { toMessage, type OperationMessage } from "./operations.js";
import { packAny } from "./proto.js";
import { applySpec } from "./service-model.js";
import { serviceWrites, snapshot } from "./service-writes.js";
import { compareTimestamps, timestamp, type IService, type ServiceRecord } from "./state.js";
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

export { snapshot };

export function servicesApi(ctx: FakeContext) {
  const writes = serviceWrites(ctx);

  function simulateConcurrentChange(record: ServiceRecord): void {
    applySpec(record, {
      annotations: { ...(record.resource.annotations ?? {}), "fake.test/concurrent-change": new Date().toISOString() },
    });
  }

  return {
    CreateService(req: CreateServiceRequest): OperationMessage {
      const location = parseParent(req.parent, "parent");
      if (!req.service) throw invalidArgument("service: required.");
      return writes.create({ ...location, id: req.serviceId ?? "" }, req.service, !!req.validateOnly, "CreateService");
    },

    GetService(req: GetServiceRequest): IService {
      return snapshot(findService(ctx, req.name));
    },

    ListServices(req: ListServicesRequest) {
      const location = parseParent(req.parent, "parent");
      const prefix = `projects/${location.project}/locations/${location.region}/services/`;
      const all = [...ctx.state.services.values()]
        .filter((s) => serviceName(s.ref).startsWith(prefix))
        .sort((a, b) => compareTimestamps(b.resource.createTime, a.resource.createTime))
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
        if (req.allowMissing) return writes.create(ref, input, !!req.validateOnly, "UpdateService");
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
      return writes.update(record, input, { mask: req.updateMask?.paths ?? undefined, validateOnly: !!req.validateOnly });
    },

    DeleteService(req: DeleteServiceRequest): OperationMessage {
      const record = findService(ctx, req.name);
      if (req.etag && req.etag !== record.resource.etag) {
        throw aborted(`The service '${record.ref.id}' was modified concurrently: request etag '${req.etag}' does not match the current etag. Get the service again and retry.`);
      }
      if (req.validateOnly) return writes.validated(record.ref, "DeleteService", snapshot(record));
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
