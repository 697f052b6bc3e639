// google.cloud.run.v2.Revisions: get/list/delete revisions of a service.
import type { protos } from "@google-cloud/run";
import { aborted, failedPrecondition, notFound } from "./errors.js";
import type { FakeContext } from "./context.js";
import { parseGrandchild, serviceName } from "./names.js";
import { toMessage, type OperationMessage } from "./operations.js";
import { packAny } from "./proto.js";
import { findService } from "./services-api.js";
import { paginate } from "./pagination.js";
import { shortName } from "./service-model.js";
import { clone, compareTimestamps, timestamp, type IRevision, type RevisionRecord, type ServiceRecord } from "./state.js";

type GetRevisionRequest = protos.google.cloud.run.v2.IGetRevisionRequest;
type ListRevisionsRequest = protos.google.cloud.run.v2.IListRevisionsRequest;
type DeleteRevisionRequest = protos.google.cloud.run.v2.IDeleteRevisionRequest;

function findRevision(ctx: FakeContext, name: string | null | undefined): { service: ServiceRecord; revision: RevisionRecord } {
  const ref = parseGrandchild(name, "services", "revisions", "name");
  const service = findService(ctx, serviceName({ ...ref, id: ref.parentId }));
  const revision = service.revisions.get(ref.id);
  if (!revision) throw notFound(`Revision '${ref.id}' of service '${ref.parentId}' does not exist.`);
  return { service, revision };
}

/** Whether a revision receives traffic now or is named by the desired split (it cannot be deleted then). */
function isReferenced(service: ServiceRecord, id: string): boolean {
  return (
    service.serving.some((t) => t.revision === id) ||
    (service.resource.traffic ?? []).some((t) => shortName(t.revision) === id)
  );
}

export function revisionsApi(ctx: FakeContext) {
  return {
    GetRevision(req: GetRevisionRequest): IRevision {
      return clone(findRevision(ctx, req.name).revision.resource);
    },

    ListRevisions(req: ListRevisionsRequest) {
      const service = findService(ctx, req.parent, "parent");
      // Newest first by createTime (ties: later created first).
      const all = [...service.revisionOrder]
        .reverse()
        .map((id) => clone(service.revisions.get(id)!.resource))
        .sort((a, b) => compareTimestamps(b.createTime, a.createTime));
      const page = paginate(all, req.pageSize, req.pageToken);
      return { revisions: page.items, nextPageToken: page.nextPageToken };
    },

    DeleteRevision(req: DeleteRevisionRequest): OperationMessage {
      const { service, revision } = findRevision(ctx, req.name);
      if (req.etag && req.etag !== revision.resource.etag) {
        throw aborted(`Revision '${revision.id}' changed since it was read: etag mismatch. Get it again and retry.`);
      }
      if (isReferenced(service, revision.id)) {
        throw failedPrecondition(`Revision '${revision.id}' is receiving or configured to receive traffic; move its traffic to another revision before deleting it.`);
      }
      if (shortName(service.resource.latestCreatedRevision) === revision.id) {
        throw failedPrecondition(`Revision '${revision.id}' is the latest revision of service '${service.ref.id}' and cannot be deleted.`);
      }
      const deleted = clone(revision.resource);
      deleted.deleteTime = timestamp();
      const packed = packAny("Revision", deleted);
      const op = ctx.operations.start(service.ref, "DeleteRevision", packed);
      if (!req.validateOnly) {
        service.revisions.delete(revision.id);
        service.revisionOrder.splice(service.revisionOrder.indexOf(revision.id), 1);
      }
      ctx.later(req.validateOnly ? 0 : ctx.faults.readinessDelayMs, () => ctx.operations.succeed(op, packed));
      return toMessage(op);
    },
  };
}
