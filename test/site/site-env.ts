/**
 * Per-test-file environment for site sync tests: a fake-gcs-server, a recording proxy in
 * front of it, a Storage client pointed at the proxy, fresh buckets and site folders.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Storage } from "@google-cloud/storage";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startFakeGcs, storageFor, type FakeGcs } from "../support/gcs/fake-gcs-server.js";
import { startGcsProxy, type GcsProxy } from "../support/gcs/gcs-proxy.js";

export interface SiteEnv {
  gcs: FakeGcs;
  proxy: GcsProxy;
  /** Client through the proxy. */
  storage: Storage;
  /** A new, empty bucket. */
  newBucket(): Promise<string>;
  /** Writes `files` (path -> content) into a new temporary site folder. */
  newSite(files: Record<string, string | Buffer>): Promise<string>;
  /** Object name -> content of every object in `bucket`. */
  bucketContents(bucket: string): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

let buckets = 0;

/**
 * One environment per test file (started before its first test, stopped after its last), with
 * the proxy's records cleared before each test. The returned object is filled in by beforeAll.
 */
export function useSiteEnv(): SiteEnv {
  const env = {} as SiteEnv;
  beforeAll(async () => {
    Object.assign(env, await startSiteEnv());
  });
  afterAll(async () => {
    await env.stop?.();
  });
  beforeEach(() => {
    env.proxy.resetRecords();
  });
  return env;
}

export async function startSiteEnv(): Promise<SiteEnv> {
  const gcs = await startFakeGcs();
  const proxy = await startGcsProxy(gcs.endpoint);
  const root = await mkdtemp(join(tmpdir(), "site-sync-"));
  let sites = 0;
  const storage = storageFor(proxy.endpoint);
  return {
    gcs,
    proxy,
    storage,
    newBucket: async () => {
      const name = `site-${process.pid}-${++buckets}`;
      await gcs.createBucket(name);
      return name;
    },
    newSite: async (files) => {
      const dir = join(root, `site-${++sites}`);
      await writeSite(dir, files);
      return dir;
    },
    bucketContents: async (bucket) => {
      const direct = gcs.storage().bucket(bucket);
      const [files] = await direct.getFiles();
      const entries = await Promise.all(files.map(async (f) => [f.name, (await f.download())[0].toString()] as const));
      return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
    },
    stop: async () => {
      await proxy.stop();
      await gcs.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export async function writeSite(dir: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

/** A small MkDocs-like site. */
export function mkdocsSite(): Record<string, string> {
  return {
    "index.html": "<h1>Home</h1>",
    "404.html": "<h1>Not found</h1>",
    "guide/index.html": "<h1>Guide</h1>",
    "guide/install/index.html": "<h1>Install</h1>",
    "assets/stylesheets/main.8d2f3a1b.min.css": "body{margin:0}",
    "assets/javascripts/bundle.fe8b6f2b.min.js": "console.log(1)",
    "assets/javascripts/bundle.fe8b6f2b.min.js.map": "{}",
    "assets/javascripts/workers/search.mjs": "export {}",
    "assets/images/logo.svg": "<svg/>",
    "assets/fonts/roboto.woff2": "wOF2",
    "assets/extra.css": "a{}",
    "search/search_index.json": '{"docs":[]}',
    "sitemap.xml": "<urlset/>",
    "site.webmanifest": "{}",
  };
}

/** `count` files named f000.html ... */
export function numberedSite(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`page${String(i).padStart(3, "0")}.html`, `<p>${i}</p>`]));
}
