import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MKDOCS_WEBSITE, syncSite } from "../../ci/src/site/site-sync.js";
import { mkdocsSite, useSiteEnv } from "./site-env.js";

const env = useSiteEnv();

async function upload(bucket: string, name: string, content: string): Promise<void> {
  await env.gcs.storage().bucket(bucket).file(name).save(content, { resumable: false });
}

describe("deleting extraneous objects", () => {
  it("keeps a removed page and reports it when delete is false", async () => {
    const bucket = await env.newBucket();
    const siteDir = await env.newSite(mkdocsSite());
    await syncSite(env.storage, { siteDir, bucket, prefix: "docs" });
    await rm(join(siteDir, "guide/install/index.html"));

    const report = await syncSite(env.storage, { siteDir, bucket, prefix: "docs" });
    expect(report.deleted).toEqual([]);
    expect(report.wouldDelete).toEqual(["docs/guide/install/index.html"]);
    expect(Object.keys(await env.bucketContents(bucket))).toContain("docs/guide/install/index.html");
  });

  it("deletes a removed page when delete is true", async () => {
    const bucket = await env.newBucket();
    const siteDir = await env.newSite(mkdocsSite());
    await syncSite(env.storage, { siteDir, bucket, prefix: "docs" });
    await rm(join(siteDir, "guide/install/index.html"));

    const report = await syncSite(env.storage, { siteDir, bucket, prefix: "docs", delete: true });
    expect(report.deleted).toEqual(["docs/guide/install/index.html"]);
    expect(report.wouldDelete).toEqual([]);
    expect(Object.keys(await env.bucketContents(bucket))).not.toContain("docs/guide/install/index.html");
  });

  it("never touches objects outside the prefix, even ones sharing its first letters", async () => {
    const bucket = await env.newBucket();
    await upload(bucket, "docs-old/index.html", "old");
    await upload(bucket, "blog/index.html", "blog");
    await upload(bucket, "docs/stale.html", "stale");
    const siteDir = await env.newSite(mkdocsSite());

    const report = await syncSite(env.storage, { siteDir, bucket, prefix: "docs", delete: true });
    expect(report.deleted).toEqual(["docs/stale.html"]);
    const contents = await env.bucketContents(bucket);
    expect(contents["docs-old/index.html"]).toBe("old");
    expect(contents["blog/index.html"]).toBe("blog");
    expect(env.proxy.requests.filter((r) => r.method === "DELETE").map((r) => r.path)).toEqual([
      `/storage/v1/b/${bucket}/o/${encodeURIComponent("docs/stale.html")}`,
    ]);
  });
});

describe("dry run", () => {
  it("makes no mutating call and returns the plan a real run would carry out", async () => {
    const bucket = await env.newBucket();
    const siteDir = await env.newSite(mkdocsSite());
    await syncSite(env.storage, { siteDir, bucket });
    await upload(bucket, "stale.html", "stale");
    await writeFile(join(siteDir, "index.html"), "<h1>Home, revised</h1>");
    await writeFile(join(siteDir, "new.html"), "<h1>New</h1>");
    const before = await env.bucketContents(bucket);
    env.proxy.resetRecords();

    const options = { siteDir, bucket, delete: true, website: MKDOCS_WEBSITE };
    const dry = await syncSite(env.storage, { ...options, dryRun: true });
    expect(env.proxy.mutatingRequests()).toEqual([]);
    expect(await env.bucketContents(bucket)).toEqual(before);
    expect(dry).toMatchObject({
      dryRun: true,
      uploaded: ["index.html", "new.html"],
      uploadReasons: { new: 1, content: 1, metadata: 0 },
      deleted: ["stale.html"],
      websiteUpdated: true,
    });

    const real = await syncSite(env.storage, options);
    expect({ ...real, dryRun: true }).toEqual(dry);
  });
});
