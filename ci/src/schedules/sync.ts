/**
 * Makes Cloud Scheduler match the catalog: get, then create or update only the fields that differ
 * (never failing because a job exists), pause/resume per the `paused` flag. Schedules this
 * pipeline created that the catalog no longer lists are reported, and deleted only with `prune`.
 * Spans: "sync N schedules" holds "sync schedule NAME" for each (failed when its sync failed) and
 * "look for orphaned schedules in PARENT".
 */
import { errorCode } from "../gcp/retry.js";
import { shortName } from "../gcp/run-resource.js";
import type { SchedulerGateway, SchedulerJobResource } from "../gcp/scheduler.js";
import { withSpan } from "../lib/spans.js";
import { claimOf, type ScheduleOwnership } from "./ownership.js";
import { DEFAULT_ATTEMPT_DEADLINE_SECONDS, type DesiredSchedule, MANAGED_DESCRIPTION_PREFIX } from "./render.js";

export type ScheduleAction = "created" | "updated" | "unchanged" | "paused" | "resumed" | "orphaned" | "deleted" | "failed";

export interface ScheduleOutcome {
  name: string;
  target: string;
  action: ScheduleAction;
  fields?: string[];
  error?: string;
  /** A risk the catalog's schedule carries (render.ts), said whatever the action. */
  warning?: string;
}

export interface ScheduleSyncReport {
  kind: "schedules";
  ok: boolean;
  outcomes: ScheduleOutcome[];
}

const ALREADY_EXISTS = 6;

/** Request bodies come back as bytes (or base64 text over REST). */
const bodyText = (b: Uint8Array | string | null | undefined): string =>
  b === undefined || b === null ? "" : typeof b === "string" ? Buffer.from(b, "base64").toString() : Buffer.from(b).toString();

/**
 * Headers the caller chose, by lower-case name. Cloud Scheduler sets User-Agent and the
 * X-CloudScheduler* headers itself (and may report them on the job), so they never count.
 */
function callerHeaders(headers: Record<string, string> | null | undefined): [string, string][] {
  return Object.entries(headers ?? {})
    .map(([k, v]): [string, string] => [k.toLowerCase(), v])
    .filter(([k]) => k !== "user-agent" && !k.startsWith("x-cloudscheduler"))
    .sort(([a], [b]) => a.localeCompare(b));
}

/** Cloud Scheduler stores an unset time zone as "Etc/UTC": the same zone as "UTC". */
const zone = (tz: string | null | undefined): string => (!tz || tz === "Etc/UTC" ? "UTC" : tz);

/** Field paths (update-mask names) whose values differ. */
export function changedFields(live: SchedulerJobResource, desired: SchedulerJobResource): string[] {
  const fields: string[] = [];
  if ((live.description ?? "") !== (desired.description ?? "")) fields.push("description");
  if (live.schedule !== desired.schedule) fields.push("schedule");
  if (zone(live.timeZone) !== zone(desired.timeZone)) fields.push("time_zone");
  const a = live.httpTarget ?? {};
  const b = desired.httpTarget ?? {};
  const target = (t: typeof a) =>
    JSON.stringify([t.uri, t.httpMethod ?? "POST", t.oauthToken?.serviceAccountEmail ?? null, t.oauthToken?.scope ?? null, t.oidcToken?.serviceAccountEmail ?? null, t.oidcToken?.audience ?? null, bodyText(t.body), callerHeaders(t.headers)]);
  if (target(a) !== target(b)) fields.push("http_target");
  const retry = (r: SchedulerJobResource["retryConfig"]) => JSON.stringify([r?.retryCount ?? 0, Number(r?.minBackoffDuration?.seconds ?? 5), Number(r?.maxBackoffDuration?.seconds ?? 3600), r?.maxDoublings ?? 5]);
  if (retry(live.retryConfig) !== retry(desired.retryConfig)) fields.push("retry_config");
  const deadlineOf = (j: SchedulerJobResource) => Number(j.attemptDeadline?.seconds ?? DEFAULT_ATTEMPT_DEADLINE_SECONDS);
  if (deadlineOf(live) !== deadlineOf(desired)) fields.push("attempt_deadline");
  return fields;
}

function syncOne(gw: SchedulerGateway, want: DesiredSchedule): Promise<ScheduleOutcome> {
  return withSpan(`sync schedule ${shortName(want.name)}`, async (span) => {
    const outcome = await converge(gw, want);
    span.set({ "schedule.action": outcome.action, "schedule.fields": outcome.fields });
    if (outcome.action === "failed") span.fail(outcome.error ?? "failed");
    return outcome;
  }, { "schedule.target": want.target });
}

async function converge(gw: SchedulerGateway, want: DesiredSchedule): Promise<ScheduleOutcome> {
  const base = { name: shortName(want.name), target: want.target, ...(want.warning ? { warning: want.warning } : {}) };
  try {
    let live = await gw.getJob(want.name);
    let action: ScheduleAction = "unchanged";
    let fields: string[] = [];
    if (!live) {
      try {
        live = await gw.createJob(want.parent, want.resource);
        action = "created";
      } catch (err) {
        if (errorCode(err) !== ALREADY_EXISTS) throw err;
        live = await gw.getJob(want.name);
        if (!live) throw err;
      }
    }
    if (action !== "created") {
      fields = changedFields(live, want.resource);
      if (fields.length) {
        live = await gw.updateJob(want.resource, fields);
        action = "updated";
      }
    }
    const isPaused = live.state === "PAUSED";
    if (want.paused && !isPaused) {
      await gw.pauseJob(want.name);
      if (action === "unchanged") action = "paused";
    } else if (!want.paused && isPaused) {
      await gw.resumeJob(want.name);
      if (action === "unchanged") action = "resumed";
    }
    return { ...base, action, fields: fields.length ? fields : undefined };
  } catch (err) {
    return { ...base, action: "failed", error: (err as Error).message };
  }
}

