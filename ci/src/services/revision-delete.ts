/**
 * Deleting revisions that serve nobody: which revisions a service protects (named by its traffic,
 * with a share or a tag, or its latest created / latest ready revision), and one deletion decided
 * from state read back (a DeleteRevision whose reply was lost is not sent blindly again: the
 * revision is read back first; gone means deleted).
 */
import { errorCode, isTransient, NOT_FOUND } from "../gcp/retry.js";
import type { CloudRunGateway } from "../gcp/cloud-run.js";
import { type CloudRunRevisionResource, type CloudRunServiceResource, LATEST, shortName } from "../gcp/run-resource.js";
import type { RevisionCleanup, RevisionOutcome } from "./preview-report.js";

const FAILED_PRECONDITION = 9;

/** Why each protected revision of `service` must not be deleted. */
export function protectedRevisions(service: CloudRunServiceResource): Map<string, string> {
  const why = new Map<string, string>();
  const add = (revision: string, reason: string) => {
    if (revision && !why.has(revision)) why.set(revision, reason);
  };
  for (const t of [...(service.trafficStatuses ?? []), ...(service.traffic ?? [])]) {
    const revision = t.type === LATEST ? shortName(service.latestReadyRevision) : shortName(t.revision);
    if ((t.percent ?? 0) > 0) add(revision, `serves ${t.percent}%`);
    else if (t.tag) add(revision, `carries tag ${t.tag}`);
    else add(revision, "named by the service's traffic");
  }
  add(shortName(service.latestCreatedRevision), "the latest created revision (Cloud Run keeps it)");
  add(shortName(service.latestReadyRevision), "the latest ready revision");
  return why;
}

/** Revisions newest first by their full createTime (seconds, then nanoseconds). */
export function newestFirst(revisions: readonly CloudRunRevisionResource[]): CloudRunRevisionResource[] {
  const key = (r: CloudRunRevisionResource) => [BigInt(r.createTime?.seconds ?? 0), BigInt(r.createTime?.nanos ?? 0)] as const;
  return [...revisions].sort((a, b) => {
    const [as, an] = key(a);
    const [bs, bn] = key(b);
    return bs !== as ? (bs > as ? 1 : -1) : bn !== an ? (bn > an ? 1 : -1) : 0;
  });
}

type Deletion = { deleted: true; note?: string } | { deleted: false; kept: boolean; why: string };

/** One revision deleted: sent, and after an ambiguous answer read back (at most `attempts` sends). */
export async function deleteRevision(gw: CloudRunGateway, revision: CloudRunRevisionResource, attempts = 3): Promise<Deletion> {
  const name = revision.name ?? "";
  for (let attempt = 1; ; attempt++) {
    try {
      await gw.deleteRevision(name, revision.etag ?? undefined);
      return { deleted: true };
    } catch (err) {
      const message = (err as Error).message;
      if (errorCode(err) === NOT_FOUND) return { deleted: true, note: "already gone" };
      // Cloud Run refuses a revision that serves, is named by traffic, or is the latest: someone changed the service since it was read.
      if (errorCode(err) === FAILED_PRECONDITION) return { deleted: false, kept: true, why: `Cloud Run kept it: ${message}` };
      let still: CloudRunRevisionResource | undefined;
      try {
        still = await gw.getRevision(name);
      } catch (readErr) {
        return { deleted: false, kept: false, why: `${message}; reading it back also failed: ${(readErr as Error).message}` };
      }
      if (!still) return { deleted: true, note: `the reply was lost (${message}); read back: deleted` };
      if (!isTransient(err) || attempt >= attempts) return { deleted: false, kept: false, why: message };
    }
  }
}

/**
 * Deletes `doomed` (all known unprotected when read), then lists the service's revisions again:
 * a revision reported deleted is one the listing no longer has.
 */
export async function deleteAndConfirm(gw: CloudRunGateway, serviceName: string, doomed: readonly CloudRunRevisionResource[], kept: RevisionOutcome[]): Promise<RevisionCleanup & { remaining: number }> {
  const result: RevisionCleanup = { deleted: [], kept: [...kept], failed: [] };
  for (const revision of doomed) {
    const id = shortName(revision.name);
    const outcome = await deleteRevision(gw, revision);
    if (outcome.deleted) result.deleted.push(outcome.note ? { revision: id, why: outcome.note } : { revision: id });
    else (outcome.kept ? result.kept : result.failed).push({ revision: id, why: outcome.why });
  }
  const after = new Set((await gw.listRevisions(serviceName)).map((r) => shortName(r.name)));
  const stillThere = result.deleted.filter((d) => after.has(d.revision));
  result.deleted = result.deleted.filter((d) => !after.has(d.revision));
  result.failed.push(...stillThere.map((d) => ({ revision: d.revision, why: "still listed after its deletion was reported" })));
  return { ...result, remaining: after.size };
}
