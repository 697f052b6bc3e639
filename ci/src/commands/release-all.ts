/**
 * deploy-all across the whole catalog: services (via deployAllServices), jobs and sites, each
 * group under the concurrency limit, then the schedules (service schedules need live URLs), then
 * monitoring when the catalog has monitoring settings (never pruned here: `monitoring --prune`).
 * One report; a failure anywhere neither stops nor rolls back the rest.
 */
import { findJob, findService, findSite } from "../catalog/lookup.js";
import { formatJobReport, type JobReleaseReport } from "../jobs/deploy-job.js";
import { runPool } from "../lib/pool.js";
import { formatMonitoringReport } from "../monitoring/report.js";
import { hasMonitoring } from "../monitoring/settings.js";
import type { MonitoringReport } from "../monitoring/sync.js";
import { formatScheduleReport, type ScheduleSyncReport } from "../schedules/sync.js";
import type { Strategy } from "../services/deploy-service.js";
import { type ServiceReleaseReport, succeeded } from "../services/report.js";
import { formatSiteSyncReport, type SiteSyncReport } from "../site/site-sync.js";
import { deployAllMarkdown } from "../verify/markdown.js";
import { type CommandInput, parseReportFormat, parseStrategy, renderReport, withContext } from "./context.js";
import { type DeployAllReport, deployAllServices, formatDeployAll } from "./deploy-all.js";
import { releaseJob } from "./jobs.js";
import { type ReleaseContext, releaseService } from "./pipeline.js";
import { withPreflight } from "./preflight.js";
import { releaseSchedules } from "./schedules.js";
import { releaseSite } from "./sites.js";

export interface ReleaseAllReport {
  kind: "release-all";
  environment: string;
  ok: boolean;
  services: DeployAllReport;
  jobs: JobReleaseReport[];
  sites: Array<{ site: string; report: SiteSyncReport }>;
  schedules?: ScheduleSyncReport;
  /** Present when the catalog has monitoring settings. */
  monitoring?: MonitoringReport;
  errors: Array<{ target: string; error: string }>;
  /** The release's own warnings (preflight's WARN rows); each target's are in its report. */
  warnings?: string[];
  durationMs: number;
}

