/**
 * Releases of jobs (with their schedules), schedules across the catalog, and sites, as the module
 * runs them. Shares checks, publish and reports with service releases.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { reachableEnvironments } from "../catalog/lookup.js";
import { nestedSitePrefixesOf, schedulerJobPathOf, siteTargetOf, type NamingEnvironment, type SiteTarget } from "../catalog/naming.js";
import type { JobSpec, SiteSpec } from "../catalog/schema.js";
import { buildSite } from "../containers/docs.js";
import { deployJob, type JobReleaseReport } from "../jobs/deploy-job.js";
import type { ExecutionOverrides } from "../jobs/execution-overrides.js";
import { jobRunSettingsFor, renderJob } from "../jobs/render.js";
import { scheduleOwnership } from "../schedules/ownership.js";
import { jobSchedules, scheduleParents, scheduleTargetOf, serviceSchedules, type DesiredSchedule } from "../schedules/render.js";
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
  /** With `execute`: args, env, task count and task timeout of this execution only. */
  overrides?: ExecutionOverrides;
}

/** How long --wait waits: every attempt of a task at its full timeout, plus five minutes of scheduling. */
export const executionTimeoutMs = (run: { taskTimeout: string; maxRetries: number }): number =>
  (durationSecondsOf(run.taskTimeout) * (run.maxRetries + 1) + 300) * 1000;

export async function releaseJob(ctx: ReleaseContext, spec: JobSpec, options: JobReleaseOptions): Promise<JobReleaseReport> {
  const warnings = await checksBeforeRelease(ctx, spec, options.skipChecks);
  const published = await publishImageOf(ctx, spec);
  const rendered = renderJob(spec, ctx.env, published.digestRef, ctx.gitSha);
  const run = jobRunSettingsFor(spec, ctx.env.name);
  return deployJob(ctx.cloud.jobs, rendered, {
    environment: ctx.env.name,
    project: ctx.env.project,
    commit: ctx.gitSha,
    execute: options.execute,
    wait: options.wait,
    overrides: options.overrides,
    // --task-timeout gives every task of this execution its own timeout.
    executionTimeoutMs: executionTimeoutMs({ ...run, taskTimeout: options.overrides?.taskTimeout ?? run.taskTimeout }),
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
    const { parent, name, id } = serviceLocation(spec, ctx.env);
    const live = await ctx.cloud.cloudRun.getService(name);
    if (live?.uri) {
      desired.push(...serviceSchedules(spec, ctx.env, live.uri));
      continue;
    }
    // Without a URL there is no target yet; these schedules fail alone and are never pruned.
    for (const s of spec.schedules) {
      unresolved.push({
        name: schedulerJobPathOf(parent, s, ctx.env),
        target: `${scheduleTargetOf("service", spec.name, id)} ${s.method} ${s.path}`,
        error: `service ${id} is not deployed in ${ctx.env.name} (${parent}), so its URL is unknown; deploy it first (dagger call deploy --service=${spec.name} --env=${ctx.env.name})`,
      });
    }
  }
  return { desired, unresolved };
}

export async function releaseSchedules(ctx: ReleaseContext, prune: boolean, only?: { job?: string }): Promise<ScheduleSyncReport> {
  const { desired, unresolved } = await desiredSchedules(ctx, only);
  const parents = only?.job ? [] : scheduleParents(ctx.catalog, ctx.env);
  // Environments may share a location: only this environment's schedules can be its orphans.
  return syncSchedules(ctx.cloud.scheduler, desired, parents, prune, unresolved, scheduleOwnership(ctx.catalog, ctx.env));
}

/** Where a site is published in an environment (catalog/naming.ts siteTargetOf); a bare name is an environment without a nameSuffix. */
export function siteTarget(spec: SiteSpec, env: NamingEnvironment | string): SiteTarget {
  return siteTargetOf(spec, typeof env === "string" ? { name: env, nameSuffix: "" } : env);
}

export async function releaseSite(ctx: ReleaseContext, spec: SiteSpec, options: { delete: boolean; dryRun: boolean }): Promise<SiteSyncReport> {
  const dir = await mkdtemp(path.join(tmpdir(), `site-${spec.name}-`));
  try {
    const siteDir = await (await buildSite(ctx.source, spec, ctx.catalog.files[`site:${spec.name}`])).export(dir);
    return await syncSite(ctx.cloud.storage, {
      siteDir,
      ...siteTarget(spec, ctx.env),
      // Environments sharing the bucket publish under their own prefixes, which may sit inside this one.
      exclude: nestedSitePrefixesOf(spec, ctx.env, reachableEnvironments(ctx.catalog)),
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
