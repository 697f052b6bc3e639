/**
 * Benchmark of the Cloud Storage site sync against fake-gcs-server (127.0.0.1, in memory):
 * a generated 5,000-file MkDocs-like site published three times — first publish, republish
 * with nothing changed, republish after changing 10 files.
 *
 *   node --import tsx bench/site.ts      # prints the JSON
 *
 * Numbers are local (loopback, an in-memory emulator): they measure our planning, hashing and
 * client overhead, not Cloud Storage latency.
 */
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { readLocalSite } from "../ci/src/site/local-site.js";
import type { Bucket } from "@google-cloud/storage";
import { cacheControlFor } from "../ci/src/site/cache-control.js";
import { contentTypeFor } from "../ci/src/site/content-type.js";
import { DEFAULT_CONCURRENCY, syncSite } from "../ci/src/site/site-sync.js";
import { startFakeGcs } from "../test/support/gcs/fake-gcs-server.js";

process.env.METADATA_SERVER_DETECTION ??= "none";

export const SITE_FILES = 5_000;

/** Deterministic pseudo-random bytes (mulberry32), so every run builds the same site. */
function randomBytes(seed: number, size: number): Buffer {
  let state = seed >>> 0;
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out.writeUInt32LE((t ^ (t >>> 14)) >>> 0, Math.min(i, size - 4 < 0 ? 0 : size - 4));
  }
  return out;
}

const hex = (seed: number) => randomBytes(seed, 4).toString("hex");
const words = "cloud run service deploy pipeline catalog bucket release revision traffic health image build test scan docs site".split(" ");
function prose(seed: number, approxBytes: number): string {
  const parts: string[] = [];
  let n = 0;
  let s = seed;
  while (n < approxBytes) {
    s = (s * 1103515245 + 12345) >>> 0;
    const word = words[s % words.length] as string;
    parts.push(word);
    n += word.length + 1;
  }
  return parts.join(" ");
}

