import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { digestBuffer } from "../../ci/src/site/hash.js";
import { formatSiteSyncReport, MKDOCS_WEBSITE, syncSite } from "../../ci/src/site/site-sync.js";
import { mkdocsSite, useSiteEnv } from "./site-env.js";

const env = useSiteEnv();

describe("syncSite against fake-gcs-server", () => {
  it("first sync uploads every file with its Content-Type, Cache-Control and hashes", async () => {
    const bucket = await env.newBucket();
    const files = mkdocsSite();
    const siteDir = await env.newSite(files);
    const report = await syncSite(env.storage, { siteDir, bucket, prefix: "docs" });

    expect(report.uploaded).toHaveLength(Object.keys(files).length);
    expect(report.uploadReasons).toEqual({ new: Object.keys(files).length, content: 0, metadata: 0 });
    expect(report.bytesUploaded).toBe(Object.values(files).reduce((n, c) => n + Buffer.byteLength(c), 0));
    const meta = async (path: string) => (await env.gcs.storage().bucket(bucket).file(`docs/${path}`).getMetadata())[0];
    expect(await meta("guide/index.html")).toMatchObject({ contentType: "text/html; charset=utf-8", cacheControl: "no-cache" });
    expect(await meta("assets/javascripts/bundle.fe8b6f2b.min.js")).toMatchObject({
      contentType: "text/javascript; charset=utf-8",
      cacheControl: "public, max-age=31536000, immutable",
    });
    expect(await meta("assets/javascripts/workers/search.mjs")).toMatchObject({ contentType: "text/javascript; charset=utf-8", cacheControl: "public, max-age=3600" });
    expect(await meta("assets/images/logo.svg")).toMatchObject({ contentType: "image/svg+xml" });
    expect(await meta("assets/fonts/roboto.woff2")).toMatchObject({ contentType: "font/woff2" });
    expect(await meta("site.webmanifest")).toMatchObject({ contentType: "application/manifest+json" });
    expect(await meta("search/search_index.json")).toMatchObject({ contentType: "application/json", cacheControl: "no-cache" });
    const index = await meta("index.html");
    const digest = digestBuffer(Buffer.from(files["index.html"]!));
    expect({ md5Hash: index.md5Hash, crc32c: index.crc32c }).toEqual({ md5Hash: digest.md5, crc32c: digest.crc32c });
  });

  it("second sync uploads nothing and reads the bucket with one listing, not a request per object", async () => {
    const bucket = await env.newBucket();
    const siteDir = await env.newSite(mkdocsSite());
    await syncSite(env.storage, { siteDir, bucket, prefix: "docs" });
    env.proxy.resetRecords();

    const report = await syncSite(env.storage, { siteDir, bucket, prefix: "docs" });
    expect(report.uploaded).toEqual([]);
    expect(report.unchanged).toBe(Object.keys(mkdocsSite()).length);
    expect(env.proxy.mutatingRequests()).toEqual([]);
    const objectCalls = env.proxy.requests.filter((r) => r.path.startsWith(`/storage/v1/b/${bucket}/o`));
    expect(objectCalls.map((r) => [r.path, r.query.get("prefix")])).toEqual([[`/storage/v1/b/${bucket}/o`, "docs/"]]);
  });

  it("uploads exactly the one file that changed", async () => {
    const bucket = await env.newBucket();
    const siteDir = await env.newSite(mkdocsSite());
    await syncSite(env.storage, { siteDir, bucket });
    await writeFile(join(siteDir, "guide/index.html"), "<h1>Guide, revised</h1>");

    const report = await syncSite(env.storage, { siteDir, bucket });
    expect(report.uploaded).toEqual(["guide/index.html"]);
    expect(report.uploadReasons).toEqual({ new: 0, content: 1, metadata: 0 });
    expect((await env.bucketContents(bucket))["guide/index.html"]).toBe("<h1>Guide, revised</h1>");
  });

  it("re-uploads files whose Cache-Control rule changed, and only those", async () => {
    const bucket = await env.newBucket();
    const siteDir = await env.newSite(mkdocsSite());
    await syncSite(env.storage, { siteDir, bucket });

    const cacheControl = [{ glob: "guide/**", value: "public, max-age=60" }];
    const report = await syncSite(env.storage, { siteDir, bucket, cacheControl });
    expect(report.uploaded).toEqual(["guide/index.html", "guide/install/index.html"]);
    expect(report.uploadReasons).toEqual({ new: 0, content: 0, metadata: 2 });
    const [meta] = await env.gcs.storage().bucket(bucket).file("guide/install/index.html").getMetadata();
    expect(meta.cacheControl).toBe("public, max-age=60");
    expect((await syncSite(env.storage, { siteDir, bucket, cacheControl })).uploaded).toEqual([]);
  });

  it("re-uploads files whose Content-Type override changed", async () => {
    const bucket = await env.newBucket();
    const siteDir = await env.newSite(mkdocsSite());
    await syncSite(env.storage, { siteDir, bucket });

    const report = await syncSite(env.storage, { siteDir, bucket, contentTypes: { webmanifest: "application/json" } });
    expect(report.uploaded).toEqual(["site.webmanifest"]);
    const [meta] = await env.gcs.storage().bucket(bucket).file("site.webmanifest").getMetadata();
    expect(meta.contentType).toBe("application/json");
  });

  it("sets the website configuration once and skips the call when it already matches", async () => {
    const bucket = await env.newBucket();
    const siteDir = await env.newSite(mkdocsSite());
    const first = await syncSite(env.storage, { siteDir, bucket, website: MKDOCS_WEBSITE });
    expect(first.websiteUpdated).toBe(true);
    const [metadata] = await env.storage.bucket(bucket).getMetadata();
    expect(metadata.website).toEqual({ mainPageSuffix: "index.html", notFoundPage: "404.html" });

    env.proxy.resetRecords();
    const second = await syncSite(env.storage, { siteDir, bucket, website: MKDOCS_WEBSITE });
    expect(second.websiteUpdated).toBe(false);
    expect(env.proxy.mutatingRequests()).toEqual([]);
  });

  it("leaves the website configuration alone when none is asked for", async () => {
    const bucket = await env.newBucket();
    const siteDir = await env.newSite(mkdocsSite());
    const report = await syncSite(env.storage, { siteDir, bucket });
    expect(report.websiteUpdated).toBe(false);
    expect(env.proxy.requests.filter((r) => r.method === "PATCH")).toEqual([]);
  });

  it("returns a JSON-serialisable report and a readable summary", async () => {
    const bucket = await env.newBucket();
    const siteDir = await env.newSite(mkdocsSite());
    const report = await syncSite(env.storage, { siteDir, bucket, prefix: "docs" });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    const text = formatSiteSyncReport(report);
    expect(text).toContain(`Site sync to gs://${bucket}/docs/`);
    expect(text).toContain(`uploaded ${report.uploaded.length} file(s)`);
  });

  it("reports that permissions were not pre-checked on an endpoint without testIamPermissions", async () => {
    const bucket = await env.newBucket();
    const siteDir = await env.newSite(mkdocsSite());
    // Straight to fake-gcs-server, which has no testIamPermissions method (404).
    const report = await syncSite(env.gcs.storage(), { siteDir, bucket });
    expect(report.permissionsChecked).toBe(false);
    expect(report.uploaded).toHaveLength(Object.keys(mkdocsSite()).length);
  });

  it("refuses an empty site folder instead of emptying the bucket", async () => {
    const bucket = await env.newBucket();
    const siteDir = await env.newSite({ "index.html": "x" });
    await rm(join(siteDir, "index.html"));
    await expect(syncSite(env.storage, { siteDir, bucket, delete: true })).rejects.toThrow(/has no files; refusing to sync/);
  });

  it("fails with a hint when the site folder does not exist", async () => {
    const bucket = await env.newBucket();
    await expect(syncSite(env.storage, { siteDir: "/nonexistent/site", bucket })).rejects.toThrow(/build the site first/);
  });

  it("uploads binary files byte for byte", async () => {
    const bucket = await env.newBucket();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255, 128]);
    const siteDir = await env.newSite({ "index.html": "x", "img/a.png": png });
    await syncSite(env.storage, { siteDir, bucket });
    const [data] = await env.gcs.storage().bucket(bucket).file("img/a.png").download();
    expect(data.equals(await readFile(join(siteDir, "img/a.png")))).toBe(true);
  });

  it("uploads files above the resumable threshold in a resumable session with the same metadata", async () => {
    const bucket = await env.newBucket();
    const big = Buffer.alloc(64 * 1024, 7);
    const siteDir = await env.newSite({ "index.html": "x", "media/intro.mp4": big });
    const report = await syncSite(env.storage, { siteDir, bucket, resumableThreshold: 1024 });
    expect(report.uploaded).toEqual(["index.html", "media/intro.mp4"]);
    expect(env.proxy.requests.filter((r) => r.query.get("uploadType") === "resumable").map((r) => r.query.get("name"))).toEqual(["media/intro.mp4"]);
    const [meta] = await env.gcs.storage().bucket(bucket).file("media/intro.mp4").getMetadata();
    expect(meta).toMatchObject({ contentType: "video/mp4", cacheControl: "public, max-age=3600", md5Hash: digestBuffer(big).md5, size: String(big.length) });
    expect((await syncSite(env.storage, { siteDir, bucket, resumableThreshold: 1024 })).uploaded).toEqual([]);
  });
});
