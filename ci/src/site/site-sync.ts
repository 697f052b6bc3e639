/** Static-site publishing to Cloud Storage: the public surface of ci/src/site (import from here). */
export { syncSite, DEFAULT_CONCURRENCY, type SiteSyncOptions } from "./sync.js";
export { formatSiteSyncReport, type SiteSyncReport, type SiteSyncFailure } from "./report.js";
export { SiteBucketNotReady, SiteSyncIncomplete } from "./errors.js";
export { MKDOCS_WEBSITE, type WebsiteConfig } from "./website.js";
export type { CacheControlRule } from "./cache-control.js";
