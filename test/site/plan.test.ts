import { describe, expect, it } from "vitest";
import {
  normalizePrefix,
  pathsNeedingCrc32c,
  planSiteSync,
  uploadReason,
  type LocalSiteFile,
  type RemoteSiteObject,
} from "../../ci/src/site/plan.js";

function local(path: string, over: Partial<LocalSiteFile> = {}): LocalSiteFile {
  return { path, size: 10, md5: `md5-${path}`, crc32c: `crc-${path}`, contentType: "text/html; charset=utf-8", cacheControl: "no-cache", ...over };
}

function remoteOf(file: LocalSiteFile, prefix = "", over: Partial<RemoteSiteObject> = {}): RemoteSiteObject {
  return {
    name: `${prefix}${file.path}`,
    size: file.size,
    md5Hash: file.md5,
    crc32c: file.crc32c,
    contentType: file.contentType,
    cacheControl: file.cacheControl,
    ...over,
  };
}

describe("uploadReason", () => {
  const file = local("index.html");

  it("is 'new' when the object does not exist", () => {
    expect(uploadReason(file, undefined)).toBe("new");
  });

  it("is undefined when bytes and headers match", () => {
    expect(uploadReason(file, remoteOf(file))).toBeUndefined();
  });

  it("is 'content' when the md5 differs", () => {
    expect(uploadReason(file, remoteOf(file, "", { md5Hash: "other" }))).toBe("content");
  });

  it("compares crc32c when the object has no md5 (composite objects)", () => {
    expect(uploadReason(file, remoteOf(file, "", { md5Hash: undefined }))).toBeUndefined();
    expect(uploadReason(file, remoteOf(file, "", { md5Hash: undefined, crc32c: "other" }))).toBe("content");
  });

  it("is 'content' when the object has only a crc32c and ours was not computed", () => {
    expect(uploadReason({ ...file, crc32c: undefined }, remoteOf(file, "", { md5Hash: undefined }))).toBe("content");
  });

  it("is 'content' when the object has no hash at all", () => {
    expect(uploadReason(file, remoteOf(file, "", { md5Hash: undefined, crc32c: undefined }))).toBe("content");
  });

  it("is 'content' when the size differs", () => {
    expect(uploadReason(file, remoteOf(file, "", { size: 11 }))).toBe("content");
  });

  it("is 'metadata' when only Content-Type or Cache-Control differ", () => {
    expect(uploadReason(file, remoteOf(file, "", { contentType: "application/octet-stream" }))).toBe("metadata");
    expect(uploadReason(file, remoteOf(file, "", { cacheControl: undefined }))).toBe("metadata");
  });
});

describe("planSiteSync", () => {
  it("uploads every file to an empty bucket, under the prefix, in path order", () => {
    const plan = planSiteSync([local("b.html"), local("a/index.html")], [], { prefix: "docs", delete: false });
    expect(plan.uploads.map((u) => [u.objectName, u.reason])).toEqual([
      ["docs/a/index.html", "new"],
      ["docs/b.html", "new"],
    ]);
    expect(plan.unchanged).toEqual([]);
  });

  it("uploads nothing when the bucket already matches", () => {
    const files = [local("index.html"), local("guide/index.html")];
    const plan = planSiteSync(files, files.map((f) => remoteOf(f, "docs/")), { prefix: "docs/", delete: true });
    expect(plan.uploads).toEqual([]);
    expect(plan.unchanged).toEqual(["docs/guide/index.html", "docs/index.html"]);
    expect(plan.deletions).toEqual([]);
  });

  it("uploads exactly the changed file", () => {
    const files = [local("a.html"), local("b.html"), local("c.html")];
    const remote = files.map((f) => remoteOf(f));
    const changed = files.map((f) => (f.path === "b.html" ? { ...f, md5: "new" } : f));
    expect(planSiteSync(changed, remote, { delete: false }).uploads.map((u) => u.objectName)).toEqual(["b.html"]);
  });

  it("lists extraneous objects as deletions only when delete is asked for", () => {
    const files = [local("index.html")];
    const remote = [remoteOf(files[0]!), { name: "old.html" }];
    expect(planSiteSync(files, remote, { delete: true })).toMatchObject({ deletions: ["old.html"], kept: [] });
    expect(planSiteSync(files, remote, { delete: false })).toMatchObject({ deletions: [], kept: ["old.html"] });
  });

  it("never touches objects outside the prefix", () => {
    const files = [local("index.html")];
    const remote = [{ name: "docs-old/index.html" }, { name: "other/x.html" }, { name: "docs/stale.html" }];
    const plan = planSiteSync(files, remote, { prefix: "docs", delete: true });
    expect(plan.deletions).toEqual(["docs/stale.html"]);
    expect(plan.uploads.map((u) => u.objectName)).toEqual(["docs/index.html"]);
  });

  it("ignores folder placeholder objects", () => {
    const plan = planSiteSync([local("index.html")], [{ name: "docs/" }, { name: "docs/guide/" }], { prefix: "docs", delete: true });
    expect(plan.deletions).toEqual([]);
  });

  it("with an empty prefix, considers the whole bucket", () => {
    const plan = planSiteSync([local("index.html")], [{ name: "a/b.css" }], { delete: true });
    expect(plan.deletions).toEqual(["a/b.css"]);
  });
});

describe("normalizePrefix", () => {
  it("yields '' or a folder ending in one slash", () => {
    expect(normalizePrefix(undefined)).toBe("");
    expect(normalizePrefix("")).toBe("");
    expect(normalizePrefix("/")).toBe("");
    expect(normalizePrefix("docs")).toBe("docs/");
    expect(normalizePrefix("/sites/docs//")).toBe("sites/docs/");
  });

  it("rejects empty, '.' and '..' segments with a message", () => {
    expect(() => normalizePrefix("a//b")).toThrow(/not a valid folder/);
    expect(() => normalizePrefix("a/../b")).toThrow(/not a valid folder/);
  });
});

describe("pathsNeedingCrc32c", () => {
  it("asks only for files whose object has no md5Hash (composite objects)", () => {
    const files = [local("a.html", { crc32c: undefined }), local("b.html", { crc32c: undefined }), local("c.html", { crc32c: undefined })];
    const remote = [
      { name: "docs/a.html", md5Hash: "x", crc32c: "y" },
      { name: "docs/b.html", crc32c: "y" },
    ];
    expect(pathsNeedingCrc32c(files, remote, "docs")).toEqual(["b.html"]);
  });
});
