import { describe, expect, it } from "vitest";
import { inheritOf, mergeInherited, namedEntries, siteNeeds } from "../../ci/src/mkdocs/config.js";
import { parseMkdocsYaml } from "../../ci/src/mkdocs/yaml.js";

const needsOf = (yaml: string) => siteNeeds(parseMkdocsYaml(yaml));
const paths = (yaml: string) => needsOf(yaml).references.map((r) => `${r.field}=${r.path}`);

describe("siteNeeds: docs_dir and theme", () => {
  it("defaults docs_dir to docs and the theme to mkdocs", () => {
    expect(needsOf("site_name: s\n")).toMatchObject({ docsDir: "docs", theme: "mkdocs", references: [] });
  });

  it("reads docs_dir, also behind !ENV", () => {
    expect(needsOf("docs_dir: content\n").docsDir).toBe("content");
    expect(needsOf("docs_dir: !ENV [DOCS, pages]\n").docsDir).toBe("pages");
  });

  it("reads the theme written as a name or as a mapping", () => {
    expect(needsOf("theme: material\n").theme).toBe("material");
    expect(needsOf("theme: { name: material }\n").theme).toBe("material");
    expect(needsOf("theme:\n  name: readthedocs\n").theme).toBe("readthedocs");
  });

  it("reads theme.custom_dir, and no theme name for a custom_dir alone", () => {
    expect(needsOf("theme: { name: material, custom_dir: overrides }\n")).toMatchObject({ theme: "material", references: [{ field: "theme.custom_dir", path: "overrides" }] });
    expect(needsOf("theme: { custom_dir: my_theme }\n").theme).toBeNull();
  });
});

describe("siteNeeds: referenced paths", () => {
  it("lists hooks and watch paths", () => {
    expect(paths("hooks: [hooks/a.py, hooks/b.py]\nwatch: [../src, includes]\n")).toEqual(["hooks=hooks/a.py", "hooks=hooks/b.py", "watch=../src", "watch=includes"]);
  });

  it("lists pymdownx.snippets base_path given as a string or a list", () => {
    const field = "markdown_extensions.pymdownx.snippets.base_path";
    expect(paths("markdown_extensions:\n  - pymdownx.snippets:\n      base_path: snippets\n")).toEqual([`${field}=snippets`]);
    expect(paths("markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [snippets, ../shared]\n")).toEqual([`${field}=snippets`, `${field}=../shared`]);
  });

  it("takes pymdownx.snippets' default base_path, the config's own folder", () => {
    expect(paths("markdown_extensions: [admonition, pymdownx.snippets]\n")).toEqual(["markdown_extensions.pymdownx.snippets.base_path=."]);
  });

  it("resolves !relative base paths against the config or docs folder", () => {
    const field = "markdown_extensions.pymdownx.snippets.base_path";
    expect(paths("docs_dir: pages\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: [!relative $config_dir, !relative $docs_dir/inc, !relative]\n")).toEqual([
      `${field}=.`, `${field}=pages/inc`, `${field}=pages`,
    ]);
  });

  it("reads markdown_extensions and plugins written as a mapping", () => {
    const needs = needsOf("markdown_extensions:\n  pymdownx.snippets: { base_path: snips }\n  toc: {}\nplugins:\n  search: {}\n  macros: { include_dir: inc }\n");
    expect(needs.markdownExtensions).toEqual(["pymdownx.snippets", "toc"]);
    expect(needs.plugins).toEqual(["search", "macros"]);
    expect(needs.references.map((r) => r.path)).toEqual(["snips", "inc", "main.py", "main"]);
  });

  it("lists the macros plugin's include_dir, include_yaml and module (as a .py file or package)", () => {
    expect(paths("plugins:\n  - search\n  - macros:\n      include_dir: templates\n      include_yaml: [data/a.yml, { other: data/b.yml }]\n      module_name: tools/macros\n")).toEqual([
      "plugins.macros.include_dir=templates",
      "plugins.macros.include_yaml=data/a.yml",
      "plugins.macros.include_yaml=data/b.yml",
      "plugins.macros.module_name=tools/macros.py",
      "plugins.macros.module_name=tools/macros",
    ]);
  });

  it("skips the options of other plugins", () => {
    expect(paths("plugins:\n  - include-markdown:\n      base_path: ../elsewhere\n  - mkdocstrings:\n      handlers: { python: { paths: [../src] } }\n")).toEqual([]);
  });
});

describe("INHERIT", () => {
  it("reads the parent config's path", () => {
    expect(inheritOf({ INHERIT: "../base.yml" })).toBe("../base.yml");
    expect(inheritOf({ site_name: "s" })).toBeUndefined();
  });

  it("merges as MkDocs does: the child wins, mappings are merged, lists are replaced, INHERIT is dropped", () => {
    const parent = { theme: { name: "material", features: ["a"] }, plugins: ["search", "macros"], docs_dir: "docs" };
    const child = { INHERIT: "base.yml", theme: { features: ["b"] }, plugins: ["search"] };
    expect(mergeInherited(parent, child)).toEqual({ theme: { name: "material", features: ["b"] }, plugins: ["search"], docs_dir: "docs" });
  });
});

describe("namedEntries", () => {
  it("reads names and { name: options } items of a list", () => {
    expect(namedEntries(["toc", { "pymdownx.snippets": { base_path: "x" } }, { admonition: null }])).toEqual([
      ["toc", {}], ["pymdownx.snippets", { base_path: "x" }], ["admonition", {}],
    ]);
  });
  it("reads nothing from a missing setting", () => {
    expect(namedEntries(undefined)).toEqual([]);
  });
});
