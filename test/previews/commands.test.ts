/**
 * The preview verbs as the module runs them, over the example catalog: preview-site builds the
 * docs site on a (fake) Dagger session and publishes it under pr-N/ of its bucket on
 * fake-gcs-server, a publish of the site with --delete-stale leaves that folder alone, and
 * preview-cleanup over the whole catalog removes the services' pr-N tags (fake Cloud Run) and the
 * sites' prefixes, then finds nothing left.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findService, findSite, resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import type { Catalog } from "../../ci/src/catalog/parse.js";
import { loadCatalog } from "../../ci/src/catalog/read.js";
import type { ReleaseContext } from "../../ci/src/commands/pipeline.js";
import { cleanupPreviews, cleanupSucceeded, formatPreviewCleanup, previewSiteOf } from "../../ci/src/commands/previews.js";
import { releaseSite } from "../../ci/src/commands/sites.js";
import { serviceLocation } from "../../ci/src/services/render.js";
import { useFakeDaggerSession } from "../support/dagger/index.js";
import { type FakeGcs, startFakeGcs, storageFor } from "../support/gcs/fake-gcs-server.js";
import { cloudWith, GIT_SHA, mkdocsBuilds, repoSource } from "../orchestration/support.js";
import { type FakeCloud, startFakeCloud } from "../services/support/fake-cloud.js";
import { REVISION, revisions } from "../services/support/harness.js";
import { testCall } from "../support/suggested-call.js";

const BUILT: Record<string, string> = { "index.html": "<h1>dataface</h1>\n", "404.html": "<h1>Not found</h1>\n", "guide/index.html": "<h1>guide</h1>\n" };
const BUILT_NAMES = Object.keys(BUILT).sort();

useFakeDaggerSession({}, (s) => mkdocsBuilds(s, BUILT));
let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog(repoSource());
});

let gcs: FakeGcs;
let cloud: FakeCloud;
beforeEach(async () => {
  gcs = await startFakeGcs();
  for (const bucket of ["dataface-docs-dev", "dataface-asql-docs-dev", "dataface-tasks-dev"]) await gcs.createBucket(bucket).catch(() => undefined);
  cloud = await startFakeCloud();
});
afterEach(async () => {
  await cloud?.close();
  await gcs?.stop();
});

function context(): ReleaseContext {
  return { source: repoSource(), catalog, env: resolveEnvironment(catalog, "dev"), gitSha: GIT_SHA, cloud: cloudWith({ storage: storageFor(gcs.endpoint), cloudRun: cloud.gateway }), call: testCall };
}

const objects = async (bucket: string) => (await gcs.storage().bucket(bucket).getFiles())[0].map((f) => f.name).sort();

describe("preview-site over the example catalog", () => {
  it("publishes the built docs site under pr-N/ of its bucket in the environment", async () => {
    const report = await previewSiteOf(context(), findSite(catalog, "docs"), 5);
    expect(report).toMatchObject({ bucket: "dataface-docs-dev", prefix: "pr-5/", objects: BUILT_NAMES.length });
    expect(await objects("dataface-docs-dev")).toEqual(BUILT_NAMES.map((n) => `pr-5/${n}`));
  });

  it("is not deleted by publish-site --delete-stale of the live site", async () => {
    await previewSiteOf(context(), findSite(catalog, "docs"), 5);
    const live = await releaseSite(context(), findSite(catalog, "docs"), { delete: true, dryRun: false });
    expect(live.deleted).toEqual([]);
    expect(await objects("dataface-docs-dev")).toEqual([...BUILT_NAMES, ...BUILT_NAMES.map((n) => `pr-5/${n}`)].sort());
  });
});

describe("preview-cleanup over the example catalog", () => {
  it("removes the pr-N tag of every service that has it and every site's pr-N/ prefix, then finds nothing left", async () => {
    const ctx = context();
    const alie = serviceLocation(findService(catalog, "alie"), ctx.env);
    const id = alie.name.split("/").pop()!;
    cloud.fake.seedService({ project: "dataface-dev", region: alie.region, id, public: true, revisions: revisions(id), traffic: [{ type: REVISION, revision: `${id}-green`, percent: 100 }, { type: REVISION, revision: `${id}-blue`, percent: 0, tag: "pr-5" }] });
    await previewSiteOf(ctx, findSite(catalog, "docs"), 5);
    await gcs.storage().bucket("dataface-docs-dev").file("index.html").save("live", { resumable: false });

    const report = await cleanupPreviews(ctx, 5, catalog.services, catalog.sites);
    expect(cleanupSucceeded(report)).toBe(true);
    expect(report.services.find((s) => s.service === "alie")).toMatchObject({ tagRemoved: true, trafficAfter: `${id}-green 100%` });
    expect(report.sites.find((s) => s.site === "docs")).toMatchObject({ deleted: BUILT_NAMES.length, remaining: 0 });
    expect(await objects("dataface-docs-dev")).toEqual(["index.html"]);

    const again = formatPreviewCleanup(await cleanupPreviews(ctx, 5, catalog.services, catalog.sites));
    expect(again).toContain("preview pr-5 cleanup (dev): DONE");
    expect(again).toContain("service alie: nothing left to clean up");
    expect(again).toContain("site docs gs://dataface-docs-dev/pr-5/: nothing left to clean up");
  });
});
