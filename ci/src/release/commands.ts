/**
 * The release verbs behind the module's functions: each opens Google Cloud for the chosen
 * environment, does its work, closes the clients, and returns text for people or JSON.
 */
import type { Directory, Secret } from "@dagger.io/dagger";
import { findService, resolveEnvironment } from "../catalog/lookup.js";
import type { Catalog } from "../catalog/parse.js";
import { openGoogleCloud, type GoogleCloud } from "./cloud.js";
import { deployAllServices, formatDeployAll } from "./deploy-all.js";
import type { Strategy } from "./deploy-service.js";
import { publishService, releaseService, repositoryFor, type ReleaseContext } from "./pipeline.js";
import { formatPlan, planService } from "./plan.js";
import { renderService, serviceLocation } from "./render.js";
import { formatServiceReport, succeeded } from "./report.js";
import { formatRollback, rollbackService } from "./rollback.js";
import { formatStatus, serviceStatus } from "./status.js";

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
}

async function withContext<T>(input: CommandInput, fn: (ctx: ReleaseContext) => Promise<T>): Promise<T> {
  const env = resolveEnvironment(input.catalog, input.env);
  let cloud: GoogleCloud | undefined;
  try {
    cloud = await openGoogleCloud(input.credentials, env);
    return await fn({ source: input.source, catalog: input.catalog, env, gitSha: input.gitSha, cloud });
  } finally {
    await cloud?.close();
  }
}

const render = (value: object, text: string, format: OutputFormat): string => (format === "json" ? JSON.stringify(value, null, 2) : text);

export async function publishCommand(input: CommandInput, service: string): Promise<string> {
  const spec = findService(input.catalog, service);
  return withContext(input, async (ctx) => (await publishService(ctx, spec)).digestRef);
}

export async function deployCommand(input: CommandInput, service: string, options: { strategy: string; skipChecks: boolean; format: string }): Promise<string> {
  const spec = findService(input.catalog, service);
  const format = parseFormat(options.format);
  const strategy = parseStrategy(options.strategy);
  const report = await withContext(input, (ctx) => releaseService(ctx, spec, { strategy, skipChecks: options.skipChecks }));
  const text = render(report, formatServiceReport(report), format);
  if (!succeeded(report)) throw new Error(text);
  return text;
}

export async function deployAllCommand(input: CommandInput, options: { strategy: string; skipChecks: boolean; format: string }): Promise<string> {
  const format = parseFormat(options.format);
  const strategy = parseStrategy(options.strategy);
  const report = await withContext(input, (ctx) =>
    deployAllServices(
      input.catalog.services.map((s) => s.name),
      input.catalog.project.deploy.concurrency,
      ctx.env.name,
      (name) => releaseService(ctx, findService(input.catalog, name), { strategy, skipChecks: options.skipChecks }),
    ),
  );
  const text = render(report, formatDeployAll(report), format);
  if (!report.ok) throw new Error(text);
  return text;
}

export async function planCommand(input: CommandInput, service: string, format: string): Promise<string> {
  const spec = findService(input.catalog, service);
  const out = parseFormat(format);
  return withContext(input, async (ctx) => {
    const rendered = renderService(spec, ctx.env, `${repositoryFor(ctx, spec.name).repository}:${ctx.gitSha}`, ctx.gitSha);
    const plan = await planService(ctx.cloud.cloudRun, rendered, ctx.gitSha);
    return render(plan, formatPlan(plan), out);
  });
}

export async function rollbackCommand(input: CommandInput, service: string, toRevision: string, format: string): Promise<string> {
  const spec = findService(input.catalog, service);
  const out = parseFormat(format);
  return withContext(input, async (ctx) => {
    const { name } = serviceLocation(spec, ctx.env);
    const report = await rollbackService(ctx.cloud.cloudRun, name, toRevision || undefined);
    return render(report, formatRollback(report), out);
  });
}

export async function statusCommand(input: CommandInput, service: string, format: string): Promise<string> {
  const out = parseFormat(format);
  const specs = service ? [findService(input.catalog, service)] : input.catalog.services;
  return withContext(input, async (ctx) => {
    const all = await Promise.all(specs.map((spec) => serviceStatus(ctx.cloud.cloudRun, serviceLocation(spec, ctx.env).name)));
    return out === "json" ? JSON.stringify(all, null, 2) : all.map(formatStatus).join("\n\n");
  });
}
