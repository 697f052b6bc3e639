/**
 * normalizePrefix's edges and uploadReason for objects without hashes. Written from Stryker's
 * survivors in site/plan.ts (issue 12).
 */
import { describe, expect, it } from "vitest";
import { normalizePrefix, uploadReason } from "../../ci/src/site/plan.js";

describe("normalizePrefix edges", () => {
  it("trims surrounding blanks and every leading and trailing slash", () => {
    expect(normalizePrefix("  docs  ")).toBe("docs/");
    expect(normalizePrefix("//docs//")).toBe("docs/");
    expect(normalizePrefix("///")).toBe("");
    expect(normalizePrefix(undefined)).toBe("");
  });

  it("refuses an empty segment in the middle, naming the prefix and the fix", () => {
    expect(() => normalizePrefix("sites//docs")).toThrow('site prefix "sites//docs" is not a valid folder: use segments like "docs" or "sites/docs", without "//", "." or "..".');
  });
});

describe("uploadReason without hashes", () => {
  it("re-uploads an object with neither md5Hash nor crc32c even when our crc32c was not computed", () => {
    const file = { path: "a.css", size: 3, md5: "m", contentType: "text/css; charset=utf-8", cacheControl: "no-cache" };
    expect(uploadReason(file, { name: "a.css", size: 3, contentType: file.contentType, cacheControl: file.cacheControl })).toBe("content");
  });
});