export interface ReleaseAllPlan {
  environment: string;
  concurrency: number;
  services: string[];
  jobs: string[];
  sites: string[];
  releaseService: (name: string) => Promise<ServiceReleaseReport>;
  releaseJob: (name: string) => Promise<JobReleaseReport>;
  releaseSite: (name: string) => Promise<SiteSyncReport>;
  releaseSchedules: () => Promise<ScheduleSyncReport>;
  /** Syncs monitoring after everything else; absent when the catalog has no monitoring settings. */
  releaseMonitoring?: () => Promise<MonitoringReport>;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function releaseAll(plan: ReleaseAllPlan): Promise<ReleaseAllReport> {
  const started = Date.now();
  const errors: ReleaseAllReport["errors"] = [];
  const [services, jobResults, siteResults] = await Promise.all([
    deployAllServices(plan.services, plan.concurrency, plan.environment, plan.releaseService),
    runPool(plan.jobs, plan.concurrency, plan.releaseJob),
    runPool(plan.sites, plan.concurrency, plan.releaseSite),
  ]);
  const jobs: JobReleaseReport[] = [];
  jobResults.forEach((r, i) => (r.ok ? jobs.push(r.value) : errors.push({ target: `job ${plan.jobs[i]}`, error: message(r.error) })));
  const sites: ReleaseAllReport["sites"] = [];
  siteResults.forEach((r, i) => (r.ok ? sites.push({ site: plan.sites[i]!, report: r.value }) : errors.push({ target: `site ${plan.sites[i]}`, error: message(r.error) })));
  let schedules: ScheduleSyncReport | undefined;
  try {
    schedules = await plan.releaseSchedules();
  } catch (err) {
    errors.push({ target: "schedules", error: message(err) });
  }
  let monitoring: MonitoringReport | undefined;
  if (plan.releaseMonitoring) {
    try {
      monitoring = await plan.releaseMonitoring();
    } catch (err) {
      errors.push({ target: "monitoring", error: message(err) });
    }
  }
  const ok = services.ok && errors.length === 0 && jobs.every(succeeded) && (schedules?.ok ?? true) && (monitoring?.ok ?? true);
  return { kind: "release-all", environment: plan.environment, ok, services, jobs, sites, schedules, ...(monitoring ? { monitoring } : {}), errors, durationMs: Date.now() - started };
}

export function formatReleaseAll(r: ReleaseAllReport): string {
  const lines = [`deploy-all (${r.environment}): ${r.ok ? "OK" : "FAILED"} in ${(r.durationMs / 1000).toFixed(1)}s`, ...(r.warnings ?? []).map((w) => `  WARNING: ${w}`), "", "== services", formatDeployAll(r.services)];
  if (r.jobs.length) lines.push("", "== jobs", ...r.jobs.map(formatJobReport));
  if (r.sites.length) lines.push("", "== sites", ...r.sites.map((s) => `${s.site}:\n${formatSiteSyncReport(s.report)}`));
  if (r.schedules) lines.push("", "== schedules", formatScheduleReport(r.schedules));
  if (r.monitoring) lines.push("", "== monitoring", formatMonitoringReport(r.monitoring));
  if (r.errors.length) lines.push("", "== failed before a report", ...r.errors.map((e) => `${e.target}: ${e.error}`));
  return lines.join("\n");
}

export async function deployAllCommand(input: CommandInput, options: { strategy: string; skipChecks: boolean; prune: boolean; format: string; dropUnmanaged?: boolean; preflight?: boolean }): Promise<string> {
  const format = parseReportFormat(options.format);
  const strategy = parseStrategy(options.strategy);
  const report = await withContext(input, (ctx) =>
    withPreflight(ctx, options.preflight, async (warnings) => ({ ...(await releaseAll(deployAllPlan(ctx, { strategy, skipChecks: options.skipChecks, prune: options.prune, dropUnmanaged: options.dropUnmanaged }))), warnings })),
  );
  const text = renderReport(report, formatReleaseAll(report), format, (t) => deployAllMarkdown(report, t));
  if (!report.ok) throw new Error(text);
  return text;
}

/**
 * What deploy-all releases in the context's environment: every catalog service, job (deployed,
 * not executed) and site (uploads only, never deleting), then the schedules. Each release
 * reports a failure (an unknown name included) as a rejected promise.
 */
export function deployAllPlan(ctx: ReleaseContext, options: { strategy?: Strategy; skipChecks: boolean; prune: boolean; dropUnmanaged?: boolean }): ReleaseAllPlan {
  const { catalog } = ctx;
  return {
    environment: ctx.env.name,
    concurrency: catalog.project.deploy.concurrency,
    services: catalog.services.map((s) => s.name),
    jobs: catalog.jobs.map((j) => j.name),
    sites: catalog.sites.map((s) => s.name),
    releaseService: async (name) => releaseService(ctx, findService(catalog, name), { strategy: options.strategy, skipChecks: options.skipChecks, dropUnmanaged: options.dropUnmanaged }),
    releaseJob: async (name) => releaseJob(ctx, findJob(catalog, name), { skipChecks: options.skipChecks, execute: false, wait: false, dropUnmanaged: options.dropUnmanaged }),
    releaseSite: async (name) => releaseSite(ctx, findSite(catalog, name), { delete: false, dryRun: false }),
    releaseSchedules: async () => releaseSchedules(ctx, options.prune),
    // Imported on use: catalogs without monitoring never load the Cloud Monitoring client.
    ...(hasMonitoring(catalog) ? { releaseMonitoring: async () => (await import("./monitoring.js")).releaseMonitoring(ctx, { prune: false, dryRun: false }) } : {}),
  };
}
