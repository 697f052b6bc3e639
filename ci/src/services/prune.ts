/**
 * prune-revisions: old revisions deleted to stay under Cloud Run's revision quota. Only revisions
 * that serve no traffic, carry no tag and are neither the latest created nor the latest ready one
 * are candidates; of those the K newest (by full createTime, nanoseconds included) are kept and
 * the rest deleted, each decided from state read back, then the listing read again to confirm.
 * --dry-run lists them and deletes nothing.
 */
import type { CloudRunGateway } from "../gcp/cloud-run.js";
import { shortName } from "../gcp/run-resource.js";
import { withSpan } from "../lib/spans.js";
import type { PruneReport, RevisionOutcome } from "./preview-report.js";
import { deleteAndConfirm, newestFirst, protectedRevisions } from "./revision-delete.js";

export interface PruneOptions {
  /** The catalog name. */
  service: string;
  /** Full resource name projects/P/locations/R/services/ID. */
  name: string;
  environment: string;
  keep: number;
  dryRun: boolean;
  /** How `deploy` is spelled for this service, for the error when it does not exist. */
  deployCommand: string;
}

export function parseKeep(keep: number): number {
  if (!Number.isSafeInteger(keep) || keep < 0) throw new Error(`--keep must be a whole number from 0 (how many of the old, unused revisions to keep), not ${keep}.`);
  return keep;
}

export async function pruneRevisions(gw: CloudRunGateway, options: PruneOptions): Promise<PruneReport> {
  return withSpan(`prune revisions of ${options.service}`, async (span) => {
    const report = await prune(gw, options);
    span.set({ "revisions.deleted": report.deleted.length, "revisions.kept": report.kept.length });
    if (report.failed.length) span.fail(`${report.failed.length} revision(s) not deleted`);
    return report;
  });
}

async function prune(gw: CloudRunGateway, options: PruneOptions): Promise<PruneReport> {
  const keep = parseKeep(options.keep);
  const id = shortName(options.name);
  const service = await gw.getService(options.name);
  if (!service) throw new Error(`service ${id} does not exist in ${options.environment}, so it has no revisions to prune. Check the name with \`dagger call list\`, or create it with \`${options.deployCommand}\`.`);
  const guarded = protectedRevisions(service);
  const revisions = newestFirst(await gw.listRevisions(options.name));
  const kept: RevisionOutcome[] = [];
  const unused = revisions.filter((r) => {
    const why = guarded.get(shortName(r.name));
    if (why) kept.push({ revision: shortName(r.name), why });
    return !why;
  });
  kept.push(...unused.slice(0, keep).map((r) => ({ revision: shortName(r.name), why: `one of the ${keep} newest unused` })));
  const doomed = unused.slice(keep);
  const base = { kind: "prune-revisions" as const, service: options.service, cloudRunName: id, environment: options.environment, keep, dryRun: options.dryRun };
  if (options.dryRun) return { ...base, deleted: doomed.map((r) => ({ revision: shortName(r.name) })), kept, failed: [], remaining: revisions.length };
  return { ...base, ...(await deleteAndConfirm(gw, options.name, doomed, kept)) };
}
