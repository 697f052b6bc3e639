/**
 * The pull-request preview verbs: preview (a service's PR image as a tagged revision at 0%),
 * preview-site (a site under its pr-N/ prefix), preview-cleanup (tags, preview revisions and
 * prefixes removed when the PR closes) and prune-revisions (old unused revisions deleted).
 */
import { findService, findSite } from "../catalog/lookup.js";
import type { ServiceSpec, SiteSpec } from "../catalog/schema.js";
import { durationSecondsOf } from "../gcp/run-template.js";
import { parsePr, previewTag } from "../lib/preview-names.js";
import { publishImage } from "../registry/publish.js";
import { privateServiceError } from "../services/deploy-service.js";
import { cleanupServicePreview } from "../services/preview-cleanup.js";
import { formatPrune, formatServicePreview, previewSucceeded, revisionLines, type ServicePreviewCleanup, type ServicePreviewReport } from "../services/preview-report.js";
import { previewService } from "../services/preview.js";
import { pruneRevisions } from "../services/prune.js";
import { renderService, serviceLocation } from "../services/render.js";
import { deletePreviewPrefix, formatSitePreview, publishSitePreview, type SitePreviewCleanup, type SitePreviewReport, sitePreviewTarget } from "../site/preview.js";
import { codeBlock, table } from "../verify/markdown.js";
import { targetImage } from "../verify/target-steps.js";
import { type CommandInput, parseFormat, parseReportFormat, render, renderReport, withContext } from "./context.js";
import { checksBeforeRelease, type ReleaseContext, repositoryFor } from "./pipeline.js";
import { siteTarget, withBuiltSite } from "./sites.js";

export async function previewCommand(input: CommandInput, service: string, options: { pr: number; skipChecks: boolean; dropUnmanaged?: boolean; format: string }): Promise<string> {
  const spec = findService(input.catalog, service);
  const format = parseReportFormat(options.format);
  const pr = parsePr(options.pr);
  const report = await withContext(input, (ctx) => previewOf(ctx, spec, pr, options));
  const text = renderReport(report, formatServicePreview(report), format, (t) => previewMarkdown(report, t));
  if (!previewSucceeded(report)) throw new Error(text);
  return text;
}

/** Checks, the PR's image published by digest (tagged with the commit only), rendered, previewed. */
async function previewOf(ctx: ReleaseContext, spec: ServiceSpec, pr: number, options: { skipChecks: boolean; dropUnmanaged?: boolean }): Promise<ServicePreviewReport> {
  const idTokens = ctx.cloud.auth.idTokenUnavailable;
  const location = serviceLocation(spec, ctx.env);
  if (!spec.run.public && idTokens) throw privateServiceError(location.name.split("/").pop() ?? spec.name, idTokens);
  const warnings = await checksBeforeRelease(ctx, spec, options.skipChecks);
  const { repository, location: registryLocation } = repositoryFor(ctx, spec.name);
  // The commit's tag only: the catalog's extra tags (e.g. an environment's moving tag) belong to releases.
  const published = await publishImage({ image: await targetImage(ctx, spec), repository, location: registryLocation, tags: [ctx.gitSha], accessToken: () => ctx.cloud.auth.accessToken() });
  const rendered = renderService(spec, ctx.env, published.digestRef, ctx.gitSha);
  return previewService(ctx.cloud.cloudRun, rendered, {
    pr,
    environment: ctx.env.name,
    project: ctx.env.project,
    region: location.region,
    commit: ctx.gitSha,
    healthTimeoutMs: durationSecondsOf(ctx.catalog.project.deploy.healthTimeout) * 1000,
    idToken: (audience) => ctx.cloud.auth.idToken(audience),
    idTokenUnavailable: idTokens,
    dropUnmanaged: options.dropUnmanaged,
    warnings,
    call: ctx.call,
  });
}

export function previewMarkdown(r: ServicePreviewReport, text: string): string {
  const link = r.url ? `[${r.url}](${r.url})` : "(no URL)";
  return [`### ${r.status === "ready" ? "✅" : "❌"} Preview ${r.tag} of ${r.service} (${r.environment}): ${r.status}`, "", table(["service", "revision", "URL"], [[r.service, r.revision ?? "", link]]), "", codeBlock(text)].join("\n");
}

export async function previewSiteCommand(input: CommandInput, site: string, options: { pr: number; format: string }): Promise<string> {
  const spec = findSite(input.catalog, site);
  const format = parseReportFormat(options.format);
  const pr = parsePr(options.pr);
  const report = await withContext(input, (ctx) => previewSiteOf(ctx, spec, pr));
  const text = formatSitePreview(report);
  return renderReport(report, text, format, (t) => [`### ✅ Preview ${previewTag(pr)} of site ${spec.name} (${report.environment})`, "", `[${report.url}](${report.url})`, "", codeBlock(t)].join("\n"));
}

