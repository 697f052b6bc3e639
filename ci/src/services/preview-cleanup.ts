/**
 * The end of a pull request's preview of one service: the `pr-N` tag removed from the traffic
 * (every share kept exactly; the write carries the etag of the cleanup's own read), then the PR's
 * preview revisions (labelled PREVIEW_LABEL=pr-N) deleted unless the service still protects them
 * (a share, another tag, the latest created or ready revision). Everything reported is read back.
 * Running it again finds nothing left.
 */
import type { CloudRunGateway } from "../gcp/cloud-run.js";
import { type CloudRunServiceResource, REVISION, shortName, type TrafficTarget, writable } from "../gcp/run-resource.js";
import { withSpan } from "../lib/spans.js";
import { PREVIEW_LABEL, previewTag } from "../lib/preview-names.js";
import type { RevisionOutcome, ServicePreviewCleanup } from "./preview-report.js";
import { deleteAndConfirm, protectedRevisions } from "./revision-delete.js";
import { writeService } from "./service-write.js";
import { describeShares, sameShares, serviceShares } from "./shares.js";
import { TRAFFIC_WRITE_TIMEOUT_MS } from "./deploy-service.js";
import { describeTraffic } from "./traffic.js";

export interface PreviewCleanupTarget {
  /** The catalog name. */
  service: string;
  /** Full resource name projects/P/locations/R/services/ID. */
  name: string;
  pr: number;
  pollIntervalMs?: number;
}

/** `traffic` without `tag`: an entry at 0% goes, one with a share keeps its share and loses the tag. */
export function withoutTag(traffic: readonly TrafficTarget[] | null | undefined, tag: string): TrafficTarget[] {
  return (traffic ?? []).flatMap((t) => {
    if (t.tag !== tag) return [{ ...t }];
    return (t.percent ?? 0) > 0 ? [{ type: t.type ?? REVISION, revision: t.revision, percent: t.percent }] : [];
  });
}

const hasTag = (s: CloudRunServiceResource | undefined, tag: string) => (s?.traffic ?? []).some((t) => t.tag === tag);

export async function cleanupServicePreview(gw: CloudRunGateway, target: PreviewCleanupTarget): Promise<ServicePreviewCleanup> {
  const tag = previewTag(target.pr);
  return withSpan(`clean up preview ${tag} of ${target.service}`, async (span) => {
    const result = await cleanup(gw, target, tag);
    if (result.reason || result.failed.length) span.fail(result.reason ?? `${result.failed.length} revision(s) not deleted`);
    return result;
  });
}

async function cleanup(gw: CloudRunGateway, target: PreviewCleanupTarget, tag: string): Promise<ServicePreviewCleanup> {
  const id = shortName(target.name);
  const result: ServicePreviewCleanup = { service: target.service, cloudRunName: id, tag, tagRemoved: false, deleted: [], kept: [], failed: [] };
  let service = await gw.getService(target.name);
  if (!service) return { ...result, trafficAfter: "(the service does not exist)" };
  if (hasTag(service, tag)) {
    const traffic = withoutTag(service.traffic, tag);
    const before = serviceShares(service);
    if (!sameShares(before, serviceShares(service, traffic))) {
      return { ...result, trafficAfter: describeTraffic(service), reason: `removing tag ${tag} would change who serves users (${describeShares(before)}); nothing was changed` };
    }
    const desired = { ...writable(service), traffic };
    const written = await writeService(gw, { base: service, desired, isOurs: (s) => !hasTag(s, tag) && sameShares(serviceShares(s), before), timeoutMs: TRAFFIC_WRITE_TIMEOUT_MS, pollIntervalMs: target.pollIntervalMs });
    if (written.kind !== "applied") {
      const now = written.kind === "conflict" ? written.service : await gw.getService(target.name).catch(() => undefined);
      const why = written.kind === "conflict" ? "the service changed between the cleanup's read and its write (someone else updated it); their change was kept" : `removing tag ${tag} failed (${written.kind}: ${written.error.message})`;
      return { ...result, tagRemoved: !hasTag(now, tag) && now !== undefined, trafficAfter: now ? describeTraffic(now) : undefined, reason: `${why}. Run preview-cleanup again.` };
    }
    service = written.service;
    result.tagRemoved = !hasTag(service, tag);
  }
  const guarded = protectedRevisions(service);
  const previews = (await gw.listRevisions(target.name)).filter((r) => r.labels?.[PREVIEW_LABEL] === tag);
  const kept: RevisionOutcome[] = previews.filter((r) => guarded.has(shortName(r.name))).map((r) => ({ revision: shortName(r.name), why: guarded.get(shortName(r.name)) }));
  const doomed = previews.filter((r) => !guarded.has(shortName(r.name)));
  const confirmed = await deleteAndConfirm(gw, target.name, doomed, kept);
  const after = await gw.getService(target.name);
  return { ...result, deleted: confirmed.deleted, kept: confirmed.kept, failed: confirmed.failed, trafficAfter: after ? describeTraffic(after) : "(the service does not exist)" };
}
