import { describe, expect, it } from "vitest";
import { configFileName } from "../../ci/src/mkdocs/config-file.js";
import { copyList, fromFolder, inRepository } from "../../ci/src/mkdocs/paths.js";

describe("inRepository", () => {
  it("places a config-relative path in the repository", () => {
    expect(inRepository("sites/docs", "overrides")).toEqual({ path: "sites/docs/overrides" });
    expect(inRepository("sites/docs", "../shared/")).toEqual({ path: "sites/shared" });
    expect(inRepository(".", "snippets")).toEqual({ path: "snippets" });
    expect(inRepository("sites/docs", ".")).toEqual({ path: "sites/docs" });
    expect(inRepository(".", ".")).toEqual({ path: "." });
  });

  it("allows .. up to the repository root, but not above it", () => {
    expect(inRepository("sites/docs", "../..")).toEqual({ path: "." });
    expect(inRepository("sites/docs", "../../../x")).toEqual({ error: "points outside the repository; keep the files the site needs inside the repository" });
    expect(inRepository(".", "../x")).toMatchObject({ error: expect.stringContaining("outside the repository") });
  });

  it("refuses absolute paths", () => {
    expect(inRepository("docs", "/etc/passwd")).toEqual({ error: "is an absolute path; write it relative to the config file's folder" });
  });
});

describe("fromFolder", () => {
  it("gives a repository path relative to the mkdocs folder", () => {
    expect(fromFolder("docs-site", "docs-site/requirements.txt")).toBe("requirements.txt");
    expect(fromFolder(".", "docs/requirements-docs.txt")).toBe("docs/requirements-docs.txt");
    expect(fromFolder("a/b", "a/shared/r.txt")).toBe("../shared/r.txt");
  });
});

describe("copyList", () => {
  it("drops duplicates and paths inside a listed folder", () => {
    expect(copyList(["docs-site/docs", "docs-site/mkdocs.yml", "docs-site/docs/requirements.txt", "docs-site/docs"])).toEqual(["docs-site/docs", "docs-site/mkdocs.yml"]);
  });
  it("keeps siblings whose names share a prefix", () => {
    expect(copyList(["docs", "docs-extra"])).toEqual(["docs", "docs-extra"]);
  });
  it("collapses to the whole repository when the root is needed", () => {
    expect(copyList(["mkdocs.yml", "."])).toEqual(["."]);
  });
});

describe("configFileName", () => {
  it("prefers mkdocs.yml, else mkdocs.yaml", () => {
    expect(configFileName(undefined, ["mkdocs.yaml", "mkdocs.yml"])).toBe("mkdocs.yml");
    expect(configFileName(undefined, ["docs/", "mkdocs.yaml"])).toBe("mkdocs.yaml");
    expect(configFileName(undefined, ["docs/"])).toBeUndefined();
  });
  it("uses only the catalog's config when given", () => {
    expect(configFileName("site.yml", ["mkdocs.yml", "site.yml"])).toBe("site.yml");
    expect(configFileName("site.yml", ["mkdocs.yml"])).toBeUndefined();
  });
});
