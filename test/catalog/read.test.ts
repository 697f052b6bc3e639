/**
 * The catalog folder as given on the command line, and where catalog files may sit in it.
 */
import { describe, expect, it } from "vitest";
import { CATALOG_PATTERNS, DEFAULT_CATALOG_DIR, normalizeCatalogDir } from "../../ci/src/catalog/read.js";

describe("normalizeCatalogDir", () => {
  it("drops a leading ./ and a trailing /", () => {
    expect(normalizeCatalogDir("./pipelines/")).toBe("pipelines");
  });

  it("an empty folder is the repository root", () => {
    expect(normalizeCatalogDir("")).toBe(".");
  });

  it("drops the trailing / of a nested folder", () => {
    expect(normalizeCatalogDir("deploy/catalog/")).toBe("deploy/catalog");
  });

  it("keeps a folder given plainly", () => {
    expect(normalizeCatalogDir("pipelines")).toBe("pipelines");
  });

  it("drops repeated trailing slashes", () => {
    expect(normalizeCatalogDir("deploy/catalog///")).toBe("deploy/catalog");
  });

  it("drops repeated slashes after the leading dot", () => {
    expect(normalizeCatalogDir(".//pipelines")).toBe("pipelines");
  });

  it("trims surrounding whitespace", () => {
    expect(normalizeCatalogDir("  pipelines/ ")).toBe("pipelines");
  });

  it(". stays the repository root", () => {
    expect(normalizeCatalogDir(".")).toBe(".");
  });

  it("./ is the repository root", () => {
    expect(normalizeCatalogDir("./")).toBe(".");
  });

  it("whitespace only is the repository root", () => {
    expect(normalizeCatalogDir("   ")).toBe(".");
  });
});

describe("CATALOG_PATTERNS", () => {
  it("are exactly project.yaml/yml and the YAML files directly in services/, jobs/ and sites/", () => {
    expect(CATALOG_PATTERNS).toEqual(["project.yaml", "project.yml", "services/*.yaml", "services/*.yml", "jobs/*.yaml", "jobs/*.yml", "sites/*.yaml", "sites/*.yml"]);
  });
});

describe("DEFAULT_CATALOG_DIR", () => {
  it("is pipelines", () => {
    expect(DEFAULT_CATALOG_DIR).toBe("pipelines");
  });
});
