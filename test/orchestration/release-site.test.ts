/**
 * releaseSite as the module runs it: the MkDocs build on a (fake) Dagger session, exported to a
 * temp folder, then synced with the real @google-cloud/storage client to fake-gcs-server (behind
 * the recording proxy of test/support/gcs) into the bucket the catalog names for the environment.
 */
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findSite, resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import type { Catalog } from "../../ci/src/catalog/parse.js";
import { loadCatalog } from "../../ci/src/catalog/read.js";
import type { SiteSpec } from "../../ci/src/catalog/schema.js";
import type { ReleaseContext } from "../../ci/src/commands/pipeline.js";
import { releaseSite, siteTarget } from "../../ci/src/commands/sites.js";
import { IMAGES } from "../../ci/src/containers/images.js";
import { useFakeDaggerSession } from "../support/dagger/index.js";
import { type FakeGcs, startFakeGcs, storageFor } from "../support/gcs/fake-gcs-server.js";
import { type GcsProxy, startGcsProxy } from "../support/gcs/gcs-proxy.js";
import { filesOnDisk, GIT_SHA, mkdocsBuilds, rejection, REPO_ROOT, repoSource, storageOnlyCloud } from "./support.js";
import { testCall } from "../support/suggested-call.js";

/** What the scripted `mkdocs build` writes to its --site-dir. */
const BUILT: Record<string, string> = {
  "index.html": "<!doctype html><h1>dataface</h1>\n",
  "404.html": "<!doctype html><h1>Not found</h1>\n",
  "services/alie/index.html": "<!doctype html><h1>alie</h1>\n",
  "assets/stylesheets/main.8d2f3a1b.min.css": "body{margin:0}\n",
  "assets/javascripts/bundle.fe8b6f2b.min.js": "console.log(1)\n",
  "assets/javascripts/bundle.fe8b6f2b.min.js.map": "{}\n",
  "assets/images/favicon.png": "PNG\n",
  "search/search_index.json": '{"docs":[]}\n',
  "sitemap.xml": "<urlset/>\n",
};
const BUILT_NAMES = Object.keys(BUILT).sort();

const session = useFakeDaggerSession({}, (s) => mkdocsBuilds(s, BUILT));
let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog(repoSource());
});

let gcs: FakeGcs;
let proxy: GcsProxy;
beforeEach(async () => {
  gcs = await startFakeGcs();
  proxy = await startGcsProxy(gcs.endpoint);
  for (const bucket of ["dataface-docs-dev", "dataface-docs-staging", "dataface-docs"]) await gcs.createBucket(bucket);
});
afterEach(async () => {
  await proxy?.stop();
  await gcs?.stop();
});

function context(envName: string): ReleaseContext {
  return { source: repoSource(), catalog, env: resolveEnvironment(catalog, envName), gitSha: GIT_SHA, cloud: storageOnlyCloud(storageFor(proxy.endpoint)), call: testCall };
}

const docs = (): SiteSpec => findSite(catalog, "docs");
const publish = { delete: false, dryRun: false };

/** Object name -> contents, read straight from fake-gcs-server (not through the proxy). */
async function bucketContents(bucket: string): Promise<Record<string, string>> {
  const [files] = await gcs.storage().bucket(bucket).getFiles();
  const entries = await Promise.all(files.map(async (f) => [f.name, (await f.download())[0].toString()] as const));
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}

const objectMeta = async (bucket: string, name: string) => (await gcs.storage().bucket(bucket).file(name).getMetadata())[0];

/** The paths Directory.export wrote to. */
const exportPaths = (): string[] => session().leaves().filter((l) => l.on === "Directory" && l.field === "export").map((l) => String(l.args["path"]));

