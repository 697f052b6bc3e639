/**
 * The spans of a site publish against fake-gcs-server: one span per phase (hash, bucket check,
 * listing, upload, delete), the upload's progress as attributes and a bounded number of events,
 * never a span per file.
 */
import { afterEach, describe, expect, it } from "vitest";
import { syncSite } from "../../ci/src/site/site-sync.js";
import { numberedSite, useSiteEnv } from "../site/site-env.js";
import { ERROR, UNSET, useSpanRecorder } from "./support/recorder.js";

const env = useSiteEnv();
const spans = useSpanRecorder();
const fastRetry = { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 };

afterEach(() => env.proxy.heal());

describe("spans of a site publish", () => {
  it("has a span per phase under the publish span, named with the counts, and none per file", async () => {
    const bucket = await env.newBucket();
    const siteDir = await env.newSite(numberedSite(120));
    const report = await syncSite(env.storage, { siteDir, bucket, prefix: "docs" });
    expect(report.uploaded).toHaveLength(120);
    const publish = spans.named(`publish site to gs://${bucket}/docs`);
    expect(spans.childrenOf(publish).sort()).toEqual([`check bucket ${bucket}`, "hash 120 local files", `list bucket objects under gs://${bucket}/docs/`, "upload 120 of 120 files"].sort());
    expect(spans.spans()).toHaveLength(5);
    expect(publish.attributes).toMatchObject({ "files.uploaded": 120, "files.unchanged": 0, "objects.deleted": 0, "site.bucket": bucket, "site.prefix": "docs" });
    expect(publish.status.code).toBe(UNSET);
  });

  it("reports the upload's progress: twenty events at most, the last at the total, and the count as attributes", async () => {
    const bucket = await env.newBucket();
    const siteDir = await env.newSite(numberedSite(120));
    await syncSite(env.storage, { siteDir, bucket, concurrency: 8 });
    const upload = spans.named("upload 120 of 120 files");
    const events = upload.events.map((e) => e.name);
    expect(events).toHaveLength(20);
    expect(events[0]).toBe("uploaded 6 of 120 files");
    expect(events.at(-1)).toBe("uploaded 120 of 120 files");
    expect(upload.attributes).toMatchObject({ "files.uploaded": 120, "files.total": 120, "files.failed": 0 });
  });

  it("names a second publish after what changed: the files to upload of all, and the stale objects to delete", async () => {
    const bucket = await env.newBucket();
    await syncSite(env.storage, { siteDir: await env.newSite({ ...numberedSite(10), "old-a.html": "a", "old-b.html": "b" }), bucket });
    spans.reset();
    const site = numberedSite(10);
    const changed = Object.keys(site)[0]!;
    await syncSite(env.storage, { siteDir: await env.newSite({ ...site, [changed]: "changed" }), bucket, delete: true });
    const publish = spans.named(`publish site to gs://${bucket}/`);
    expect(spans.childrenOf(publish)).toEqual(expect.arrayContaining(["upload 1 of 10 files", "delete 2 stale objects"]));
    expect(spans.named("delete 2 stale objects").attributes).toMatchObject({ "objects.deleted": 2, "objects.failed": 0 });
    expect(publish.attributes).toMatchObject({ "files.uploaded": 1, "files.unchanged": 9, "objects.deleted": 2 });
  });

  it("fails the upload span and the publish span when uploads fail, and deletes nothing (no delete span)", async () => {
    const bucket = await env.newBucket();
    const siteDir = await env.newSite(numberedSite(30));
    env.proxy.failUploads({ after: 10 });
    await expect(syncSite(env.storage, { siteDir, bucket, delete: true, concurrency: 4, retry: fastRetry })).rejects.toThrow(/did not complete: 20 of 30 upload\(s\) failed/);
    const upload = spans.named("upload 30 of 30 files");
    expect(upload.status).toEqual({ code: ERROR, message: "20 of 30 upload(s) failed" });
    expect(upload.attributes).toMatchObject({ "files.uploaded": 10, "files.failed": 20 });
    const publish = spans.named(`publish site to gs://${bucket}/`);
    expect(publish.status.code).toBe(ERROR);
    expect(publish.events.map((e) => e.name)).toEqual(["exception"]);
    expect(spans.all(/^delete /)).toEqual([]);
  });

  it("calls a dry run a plan and makes no upload span", async () => {
    const bucket = await env.newBucket();
    await syncSite(env.storage, { siteDir: await env.newSite(numberedSite(3)), bucket, dryRun: true });
    expect(spans.named(`plan site to gs://${bucket}/`).status.code).toBe(UNSET);
    expect(spans.all(/^upload /)).toEqual([]);
  });
});
