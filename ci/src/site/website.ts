/**
 * The bucket's static-website configuration: which object serves a directory URL
 * (`mainPageSuffix`, so MkDocs' `guide/` serves `guide/index.html`) and which object answers
 * a missing page (`notFoundPage`).
 */

export interface WebsiteConfig {
  mainPageSuffix: string;
  notFoundPage: string;
}

/** What MkDocs builds: directory URLs with index.html, and a 404.html at the root. */
export const MKDOCS_WEBSITE: WebsiteConfig = { mainPageSuffix: "index.html", notFoundPage: "404.html" };

/** True when the bucket's current `website` metadata differs from `desired`. */
export function websiteNeedsUpdate(
  current: { mainPageSuffix?: string | null; notFoundPage?: string | null } | null | undefined,
  desired: WebsiteConfig,
): boolean {
  return (current?.mainPageSuffix ?? "") !== desired.mainPageSuffix || (current?.notFoundPage ?? "") !== desired.notFoundPage;
}
