import { describe, expect, it } from "vitest";
import { siteNeeds } from "../../ci/src/mkdocs/config.js";
import { defaultRequirements, findRequirements, MKDOCS_MATERIAL_PACKAGE, MKDOCS_PACKAGE, requirementIncludes } from "../../ci/src/mkdocs/requirements.js";
import { parseMkdocsYaml } from "../../ci/src/mkdocs/yaml.js";

const defaultsFor = (yaml: string) => defaultRequirements(siteNeeds(parseMkdocsYaml(yaml)));

describe("findRequirements", () => {
  it("uses requirements.txt beside the config first", () => {
    expect(findRequirements(["docs/", "mkdocs.yml", "requirements.txt"], ["requirements-docs.txt"])).toEqual(["requirements.txt"]);
  });

  it("else uses every docs/requirements*.txt, sorted", () => {
    expect(findRequirements(["docs/", "mkdocs.yml"], ["index.md", "requirements-plugins.txt", "requirements-docs.txt", "requirements.in"])).toEqual([
      "docs/requirements-docs.txt", "docs/requirements-plugins.txt",
    ]);
  });

  it("finds none in other files or without a docs folder", () => {
    expect(findRequirements(["mkdocs.yml", "requirements-dev.txt", "requirements.in"], undefined)).toEqual([]);
  });
});

describe("defaultRequirements", () => {
  it("pins mkdocs alone for the built-in themes", () => {
    expect(defaultsFor("site_name: s\n")).toEqual({ packages: [MKDOCS_PACKAGE] });
    expect(defaultsFor("theme: readthedocs\n")).toEqual({ packages: [MKDOCS_PACKAGE] });
    expect(defaultsFor("theme: { name: mkdocs }\n")).toEqual({ packages: [MKDOCS_PACKAGE] });
  });

  it("adds pinned mkdocs-material for theme material, written either way", () => {
    expect(defaultsFor("theme: material\n")).toEqual({ packages: ["mkdocs==1.6.1", "mkdocs-material==9.8.2"] });
    expect(defaultsFor("theme: { name: material }\n")).toEqual({ packages: [MKDOCS_PACKAGE, MKDOCS_MATERIAL_PACKAGE] });
  });

  it("accepts the plugins and extensions mkdocs-material brings with theme material", () => {
    const yaml = "theme: material\nplugins: [search, tags, material/blog]\nmarkdown_extensions: [admonition, pymdownx.superfences, material.extensions.emoji]\n";
    expect(defaultsFor(yaml)).toEqual({ packages: [MKDOCS_PACKAGE, MKDOCS_MATERIAL_PACKAGE] });
  });

  it("lists an unknown third-party theme", () => {
    expect(defaultsFor("theme: { name: cinder }\n")).toEqual({ unknown: ['theme "cinder"'] });
  });

  it("lists plugins and extensions no default package provides", () => {
    expect(defaultsFor("theme: readthedocs\nplugins: [search, macros]\nmarkdown_extensions: [markdown.extensions.toc, pymdownx.details]\n")).toEqual({
      unknown: ['plugin "macros"', 'Markdown extension "pymdownx.details"'],
    });
  });

  it("needs nothing extra for a custom_dir theme without a name", () => {
    expect(defaultsFor("theme: { custom_dir: my_theme }\n")).toEqual({ packages: [MKDOCS_PACKAGE] });
  });
});

describe("requirementIncludes", () => {
  it("lists -r and -c files in all their spellings, ignoring comments and packages", () => {
    const text = "# docs\nmkdocs==1.6.1\n-r base.txt\n-c constraints.txt  # pins\n--requirement=../shared/more.txt\n--constraint other.txt\n-rtight.txt\n--hash=sha256:abc\n";
    expect(requirementIncludes(text)).toEqual(["base.txt", "constraints.txt", "../shared/more.txt", "other.txt", "tight.txt"]);
  });
});
