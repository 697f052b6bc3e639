/**
 * Cache-Control for site files. Precedence: the catalog's rules (first matching glob wins),
 * then the defaults below, in order.
 *
 * - HTML, the sitemap and JSON data (incl. MkDocs' search index) must be revalidated on every
 *   visit (`no-cache`), or readers see stale pages after a publish.
 * - Fingerprinted assets (a content hash in the name) never change: cache for a year.
 * - Everything else (css/js/images/fonts without a hash): one hour.
 */
import { matchGlob } from "./glob.js";

/** A catalog rule: files matching `glob` (relative to the site root) get `value`. */
export interface CacheControlRule {
  glob: string;
  value: string;
}

export const NO_CACHE = "no-cache";
export const IMMUTABLE = "public, max-age=31536000, immutable";
export const SHORT_LIVED = "public, max-age=3600";

/** Files that must be revalidated on every request. */
export const NO_CACHE_GLOBS: readonly string[] = [
  "*.html",
  "**/*.html",
  "sitemap.xml",
  "sitemap.xml.gz",
  "*.json",
  "search/search_index.json",
];

/**
 * True when the file name carries a content hash: a `.`, `-` or `_` separated part of at least
 * 8 hex digits that mixes digits and letters (`bundle.fe8b6f2b.min.js`, `app-3f9a1c2b.css`).
 * Requiring both digits and letters keeps dates (`report-20240131.pdf`) and hex-looking words
 * (`facade12`, `deadbeef`) out; a real hash is all-digit only ~2% of the time, and those files
 * just get the one-hour default.
 */
export function isFingerprinted(path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return stem
    .split(/[._-]/)
    .some((part) => /^[0-9a-f]{8,}$/i.test(part) && /[0-9]/.test(part) && /[a-f]/i.test(part));
}

/** Cache-Control for `path` (relative to the site root). */
export function cacheControlFor(path: string, rules: readonly CacheControlRule[] = []): string {
  for (const rule of rules) {
    if (matchGlob(rule.glob, path)) return rule.value;
  }
  if (NO_CACHE_GLOBS.some((glob) => matchGlob(glob, path))) return NO_CACHE;
  if (isFingerprinted(path)) return IMMUTABLE;
  return SHORT_LIVED;
}
