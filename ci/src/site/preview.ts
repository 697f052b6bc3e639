/**
 * Pull-request previews of a site: where PR N is published (`PREFIX/pr-N/` of the site's bucket,
 * or of the catalog's preview bucket), and removing that prefix when the PR closes: only objects
 * whose names start with exactly `PREFIX/pr-N/` are deleted (so `pr-10/` survives the cleanup of
 * `pr-1/`, and nothing outside the prefix is listed or touched), then the prefix listed again.
 */
import type { Storage } from "@google-cloud/storage";
import { previewPrefix, previewTag } from "../lib/preview-names.js";
import { withSpan } from "../lib/spans.js";
import type { CacheControlRule } from "./cache-control.js";
import { formatSiteSyncReport, type SiteSyncReport } from "./report.js";
import { DEFAULT_RETRY, withRetry } from "./retry.js";
import { syncSite } from "./sync.js";

export interface SitePreviewTarget {
  bucket: string;
  /** "PREFIX/pr-N/": never empty, always ending in "/". */
  prefix: string;
}

/** PR N's preview of a site published at `target` in an environment; `previewBucket` from the catalog's preview.bucket. */
export function sitePreviewTarget(target: { bucket: string; prefix: string }, previewBucket: string | undefined, pr: number): SitePreviewTarget {
  return { bucket: previewBucket ?? target.bucket, prefix: previewPrefix(target.prefix, pr) };
}

/** The public URL of a preview's index page, on the Storage endpoint the client talks to. */
export const sitePreviewUrl = (storage: Storage, target: SitePreviewTarget): string =>
  `${storage.apiEndpoint.replace(/\/+$/, "")}/${target.bucket}/${target.prefix.split("/").map(encodeURIComponent).join("/")}index.html`;

export interface SitePreviewCleanup {
  site: string;
  bucket: string;
  prefix: string;
  /** Objects deleted under the prefix. */
  deleted: number;
  /** Objects still under the prefix after the cleanup (read back). */
  remaining: number;
  failed: Array<{ object: string; error: string }>;
}

async function namesUnder(storage: Storage, target: SitePreviewTarget): Promise<string[]> {
  const [files] = await storage.bucket(target.bucket).getFiles({ prefix: target.prefix, autoPaginate: true });
  // The listing is by prefix already; the check keeps the rule local and visible.
  return files.map((f) => f.name).filter((name) => name.startsWith(target.prefix));
}

/** Deletes every object under `target.prefix` (a missing bucket counts as nothing left). */
export function deletePreviewPrefix(storage: Storage, site: string, target: SitePreviewTarget): Promise<SitePreviewCleanup> {
  return withSpan(`delete preview gs://${target.bucket}/${target.prefix}`, async (span) => {
    if (!/^([A-Za-z0-9._-]+\/)*pr-[1-9][0-9]*\/$/.test(target.prefix)) throw new Error(`refusing to delete gs://${target.bucket}/${target.prefix}: a preview prefix ends in "pr-N/"`);
    const result: SitePreviewCleanup = { site, bucket: target.bucket, prefix: target.prefix, deleted: 0, remaining: 0, failed: [] };
    const [exists] = await storage.bucket(target.bucket).exists();
    if (!exists) return result;
    const names = await namesUnder(storage, target);
    for (const name of names) {
      try {
        await withRetry(() => storage.bucket(target.bucket).file(name).delete({ ignoreNotFound: true }), DEFAULT_RETRY);
        result.deleted++;
      } catch (err) {
        result.failed.push({ object: name, error: (err as Error).message });
      }
    }
    result.remaining = (await namesUnder(storage, target)).length;
    span.set({ "objects.deleted": result.deleted, "objects.remaining": result.remaining });
    if (result.failed.length || result.remaining) span.fail(`${result.remaining} object(s) left under the prefix`);
    return result;
  });
}

export interface SitePreviewReport {
  kind: "site-preview";
  site: string;
  environment: string;
  pr: number;
  bucket: string;
  prefix: string;
  /** The preview's index page. */
  url: string;
  /** Objects under the prefix after the publish, listed again. */
  objects: number;
  sync: SiteSyncReport;
}

export interface SitePreviewOptions {
  site: string;
  environment: string;
  pr: number;
  siteDir: string;
  target: SitePreviewTarget;
  cacheControl?: readonly CacheControlRule[];
  contentTypes?: Readonly<Record<string, string>>;
}

/**
 * Publishes a built site under its preview prefix: only changed files uploaded, files the build no
 * longer has deleted (inside the prefix only), the bucket's website configuration left alone.
 */
export async function publishSitePreview(storage: Storage, options: SitePreviewOptions): Promise<SitePreviewReport> {
  const { target } = options;
  const sync = await syncSite(storage, { siteDir: options.siteDir, bucket: target.bucket, prefix: target.prefix, delete: true, cacheControl: options.cacheControl, contentTypes: options.contentTypes });
  const objects = (await namesUnder(storage, target)).length;
  return { kind: "site-preview", site: options.site, environment: options.environment, pr: options.pr, bucket: target.bucket, prefix: target.prefix, url: sitePreviewUrl(storage, target), objects, sync };
}

export function formatSitePreview(r: SitePreviewReport): string {
  return [`site ${r.site} (${r.environment}) preview ${previewTag(r.pr)}: PUBLISHED gs://${r.bucket}/${r.prefix} (${r.objects} object(s))`, `  url: ${r.url}`, formatSiteSyncReport(r.sync)].join("\n");
}
