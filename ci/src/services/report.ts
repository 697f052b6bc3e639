/**
 * Release reports: printed for people, JSON for machines.
 */
import { shownName } from "../catalog/naming.js";
import type { FieldChange } from "../gcp/run-fields.js";
import type { ReleaseStatus } from "../lib/release-status.js";
import { type CanaryStepResult, formatCanaryStep } from "./canary.js";

export interface ServiceReleaseReport {
  kind: "service";
  /** The catalog name (what --service takes). */
  service: string;
  /** The service's id in Cloud Run in this environment (catalog/naming.ts); deployService always sets it. */
  cloudRunName?: string;
  environment: string;
  project: string;
  region: string;
  status: ReleaseStatus;
  strategy: "blue-green" | "direct";
  image: string;
  commit: string;
  revision?: string;
  url?: string;
  trafficBefore?: string;
  trafficAfter?: string;
  changes: FieldChange[];
  /** Why it failed or rolled back, and what to do. */
  reason?: string;
  /** Where the failing revision's logs are. */
  logHint?: string;
  /** Decisions taken after ambiguous answers (a lost reply read back, a retried poll), in order. */
  notes?: string[];
  /** Loud note when checks were skipped. */
  warnings: string[];
  /** The canary's steps (deploy.canary), with the numbers read from Cloud Monitoring. */
  canary?: CanaryStepResult[];
  durationMs: number;
}

export const succeeded = (r: { status: ReleaseStatus }): boolean => ["created", "deployed", "unchanged", "planned"].includes(r.status);

export function formatServiceReport(r: ServiceReleaseReport): string {
  const lines = [`${shownName(r.service, r.cloudRunName ?? r.service)} (${r.environment}: ${r.project}/${r.region}): ${r.status.toUpperCase()} [${r.strategy}] in ${(r.durationMs / 1000).toFixed(1)}s`];
  for (const w of r.warnings) lines.push(`  WARNING: ${w}`);
  lines.push(`  image:    ${r.image}`, `  commit:   ${r.commit}`);
  if (r.revision) lines.push(`  revision: ${r.revision}`);
  if (r.url) lines.push(`  url:      ${r.url}`);
  if (r.trafficBefore !== undefined) lines.push(`  traffic before: ${r.trafficBefore || "(new service)"}`);
  if (r.trafficAfter !== undefined) lines.push(`  traffic after:  ${r.trafficAfter}`);
  if (r.changes.length) lines.push(`  changes:`, ...r.changes.map((c) => `    ${c.field}: ${c.live ?? "(unset)"} -> ${c.desired ?? "(unset)"}`));
  for (const step of r.canary ?? []) lines.push(`  ${formatCanaryStep(step)}`);
  if (r.reason) lines.push(`  reason:   ${r.reason}`);
  if (r.logHint) lines.push(`  logs:     ${r.logHint}`);
  for (const n of r.notes ?? []) lines.push(`  note:     ${n}`);
  return lines.join("\n");
}
