/**
 * The service verbs: publish, deploy, plan, rollback, status.
 */
import { hookJobIdOf } from "../catalog/hook-checks.js";
import { catalogEnvironments, findBuildable, findService, type ResolvedEnvironment } from "../catalog/lookup.js";
import type { ServiceSpec } from "../catalog/schema.js";
import type { CloudRunGateway } from "../gcp/cloud-run.js";
import { type DriftReport, driftReport, environmentRow, formatDriftReport, serviceDrift } from "../services/drift.js";
import { formatPlan, planService } from "../services/plan.js";
import { renderService, serviceLocation } from "../services/render.js";
import { formatServiceReport, succeeded } from "../services/report.js";
import { formatRollback, rollbackService } from "../services/rollback.js";
import { formatStatus, serviceStatus } from "../services/status.js";
import { deployMarkdown, planMarkdown } from "../verify/markdown.js";
import { type CommandInput, type OutputFormat, parseFormat, parseReportFormat, parseStrategy, render, renderReport, withClouds, withContext } from "./context.js";
import { hookSummary } from "./hooks.js";
import { publishImageOf, releaseService, repositoryFor } from "./pipeline.js";
import { serviceScope, withPreflight } from "./preflight.js";

export async function publishCommand(input: CommandInput, service: string): Promise<string> {
  const spec = findBuildable(input.catalog, service);
  return withContext(input, async (ctx) => (await publishImageOf(ctx, spec)).digestRef);
}

export async function deployCommand(input: CommandInput, service: string, options: { strategy: string; skipChecks: boolean; format: string; dropUnmanaged?: boolean; preflight?: boolean }): Promise<string> {
  const spec = findService(input.catalog, service);
  const format = parseReportFormat(options.format);
  const strategy = parseStrategy(options.strategy);
  const report = await withContext(input, (ctx) =>
    withPreflight(ctx, options.preflight, (warnings) => releaseService(ctx, spec, { strategy, skipChecks: options.skipChecks, dropUnmanaged: options.dropUnmanaged, warnings }), serviceScope(ctx, service)),
  );
  const text = renderReport(report, formatServiceReport(report), format, (t) => deployMarkdown(report, t));
  if (!succeeded(report)) throw new Error(text);
  return text;
}

/** `strategy` does not change the plan; it is validated so `deploy --dry-run` refuses what `deploy` would. */
/** `plan --service` (text or json) and `deploy --dry-run` (also markdown, as deploy's reports). */
export async function planCommand(input: CommandInput, service: string, format: string, strategy = "", markdown = false): Promise<string> {
  const spec = findService(input.catalog, service);
  const out = markdown ? parseReportFormat(format) : parseFormat(format);
  parseStrategy(strategy);
  return withContext(input, async (ctx) => {
    const rendered = renderService(spec, ctx.env, `${repositoryFor(ctx, spec.name).repository}:${ctx.gitSha}`, ctx.gitSha);
    const plan = { ...(await planService(ctx.cloud.cloudRun, rendered, ctx.gitSha)), hooks: hookSummary(spec, (hook) => hookJobIdOf(rendered.serviceId, hook)) };
    return renderReport(plan, formatPlan(plan), out, (t) => planMarkdown(plan, ctx.env.name, t));
  });
}

export async function rollbackCommand(input: CommandInput, service: string, toRevision: string, format: string): Promise<string> {
  const spec = findService(input.catalog, service);
  const out = parseFormat(format);
  return withContext(input, async (ctx) => {
    const { name } = serviceLocation(spec, ctx.env);
    const report = await rollbackService(ctx.cloud.cloudRun, name, toRevision || undefined, { environment: ctx.env.name, target: spec.name, call: ctx.call });
    return render(report, formatRollback(report), out);
  });
}

export async function statusCommand(input: CommandInput, service: string, format: string, options: { allEnvs?: boolean } = {}): Promise<string> {
  const out = parseFormat(format);
  const specs = service ? [findService(input.catalog, service)] : input.catalog.services;
  if (options.allEnvs) return allEnvironmentsStatus(input, specs, out);
  return withContext(input, async (ctx) => {
    const all = await Promise.all(specs.map((spec) => serviceStatus(ctx.cloud.cloudRun, serviceLocation(spec, ctx.env).name, spec.name)));
    return out === "json" ? JSON.stringify(all, null, 2) : all.map(formatStatus).join("\n\n");
  });
}

/**
 * status --all-envs: every declared environment read (read-only), one table of what each serves
 * per service, with DRIFT where they differ. An environment that cannot be read is shown as such.
 */
async function allEnvironmentsStatus(input: CommandInput, specs: ServiceSpec[], out: OutputFormat): Promise<string> {
  if (input.env) throw new Error(`--all-envs reads every environment of the catalog; drop --env=${input.env} (or drop --all-envs to see ${input.env} alone).`);
  const envs = catalogEnvironments(input.catalog);
  const report = await withClouds(input.credentials, envs, (clouds) => readDrift(specs, envs.map((env, i) => ({ env, cloudRun: clouds[i]!.cloudRun }))));
  return render(report, formatDriftReport(report, input.call), out);
}

/** Every service read in every environment (read-only; a failed read becomes that row's error). */
export async function readDrift(specs: ServiceSpec[], envs: Array<{ env: ResolvedEnvironment; cloudRun: CloudRunGateway }>): Promise<DriftReport> {
  const reads = await Promise.all(
    envs.map(({ env, cloudRun }) => Promise.all(specs.map((spec) => serviceStatus(cloudRun, serviceLocation(spec, env).name, spec.name).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))))))),
  );
  const services = specs.map((spec, s) => serviceDrift(spec.name, envs.map(({ env }, e) => environmentRow(env.name, reads[e]![s]!))));
  return driftReport(envs.map(({ env }) => env.name), services);
}
