/**
 * The service verbs: publish, deploy, plan, rollback, status.
 */
import { hookJobIdOf } from "../catalog/hook-checks.js";
import { findBuildable, findService } from "../catalog/lookup.js";
import { formatPlan, planService } from "../services/plan.js";
import { renderService, serviceLocation } from "../services/render.js";
import { formatServiceReport, succeeded } from "../services/report.js";
import { formatRollback, rollbackService } from "../services/rollback.js";
import { formatStatus, serviceStatus } from "../services/status.js";
import { hookSummary } from "./hooks.js";
import { type CommandInput, parseFormat, parseStrategy, render, withContext } from "./context.js";
import { publishImageOf, releaseService, repositoryFor } from "./pipeline.js";

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

/** `strategy` does not change the plan; it is validated so `deploy --dry-run` refuses what `deploy` would. */
export async function planCommand(input: CommandInput, service: string, format: string, strategy = ""): Promise<string> {
  const spec = findService(input.catalog, service);
  const out = parseFormat(format);
  parseStrategy(strategy);
  return withContext(input, async (ctx) => {
    const rendered = renderService(spec, ctx.env, `${repositoryFor(ctx, spec.name).repository}:${ctx.gitSha}`, ctx.gitSha);
    const plan = { ...(await planService(ctx.cloud.cloudRun, rendered, ctx.gitSha)), hooks: hookSummary(spec, (hook) => hookJobIdOf(rendered.serviceId, hook)) };
    return render(plan, formatPlan(plan), out);
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
