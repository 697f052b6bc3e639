import { describe, expect, it } from "vitest";
import { MKDOCS_MATERIAL_PACKAGE, MKDOCS_PACKAGE } from "../../ci/src/mkdocs/requirements.js";
import { fixture, fixtureCopy, siteExecs } from "../mkdocs/fixture-repos.js";
import { mkdocsWritesSite, pipeline, useFakeSession } from "./harness.js";

const session = useFakeSession(mkdocsWritesSite);

const build = async (root: string, site: string) => (await pipeline(root).docs(site)).entries();

describe("module docs: a site at the repository root (root-mkdocs)", () => {
  const root = fixture("root-mkdocs");

  it("installs the catalog's docs/requirements-docs.txt, never the app's root requirements.txt", async () => {
    await build(root, "docs");
    const { pip } = siteExecs(session());
    expect(pip.args).toEqual(["pip", "install", "--no-input", "-r", "docs/requirements-docs.txt"]);
    expect(pip.files).toEqual(["/repo/docs/requirements-docs.txt"]);
    expect(pip.readFile("/repo/docs/requirements-docs.txt")).toContain("mkdocs-material==9.8.2");
    expect(pip.readFile("/repo/requirements.txt")).toBeUndefined();
  });

  it("copies the config, docs/ and the snippets base_path, and nothing else of the repository", async () => {
    await build(root, "docs");
    const { copied, mkdocs } = siteExecs(session());
    expect(copied).toEqual(["docs/guide.md", "docs/index.md", "docs/requirements-docs.txt", "mkdocs.yml", "snippets/request.json", "snippets/vat-rates.md"]);
    expect(copied.some((f) => f.startsWith("data/") || f.startsWith("src/"))).toBe(false);
    expect(mkdocs.readFile("/repo/requirements.txt")).toBeUndefined();
    expect(mkdocs.readFile("/repo/data/sample.csv")).toBeUndefined();
  });

  it("runs mkdocs build --strict with the config in /repo", async () => {
    await build(root, "docs");
    const { mkdocs } = siteExecs(session());
    expect(mkdocs.args).toEqual(["mkdocs", "build", "--strict", "--config-file", "mkdocs.yml", "--site-dir", "/out"]);
    expect(mkdocs.workdir).toBe("/repo");
  });

  it("installs pinned mkdocs and mkdocs-material when no requirements file exists and the theme is material", async () => {
    const copy = fixtureCopy("root-mkdocs", {
      "docs/requirements-docs.txt": null,
      "requirements.txt": null,
      "pipelines/sites/docs.yaml": "kind: site\nname: docs\nmkdocs: .\nbucket: acme-billing-docs-dev\n",
    });
    await build(copy, "docs");
    const { pip, copied } = siteExecs(session());
    expect(pip.args).toEqual(["pip", "install", "--no-input", "-r", "/opt/pipeline/mkdocs-requirements.txt"]);
    expect(pip.readFile("/opt/pipeline/mkdocs-requirements.txt")).toBe(`${MKDOCS_PACKAGE}\n${MKDOCS_MATERIAL_PACKAGE}\n`);
    expect(MKDOCS_PACKAGE).toBe("mkdocs==1.6.1");
    expect(MKDOCS_MATERIAL_PACKAGE).toBe("mkdocs-material==9.8.2");
    expect(copied.some((f) => f.startsWith("opt/") || f.startsWith("data/"))).toBe(false);
  });
});