describe("releaseSite: the build", () => {
  it("runs mkdocs build --strict into /out in the pinned Python image", async () => {
    await releaseSite(context("staging"), docs(), publish);
    const mkdocs = session().execs().filter((e) => e.args[0] === "mkdocs");
    expect(mkdocs.map((e) => e.args)).toEqual([["mkdocs", "build", "--strict", "--config-file", "mkdocs.yml", "--site-dir", "/out"]]);
    expect(mkdocs[0]?.from).toBe(IMAGES.python);
    expect(IMAGES.python).toMatch(/:[^@/]+@sha256:[0-9a-f]{64}$/);
    expect(mkdocs[0]?.workdir).toBe("/repo/examples/dataface/sites/docs");
  });

  it("installs the site's pinned requirements before the site's files are copied in", async () => {
    await releaseSite(context("staging"), docs(), publish);
    const [pip, mkdocs] = session().execs();
    expect(pip?.args).toEqual(["pip", "install", "--no-input", "-r", "requirements.txt"]);
    expect(pip?.files).toEqual(["/repo/examples/dataface/sites/docs/requirements.txt"]);
    expect(pip?.directories).toEqual([]);
    expect(pip?.readFile("/repo/examples/dataface/sites/docs/requirements.txt")).toContain("mkdocs");
    expect(mkdocs?.args[0]).toBe("mkdocs");
    const steps = mkdocs!.chain.map((s) => (s.field === "withExec" ? `withExec ${(s.args["args"] as string[])[0]}` : s.field));
    expect(steps.indexOf("withExec pip")).toBeLessThan(steps.indexOf("withDirectory"));
    expect(steps.indexOf("withDirectory")).toBeLessThan(steps.indexOf("withExec mkdocs"));
  });

  it("gives mkdocs the files that site's config needs, at their repository paths, and nothing else", async () => {
    await releaseSite(context("staging"), docs(), publish);
    const mkdocs = session().execs().find((e) => e.args[0] === "mkdocs");
    expect(mkdocs?.directories.map((d) => d.path)).toEqual(["/repo"]);
    expect(mkdocs?.mountedDirectories).toEqual([]);
    const folder = docs().mkdocs;
    const needed = filesOnDisk(join(REPO_ROOT, folder)).filter((f) => f === "mkdocs.yml" || f === "requirements.txt" || f.startsWith("docs/"));
    expect(mkdocs?.directories[0]?.files).toEqual(needed.map((f) => `${folder}/${f}`));
  });

  it("exports the build to a fresh temp folder and removes that folder afterwards", async () => {
    await releaseSite(context("staging"), docs(), publish);
    const [path, ...more] = exportPaths();
    expect(more).toEqual([]);
    expect(path?.startsWith(join(tmpdir(), "site-docs-"))).toBe(true);
    expect(existsSync(path!)).toBe(false);
  });

  it("removes the temp folder when the sync fails too", async () => {
    const spec: SiteSpec = { ...docs(), environments: { staging: { bucket: "dataface-docs-missing" } } };
    const err = await rejection(releaseSite(context("staging"), spec, publish));
    expect(err.message).toContain('Cloud Storage bucket "dataface-docs-missing" does not exist');
    const [path] = exportPaths();
    expect(path).toBeDefined();
    expect(existsSync(path!)).toBe(false);
  });

  it("fails with mkdocs' error and uploads nothing when the strict build fails", async () => {
    session().reset();
    session().onExec((e) => (e.args[0] === "mkdocs" ? { exitCode: 1, stderr: "Aborted with 1 warnings in strict mode!\n" } : undefined));
    const err = await rejection(releaseSite(context("staging"), docs(), publish));
    expect(err.message).toContain("mkdocs build --strict --config-file mkdocs.yml --site-dir /out");
    expect(proxy.requests).toEqual([]);
    expect(await bucketContents("dataface-docs-staging")).toEqual({});
  });
});

