/**
 * The release verbs behind the module's functions: each opens Google Cloud for the chosen
 * environment, does its work, closes the clients, and returns text for people or JSON.
 */
import type { Directory, Secret } from "@dagger.io/dagger";
import { findBuildable, findJob, findService, findSite, resolveEnvironment } from "../catalog/lookup.js";
import type { Catalog } from "../catalog/parse.js";
import { openGoogleCloud, type GoogleCloud } from "./cloud.js";
import type { Strategy } from "./deploy-service.js";
import { publishImageOf, releaseService, repositoryFor, type ReleaseContext } from "./pipeline.js";
import { formatPlan, planService } from "./plan.js";
import { renderService, serviceLocation } from "./render.js";
import { formatServiceReport, succeeded } from "./report.js";
import { formatRollback, rollbackService } from "./rollback.js";
import { formatStatus, serviceStatus } from "./status.js";
import { deployJob, formatJobReport, previousImageOf } from "../jobs/deploy-job.js";
import { parseExecutionOverrides, type ExecutionOverrideFlags } from "../jobs/execution-overrides.js";
import { formatJobPlan, planJob } from "../jobs/plan-job.js";
import { jobLocation, jobRunSettingsFor, renderJob } from "../jobs/render.js";
import { formatScheduleReport } from "../schedules/sync.js";
import { formatSiteSyncReport } from "../site/site-sync.js";
import { formatReleaseAll, releaseAll, type ReleaseAllPlan } from "./release-all.js";
import { releaseJob, releaseSchedules, releaseSite } from "./targets.js";

export type OutputFormat = "text" | "json";

export function parseFormat(format: string): OutputFormat {
  if (format !== "text" && format !== "json") throw new Error(`--format must be "text" or "json", not "${format}".`);
  return format;
}

export function parseStrategy(strategy: string): Strategy | undefined {
  if (strategy === "") return undefined;
  if (strategy !== "blue-green" && strategy !== "direct") throw new Error(`--strategy must be "blue-green" or "direct", not "${strategy}".`);
  return strategy;
}

export interface CommandInput {
  source: Directory;
  catalog: Catalog;
  gitSha: string;
  credentials: Secret;
  env?: string;
  /** --build-secrets: `ID=value` lines for the catalog's build.secrets. */
  buildSecrets?: Secret;
}

async function withContext<T>(input: CommandInput, fn: (ctx: ReleaseContext) => Promise<T>): Promise<T> {
  const env = resolveEnvironment(input.catalog, input.env);
  let cloud: GoogleCloud | undefined;
  try {
    cloud = await openGoogleCloud(input.credentials, env);
    return await fn({ source: input.source, catalog: input.catalog, env, gitSha: input.gitSha, cloud, buildSecrets: input.buildSecrets });
  } finally {
    // A failure to close must not replace the error (or result) of the work itself.
    await cloud?.close().catch(() => undefined);
  }
}

const render = (value: object, text: string, format: OutputFormat): string => (format === "json" ? JSON.stringify(value, null, 2) : text);

export async function publishCommand(input: CommandInput, service: string): Promise<string> {
  const spec = findBuildable(input.catalog, service);
  return withContext(input, async (ctx) => (await publishImageOf(ctx, spec)).digestRef);
}

export async function deployCommand(input: CommandInput, service: string, options: { strategy: string; skipChecks: boolean; format: string; dropUnmanaged?: boolean }): Promise<string> {
  const spec = findService(input.catalog, service);
  const format = parseFormat(options.format);
  const strategy = parseStrategy(options.strategy);
  const report = await withContext(input, (ctx) => releaseService(ctx, spec, { strategy, skipChecks: options.skipChecks, dropUnmanaged: options.dropUnmanaged }));
  const text = render(report, formatServiceReport(report), format);
  if (!succeeded(report)) throw new Error(text);
  return text;
}

export async function deployAllCommand(input: CommandInput, options: { strategy: string; skipChecks: boolean; prune: boolean; format: string; dropUnmanaged?: boolean }): Promise<string> {
  const format = parseFormat(options.format);
  const strategy = parseStrategy(options.strategy);
  const report = await withContext(input, (ctx) => releaseAll(deployAllPlan(ctx, { strategy, skipChecks: options.skipChecks, prune: options.prune, dropUnmanaged: options.dropUnmanaged })));
  const text = render(report, formatReleaseAll(report), format);
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
  };
}