/** A schedule the catalog declares whose target cannot be built yet (e.g. a service not deployed). */
export interface UnresolvedSchedule {
  /** projects/P/locations/R/jobs/NAME */
  name: string;
  target: string;
  error: string;
}

/**
 * Syncs `desired`, reports `unresolved` as failed, then looks for orphans in `parents`. Unresolved
 * schedules are still the catalog's: they are never reported as orphans or pruned. With
 * `ownership`, only this environment's schedules are orphans (ownership.ts): another environment's
 * are left alone, and unclear ones are reported but never deleted. Without it, every managed
 * schedule in `parents` that is not wanted counts as an orphan.
 */
export function syncSchedules(
  gw: SchedulerGateway,
  desired: DesiredSchedule[],
  parents: string[],
  prune: boolean,
  unresolved: UnresolvedSchedule[] = [],
  ownership?: ScheduleOwnership,
): Promise<ScheduleSyncReport> {
  return withSpan(`sync ${desired.length + unresolved.length} schedules`, async (span) => {
    const report = await syncAll(gw, desired, parents, prune, unresolved, ownership);
    if (!report.ok) span.fail(`${report.outcomes.filter((o) => o.action === "failed").length} schedule(s) failed`);
    return report;
  }, { "schedules.prune": prune });
}

async function syncAll(gw: SchedulerGateway, desired: DesiredSchedule[], parents: string[], prune: boolean, unresolved: UnresolvedSchedule[], ownership: ScheduleOwnership | undefined): Promise<ScheduleSyncReport> {
  const outcomes: ScheduleOutcome[] = await Promise.all(desired.map((d) => syncOne(gw, d)));
  for (const u of unresolved) outcomes.push({ name: shortName(u.name), target: u.target, action: "failed", error: u.error });
  const wanted = new Set([...desired, ...unresolved].map((d) => d.name));
  for (const parent of parents) {
    const found = await withSpan(`look for orphaned schedules in ${parent}`, async (span) => {
      const orphans = await orphansOf(gw, parent, wanted, prune, ownership);
      span.set({ "schedules.orphaned": orphans.filter((o) => o.action === "orphaned").length, "schedules.deleted": orphans.filter((o) => o.action === "deleted").length });
      const failed = orphans.find((o) => o.action === "failed");
      if (failed) span.fail(failed.error ?? "failed");
      return orphans;
    });
    outcomes.push(...found);
  }
  return { kind: "schedules", ok: outcomes.every((o) => o.action !== "failed"), outcomes };
}

/** The managed schedules of `parent` the catalog no longer wants: reported, or deleted with `prune`. */
async function orphansOf(gw: SchedulerGateway, parent: string, wanted: ReadonlySet<string>, prune: boolean, ownership: ScheduleOwnership | undefined): Promise<ScheduleOutcome[]> {
  const outcomes: ScheduleOutcome[] = [];
  let listed: SchedulerJobResource[];
  try {
    listed = await gw.listJobs(parent);
  } catch (err) {
    return [{ name: parent, target: "schedules no longer in the catalog", action: "failed", error: `could not list the schedules of ${parent} to look for orphans: ${(err as Error).message}` }];
  }
  for (const job of listed) {
    if (!job.name || wanted.has(job.name) || !(job.description ?? "").startsWith(MANAGED_DESCRIPTION_PREFIX)) continue;
    const claim = claimOf(job, parent, ownership);
    if (claim.owner === "other") continue;
    if (claim.owner === "unclear") {
      outcomes.push({ name: shortName(job.name), target: job.description ?? "", action: "orphaned", warning: claim.why });
      continue;
    }
    if (!prune) {
      outcomes.push({ name: shortName(job.name), target: job.description ?? "", action: "orphaned" });
      continue;
    }
    try {
      await withSpan(`delete orphaned schedule ${shortName(job.name)}`, () => gw.deleteJob(job.name ?? ""));
      outcomes.push({ name: shortName(job.name), target: job.description ?? "", action: "deleted" });
    } catch (err) {
      outcomes.push({ name: shortName(job.name), target: job.description ?? "", action: "failed", error: (err as Error).message });
    }
  }
  return outcomes;
}

export function formatScheduleReport(r: ScheduleSyncReport): string {
  const lines = r.outcomes.flatMap((o) => [
    `  ${o.action.toUpperCase().padEnd(9)} ${o.name} -> ${o.target}${o.fields ? ` (${o.fields.join(", ")})` : ""}${o.error ? `: ${o.error}` : ""}`,
    ...(o.warning ? [`    WARNING: ${o.warning}`] : []),
  ]);
  const orphans = r.outcomes.filter((o) => o.action === "orphaned" && !o.warning).length;
  if (orphans) lines.push(`  ${orphans} schedule(s) created by this pipeline are no longer in the catalog; pass --prune to delete them.`);
  return [`schedules: ${r.ok ? "OK" : "FAILED"}`, ...lines].join("\n");
}
