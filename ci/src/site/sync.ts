/**
 * Publishes a built static site to a Cloud Storage bucket (prefix): uploads only new or changed
 * files (md5/crc32c and headers compared with one listing), sets Content-Type and
 * Cache-Control, deletes extraneous objects only when asked and only after every upload
 * succeeded, and sets the bucket's website configuration when it differs.
 *
 * Spans: "publish site to gs://B/P" holds one span per phase (hash, check the bucket, list, upload,
 * delete, website), never one per file: the upload span carries its progress as attributes
 * (files.uploaded, files.total) and about twenty "uploaded N of M files" events.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Bucket, FileMetadata, Storage } from "@google-cloud/storage";
import type { CacheControlRule } from "./cache-control.js";
import { SiteSyncIncomplete } from "./errors.js";
import { readLocalSite } from "./local-site.js";
import { digestFile } from "./hash.js";
import {
  pathsNeedingCrc32c,
  planSiteSync,
  type LocalSiteFile,
  type PlannedUpload,
  type RemoteSiteObject,
  type SyncPlan,
} from "./plan.js";
import { mapPool, runPool } from "../lib/pool.js";
import { progress, withSpan } from "../lib/spans.js";
import { checkBucketReady } from "./preflight.js";
import type { SiteSyncFailure, SiteSyncReport } from "./report.js";
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from "./retry.js";
import { websiteNeedsUpdate, type WebsiteConfig } from "./website.js";

export interface SiteSyncOptions {
  /** Local folder with the built site (e.g. MkDocs' `site/`). */
  siteDir: string;
  bucket: string;
  /** Folder inside the bucket; objects outside it are never touched. */
  prefix?: string;
  /** Delete objects under the prefix that the build no longer has. */
  delete?: boolean;
  /** Folders under the prefix that belong to others (other environments' site prefixes): left alone. */
  exclude?: readonly string[];
  /** Folders directly under the prefix that belong to others by name (pull-request previews, "pr-12/"): left alone. */
  excludeFolders?: RegExp;
  /** Plan only: no mutating call is made. */
  dryRun?: boolean;
  /** Uploads (and deletions) in flight at most. Default 16. */
  concurrency?: number;
  /** Catalog Cache-Control rules, checked before the defaults; first match wins. */
  cacheControl?: readonly CacheControlRule[];
  /** Extension -> Content-Type overrides. */
  contentTypes?: Readonly<Record<string, string>>;
  /** Bucket website configuration to converge to; left alone when absent. */
  website?: WebsiteConfig;
  /** Retry policy for transient errors. */
  retry?: Partial<RetryPolicy>;
  /** Files larger than this use a resumable upload. Default 8 MiB. */
  resumableThreshold?: number;
}

export const DEFAULT_CONCURRENCY = 16;

/**
 * Syncs `options.siteDir` to `gs://bucket/prefix`. Throws SiteBucketNotReady before any
 * upload when the bucket is missing or not writable, and SiteSyncIncomplete (carrying the
 * report) when an upload or deletion failed.
 */
export function syncSite(storage: Storage, options: SiteSyncOptions): Promise<SiteSyncReport> {
  const where = `gs://${options.bucket}/${options.prefix ?? ""}`;
  return withSpan(`${options.dryRun ? "plan" : "publish"} site to ${where}`, async (span) => {
    const report = await sync(storage, options);
    span.set({ "files.uploaded": report.uploaded.length, "files.unchanged": report.unchanged, "objects.deleted": report.deleted.length, "bytes.uploaded": report.bytesUploaded, retries: report.retries });
    return report;
  }, { "site.dir": options.siteDir, "site.bucket": options.bucket, "site.prefix": options.prefix ?? "" });
}