export async function deployJobCommand(
  input: CommandInput,
  job: string,
  options: { execute: boolean; wait: boolean; skipChecks: boolean; format: string; dropUnmanaged?: boolean; overrides?: ExecutionOverrideFlags },
): Promise<string> {
  const spec = findJob(input.catalog, job);
  const format = parseFormat(options.format);
  // Checked before Google is opened; a secret of the job cannot be overridden with a plain value.
  const secrets = () => Object.keys(jobRunSettingsFor(spec, resolveEnvironment(input.catalog, input.env).name).secrets);
  const overrides = options.overrides && parseExecutionOverrides(options.overrides, { execute: options.execute, job: spec.name, secrets: options.overrides.executionEnv.length ? secrets() : [] });
  const { report, schedules } = await withContext(input, async (ctx) => {
    const report = await releaseJob(ctx, spec, { ...options, overrides });
    const schedules = spec.schedules.length ? await releaseSchedules(ctx, false, { job: spec.name }) : undefined;
    return { report, schedules };
  });
  const text = render({ ...report, schedules }, [formatJobReport(report), ...(schedules ? [formatScheduleReport(schedules)] : [])].join("\n"), format);
  if (!succeeded(report) || (schedules && !schedules.ok)) throw new Error(text);
  return text;
}

export async function rollbackJobCommand(input: CommandInput, job: string, format: string): Promise<string> {
  const spec = findJob(input.catalog, job);
  const out = parseFormat(format);
  const report = await withContext(input, async (ctx) => {
    const { name, id } = jobLocation(spec, ctx.env);
    const previous = previousImageOf(await ctx.cloud.jobs.getJob(name), id);
    return deployJob(ctx.cloud.jobs, renderJob(spec, ctx.env, previous, ctx.gitSha), {
      environment: ctx.env.name,
      project: ctx.env.project,
      commit: ctx.gitSha,
      execute: false,
      wait: false,
      executionTimeoutMs: 0,
      // A rollback must not be blocked: settings set outside the pipeline are dropped, and the report says which.
      dropUnmanaged: true,
    });
  });
  const text = render(report, formatJobReport(report), out);
  if (!succeeded(report)) throw new Error(text);
  return text;
}

export async function schedulesCommand(input: CommandInput, prune: boolean, format: string): Promise<string> {
  const out = parseFormat(format);
  const report = await withContext(input, (ctx) => releaseSchedules(ctx, prune));
  const text = render(report, formatScheduleReport(report), out);
  if (!report.ok) throw new Error(text);
  return text;
}

export async function publishSiteCommand(input: CommandInput, site: string, options: { delete: boolean; dryRun: boolean; format: string }): Promise<string> {
  const spec = findSite(input.catalog, site);
  const out = parseFormat(options.format);
  const report = await withContext(input, (ctx) => releaseSite(ctx, spec, options));
  return render(report, formatSiteSyncReport(report), out);
}

/** `strategy` does not change the plan; it is validated so `deploy --dry-run` refuses what `deploy` would. */
export async function planCommand(input: CommandInput, service: string, format: string, strategy = ""): Promise<string> {
  const spec = findService(input.catalog, service);
  const out = parseFormat(format);
  parseStrategy(strategy);
  return withContext(input, async (ctx) => {
    const rendered = renderService(spec, ctx.env, `${repositoryFor(ctx, spec.name).repository}:${ctx.gitSha}`, ctx.gitSha);
    const plan = await planService(ctx.cloud.cloudRun, rendered, ctx.gitSha);
    return render(plan, formatPlan(plan), out);
  });
}

/** plan --job: what deploy-job would change (jobs/plan-job.ts). */
export async function planJobCommand(input: CommandInput, job: string, format: string): Promise<string> {
  const spec = findJob(input.catalog, job);
  const out = parseFormat(format);
  return withContext(input, async (ctx) => {
    const rendered = renderJob(spec, ctx.env, `${repositoryFor(ctx, spec.name).repository}:${ctx.gitSha}`, ctx.gitSha);
    const plan = await planJob(ctx.cloud.jobs, rendered, ctx.gitSha);
    return render(plan, formatJobPlan(plan), out);
  });
}

export async function rollbackCommand(input: CommandInput, service: string, toRevision: string, format: string): Promise<string> {
  const spec = findService(input.catalog, service);
  const out = parseFormat(format);
  return withContext(input, async (ctx) => {
    const { name } = serviceLocation(spec, ctx.env);
    const report = await rollbackService(ctx.cloud.cloudRun, name, toRevision || undefined, { environment: ctx.env.name, target: spec.name });
    return render(report, formatRollback(report), out);
  });
}

export async function statusCommand(input: CommandInput, service: string, format: string): Promise<string> {
  const out = parseFormat(format);
  const specs = service ? [findService(input.catalog, service)] : input.catalog.services;
  return withContext(input, async (ctx) => {
    const all = await Promise.all(specs.map((spec) => serviceStatus(ctx.cloud.cloudRun, serviceLocation(spec, ctx.env).name, spec.name)));
    return out === "json" ? JSON.stringify(all, null, 2) : all.map(formatStatus).join("\n\n");
  });
}
