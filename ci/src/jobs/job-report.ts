/**
 * Job release reports: the outcome, the execution, and the job as read back after the command.
 */
import { shownName } from "../catalog/naming.js";
import type { CloudRunExecutionResource, CloudRunJobResource } from "../gcp/run-job-resource.js";
import { shortName } from "../gcp/run-resource.js";
import type { ReleaseStatus } from "../lib/release-status.js";
import { formatOverrides, type OverridesReadBack } from "./overrides-read-back.js";

export interface ExecutionSummary {
  name: string;
  status: "started" | "succeeded" | "failed";
  succeeded?: number;
  failed?: number;
  tasks?: number;
  logUri?: string;
  message?: string;
  /** With override flags: what the execution read back shows of them (env: names only). */
  overrides?: OverridesReadBack;
}

export interface JobReleaseReport {
  kind: "job";
  /** The catalog name (what --job takes). */
  job: string;
  /** The job's id in Cloud Run in this environment (catalog/naming.ts); deployJob always sets it. */
  cloudRunName?: string;
  environment: string;
  status: ReleaseStatus;
  image: string;
  previousImage?: string;
  commit: string;
  execution?: ExecutionSummary;
  /** The job as read back after the command (deployJob always sets it). */
  jobAfter?: string;
  reason?: string;
  /** Decisions taken after ambiguous answers (a lost reply read back, a failed poll), in order. */
  notes?: string[];
  warnings: string[];
  durationMs: number;
}

export const currentImage = (job: CloudRunJobResource | undefined): string | undefined => job?.template?.template?.containers?.[0]?.image ?? undefined;

export function logsHint(project: string, job: string, execution: string): string {
  return `gcloud logging read 'resource.type="cloud_run_job" AND resource.labels.job_name="${job}" AND labels."run.googleapis.com/execution_name"="${execution}"' --project=${project} --limit=100`;
}

export function summarizeExecution(e: CloudRunExecutionResource, project: string, job: string): ExecutionSummary {
  const name = shortName(e.name);
  const completed = (e.conditions ?? []).find((c) => c.type === "Completed");
  const failed = (e.failedCount ?? 0) > 0 || completed?.state === "CONDITION_FAILED";
  return {
    name,
    status: failed ? "failed" : "succeeded",
    succeeded: e.succeededCount ?? 0,
    failed: e.failedCount ?? 0,
    tasks: e.taskCount ?? undefined,
    logUri: e.logUri || logsHint(project, job, name),
    message: completed?.message ?? undefined,
  };
}

/** One line for the job as read back: generation, readiness, image, latest execution. */
export function describeJob(job: CloudRunJobResource | undefined): string {
  if (!job) return "(the job does not exist)";
  const condition = job.terminalCondition;
  const state = job.reconciling
    ? "still applying its latest change"
    : condition?.state === "CONDITION_FAILED"
      ? `not ready (${condition.message || "no message"})`
      : "ready";
  const latest = job.latestCreatedExecution;
  const outcome = latest?.completionStatus ? ` (${latest.completionStatus.replace(/^EXECUTION_/, "").toLowerCase()})` : "";
  const execution = latest?.name ? `, latest execution ${shortName(latest.name)}${outcome}` : "";
  return `generation ${job.generation ?? "?"}, ${state}, image ${currentImage(job) ?? "(none)"}${execution}`;
}

export function formatJobReport(r: JobReleaseReport): string {
  const lines = [`${shownName(r.job, r.cloudRunName ?? r.job)} (${r.environment}): ${r.status.toUpperCase()} in ${(r.durationMs / 1000).toFixed(1)}s`];
  for (const w of r.warnings) lines.push(`  WARNING: ${w}`);
  lines.push(`  image:  ${r.image}`);
  if (r.previousImage) lines.push(`  previous image: ${r.previousImage}`);
  if (r.execution) {
    const e = r.execution;
    lines.push(`  execution: ${e.name} ${e.status.toUpperCase()}${e.tasks !== undefined ? ` (${e.succeeded ?? 0}/${e.tasks} tasks succeeded)` : ""}`);
    for (const line of e.overrides ? formatOverrides(e.overrides) : []) lines.push(`  ${line}`);
    if (e.logUri) lines.push(`  logs: ${e.logUri}`);
  }
  if (r.jobAfter) lines.push(`  job now: ${r.jobAfter}`);
  if (r.reason) lines.push(`  reason: ${r.reason}`);
  for (const n of r.notes ?? []) lines.push(`  note: ${n}`);
  return lines.join("\n");
}
