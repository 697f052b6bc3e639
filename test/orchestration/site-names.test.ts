/**
 * Site prefixes per environment (catalog/naming.ts siteTargetOf) through releaseSite: with a
 * nameSuffix and no bucket or prefix override, an environment publishes under the suffix (without
 * its "-") in the shared bucket, so staging never overwrites dev's pages; an explicit override
 * wins. Built on the fake Dagger session, synced to fake-gcs-server.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import type { ReleaseContext } from "../../ci/src/commands/pipeline.js";
import { releaseSite, siteTarget } from "../../ci/src/commands/sites.js";
import { editDocument, editProject, layoutFiles, LAYOUTS } from "../support/catalog-layouts.js";
import { useFakeDaggerSession } from "../support/dagger/index.js";
import { type FakeGcs, startFakeGcs, storageFor } from "../support/gcs/fake-gcs-server.js";
import { type GcsProxy, startGcsProxy } from "../support/gcs/gcs-proxy.js";
import { GIT_SHA, mkdocsBuilds, repoSource, storageOnlyCloud } from "./support.js";
import { testCall } from "../support/suggested-call.js";

const BUILT = { "index.html": "<h1>billing</h1>\n", "404.html": "<h1>404</h1>\n" };
useFakeDaggerSession({}, (s) => mkdocsBuilds(s, BUILT));

const layout = LAYOUTS.rootMkdocs;
const BUCKET = "acme-billing-docs-dev";
let gcs: FakeGcs;
let proxy: GcsProxy;
beforeEach(async () => {
  gcs = await startFakeGcs();
  proxy = await startGcsProxy(gcs.endpoint);
  await gcs.createBucket(BUCKET);
  await gcs.createBucket("acme-billing-docs-staging");
});
afterEach(async () => {
  await proxy?.stop();
  await gcs?.stop();
});

/** root-mkdocs with staging in the dev project and nameSuffix "-staging"; `site` edits the site document. */
function context(envName: string, site: (doc: Record<string, any>) => void = () => {}): ReleaseContext {
  let files = editProject(layout, layoutFiles(layout), (p) => void (p.environments.staging = { project: p.environments.dev.project, nameSuffix: "-staging" }));
  files = editDocument(files, `${layout.dir}/sites/docs.yaml`, site);
  const catalog = parseCatalog(files, layout.dir);
  return { source: repoSource(layout.root), catalog, env: resolveEnvironment(catalog, envName), gitSha: GIT_SHA, cloud: storageOnlyCloud(storageFor(proxy.endpoint)), call: testCall };
}

const objects = async (bucket: string): Promise<string[]> => (await gcs.storage().bucket(bucket).getFiles())[0].map((f) => f.name).sort();

describe("releaseSite with a nameSuffix", () => {
  it("publishes staging under staging/ of the shared bucket and dev at its root, whose --delete-stale keeps staging/", async () => {
    const staging = context("staging");
    expect(siteTarget(staging.catalog.sites[0]!, staging.env)).toEqual({ bucket: BUCKET, prefix: "staging/" });
    await releaseSite(staging, staging.catalog.sites[0]!, { delete: true, dryRun: false });
    const dev = context("dev");
    await releaseSite(dev, dev.catalog.sites[0]!, { delete: true, dryRun: false });
    expect(await objects(BUCKET)).toEqual(["404.html", "index.html", "staging/404.html", "staging/index.html"]);
  });

  it("puts the suffix folder inside the site's own prefix", async () => {
    const staging = context("staging", (doc) => void (doc.prefix = "docs/"));
    const report = await releaseSite(staging, staging.catalog.sites[0]!, { delete: false, dryRun: false });
    expect(report.prefix).toBe("docs/staging/");
    expect(await objects(BUCKET)).toEqual(["docs/staging/404.html", "docs/staging/index.html"]);
  });

  it("lets an explicit override win: its own bucket keeps the base prefix, its own prefix replaces it", async () => {
    const bucket = context("staging", (doc) => void (doc.environments = { staging: { bucket: "acme-billing-docs-staging" } }));
    await releaseSite(bucket, bucket.catalog.sites[0]!, { delete: false, dryRun: false });
    expect(await objects("acme-billing-docs-staging")).toEqual(["404.html", "index.html"]);
    const prefix = context("staging", (doc) => void (doc.environments = { staging: { prefix: "preview/" } }));
    await releaseSite(prefix, prefix.catalog.sites[0]!, { delete: false, dryRun: false });
    expect(await objects(BUCKET)).toEqual(["preview/404.html", "preview/index.html"]);
  });
});
