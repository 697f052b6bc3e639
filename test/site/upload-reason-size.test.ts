/**
 * uploadReason's size check: an object whose size differs from the built file is re-uploaded
 * whatever its hashes say. The "kills:" test was written against a hand-planted bug that the rest
 * of the suite let through (issue 12): `remote.size !== local.size` turned into `>`, which kept a
 * smaller (truncated) object of the same name forever.
 */
import { describe, expect, it } from "vitest";
import { type LocalSiteFile, uploadReason } from "../../ci/src/site/plan.js";

const file: LocalSiteFile = { path: "index.html", size: 10, md5: "md5-index", crc32c: "crc-index", contentType: "text/html; charset=utf-8", cacheControl: "no-cache" };
const remote = { name: "index.html", md5Hash: file.md5, crc32c: file.crc32c, contentType: file.contentType, cacheControl: file.cacheControl };

describe("uploadReason: size", () => {
  it("kills: size `!==` -> `>`: a smaller object of the same name and hash is re-uploaded as 'content'", () => {
    expect(uploadReason(file, { ...remote, size: 9 })).toBe("content");
    expect(uploadReason(file, { ...remote, size: 0 })).toBe("content");
  });

  it("re-uploads a larger object of the same name and hash as 'content'", () => {
    expect(uploadReason(file, { ...remote, size: 11 })).toBe("content");
  });

  it("re-uploads an object of another size even when only a matching crc32c is known (composite objects)", () => {
    expect(uploadReason(file, { ...remote, md5Hash: undefined, size: 9 })).toBe("content");
  });

  it("compares hashes alone when the listing gives no size", () => {
    expect(uploadReason(file, { ...remote, size: undefined })).toBeUndefined();
    expect(uploadReason(file, { ...remote, size: undefined, md5Hash: "other" })).toBe("content");
  });

  it("is 'content', not 'metadata', when the size and a header both differ", () => {
    expect(uploadReason(file, { ...remote, size: 9, cacheControl: "public, max-age=60" })).toBe("content");
  });
});