/** path -> content of a realistic MkDocs (Material) build with exactly `total` files. */
export function generateSite(total = SITE_FILES): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const add = (path: string, content: string | Buffer) => files.set(path, typeof content === "string" ? Buffer.from(content) : content);
  const page = (title: string, seed: number) =>
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>` +
    `<link rel="stylesheet" href="/assets/stylesheets/main.${hex(1)}.min.css"></head><body><article><h1>${title}</h1>` +
    `<p>${prose(seed, 4_000 + (seed % 12_000))}</p></article>` +
    `<script src="/assets/javascripts/bundle.${hex(2)}.min.js"></script></body></html>`;

  // Fixed Material for MkDocs assets.
  add("index.html", page("Home", 7));
  add("404.html", page("Not found", 8));
  add("sitemap.xml", `<?xml version="1.0"?><urlset>${prose(9, 60_000)}</urlset>`);
  add("sitemap.xml.gz", randomBytes(10, 8_000));
  add(`assets/stylesheets/main.${hex(1)}.min.css`, `body{${prose(11, 120_000)}}`);
  add(`assets/stylesheets/palette.${hex(3)}.min.css`, `:root{${prose(12, 12_000)}}`);
  add(`assets/javascripts/bundle.${hex(2)}.min.js`, `!function(){${prose(13, 110_000)}}()`);
  add(`assets/javascripts/bundle.${hex(2)}.min.js.map`, JSON.stringify({ version: 3, mappings: prose(14, 300_000) }));
  add(`assets/javascripts/workers/search.${hex(4)}.min.js`, `!function(){${prose(15, 40_000)}}()`);
  add("assets/images/favicon.png", randomBytes(16, 1_500));
  add("assets/fonts/roboto.woff2", randomBytes(17, 60_000));
  add("site.webmanifest", JSON.stringify({ name: "docs" }));
  for (let i = 0; i < 30; i++) add(`assets/javascripts/lunr/min/lunr.l${i}.min.js`, `lunr.l${i}=${prose(100 + i, 3_000)}`);
  const pagesWanted = Math.floor((total - files.size - 1) * 0.45);
  const assetsWanted = total - files.size - 1 - pagesWanted;
  const index: { location: string; title: string; text: string }[] = [];
  for (let i = 0; i < pagesWanted; i++) {
    const path = `section-${String(Math.floor(i / 50)).padStart(2, "0")}/page-${String(i).padStart(4, "0")}/index.html`;
    add(path, page(`Page ${i}`, 1_000 + i));
    index.push({ location: path.replace(/index\.html$/, ""), title: `Page ${i}`, text: prose(5_000 + i, 400) });
  }
  add("search/search_index.json", JSON.stringify({ config: { lang: ["en"] }, docs: index }));
  for (let i = 0; i < assetsWanted; i++) {
    const dir = `section-${String(Math.floor(i / 60)).padStart(2, "0")}/img`;
    const kind = i % 5;
    if (kind === 0) add(`${dir}/diagram-${i}.svg`, `<svg xmlns="http://www.w3.org/2000/svg"><text>${prose(20_000 + i, 3_000)}</text></svg>`);
    else if (kind === 1) add(`${dir}/screenshot-${i}.webp`, randomBytes(30_000 + i, 8_000 + (i % 20) * 1_000));
    else if (kind === 2) add(`assets/images/social/card-${i}.${hex(40_000 + i)}.png`, randomBytes(40_000 + i, 10_000));
    else add(`${dir}/figure-${i}.png`, randomBytes(50_000 + i, 4_000 + (i % 10) * 1_000));
  }
  if (files.size !== total) throw new Error(`generated ${files.size} files, wanted ${total}`);
  return files;
}

async function writeSiteTo(root: string, files: Map<string, Buffer>): Promise<void> {
  const dirs = new Set([...files.keys()].map((p) => dirname(join(root, p))));
  for (const dir of dirs) await mkdir(dir, { recursive: true });
  const entries = [...files];
  for (let i = 0; i < entries.length; i += 256) {
    await Promise.all(entries.slice(i, i + 256).map(([p, c]) => writeFile(join(root, p), c)));
  }
}

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await run();
  return [value, performance.now() - start];
}

/** At most `limit` tasks in flight over `items` (a bare pool, none of our code). */
async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await task(items[next++] as T);
  }));
}

async function sitePaths(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join("/"));
}

/**
 * The baseline for the first publish: a bare @google-cloud/storage upload loop of the same
 * files (read from disk, one multipart `save` each, same Content-Type and Cache-Control) at the
 * sync's default concurrency. No listing, no hashing, no plan, no retries of our own.
 */
async function rawUpload(bucket: Bucket, root: string, prefix: string, concurrency: number, limit = Infinity): Promise<number> {
  const paths = (await sitePaths(root)).slice(0, limit);
  await pool(paths, concurrency, async (path) =>
    bucket.file(`${prefix}/${path}`).save(await readFile(join(root, path)), {
      resumable: false,
      validation: false,
      metadata: { contentType: contentTypeFor(path), cacheControl: cacheControlFor(path) },
    }),
  );
  return paths.length;
}

/** The baseline for hashing: read + node:crypto md5 of every file, at readLocalSite's concurrency (64). */
async function rawMd5(root: string): Promise<number> {
  const paths = await sitePaths(root);
  let bytes = 0;
  await pool(paths, 64, async (path) => {
    const data = await readFile(join(root, path));
    bytes += data.length;
    createHash("md5").update(data).digest("base64");
  });
  return bytes;
}

export async function benchSite(): Promise<Record<string, number>> {
  const gcs = await startFakeGcs();
  const root = await mkdtemp(join(tmpdir(), "bench-site-"));
  try {
    const files = generateSite();
    await writeSiteTo(root, files);
    await gcs.createBucket("bench-site");
    await gcs.createBucket("bench-raw");
    await gcs.createBucket("bench-warm");
    const storage = gcs.storage();
    const options = { siteDir: root, bucket: "bench-site", prefix: "docs", delete: true };

    // Warm-up (JIT, the client's code paths, the emulator) with a third client and bucket, so
    // that the first measured upload does not pay for it alone.
    await rawUpload(gcs.storage().bucket("bench-warm"), root, "docs", DEFAULT_CONCURRENCY, 300);
    // The bare upload loop first, into its own empty bucket with its own client (so neither
    // inherits the other's warm connections); any cost of a fuller emulator falls on our sync.
    const [rawFiles, rawMs] = await timed(() => rawUpload(gcs.storage().bucket("bench-raw"), root, "docs", DEFAULT_CONCURRENCY));
    const [first, firstMs] = await timed(() => syncSite(storage, options));
    const [noop, noopMs] = await timed(() => syncSite(storage, options));
    // The no-op republish's hashing pass (readLocalSite: list, stat, read, md5) against a bare
    // read + md5 pass of the same files, alternated, best of 3 each (the machine is shared).
    let hashMs = Infinity;
    let rawMd5Ms = Infinity;
    let hashedBytes = 0;
    let rawMd5Bytes = 0;
    for (let i = 0; i < 3; i++) {
      const [rawBytes, rMs] = await timed(() => rawMd5(root));
      const [hashed, hMs] = await timed(() => readLocalSite(root));
      rawMd5Bytes = rawBytes;
      hashedBytes = hashed.reduce((n, f) => n + f.size, 0);
      rawMd5Ms = Math.min(rawMd5Ms, rMs);
      hashMs = Math.min(hashMs, hMs);
    }
    if (rawFiles !== files.size) throw new Error(`bench: raw upload saw ${rawFiles} files, wanted ${files.size}`);

    const changed = [...files.keys()].filter((p) => p.endsWith(".html") || p.endsWith(".png")).filter((_, i) => i % 97 === 0).slice(0, 10);
    for (const path of changed) await writeFile(join(root, path), Buffer.concat([files.get(path) as Buffer, Buffer.from("\n<!-- changed -->")]));
    const [ten, tenMs] = await timed(() => syncSite(storage, options));

    const bytes = [...files.values()].reduce((n, b) => n + b.length, 0);
    return {
      "site.files": files.size,
      "site.bytes": bytes,
      "site.first.wallMs": round(firstMs),
      "site.first.filesPerSecond": round(first.uploaded.length / (firstMs / 1000)),
      "site.first.uploads": first.uploaded.length,
      "site.first.mbPerSecond": round(bytes / 1024 / 1024 / (firstMs / 1000)),
      "site.raw.wallMs": round(rawMs),
      "site.first.ratioToRaw": round(firstMs / rawMs, 3),
      "site.noop.wallMs": round(noopMs),
      "site.noop.uploads": noop.uploaded.length,
      "site.noop.ratioToFirst": round(noopMs / firstMs, 4),
      "site.noop.hashWallMs": round(hashMs),
      "site.noop.hashMBps": round(mb(hashedBytes) / (hashMs / 1000)),
      "site.noop.rawMd5WallMs": round(rawMd5Ms),
      "site.noop.rawMd5MBps": round(mb(rawMd5Bytes) / (rawMd5Ms / 1000)),
      "site.noop.hashRatioToRaw": round(mb(hashedBytes) / hashMs / (mb(rawMd5Bytes) / rawMd5Ms), 3),
      "site.ten.wallMs": round(tenMs),
      "site.ten.uploads": ten.uploaded.length,
    };
  } finally {
    await gcs.stop();
    await rm(root, { recursive: true, force: true });
  }
}

const mb = (bytes: number) => bytes / 1024 / 1024;

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchSite(), null, 2));
}
