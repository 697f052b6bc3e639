/**
 * The preflight verb, and `--preflight` for deploy and deploy-all: run the checks (preflight/)
 * against the environment with the command's one auth client, and stop on any FAIL before
 * anything is built, pushed or changed.
 */
import { findService } from "../catalog/lookup.js";
import { type PreflightScope, wholeCatalog } from "../preflight/needs.js";
import { formatPreflight } from "../preflight/report.js";
import { type PreflightReport, runPreflight } from "../preflight/runner.js";
import { type CommandInput, parseFormat, render, withContext } from "./context.js";
import type { ReleaseContext } from "./pipeline.js";

export function preflightOf(ctx: ReleaseContext, scope: PreflightScope = wholeCatalog(ctx.catalog)): Promise<PreflightReport> {
  return runPreflight({ catalog: ctx.catalog, env: ctx.env, apis: ctx.cloud.googleApis, auth: ctx.cloud.auth, scope });
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
