/**
 * The schedules verb: Cloud Scheduler made to match the catalog's schedules in one environment.
 */
import { schedulerJobPathOf } from "../catalog/naming.js";
import { scheduleOwnership } from "../schedules/ownership.js";
import { type DesiredSchedule, jobSchedules, scheduleParents, scheduleTargetOf, serviceSchedules } from "../schedules/render.js";
import { formatScheduleReport, type ScheduleSyncReport, syncSchedules, type UnresolvedSchedule } from "../schedules/sync.js";
import { serviceLocation } from "../services/render.js";
import { type CommandInput, parseFormat, render, withContext } from "./context.js";
import type { ReleaseContext } from "./pipeline.js";

export async function schedulesCommand(input: CommandInput, prune: boolean, format: string): Promise<string> {
  const out = parseFormat(format);
  const report = await withContext(input, (ctx) => releaseSchedules(ctx, prune));
  const text = render(report, formatScheduleReport(report), out);
  if (!report.ok) throw new Error(text);
  return text;
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
        error: `service ${id} is not deployed in ${ctx.env.name} (${parent}), so its URL is unknown; deploy it first (${ctx.call(`deploy --service=${spec.name} --env=${ctx.env.name}`)})`,
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
