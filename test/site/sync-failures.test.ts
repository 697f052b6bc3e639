import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { MKDOCS_WEBSITE, SiteBucketNotReady, SiteSyncIncomplete, syncSite } from "../../ci/src/site/site-sync.js";
import { mkdocsSite, numberedSite, useSiteEnv } from "./site-env.js";

const fastRetry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

const env = useSiteEnv();
beforeEach(() => {
  env.proxy.heal();
  env.proxy.grant("all");
  env.proxy.holdUploads(0);
});

const uploadRequests = () => env.proxy.requests.filter((r) => r.path.startsWith("/upload/"));

describe("pre-flight", () => {
  it("fails on a missing bucket before uploading, naming the bucket and how to create it", async () => {
    const siteDir = await env.newSite(mkdocsSite());
    const run = syncSite(env.storage, { siteDir, bucket: "no-such-bucket" });
    await expect(run).rejects.toBeInstanceOf(SiteBucketNotReady);
    await expect(run).rejects.toThrow(
      'Cloud Storage bucket "no-such-bucket" does not exist. Create it, e.g. gcloud storage buckets create gs://no-such-bucket --location=REGION',
    );
    expect(uploadRequests()).toEqual([]);
  });

  it("fails on a bucket the deployer cannot write before uploading, naming the role to grant", async () => {
    const bucket = await env.newBucket();
    env.proxy.grant(["storage.objects.list"]);
    const siteDir = await env.newSite(mkdocsSite());
    const run = syncSite(env.storage, { siteDir, bucket });
    await expect(run).rejects.toBeInstanceOf(SiteBucketNotReady);
    await expect(run).rejects.toThrow(
      new RegExp(`cannot publish to Cloud Storage bucket "${bucket}": missing storage.objects.create, storage.objects.delete.*roles/storage.objectAdmin`),
    );
    expect(uploadRequests()).toEqual([]);
  });

  it("asks for bucket permissions only when the website configuration is managed", async () => {
    const bucket = await env.newBucket();
    env.proxy.grant(["storage.objects.list", "storage.objects.create", "storage.objects.delete"]);
    const siteDir = await env.newSite(mkdocsSite());
    await expect(syncSite(env.storage, { siteDir, bucket, website: MKDOCS_WEBSITE })).rejects.toThrow(
      /missing storage.buckets.get, storage.buckets.update.*roles\/storage.admin/,
    );
    expect(uploadRequests()).toEqual([]);
    await expect(syncSite(env.storage, { siteDir, bucket })).resolves.toMatchObject({ permissionsChecked: true });
  });

  it("runs the same checks in a dry run", async () => {
    const siteDir = await env.newSite(mkdocsSite());
    await expect(syncSite(env.storage, { siteDir, bucket: "no-such-bucket", dryRun: true })).rejects.toBeInstanceOf(SiteBucketNotReady);
  });
});

describe("interrupted sync", () => {
  it("fails without deleting anything, and a rerun uploads only the rest, then deletes", async () => {
    const bucket = await env.newBucket();
    const oldSite = await env.newSite({ ...numberedSite(5), "retired.html": "old", "index.html": "v1" });
    await syncSite(env.storage, { siteDir: oldSite, bucket });
    const newSite = await env.newSite({ ...numberedSite(30), "index.html": "v2" });
    // 5 pages are unchanged; 26 files (25 new pages + index.html) need uploading.
    env.proxy.resetRecords();
    env.proxy.failUploads({ after: 10 });

    const failed = await syncSite(env.storage, { siteDir: newSite, bucket, delete: true, concurrency: 4, retry: fastRetry }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(SiteSyncIncomplete);
    const report = (failed as SiteSyncIncomplete).report;
    expect(report.uploaded).toHaveLength(10);
    expect(report.failed).toHaveLength(16);
    expect(report.failed[0]?.error).toMatch(/Backend Error/);
    expect(report.deleted).toEqual([]);
    expect(report.wouldDelete).toEqual(["retired.html"]);
    expect(env.proxy.requests.filter((r) => r.method === "DELETE")).toEqual([]);
    expect((failed as Error).message).toMatch(/did not complete: 16 of 26 upload\(s\) failed; nothing was deleted/);
    expect(Object.keys(await env.bucketContents(bucket))).toContain("retired.html");

    env.proxy.heal();
    env.proxy.resetRecords();
    const rerun = await syncSite(env.storage, { siteDir: newSite, bucket, delete: true, concurrency: 4, retry: fastRetry });
    expect([...rerun.uploaded].sort()).toEqual(report.failed.map((f) => f.object).sort());
    expect(rerun.unchanged).toBe(15);
    expect(rerun.deleted).toEqual(["retired.html"]);
    const contents = await env.bucketContents(bucket);
    expect(Object.keys(contents)).toHaveLength(31);
    expect(contents["index.html"]).toBe("v2");
  });
});

describe("transient errors", () => {
  it("retries 503 and 429 answers and counts the retries", async () => {
    const bucket = await env.newBucket();
    const siteDir = await env.newSite(numberedSite(3));
    env.proxy.failUploads({ after: 0, count: 2, status: 503 });
    const first = await syncSite(env.storage, { siteDir, bucket, concurrency: 1, retry: fastRetry });
    expect(first.uploaded).toHaveLength(3);
    expect(first.retries).toBe(2);

    await writeFile(join(siteDir, "page000.html"), "changed");
    env.proxy.failUploads({ after: 0, count: 1, status: 429 });
    const second = await syncSite(env.storage, { siteDir, bucket, concurrency: 1, retry: fastRetry });
    expect(second).toMatchObject({ uploaded: ["page000.html"], retries: 1 });
  });

  it("does not retry a permanent error", async () => {
    const bucket = await env.newBucket();
    const siteDir = await env.newSite(numberedSite(2));
    env.proxy.failUploads({ after: 0, status: 403 });
    await expect(syncSite(env.storage, { siteDir, bucket, concurrency: 1, retry: fastRetry })).rejects.toBeInstanceOf(SiteSyncIncomplete);
    expect(env.proxy.uploadsFailed).toBe(2);
  });
});

describe("bounded parallel uploads", () => {
  it("never has more uploads in flight than the concurrency, and uses all of it", async () => {
    const bucket = await env.newBucket();
    const siteDir = await env.newSite(numberedSite(40));
    env.proxy.holdUploads(50);
    const report = await syncSite(env.storage, { siteDir, bucket, concurrency: 5 });
    expect(report.uploaded).toHaveLength(40);
    expect(env.proxy.maxUploadsInFlight).toBe(5);
  });

  it("defaults to 16 uploads in flight", async () => {
    const bucket = await env.newBucket();
    const siteDir = await env.newSite(numberedSite(48));
    env.proxy.holdUploads(50);
    await syncSite(env.storage, { siteDir, bucket });
    expect(env.proxy.maxUploadsInFlight).toBe(16);
  });

  it("rejects a concurrency below 1", async () => {
    const bucket = await env.newBucket();
    const siteDir = await env.newSite(numberedSite(1));
    await expect(syncSite(env.storage, { siteDir, bucket, concurrency: 0 })).rejects.toThrow(/concurrency must be a whole number >= 1/);
  });
});