async function sync(storage: Storage, options: SiteSyncOptions): Promise<SiteSyncReport> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`concurrency must be a whole number >= 1, got ${concurrency}`);
  }
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const bucket = storage.bucket(options.bucket);
  let retries = 0;
  const retrying = <T>(operation: () => Promise<T>): Promise<T> => withRetry(operation, retry, () => void retries++);

  // Hash the site while the bucket is checked and listed.
  const [localResult, remoteResult] = await Promise.allSettled([
    readLocalSite(options.siteDir, { cacheControl: options.cacheControl, contentTypes: options.contentTypes }),
    (async () => {
      const preflight = await withSpan(`check bucket ${options.bucket}`, () => checkBucketReady(bucket, { website: options.website !== undefined, customEndpoint: storage.customEndpoint }));
      // Listing and metadata reads are idempotent: the client library retries them itself.
      return { preflight, listing: await listObjects(bucket, options.prefix) };
    })(),
  ]);
  if (remoteResult.status === "rejected") throw remoteResult.reason;
  if (localResult.status === "rejected") throw localResult.reason;
  if (localResult.value.length === 0) {
    throw new Error(
      `site folder ${options.siteDir} has no files; refusing to sync an empty site to gs://${options.bucket} ` +
        "(it would leave the site empty). Check that the site was built into this folder.",
    );
  }
  const listing = remoteResult.value.listing;
  const local = await withCrc32cWhereNeeded(options.siteDir, localResult.value, listing, options.prefix);
  const plan = planSiteSync(local, listing, { prefix: options.prefix, delete: options.delete ?? false, exclude: options.exclude, excludeFolders: options.excludeFolders });
  const report = emptyReport(options, plan, remoteResult.value.preflight.permissionsChecked);

  if (options.dryRun) {
    report.uploaded = plan.uploads.map((u) => u.objectName);
    report.bytesUploaded = sum(plan.uploads.map((u) => u.file.size));
    report.deleted = plan.deletions;
    if (options.website) report.websiteUpdated = websiteNeedsUpdate(await currentWebsite(bucket), options.website);
    return report;
  }

  const resumableThreshold = options.resumableThreshold ?? 8 * 1024 * 1024;
  const uploads = await withSpan(`upload ${plan.uploads.length} of ${local.length} files`, async (span) => {
    const uploaded = progress(span, plan.uploads.length, "uploaded", "files");
    const outcomes = await runPool(plan.uploads, concurrency, async (upload) => {
      await retrying(() => uploadFile(bucket, options.siteDir, upload, resumableThreshold));
      uploaded();
    });
    const failed = outcomes.filter((o) => !o.ok).length;
    span.set({ "files.total": plan.uploads.length, "files.failed": failed, retries });
    if (failed) span.fail(`${failed} of ${plan.uploads.length} upload(s) failed`);
    return outcomes;
  });
  uploads.forEach((outcome, i) => {
    const upload = plan.uploads[i] as PlannedUpload;
    if (outcome.ok) {
      report.uploaded.push(upload.objectName);
      report.bytesUploaded += upload.file.size;
    } else {
      report.failed.push(failure(upload.objectName, outcome.error));
    }
  });
  report.retries = retries;
  if (report.failed.length > 0) {
    report.wouldDelete = [...plan.deletions, ...plan.kept].sort();
    throw incomplete(report, `${report.failed.length} of ${plan.uploads.length} upload(s) failed; nothing was deleted`);
  }

  const deletions = plan.deletions.length === 0 ? [] : await withSpan(`delete ${plan.deletions.length} stale objects`, async (span) => {
    const outcomes = await runPool(plan.deletions, concurrency, (name) => retrying(() => bucket.file(name).delete({ ignoreNotFound: true })));
    const failed = outcomes.filter((o) => !o.ok).length;
    span.set({ "objects.deleted": outcomes.length - failed, "objects.failed": failed });
    if (failed) span.fail(`${failed} of ${plan.deletions.length} deletion(s) failed`);
    return outcomes;
  });
  deletions.forEach((outcome, i) => {
    const name = plan.deletions[i] as string;
    if (outcome.ok) report.deleted.push(name);
    else report.failed.push(failure(name, outcome.error));
  });
  report.retries = retries;
  if (report.failed.length > 0) {
    throw incomplete(report, `every upload succeeded but ${report.failed.length} deletion(s) failed`);
  }

  if (options.website && websiteNeedsUpdate(await currentWebsite(bucket), options.website)) {
    const website = { ...options.website };
    await withSpan(`update website configuration of gs://${options.bucket}`, () => retrying(() => bucket.setMetadata({ website })));
    report.websiteUpdated = true;
  }
  report.retries = retries;
  return report;
}

