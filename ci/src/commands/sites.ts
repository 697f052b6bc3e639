/**
 * The site verb: publish-site, one MkDocs site built and synced to its bucket and prefix in one
 * environment.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findSite, reachableEnvironments } from "../catalog/lookup.js";
import { type NamingEnvironment, nestedSitePrefixesOf, type SiteTarget, siteTargetOf } from "../catalog/naming.js";
import type { SiteSpec } from "../catalog/schema.js";
import { buildSite } from "../containers/docs.js";
import { PREVIEW_FOLDER } from "../lib/preview-names.js";
import { formatSiteSyncReport, MKDOCS_WEBSITE, type SiteSyncReport, syncSite } from "../site/site-sync.js";
import { publishSiteMarkdown } from "../verify/markdown.js";
import { type CommandInput, parseReportFormat, renderReport, withContext } from "./context.js";
import type { ReleaseContext } from "./pipeline.js";

export async function publishSiteCommand(input: CommandInput, site: string, options: { delete: boolean; dryRun: boolean; format: string }): Promise<string> {
  const spec = findSite(input.catalog, site);
  const out = parseReportFormat(options.format);
  const report = await withContext(input, (ctx) => releaseSite(ctx, spec, options));
  return renderReport(report, formatSiteSyncReport(report), out, (t) => publishSiteMarkdown(spec.name, report, t));
}

/** Where a site is published in an environment (catalog/naming.ts siteTargetOf); a bare name is an environment without a nameSuffix. */
export function siteTarget(spec: SiteSpec, env: NamingEnvironment | string): SiteTarget {
  return siteTargetOf(spec, typeof env === "string" ? { name: env, nameSuffix: "" } : env);
}

/** The site built and exported to a temporary folder for `use` (removed after it, whatever happens). */
export async function withBuiltSite<T>(ctx: ReleaseContext, spec: SiteSpec, use: (siteDir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), `site-${spec.name}-`));
  try {
    return await use(await (await buildSite(ctx.source, spec, ctx.catalog.files[`site:${spec.name}`])).export(dir));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function releaseSite(ctx: ReleaseContext, spec: SiteSpec, options: { delete: boolean; dryRun: boolean }): Promise<SiteSyncReport> {
  return withBuiltSite(ctx, spec, (siteDir) =>
    syncSite(ctx.cloud.storage, {
      siteDir,
      ...siteTarget(spec, ctx.env),
      // Environments sharing the bucket publish under their own prefixes, which may sit inside this one.
      exclude: nestedSitePrefixesOf(spec, ctx.env, reachableEnvironments(ctx.catalog)),
      // PR previews published into the site's own bucket live under its prefix (pr-N/): never deleted by a publish.
      excludeFolders: spec.preview?.bucket ? undefined : PREVIEW_FOLDER,
      delete: options.delete,
      dryRun: options.dryRun,
      cacheControl: spec.cacheControl,
      contentTypes: spec.contentTypes,
      website: spec.website === false ? undefined : { ...MKDOCS_WEBSITE, ...spec.website },
    }),
  );
}
