/**
 * Reports of pull-request previews (preview, preview-cleanup, prune-revisions): what Cloud Run
 * holds after the command, read back, for people (text) and machines (JSON).
 */
import { shownName } from "../catalog/naming.js";

export type PreviewStatus = "ready" | "unhealthy" | "aborted" | "failed";

export interface ServicePreviewReport {
  kind: "service-preview";
  /** The catalog name (what --service takes). */
  service: string;
  cloudRunName: string;
  environment: string;
  project: string;
  region: string;
  pr: number;
  /** The traffic tag, "pr-N". */
  tag: string;
  status: PreviewStatus;
  image: string;
  commit: string;
  /** The revision the tag names, read back. */
  revision?: string;
  /** The tag URL, read back from the service's trafficStatuses. */
  url?: string;
  /** Who served what before and after (read back): the same shares, the preview at 0%. */
  trafficBefore?: string;
  trafficAfter?: string;
  reason?: string;
  logHint?: string;
  notes?: string[];
  warnings: string[];
  durationMs: number;
}

export const previewSucceeded = (r: { status: PreviewStatus }): boolean => r.status === "ready";

export function formatServicePreview(r: ServicePreviewReport): string {
  const lines = [`${shownName(r.service, r.cloudRunName)} (${r.environment}: ${r.project}/${r.region}) preview ${r.tag}: ${r.status.toUpperCase()} in ${(r.durationMs / 1000).toFixed(1)}s`];
  for (const w of r.warnings) lines.push(`  WARNING: ${w}`);
  lines.push(`  image:    ${r.image}`, `  commit:   ${r.commit}`);
  if (r.revision) lines.push(`  revision: ${r.revision}`);
  if (r.url) lines.push(`  url:      ${r.url}`);
  if (r.trafficBefore !== undefined) lines.push(`  traffic before: ${r.trafficBefore}`);
  if (r.trafficAfter !== undefined) lines.push(`  traffic after:  ${r.trafficAfter}`);
  if (r.reason) lines.push(`  reason:   ${r.reason}`);
  if (r.logHint) lines.push(`  logs:     ${r.logHint}`);
  for (const n of r.notes ?? []) lines.push(`  note:     ${n}`);
  return lines.join("\n");
}

/** One revision the cleanup or prune deleted, kept (and why), or failed to delete. */
export interface RevisionOutcome {
  revision: string;
  /** Why it was kept or why deleting it failed. */
  why?: string;
}

export interface RevisionCleanup {
  deleted: RevisionOutcome[];
  kept: RevisionOutcome[];
  failed: RevisionOutcome[];
}

export interface ServicePreviewCleanup extends RevisionCleanup {
  service: string;
  cloudRunName: string;
  tag: string;
  /** The tag was on the service and is gone now (read back). */
  tagRemoved: boolean;
  /** The service's traffic after the cleanup, read back. */
  trafficAfter?: string;
  /** Why the cleanup of this service stopped (a conflict, a failed write). */
  reason?: string;
}

/** One line per revision: "    LABEL name (why)". */
export const revisionLines = (label: string, items: RevisionOutcome[]): string[] => items.map((i) => `    ${label} ${i.revision}${i.why ? ` (${i.why})` : ""}`);

export interface PruneReport extends RevisionCleanup {
  kind: "prune-revisions";
  service: string;
  cloudRunName: string;
  environment: string;
  keep: number;
  dryRun: boolean;
  /** Revisions the service has after the prune, read back (in a dry run: now). */
  remaining: number;
}

export function formatPrune(r: PruneReport): string {
  const verb = r.dryRun ? "would delete" : "deleted";
  const lines = [`${shownName(r.service, r.cloudRunName)} (${r.environment}) prune-revisions --keep=${r.keep}${r.dryRun ? " (dry run: nothing was deleted)" : ""}: ${r.deleted.length} ${verb}, ${r.kept.length} kept, ${r.failed.length} failed; ${r.remaining} revision(s) left`];
  lines.push(...revisionLines(verb, r.deleted), ...revisionLines("kept", r.kept), ...revisionLines("FAILED", r.failed));
  return lines.join("\n");
}
