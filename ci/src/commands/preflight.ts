/**
 * The preflight verb, and `--preflight` for deploy and deploy-all: run the checks (preflight/)
 * against the environment with the command's one auth client, and stop on any FAIL before
 * anything is built, pushed or changed.
 */
import { findService } from "../catalog/lookup.js";
import { catalogMonitoring, type ServiceMonitoring } from "../monitoring/settings.js";
import { type PreflightScope, wholeCatalog } from "../preflight/needs.js";
import { formatPreflight } from "../preflight/report.js";
import { type PreflightReport, runPreflight } from "../preflight/runner.js";
import type { UptimeInvokerNeed } from "../preflight/uptime-invoker.js";
import { type CommandInput, parseFormat, render, withContext } from "./context.js";
import type { ReleaseContext } from "./pipeline.js";

export function preflightOf(ctx: ReleaseContext, scope: PreflightScope = wholeCatalog(ctx.catalog)): Promise<PreflightReport> {
  return runPreflight({ catalog: ctx.catalog, env: ctx.env, apis: ctx.cloud.googleApis, auth: ctx.cloud.auth, scope, call: ctx.call, uptimeInvokers: uptimeInvokers(ctx, scope) });
}

/** When monitoring is synced: the private services of the scope that get an uptime check (the Monitoring service agent calls them). */
export function uptimeInvokers(ctx: Pick<ReleaseContext, "catalog" | "env">, scope: PreflightScope): UptimeInvokerNeed[] {
  if (!scope.monitoring) return [];
  const names = new Set(scope.services.map((s) => s.name));
  return catalogMonitoring(ctx.catalog, ctx.env)
    .filter((m): m is ServiceMonitoring => m.kind === "service" && names.has(m.target) && !m.public && m.uptime !== undefined)
    .map((m) => ({ service: m.target, cloudRunId: m.cloudRunId, project: m.project, region: m.region, path: m.uptime!.path }));
}

/** What `deploy --service=NAME --preflight` checks: that service alone (no jobs, sites or schedules). */
export const serviceScope = (ctx: Pick<ReleaseContext, "catalog">, service: string): PreflightScope => ({ services: [findService(ctx.catalog, service)], jobs: [], sites: [], schedules: false });

export async function preflightCommand(input: CommandInput, format: string): Promise<string> {
  const out = parseFormat(format);
  const report = await withContext(input, (ctx) => preflightOf(ctx));
  const text = render(report, formatPreflight(report), out);
  if (!report.ok) throw new Error(text);
  return text;
}

/**
 * Runs `release` only when preflight (if `enabled`) finds no FAIL; otherwise throws the table,
 * nothing touched. `release` gets preflight's WARN rows as lines for its report's warnings.
 */
export async function withPreflight<T>(ctx: ReleaseContext, enabled: boolean | undefined, release: (warnings: string[]) => Promise<T>, scope?: PreflightScope): Promise<T> {
  if (!enabled) return release([]);
  const report = await preflightOf(ctx, scope);
  if (!report.ok) throw new Error(`the release stopped at --preflight, before anything was built, pushed or changed: ${report.counts.fail} check(s) failed.\n\n${formatPreflight(report)}`);
  return release(preflightWarnings(report));
}

/** A preflight report's WARN rows, one line each: "preflight secret alie: MESSAGE (fix: ...)". */
export function preflightWarnings(report: PreflightReport): string[] {
  return report.checks
    .filter((c) => c.status === "WARN")
    .map((c) => `preflight ${c.check} ${c.target}: ${c.message}${c.remediation ? ` (fix: ${c.remediation.split("\n").join("; ")})` : ""}`);
}