describe("module docs: a site in a folder with requirements.txt beside mkdocs.yml (uv-workspace)", () => {
  const root = fixture("uv-workspace");

  it("installs docs-site/requirements.txt, found beside the config", async () => {
    await build(root, "handbook");
    const { pip } = siteExecs(session());
    expect(pip.args).toEqual(["pip", "install", "--no-input", "-r", "requirements.txt"]);
    expect(pip.files).toEqual(["/repo/docs-site/requirements.txt"]);
    expect(pip.workdir).toBe("/repo/docs-site");
  });

  it("copies only docs-site's config, docs and requirements, and runs mkdocs in /repo/docs-site", async () => {
    await build(root, "handbook");
    const { mkdocs, copied } = siteExecs(session());
    expect(copied).toEqual(["docs-site/docs/index.md", "docs-site/docs/local.md", "docs-site/mkdocs.yml", "docs-site/requirements.txt"]);
    expect(mkdocs.workdir).toBe("/repo/docs-site");
    expect(mkdocs.args).toEqual(["mkdocs", "build", "--strict", "--config-file", "mkdocs.yml", "--site-dir", "/out"]);
  });

  it("installs only pinned mkdocs for the built-in readthedocs theme when no requirements file exists", async () => {
    await build(fixtureCopy("uv-workspace", { "docs-site/requirements.txt": null }), "handbook");
    const { pip } = siteExecs(session());
    expect(pip.readFile("/opt/pipeline/mkdocs-requirements.txt")).toBe(`${MKDOCS_PACKAGE}\n`);
  });

  it("uses docs/requirements*.txt of the mkdocs folder when there is no requirements.txt beside the config", async () => {
    await build(fixtureCopy("uv-workspace", { "docs-site/requirements.txt": null, "docs-site/docs/requirements-site.txt": "mkdocs==1.6.1\n" }), "handbook");
    const { pip } = siteExecs(session());
    expect(pip.args).toEqual(["pip", "install", "--no-input", "-r", "docs/requirements-site.txt"]);
    expect(pip.files).toEqual(["/repo/docs-site/docs/requirements-site.txt"]);
  });

  it("uses mkdocs.yaml when the folder has no mkdocs.yml", async () => {
    const copy = fixtureCopy("uv-workspace", { "docs-site/mkdocs.yml": null, "docs-site/mkdocs.yaml": "site_name: Notes\ntheme: readthedocs\n" });
    await build(copy, "handbook");
    const { mkdocs, copied } = siteExecs(session());
    expect(mkdocs.args).toContain("mkdocs.yaml");
    expect(copied).toContain("docs-site/mkdocs.yaml");
  });
});

describe("module docs: what the config references", () => {
  it("parses !ENV, !!python/name and !relative tags and still copies what they point at", async () => {
    const config = [
      "site_name: Notes",
      'site_url: !ENV [SITE_URL, "https://notes.example/"]',
      "docs_dir: !ENV [DOCS_DIR, docs]",
      "theme: { name: material, custom_dir: overrides }",
      "markdown_extensions:",
      "  - pymdownx.emoji:",
      "      emoji_index: !!python/name:material.extensions.emoji.twemoji",
      "      emoji_generator: !!python/name:material.extensions.emoji.to_svg",
      "  - pymdownx.snippets:",
      "      base_path: !relative $config_dir/includes",
      "",
    ].join("\n");
    const copy = fixtureCopy("uv-workspace", {
      "docs-site/mkdocs.yml": config,
      "docs-site/overrides/main.html": "{% extends 'base.html' %}\n",
      "docs-site/includes/abbr.md": "*[API]: Application Programming Interface\n",
      "docs-site/unrelated/notes.txt": "not for the site\n",
    });
    await build(copy, "handbook");
    const { mkdocs, copied } = siteExecs(session());
    expect(copied).toEqual([
      "docs-site/docs/index.md", "docs-site/docs/local.md", "docs-site/includes/abbr.md", "docs-site/mkdocs.yml", "docs-site/overrides/main.html", "docs-site/requirements.txt",
    ]);
    expect(mkdocs.readFile("/repo/docs-site/mkdocs.yml")).toBe(config);
  });

  it("copies an INHERITed config from another folder and the hooks, watch paths and macros files the merged config names", async () => {
    const copy = fixtureCopy("uv-workspace", {
      "docs-site/mkdocs.yml": "INHERIT: ../shared/mkdocs-base.yml\nsite_name: Notes\nhooks: [hooks/links.py]\n",
      "shared/mkdocs-base.yml": "theme: readthedocs\nwatch: [../backend/src/notes]\nplugins:\n  - search\n  - macros:\n      include_dir: snippets\n",
      "docs-site/hooks/links.py": "def on_page_markdown(markdown, **kwargs):\n    return markdown\n",
      "docs-site/main.py": "def define_env(env):\n    pass\n",
      "docs-site/snippets/note.md": "A note\n",
    });
    await build(copy, "handbook");
    const { copied } = siteExecs(session());
    expect(copied).toEqual(expect.arrayContaining([
      "shared/mkdocs-base.yml", "docs-site/hooks/links.py", "docs-site/main.py", "docs-site/snippets/note.md", "backend/src/notes/app.py",
    ]));
    expect(copied.some((f) => f.startsWith("backend/tests/") || f === "backend/pyproject.toml")).toBe(false);
  });

  it("copies the whole mkdocs folder, but nothing above it, for pymdownx.snippets' default base_path", async () => {
    const copy = fixtureCopy("uv-workspace", {
      "docs-site/mkdocs.yml": "site_name: Notes\ntheme: readthedocs\nmarkdown_extensions:\n  - pymdownx.snippets\n",
      "docs-site/LICENSE.md": "MIT\n",
    });
    await build(copy, "handbook");
    const { copied } = siteExecs(session());
    expect(copied).toContain("docs-site/LICENSE.md");
    expect(copied.every((f) => f.startsWith("docs-site/"))).toBe(true);
  });
});
