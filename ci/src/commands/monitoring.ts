/**
 * The monitoring verb: Cloud Monitoring made to match the catalog's monitoring settings in one
 * environment (uptime checks and alert policies, monitoring/), with the command's one auth client.
 * Also what deploy-all runs after the releases when the catalog has monitoring settings.
 */
import type { ClientOptions } from "../gcp/cloud-run.js";
import { GoogleMonitoringGateway, type MonitoringGateway } from "../gcp/monitoring.js";
import { renderMonitoring } from "../monitoring/render.js";
import { formatMonitoringReport } from "../monitoring/report.js";
import { catalogMonitoring } from "../monitoring/settings.js";
import { type MonitoringReport, syncMonitoring } from "../monitoring/sync.js";
import { type CommandInput, parseFormat, render, withContext } from "./context.js";
import type { ReleaseContext } from "./pipeline.js";

export interface MonitoringFlags {
  prune: boolean;
  dryRun: boolean;
}

export async function monitoringCommand(input: CommandInput, prune: boolean, dryRun: boolean, format: string): Promise<string> {
  const out = parseFormat(format);
  const report = await withContext(input, (ctx) => releaseMonitoring(ctx, { prune, dryRun }));
  const text = render(report, formatMonitoringReport(report), out);
  if (!report.ok) throw new Error(text);
  return text;
}

/** Cloud Monitoring of `ctx.env.project`, over the environment's auth client. */
const openMonitoring = (ctx: ReleaseContext): GoogleMonitoringGateway =>
  new GoogleMonitoringGateway({ authClient: ctx.cloud.auth.authClient, projectId: ctx.env.project } as ClientOptions);

/** Syncs the environment's monitoring; `open` gives the gateway (tests point it at the fake) and is closed after. */
export async function releaseMonitoring(ctx: ReleaseContext, flags: MonitoringFlags, open: (ctx: ReleaseContext) => MonitoringGateway & { close(): Promise<void> } = openMonitoring): Promise<MonitoringReport> {
  const desired = renderMonitoring(ctx.env.name, catalogMonitoring(ctx.catalog, ctx.env));
  const gateway = open(ctx);
  try {
    return await syncMonitoring(gateway, { project: ctx.env.project, env: ctx.env.name, desired, ...flags });
  } finally {
    await gateway.close().catch(() => undefined);
  }
}
