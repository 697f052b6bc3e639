/**
 * Edges of the site sync plan (issue 12, mutation testing): "." segments in a prefix, the CRC32C
 * next to a matching MD5, which files need a CRC32C computed, an exclude list naming the site's own
 * prefix, preview folders, and the order of the extraneous objects.
 */
import { describe, expect, it } from "vitest";
import { normalizePrefix, pathsNeedingCrc32c, planSiteSync, uploadReason, type LocalSiteFile, type RemoteSiteObject } from "../../ci/src/site/plan.js";

const HTML = "text/html; charset=utf-8";

const local = (path: string, over: Partial<LocalSiteFile> = {}): LocalSiteFile => ({ path, size: 10, md5: `md5-${path}`, contentType: HTML, cacheControl: "no-cache", ...over });
const remote = (name: string, over: Partial<RemoteSiteObject> = {}): RemoteSiteObject => ({ name, size: 10, md5Hash: "old", crc32c: "old", contentType: HTML, cacheControl: "no-cache", ...over });

describe("normalizePrefix", () => {
  it("refuses a prefix with a '.' segment, naming the prefix", () => {
    expect(() => normalizePrefix("docs/./v2")).toThrow('site prefix "docs/./v2" is not a valid folder');
    expect(() => normalizePrefix(".")).toThrow('site prefix "." is not a valid folder');
  });
});

describe("uploadReason: MD5 and CRC32C", () => {
  const file = local("index.html");

  it("leaves a file alone whose MD5 matches, whatever CRC32C the bucket lists next to it", () => {
    expect(uploadReason(file, remote("index.html", { md5Hash: file.md5, crc32c: "AAAAAA==" }))).toBeUndefined();
  });

  it("leaves a file alone whose MD5 matches when only the local side has a CRC32C", () => {
    expect(uploadReason({ ...file, crc32c: "AAAAAA==" }, remote("index.html", { md5Hash: file.md5, crc32c: undefined }))).toBeUndefined();
  });

  it("re-uploads as 'content' when the MD5 matches but both sides' CRC32C differ", () => {
    expect(uploadReason({ ...file, crc32c: "AAAAAA==" }, remote("index.html", { md5Hash: file.md5, crc32c: "BBBBBB==" }))).toBe("content");
  });
});

describe("pathsNeedingCrc32c", () => {
  it("does not ask again for a file whose CRC32C is already known", () => {
    const composite = [remote("docs/a.js", { md5Hash: undefined }), remote("docs/b.js", { md5Hash: undefined })];
    expect(pathsNeedingCrc32c([local("a.js", { crc32c: "AAAAAA==" }), local("b.js")], composite, "docs")).toEqual(["b.js"]);
  });
});

describe("planSiteSync: exclusions and order", () => {
  it("still owns its own folder when the exclude list names the site's own prefix", () => {
    const listing = [remote("dev/old.html"), remote("dev/prod/index.html")];
    const plan = planSiteSync([], listing, { prefix: "dev", delete: true, exclude: ["dev/", "dev/prod/"] });
    expect(plan.deletions).toEqual(["dev/old.html"]);
  });

  it("neither keeps nor deletes the preview folders directly under the prefix", () => {
    const listing = [remote("docs/old.html"), remote("docs/pr-12/index.html"), remote("docs/api/pr-3/x.html")];
    const preview = /^pr-[1-9][0-9]*\//;
    expect(planSiteSync([], listing, { prefix: "docs", delete: true, excludeFolders: preview }).deletions).toEqual(["docs/api/pr-3/x.html", "docs/old.html"]);
    expect(planSiteSync([], listing, { prefix: "docs", delete: false, excludeFolders: preview }).kept).toEqual(["docs/api/pr-3/x.html", "docs/old.html"]);
  });

  it("lists extraneous objects sorted by name, whatever the order of the listing", () => {
    const listing = [remote("z.html"), remote("a.html"), remote("m/b.html")];
    expect(planSiteSync([], listing, { prefix: "", delete: true }).deletions).toEqual(["a.html", "m/b.html", "z.html"]);
    expect(planSiteSync([], listing, { prefix: "", delete: false }).kept).toEqual(["a.html", "m/b.html", "z.html"]);
  });
});
