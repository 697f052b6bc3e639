/**
 * Pure planning of a site sync: the built site's files (hashed, with the metadata we want) and
 * the bucket listing under the prefix -> what to upload, what is unchanged, what is extraneous.
 */

/** A file of the built site, as we want it in the bucket. */
export interface LocalSiteFile {
  /** POSIX path relative to the site root, e.g. "assets/app.3f9a1c2b.js". */
  path: string;
  size: number;
  /** Base64 MD5 (as `md5Hash`). */
  md5: string;
  /** Base64 CRC32C (as `crc32c`); computed only for objects that have no md5Hash. */
  crc32c?: string;
  contentType: string;
  cacheControl: string;
}

/** An object from the bucket listing (only the fields the planner reads). */
export interface RemoteSiteObject {
  name: string;
  size?: number;
  md5Hash?: string;
  crc32c?: string;
  contentType?: string;
  cacheControl?: string;
}

/** Why a file is uploaded: not in the bucket, different bytes, or different headers. */
export type UploadReason = "new" | "content" | "metadata";

export interface PlannedUpload {
  file: LocalSiteFile;
  objectName: string;
  reason: UploadReason;
}

export interface SyncPlan {
  /** Normalised prefix ("" or ending in "/"). */
  prefix: string;
  uploads: PlannedUpload[];
  /** Object names already identical (content and metadata). */
  unchanged: string[];
  /** Extraneous object names to delete (only when deletion was asked for). */
  deletions: string[];
  /** Extraneous object names kept because deletion was not asked for. */
  kept: string[];
}

/**
 * Normalises a user prefix: no leading "/", exactly one trailing "/" unless empty, no empty,
 * "." or ".." segments. Throws on a prefix that cannot name a folder.
 */
export function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? "").trim().replace(/^\/+/, "").replace(/\/+$/, "");
  if (trimmed === "") return "";
  const segments = trimmed.split("/");
  if (segments.some((s) => s === "" || s === "." || s === "..")) {
    throw new Error(
      `site prefix "${prefix}" is not a valid folder: use segments like "docs" or "sites/docs", without "//", "." or "..".`,
    );
  }
  return `${segments.join("/")}/`;
}

/** Object name of a site file under a normalised prefix. */
export function objectNameFor(prefix: string, path: string): string {
  return `${prefix}${path}`;
}

/** Why `remote` must be replaced by `local`, or undefined when it is already identical. */
export function uploadReason(local: LocalSiteFile, remote: RemoteSiteObject | undefined): UploadReason | undefined {
  if (!remote) return "new";
  if (remote.size !== undefined && remote.size !== local.size) return "content";
  if (remote.md5Hash !== undefined) {
    if (remote.md5Hash !== local.md5) return "content";
  } else if (remote.crc32c === undefined || remote.crc32c !== local.crc32c) {
    // Composite objects have only a crc32c; an object with neither hash cannot be trusted.
    return "content";
  }
  if (remote.crc32c !== undefined && local.crc32c !== undefined && remote.crc32c !== local.crc32c) return "content";
  if ((remote.contentType ?? "") !== local.contentType) return "metadata";
  if ((remote.cacheControl ?? "") !== local.cacheControl) return "metadata";
  return undefined;
}

/**
 * Site paths whose CRC32C the planner needs: their object exists under the prefix but has no
 * md5Hash (composite objects). Everything else is compared by MD5.
 */
export function pathsNeedingCrc32c(
  local: readonly LocalSiteFile[],
  remote: readonly RemoteSiteObject[],
  prefix: string | undefined,
): string[] {
  const normalized = normalizePrefix(prefix);
  const withoutMd5 = new Set(remote.filter((o) => o.md5Hash === undefined).map((o) => o.name));
  return local.filter((f) => f.crc32c === undefined && withoutMd5.has(objectNameFor(normalized, f.path))).map((f) => f.path);
}

export interface PlanOptions {
  prefix?: string;
  /** Delete extraneous objects under the prefix. */
  delete: boolean;
  /** Folders under the prefix that are not this site's (other environments' prefixes): never kept, deleted or uploaded over. */
  exclude?: readonly string[];
  /** Folders directly under the prefix that are not this site's either (pull-request previews, "pr-12/"), by name. */
  excludeFolders?: RegExp;
}

/**
 * Plans a sync. Listing entries outside the prefix and folder placeholders (names ending in
 * "/") are ignored: they are never uploaded over, kept or deleted.
 */
export function planSiteSync(
  local: readonly LocalSiteFile[],
  remote: readonly RemoteSiteObject[],
  options: PlanOptions,
): SyncPlan {
  const prefix = normalizePrefix(options.prefix);
  const remoteByName = new Map<string, RemoteSiteObject>();
  for (const object of remote) {
    const excluded = (options.exclude ?? []).some((other) => other !== prefix && object.name.startsWith(other)) || (options.excludeFolders?.test(object.name.slice(prefix.length)) ?? false);
    if (object.name.startsWith(prefix) && !object.name.endsWith("/") && !excluded) remoteByName.set(object.name, object);
  }
  const uploads: PlannedUpload[] = [];
  const unchanged: string[] = [];
  const wanted = new Set<string>();
  for (const file of [...local].sort((a, b) => compare(a.path, b.path))) {
    const objectName = objectNameFor(prefix, file.path);
    wanted.add(objectName);
    const reason = uploadReason(file, remoteByName.get(objectName));
    if (reason) uploads.push({ file, objectName, reason });
    else unchanged.push(objectName);
  }
  const extraneous = [...remoteByName.keys()].filter((name) => !wanted.has(name)).sort(compare);
  return {
    prefix,
    uploads,
    unchanged,
    deletions: options.delete ? extraneous : [],
    kept: options.delete ? [] : extraneous,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
