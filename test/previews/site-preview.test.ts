/**
 * Site previews against fake-gcs-server through @google-cloud/storage: PR N published under
 * PREFIX/pr-N/ (or a preview bucket), a publish of the site leaving preview folders alone, and
 * the cleanup deleting exactly the PR's prefix (objects outside it, pr-10/ included, survive).
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PREVIEW_FOLDER } from "../../ci/src/lib/preview-names.js";
import { deletePreviewPrefix, publishSitePreview, sitePreviewTarget } from "../../ci/src/site/preview.js";
import { syncSite } from "../../ci/src/site/site-sync.js";
import { mkdocsSite, useSiteEnv } from "../site/site-env.js";

const env = useSiteEnv();

async function upload(bucket: string, name: string, content = "x"): Promise<void> {
  await env.gcs.storage().bucket(bucket).file(name).save(content, { resumable: false });
}

const names = async (bucket: string) => Object.keys(await env.bucketContents(bucket)).sort();

async function published(bucket: string, pr: number, prefix = "docs/") {
  const siteDir = await env.newSite(mkdocsSite());
  return { siteDir, report: await publishSitePreview(env.storage, { site: "docs", environment: "dev", pr, siteDir, target: sitePreviewTarget({ bucket, prefix }, undefined, pr) }) };
}

describe("sitePreviewTarget", () => {
  it("puts PR N under the site's prefix in its own bucket", () => {
    expect(sitePreviewTarget({ bucket: "site", prefix: "docs/" }, undefined, 12)).toEqual({ bucket: "site", prefix: "docs/pr-12/" });
    expect(sitePreviewTarget({ bucket: "site", prefix: "" }, undefined, 3)).toEqual({ bucket: "site", prefix: "pr-3/" });
  });

  it("uses the catalog's preview bucket when it names one", () => {
    expect(sitePreviewTarget({ bucket: "site", prefix: "docs/" }, "site-previews", 12)).toEqual({ bucket: "site-previews", prefix: "docs/pr-12/" });
  });
});

describe("preview-site", () => {
  it("publishes every page under PREFIX/pr-N/ and nothing outside it", async () => {
    const bucket = await env.newBucket();
    await upload(bucket, "docs/index.html", "live home");
    const { report } = await published(bucket, 7);
    expect(report.prefix).toBe("docs/pr-7/");
    expect(report.objects).toBe(Object.keys(mkdocsSite()).length);
    expect(await names(bucket)).toEqual(["docs/index.html", ...Object.keys(mkdocsSite()).map((f) => `docs/pr-7/${f}`)].sort());
    expect((await env.bucketContents(bucket))["docs/index.html"]).toBe("live home");
    expect(report.url).toBe(`${env.storage.apiEndpoint}/${bucket}/docs/pr-7/index.html`);
  });

  it("deletes pages a later push removed, only inside the PR's prefix", async () => {
    const bucket = await env.newBucket();
    await upload(bucket, "docs/guide/install/index.html", "live page");
    const { siteDir } = await published(bucket, 7);
    await rm(join(siteDir, "guide/install/index.html"));
    const again = await publishSitePreview(env.storage, { site: "docs", environment: "dev", pr: 7, siteDir, target: sitePreviewTarget({ bucket, prefix: "docs/" }, undefined, 7) });
    expect(again.sync.deleted).toEqual(["docs/pr-7/guide/install/index.html"]);
    expect(await names(bucket)).toContain("docs/guide/install/index.html");
  });

  it("is left alone by a publish of the site that deletes stale files", async () => {
    const bucket = await env.newBucket();
    await published(bucket, 7);
    const siteDir = await env.newSite(mkdocsSite());
    const report = await syncSite(env.storage, { siteDir, bucket, prefix: "docs/", delete: true, excludeFolders: PREVIEW_FOLDER });
    expect(report.deleted).toEqual([]);
    expect((await names(bucket)).filter((n) => n.startsWith("docs/pr-7/"))).toHaveLength(Object.keys(mkdocsSite()).length);
  });
});

describe("preview-cleanup of a site", () => {
  it("deletes only the objects under PREFIX/pr-N/: the live site, pr-10/ and other prefixes survive", async () => {
    const bucket = await env.newBucket();
    await published(bucket, 1);
    for (const name of ["docs/index.html", "docs/pr-10/index.html", "docs/pr-1.html", "other/pr-1/index.html", "pr-1/index.html"]) await upload(bucket, name);
    const result = await deletePreviewPrefix(env.storage, "docs", { bucket, prefix: "docs/pr-1/" });
    expect(result).toEqual({ site: "docs", bucket, prefix: "docs/pr-1/", deleted: Object.keys(mkdocsSite()).length, remaining: 0, failed: [] });
    expect(await names(bucket)).toEqual(["docs/index.html", "docs/pr-1.html", "docs/pr-10/index.html", "other/pr-1/index.html", "pr-1/index.html"]);
  });

  it("is idempotent: a second cleanup deletes nothing and finds nothing left", async () => {
    const bucket = await env.newBucket();
    await published(bucket, 4);
    await deletePreviewPrefix(env.storage, "docs", { bucket, prefix: "docs/pr-4/" });
    const again = await deletePreviewPrefix(env.storage, "docs", { bucket, prefix: "docs/pr-4/" });
    expect(again).toMatchObject({ deleted: 0, remaining: 0, failed: [] });
  });

  it("counts a missing preview bucket as nothing left", async () => {
    const result = await deletePreviewPrefix(env.storage, "docs", { bucket: "no-such-preview-bucket", prefix: "pr-4/" });
    expect(result).toMatchObject({ deleted: 0, remaining: 0 });
  });

  it("refuses a prefix that is not a pr-N/ folder (never a whole bucket or the live site)", async () => {
    const bucket = await env.newBucket();
    await upload(bucket, "docs/index.html");
    await expect(deletePreviewPrefix(env.storage, "docs", { bucket, prefix: "docs/" })).rejects.toThrow(/refusing to delete gs:\/\/.*\/docs\/: a preview prefix ends in "pr-N\/"/);
    await expect(deletePreviewPrefix(env.storage, "docs", { bucket, prefix: "" })).rejects.toThrow(/refusing to delete/);
    expect(await names(bucket)).toEqual(["docs/index.html"]);
  });
});