/** One paginated listing of the prefix (1,000 objects per page), reduced to what we compare. */
function listObjects(bucket: Bucket, prefix: string | undefined): Promise<RemoteSiteObject[]> {
  const normalized = planSiteSync([], [], { prefix, delete: false }).prefix;
  return withSpan(`list bucket objects under gs://${bucket.name}/${normalized}`, async (span) => {
    const objects = await listed(bucket, normalized);
    span.set({ "objects.listed": objects.length });
    return objects;
  });
}

async function listed(bucket: Bucket, normalized: string): Promise<RemoteSiteObject[]> {
  const [entries] = await bucket.getFiles({
    prefix: normalized,
    autoPaginate: true,
    fields: "items(name,size,md5Hash,crc32c,contentType,cacheControl),nextPageToken",
  });
  // With `fields`, getFiles returns the raw object resources, not File instances (storage 8.x
  // bucket.js getFiles), although its type says File[].
  const objects = entries as unknown as FileMetadata[];
  return objects.map((m) => ({
    name: m.name ?? "",
    size: m.size === undefined ? undefined : Number(m.size),
    md5Hash: m.md5Hash,
    crc32c: m.crc32c,
    contentType: m.contentType,
    cacheControl: m.cacheControl,
  }));
}

/** Adds CRC32C to the files whose object has only a crc32c to compare with. */
async function withCrc32cWhereNeeded(
  siteDir: string,
  local: LocalSiteFile[],
  listing: readonly RemoteSiteObject[],
  prefix: string | undefined,
): Promise<LocalSiteFile[]> {
  const needed = new Set(pathsNeedingCrc32c(local, listing, prefix));
  if (needed.size === 0) return local;
  return withSpan(`hash crc32c of ${needed.size} local files`, () =>
    mapPool(local, 16, async (file) =>
      needed.has(file.path) ? { ...file, crc32c: (await digestFile(join(siteDir, file.path), { crc32c: true })).crc32c } : file,
    ),
  );
}

async function uploadFile(bucket: Bucket, siteDir: string, upload: PlannedUpload, resumableThreshold: number): Promise<void> {
  const { file } = upload;
  const path = join(siteDir, file.path);
  const options = {
    // The server checks the declared hashes, so a file changed since it was hashed is rejected
    // instead of published with metadata that lies about it; no second client-side hash pass.
    validation: false,
    metadata: {
      contentType: file.contentType,
      cacheControl: file.cacheControl,
      md5Hash: file.md5,
      ...(file.crc32c === undefined ? {} : { crc32c: file.crc32c }),
    },
  };
  if (file.size > resumableThreshold) {
    // Large files: streamed from disk in a resumable session.
    await bucket.upload(path, { ...options, destination: upload.objectName, resumable: true });
  } else {
    // Small files (nearly all of a site): one multipart request from memory, cheaper than a stream.
    await bucket.file(upload.objectName).save(await readFile(path), { ...options, resumable: false });
  }
}

async function currentWebsite(bucket: Bucket): Promise<{ mainPageSuffix?: string; notFoundPage?: string } | undefined> {
  const [metadata] = await bucket.getMetadata();
  return metadata.website;
}

function emptyReport(options: SiteSyncOptions, plan: SyncPlan, permissionsChecked: boolean): SiteSyncReport {
  return {
    bucket: options.bucket,
    prefix: plan.prefix,
    dryRun: options.dryRun ?? false,
    uploaded: [],
    uploadReasons: {
      new: plan.uploads.filter((u) => u.reason === "new").length,
      content: plan.uploads.filter((u) => u.reason === "content").length,
      metadata: plan.uploads.filter((u) => u.reason === "metadata").length,
    },
    unchanged: plan.unchanged.length,
    deleted: [],
    wouldDelete: plan.kept,
    bytesUploaded: 0,
    websiteUpdated: false,
    failed: [],
    retries: 0,
    permissionsChecked,
  };
}

function failure(object: string, error: unknown): SiteSyncFailure {
  return { object, error: error instanceof Error ? error.message : String(error) };
}

function incomplete(report: SiteSyncReport, summary: string): SiteSyncIncomplete {
  const first = report.failed[0];
  return new SiteSyncIncomplete(
    report,
    `Site sync to gs://${report.bucket}/${report.prefix} did not complete: ${summary}` +
      (first ? ` (first: ${first.object}: ${first.error})` : "") +
      ". Fix the cause and run the sync again; it uploads only what is still missing.",
  );
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
