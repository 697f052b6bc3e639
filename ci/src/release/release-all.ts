/**
 * deploy-all across the whole catalog: services (via deployAllServices), jobs and sites, each
 * group under the concurrency limit, then the schedules (service schedules need live URLs).
 * One report; a failure anywhere neither stops nor rolls back the rest.
 */
import type { JobReleaseReport } from "../jobs/deploy-job.js";
import { formatJobReport } from "../jobs/deploy-job.js";
import type { ScheduleSyncReport } from "../schedules/sync.js";
import { formatScheduleReport } from "../schedules/sync.js";
import { formatSiteSyncReport, type SiteSyncReport } from "../site/site-sync.js";
import { deployAllServices, formatDeployAll, type DeployAllReport } from "./deploy-all.js";
import { runPool } from "../lib/pool.js";
import { succeeded, type ServiceReleaseReport } from "./report.js";

export interface ReleaseAllReport {
  kind: "release-all";
  environment: string;
  ok: boolean;
  services: DeployAllReport;
  jobs: JobReleaseReport[];
  sites: Array<{ site: string; report: SiteSyncReport }>;
  schedules?: ScheduleSyncReport;
  errors: Array<{ target: string; error: string }>;
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
  const ok = services.ok && errors.length === 0 && jobs.every(succeeded) && (schedules?.ok ?? true);
  return { kind: "release-all", environment: plan.environment, ok, services, jobs, sites, schedules, errors, durationMs: Date.now() - started };
}

export function formatReleaseAll(r: ReleaseAllReport): string {
  const lines = [`deploy-all (${r.environment}): ${r.ok ? "OK" : "FAILED"} in ${(r.durationMs / 1000).toFixed(1)}s`, "", "== services", formatDeployAll(r.services)];
  if (r.jobs.length) lines.push("", "== jobs", ...r.jobs.map(formatJobReport));
  if (r.sites.length) lines.push("", "== sites", ...r.sites.map((s) => `${s.site}:\n${formatSiteSyncReport(s.report)}`));
  if (r.schedules) lines.push("", "== schedules", formatScheduleReport(r.schedules));
  if (r.errors.length) lines.push("", "== failed before a report", ...r.errors.map((e) => `${e.target}: ${e.error}`));
  return lines.join("\n");
}