/** The site built and published under its preview prefix. */
export function previewSiteOf(ctx: ReleaseContext, spec: SiteSpec, pr: number): Promise<SitePreviewReport> {
  return withBuiltSite(ctx, spec, (siteDir) =>
    publishSitePreview(ctx.cloud.storage, { site: spec.name, environment: ctx.env.name, pr, siteDir, target: previewTargetOf(spec, ctx, pr), cacheControl: spec.cacheControl, contentTypes: spec.contentTypes }),
  );
}

const previewTargetOf = (spec: SiteSpec, ctx: Pick<ReleaseContext, "env">, pr: number) => sitePreviewTarget(siteTarget(spec, ctx.env), spec.preview?.bucket, pr);

export interface PreviewCleanupReport {
  kind: "preview-cleanup";
  environment: string;
  pr: number;
  tag: string;
  services: ServicePreviewCleanup[];
  sites: SitePreviewCleanup[];
}

export const cleanupSucceeded = (r: PreviewCleanupReport): boolean =>
  r.services.every((s) => !s.reason && s.failed.length === 0) && r.sites.every((s) => s.failed.length === 0 && s.remaining === 0);

/** Every service and site of the catalog, or one service (--service), cleaned up one after the other. */
export async function previewCleanupCommand(input: CommandInput, options: { pr: number; service: string; format: string }): Promise<string> {
  const pr = parsePr(options.pr);
  const format = parseFormat(options.format);
  const services = options.service ? [findService(input.catalog, options.service)] : input.catalog.services;
  const sites = options.service ? [] : input.catalog.sites;
  const report = await withContext(input, (ctx) => cleanupPreviews(ctx, pr, services, sites));
  const text = render(report, formatPreviewCleanup(report), format);
  if (!cleanupSucceeded(report)) throw new Error(text);
  return text;
}

/** PR N's previews of `services` and `sites` removed one after the other; each result read back. */
export async function cleanupPreviews(ctx: Pick<ReleaseContext, "env" | "cloud">, pr: number, services: readonly ServiceSpec[], sites: readonly SiteSpec[]): Promise<PreviewCleanupReport> {
  const cleaned: ServicePreviewCleanup[] = [];
  for (const spec of services) cleaned.push(await cleanupServicePreview(ctx.cloud.cloudRun, { service: spec.name, name: serviceLocation(spec, ctx.env).name, pr }));
  const prefixes: SitePreviewCleanup[] = [];
  for (const spec of sites) prefixes.push(await deletePreviewPrefix(ctx.cloud.storage, spec.name, previewTargetOf(spec, ctx, pr)));
  return { kind: "preview-cleanup", environment: ctx.env.name, pr, tag: previewTag(pr), services: cleaned, sites: prefixes };
}

export function formatPreviewCleanup(r: PreviewCleanupReport): string {
  const lines = [`preview ${r.tag} cleanup (${r.environment}): ${cleanupSucceeded(r) ? "DONE" : "INCOMPLETE"}`];
  for (const s of r.services) {
    const nothing = !s.tagRemoved && s.deleted.length === 0 && s.failed.length === 0 && !s.reason;
    lines.push(`  service ${s.service}: ${nothing ? "nothing left to clean up" : s.tagRemoved ? `tag ${s.tag} removed` : `tag ${s.tag} not present`}`);
    lines.push(...revisionLines("deleted", s.deleted), ...revisionLines("kept   ", s.kept), ...revisionLines("FAILED ", s.failed));
    if (s.trafficAfter !== undefined) lines.push(`    traffic after: ${s.trafficAfter}`);
    if (s.reason) lines.push(`    reason: ${s.reason}`);
  }
  for (const s of r.sites) {
    const state = s.deleted === 0 && s.remaining === 0 && s.failed.length === 0 ? "nothing left to clean up" : `${s.deleted} object(s) deleted, ${s.remaining} left`;
    lines.push(`  site ${s.site} gs://${s.bucket}/${s.prefix}: ${state}`);
    lines.push(...s.failed.map((f) => `    FAILED ${f.object}: ${f.error}`));
  }
  return lines.join("\n");
}

export async function pruneRevisionsCommand(input: CommandInput, service: string, options: { keep: number; dryRun: boolean; format: string }): Promise<string> {
  const spec = findService(input.catalog, service);
  const format = parseFormat(options.format);
  const report = await withContext(input, (ctx) =>
    pruneRevisions(ctx.cloud.cloudRun, { service: spec.name, name: serviceLocation(spec, ctx.env).name, environment: ctx.env.name, keep: options.keep, dryRun: options.dryRun, deployCommand: ctx.call(`deploy --service=${spec.name} --env=${ctx.env.name}`) }),
  );
  const text = render(report, formatPrune(report), format);
  if (report.failed.length) throw new Error(text);
  return text;
}
