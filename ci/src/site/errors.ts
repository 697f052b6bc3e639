/** Errors of the site sync that users can act on (their message says what to fix). */
import type { SiteSyncReport } from "./report.js";

/** The bucket cannot be synced to (missing, not writable): raised before any upload. */
export class SiteBucketNotReady extends Error {
  override readonly name = "SiteBucketNotReady";
  constructor(
    readonly bucket: string,
    message: string,
  ) {
    super(message);
  }
}

/** Some uploads failed: nothing was deleted; `report` tells what was done and what failed. */
export class SiteSyncIncomplete extends Error {
  override readonly name = "SiteSyncIncomplete";
  constructor(
    readonly report: SiteSyncReport,
    message: string,
  ) {
    super(message);
  }
}
