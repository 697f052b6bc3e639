/**
 * Reads a built site from a local folder: every regular file, hashed (in parallel, bounded),
 * with the Content-Type and Cache-Control it should have in the bucket.
 */
import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { cacheControlFor, type CacheControlRule } from "./cache-control.js";
import { contentTypeFor } from "./content-type.js";
import { digestFile } from "./hash.js";
import type { LocalSiteFile } from "./plan.js";
import { mapPool } from "../lib/pool.js";
import { withSpan } from "../lib/spans.js";

export interface LocalSiteOptions {
  cacheControl?: readonly CacheControlRule[];
  contentTypes?: Readonly<Record<string, string>>;
  /** Files hashed at once. */
  hashConcurrency?: number;
  /** Also compute CRC32C (slower); by default only MD5. */
  crc32c?: boolean;
}

/** Site-relative POSIX paths of every regular file under `root` (symlinks are not followed). */
export async function listSiteFiles(root: string): Promise<string[]> {
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new Error(`site folder ${root} does not exist or is not a folder: build the site first (mkdocs build) and pass its output folder.`);
  }
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
}

/** Lists, hashes and describes every file of the site at `root` (hashing is the span "hash N local files"). */
export async function readLocalSite(root: string, options: LocalSiteOptions = {}): Promise<LocalSiteFile[]> {
  const paths = await listSiteFiles(root);
  return withSpan(`hash ${paths.length} local files`, () =>
    mapPool(paths, options.hashConcurrency ?? 64, async (path) => {
      const digest = await digestFile(join(root, path), { crc32c: options.crc32c ?? false });
      return {
        path,
        ...digest,
        contentType: contentTypeFor(path, options.contentTypes),
        cacheControl: cacheControlFor(path, options.cacheControl),
      };
    }),
  );
}
