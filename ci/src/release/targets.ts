/**
 * Releases of jobs (with their schedules), schedules across the catalog, and sites, as the module
 * runs them. Shares checks, publish and reports with service releases.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { JobSpec, SiteSpec } from "../catalog/schema.js";
import { buildSite } from "../containers/docs.js";
import { deployJob, type JobReleaseReport } from "../jobs/deploy-job.js";
import { jobRunSettingsFor, renderJob } from "../jobs/render.js";
import { jobSchedules, scheduleParents, serviceSchedules, type DesiredSchedule } from "../schedules/render.js";
import { syncSchedules, type ScheduleSyncReport, type UnresolvedSchedule } from "../schedules/sync.js";
import { syncSite, type SiteSyncReport } from "../site/site-sync.js";
import { MKDOCS_WEBSITE } from "../site/site-sync.js";
import { checksBeforeRelease, publishImageOf, type ReleaseContext } from "./pipeline.js";
import { durationSecondsOf, serviceLocation } from "./render.js";

export interface JobReleaseOptions {
  skipChecks: boolean;
  execute: boolean;
  wait: boolean;
  /** Deploy even though the live template has settings the catalog does not manage (removing them). */
  dropUnmanaged?: boolean;
}

/** How long --wait waits: every attempt of a task at its full timeout, plus five minutes of scheduling. */
export const executionTimeoutMs = (run: { taskTimeout: string; maxRetries: number }): number =>
  (durationSecondsOf(run.taskTimeout) * (run.maxRetries + 1) + 300) * 1000;

export async function releaseJob(ctx: ReleaseContext, spec: JobSpec, options: JobReleaseOptions): Promise<JobReleaseReport> {
  const warnings = await checksBeforeRelease(ctx, spec, options.skipChecks);
  const published = await publishImageOf(ctx, spec);
  const rendered = renderJob(spec, ctx.env, published.digestRef, ctx.gitSha);
  return deployJob(ctx.cloud.jobs, rendered, {
    environment: ctx.env.name,
    project: ctx.env.project,
    commit: ctx.gitSha,
    execute: options.execute,
    wait: options.wait,
    executionTimeoutMs: executionTimeoutMs(jobRunSettingsFor(spec, ctx.env.name)),
    dropUnmanaged: options.dropUnmanaged,
    warnings,
  });
}

/** Every schedule the catalog declares; service schedules need the live service URL. */
export async function desiredSchedules(ctx: ReleaseContext, only?: { job?: string }): Promise<{ desired: DesiredSchedule[]; unresolved: UnresolvedSchedule[] }> {
  const desired: DesiredSchedule[] = [];
  const unresolved: UnresolvedSchedule[] = [];
  for (const spec of ctx.catalog.jobs) if (!only?.job || only.job === spec.name) desired.push(...jobSchedules(spec, ctx.env));
  if (only?.job) return { desired, unresolved };
  for (const spec of ctx.catalog.services) {
    if (!spec.schedules.length) continue;
    const { parent, name } = serviceLocation(spec, ctx.env);
    const live = await ctx.cloud.cloudRun.getService(name);
    if (live?.uri) {
      desired.push(...serviceSchedules(spec, ctx.env, live.uri));
      continue;
    }
    // Without a URL there is no target yet; these schedules fail alone and are never pruned.
    for (const s of spec.schedules) {
      unresolved.push({
        name: `${parent}/jobs/${s.name}`,
        target: `service ${spec.name} ${s.method} ${s.path}`,
        error: `service ${spec.name} is not deployed in ${ctx.env.name}, so its URL is unknown; deploy it first (dagger call deploy --service=${spec.name} --env=${ctx.env.name})`,
      });
    }
  }
  return { desired, unresolved };
}

export async function releaseSchedules(ctx: ReleaseContext, prune: boolean, only?: { job?: string }): Promise<ScheduleSyncReport> {
  const { desired, unresolved } = await desiredSchedules(ctx, only);
  const parents = only?.job ? [] : scheduleParents(ctx.catalog, ctx.env);
  return syncSchedules(ctx.cloud.scheduler, desired, parents, prune, unresolved);
}

export function siteTarget(spec: SiteSpec, envName: string): { bucket: string; prefix: string } {
  const override = spec.environments[envName];
  return { bucket: override?.bucket ?? spec.bucket, prefix: override?.prefix ?? spec.prefix };
}

export async function releaseSite(ctx: ReleaseContext, spec: SiteSpec, options: { delete: boolean; dryRun: boolean }): Promise<SiteSyncReport> {
  const dir = await mkdtemp(path.join(tmpdir(), `site-${spec.name}-`));
  try {
    const siteDir = await (await buildSite(ctx.source, spec, ctx.catalog.files[`site:${spec.name}`])).export(dir);
    return await syncSite(ctx.cloud.storage, {
      siteDir,
      ...siteTarget(spec, ctx.env.name),
      delete: options.delete,
      dryRun: options.dryRun,
      cacheControl: spec.cacheControl,
      contentTypes: spec.contentTypes,
      website: spec.website === false ? undefined : { ...MKDOCS_WEBSITE, ...spec.website },
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
