/** The outcome of a site sync, for machines (JSON-serialisable) and people (text). */
import type { UploadReason } from "./plan.js";

export interface SiteSyncFailure {
  /** Object name. */
  object: string;
  /** What went wrong (never contains credentials). */
  error: string;
}

export interface SiteSyncReport {
  bucket: string;
  /** Normalised prefix ("" or ending in "/"). */
  prefix: string;
  dryRun: boolean;
  /** Object names uploaded (in a dry run: that would be uploaded). */
  uploaded: string[];
  /** How many of `uploaded` were new, had other bytes, or only other headers. */
  uploadReasons: Record<UploadReason, number>;
  /** Files already identical in the bucket. */
  unchanged: number;
  /** Extraneous object names deleted (in a dry run: that would be deleted). */
  deleted: string[];
  /** Extraneous object names kept: deletion was not asked for, or an upload failed. */
  wouldDelete: string[];
  /** Bytes of the uploaded files (in a dry run: that would be uploaded). */
  bytesUploaded: number;
  /** The bucket's website configuration was changed (in a dry run: would be). */
  websiteUpdated: boolean;
  /** Uploads or deletions that failed after retries. */
  failed: SiteSyncFailure[];
  /** Transient errors retried along the way. */
  retries: number;
  /** False when the endpoint could not answer testIamPermissions (emulators only). */
  permissionsChecked: boolean;
}

const SHOWN = 20;

export function formatSiteSyncReport(report: SiteSyncReport): string {
  const target = `gs://${report.bucket}/${report.prefix}`;
  const would = report.dryRun ? "would upload" : "uploaded";
  const lines = [`Site sync to ${target}${report.dryRun ? " (dry run: nothing changed)" : ""}`];
  const reasons = report.uploadReasons;
  lines.push(
    `  ${would} ${report.uploaded.length} file(s), ${formatBytes(report.bytesUploaded)}` +
      (report.uploaded.length > 0 ? ` (${reasons.new} new, ${reasons.content} changed, ${reasons.metadata} headers only)` : ""),
  );
  lines.push(...list(report.uploaded));
  lines.push(`  unchanged ${report.unchanged} file(s)`);
  if (report.deleted.length > 0) {
    lines.push(`  ${report.dryRun ? "would delete" : "deleted"} ${report.deleted.length} extraneous object(s)`);
    lines.push(...list(report.deleted));
  }
  if (report.wouldDelete.length > 0) {
    const why = report.failed.length > 0 ? "kept because the sync did not complete" : "kept; pass --delete-stale to remove";
    lines.push(`  ${report.wouldDelete.length} extraneous object(s) ${why}`);
    lines.push(...list(report.wouldDelete));
  }
  lines.push(`  website configuration: ${report.websiteUpdated ? (report.dryRun ? "would update" : "updated") : "unchanged"}`);
  if (report.retries > 0) lines.push(`  retried ${report.retries} transient error(s)`);
  if (!report.permissionsChecked) lines.push("  permissions not pre-checked (endpoint has no testIamPermissions)");
  if (report.failed.length > 0) {
    const deletions = report.deleted.length === 0 ? "nothing was deleted" : "some deletions did not happen";
    lines.push(`  FAILED ${report.failed.length} operation(s); ${deletions}. Fix the cause and run the sync again:`);
    lines.push(...list(report.failed.map((f) => `${f.object}: ${f.error}`)));
  }
  return lines.join("\n");
}

function list(items: readonly string[]): string[] {
  const shown = items.slice(0, SHOWN).map((item) => `    ${item}`);
  if (items.length > SHOWN) shown.push(`    ... and ${items.length - SHOWN} more`);
  return shown;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