describe("releaseSite: the sync", () => {
  it("uploads the built site to the environment's own bucket (staging override)", async () => {
    expect(siteTarget(docs(), "staging")).toEqual({ bucket: "dataface-docs-staging", prefix: "" });
    const report = await releaseSite(context("staging"), docs(), publish);
    expect(report.bucket).toBe("dataface-docs-staging");
    expect(report.uploaded.sort()).toEqual(BUILT_NAMES);
    expect(await bucketContents("dataface-docs-staging")).toEqual(Object.fromEntries(BUILT_NAMES.map((n) => [n, BUILT[n]])));
    expect(await bucketContents("dataface-docs-dev")).toEqual({});
    expect(await bucketContents("dataface-docs")).toEqual({});
  });

  it("uploads to the site's default bucket in an environment without an override (dev)", async () => {
    const report = await releaseSite(context("dev"), docs(), publish);
    expect(report.bucket).toBe("dataface-docs-dev");
    expect(Object.keys(await bucketContents("dataface-docs-dev"))).toEqual(BUILT_NAMES);
    expect(await bucketContents("dataface-docs-staging")).toEqual({});
  });

  it("uploads under the environment's prefix override", async () => {
    const spec: SiteSpec = { ...docs(), environments: { staging: { prefix: "v2/" } } };
    const report = await releaseSite(context("staging"), spec, publish);
    expect(report).toMatchObject({ bucket: "dataface-docs-dev", prefix: "v2/" });
    expect(Object.keys(await bucketContents("dataface-docs-dev"))).toEqual(BUILT_NAMES.map((n) => `v2/${n}`).sort());
  });

  it("sets Content-Type and Cache-Control on every object", async () => {
    await releaseSite(context("staging"), docs(), publish);
    const bucket = "dataface-docs-staging";
    expect(await objectMeta(bucket, "services/alie/index.html")).toMatchObject({ contentType: "text/html; charset=utf-8", cacheControl: "no-cache" });
    expect(await objectMeta(bucket, "assets/stylesheets/main.8d2f3a1b.min.css")).toMatchObject({
      contentType: "text/css; charset=utf-8",
      cacheControl: "public, max-age=31536000, immutable",
    });
    expect(await objectMeta(bucket, "assets/images/favicon.png")).toMatchObject({ contentType: "image/png", cacheControl: "public, max-age=3600" });
    expect(await objectMeta(bucket, "search/search_index.json")).toMatchObject({ contentType: "application/json", cacheControl: "no-cache" });
  });

  it("applies the catalog's Cache-Control rules and Content-Type overrides before the defaults", async () => {
    const spec: SiteSpec = {
      ...docs(),
      cacheControl: [{ glob: "services/**", value: "public, max-age=60" }],
      contentTypes: { ".map": "application/json" },
    };
    await releaseSite(context("staging"), spec, publish);
    const bucket = "dataface-docs-staging";
    expect(await objectMeta(bucket, "services/alie/index.html")).toMatchObject({ cacheControl: "public, max-age=60" });
    expect(await objectMeta(bucket, "index.html")).toMatchObject({ cacheControl: "no-cache" });
    expect(await objectMeta(bucket, "assets/javascripts/bundle.fe8b6f2b.min.js.map")).toMatchObject({ contentType: "application/json" });
  });

  it("sets the bucket's website configuration (index.html, 404.html) once", async () => {
    const storage = storageFor(proxy.endpoint);
    const first = await releaseSite(context("staging"), docs(), publish);
    expect(first.websiteUpdated).toBe(true);
    const [metadata] = await storage.bucket("dataface-docs-staging").getMetadata();
    expect(metadata.website).toEqual({ mainPageSuffix: "index.html", notFoundPage: "404.html" });
    const second = await releaseSite(context("staging"), docs(), publish);
    expect(second).toMatchObject({ websiteUpdated: false, uploaded: [], unchanged: BUILT_NAMES.length });
  });

  it("uses the site's own website pages when the catalog sets them", async () => {
    const spec: SiteSpec = { ...docs(), website: { mainPageSuffix: "index.html", notFoundPage: "errors/404.html" } };
    await releaseSite(context("staging"), spec, publish);
    const [metadata] = await storageFor(proxy.endpoint).bucket("dataface-docs-staging").getMetadata();
    expect(metadata.website).toEqual({ mainPageSuffix: "index.html", notFoundPage: "errors/404.html" });
  });

  it("leaves the bucket's website configuration alone when the catalog says website: false", async () => {
    const spec: SiteSpec = { ...docs(), website: false };
    const report = await releaseSite(context("staging"), spec, publish);
    expect(report.websiteUpdated).toBe(false);
    expect(report.uploaded.length).toBe(BUILT_NAMES.length);
    const [metadata] = await storageFor(proxy.endpoint).bucket("dataface-docs-staging").getMetadata();
    expect(metadata.website).toBeUndefined();
  });

  it("in a dry run reports what would change and changes nothing", async () => {
    const report = await releaseSite(context("staging"), docs(), { delete: true, dryRun: true });
    expect(report).toMatchObject({ dryRun: true, websiteUpdated: true });
    expect(report.uploaded.sort()).toEqual(BUILT_NAMES);
    expect(proxy.mutatingRequests()).toEqual([]);
    expect(await bucketContents("dataface-docs-staging")).toEqual({});
    const [metadata] = await storageFor(proxy.endpoint).bucket("dataface-docs-staging").getMetadata();
    expect(metadata.website).toBeUndefined();
  });

  it("keeps objects the build no longer has unless --delete is given", async () => {
    await gcs.storage().bucket("dataface-docs-staging").file("old-page/index.html").save("<h1>old</h1>");
    const kept = await releaseSite(context("staging"), docs(), { delete: false, dryRun: false });
    expect(kept).toMatchObject({ deleted: [], wouldDelete: ["old-page/index.html"] });
    expect(Object.keys(await bucketContents("dataface-docs-staging"))).toContain("old-page/index.html");

    const deleted = await releaseSite(context("staging"), docs(), { delete: true, dryRun: false });
    expect(deleted).toMatchObject({ deleted: ["old-page/index.html"], wouldDelete: [] });
    expect(Object.keys(await bucketContents("dataface-docs-staging"))).toEqual(BUILT_NAMES);
  });

  it("touches no Google client but Cloud Storage", async () => {
    // storageOnlyCloud makes every other member throw when read; a clean release proves it.
    await expect(releaseSite(context("staging"), docs(), publish)).resolves.toMatchObject({ failed: [] });
  });
});
