import { describe, expect, it } from "vitest";
import { fixtureCopy } from "../mkdocs/fixture-repos.js";
import { mkdocsWritesSite, pipeline, rejection, useFakeSession } from "./harness.js";

const session = useFakeSession(mkdocsWritesSite);

const SITE = "pipelines/sites/handbook.yaml";
const handbookCatalog = (extra: string) => `kind: site\nname: handbook\nbucket: acme-notes-handbook-dev\n${extra}`;

describe("module docs: errors a user can cause", () => {
  it("asks for a requirements file for a third-party theme it cannot pin", async () => {
    const root = fixtureCopy("uv-workspace", { "docs-site/requirements.txt": null, "docs-site/mkdocs.yml": "site_name: Notes\ntheme:\n  name: cinder\n" });
    const err = await rejection(pipeline(root).docs("handbook"));
    expect(err.message).toBe(
      `Site "handbook" (${SITE}): docs-site/mkdocs.yml uses theme "cinder", which the pipeline's default requirements (mkdocs, and mkdocs-material for theme "material") do not install, and no requirements file was found (looked for docs-site/requirements.txt and docs-site/docs/requirements*.txt). Add a requirements file that pins mkdocs and those packages there, or set \`requirements\` in the site's catalog file to it (relative to the mkdocs folder).`,
    );
    expect(session().execs()).toEqual([]);
  });

  it("names the plugins and Markdown extensions the default cannot install", async () => {
    const root = fixtureCopy("uv-workspace", {
      "docs-site/requirements.txt": null,
      "docs-site/mkdocs.yml": "site_name: Notes\ntheme: readthedocs\nplugins: [search, mkdocstrings]\nmarkdown_extensions: [toc, pymdownx.details]\n",
    });
    const err = await rejection(pipeline(root).docs("handbook"));
    expect(err.message).toContain('docs-site/mkdocs.yml uses plugin "mkdocstrings", Markdown extension "pymdownx.details", which');
  });

  it("names the catalog's requirements file when it does not exist", async () => {
    const root = fixtureCopy("root-mkdocs", { "docs/requirements-docs.txt": null });
    const err = await rejection(pipeline(root).docs("docs"));
    expect(err.message).toBe(
      'Site "docs" (pipelines/sites/docs.yaml): `requirements` names "docs/requirements-docs.txt", but docs/requirements-docs.txt does not exist; fix `requirements` (relative to the mkdocs folder, here the repository root) or remove it to use requirements.txt or docs/requirements*.txt there.',
    );
  });

  it("names the folder and the files looked for when the mkdocs folder has no config", async () => {
    const root = fixtureCopy("uv-workspace", { [SITE]: handbookCatalog("mkdocs: docs-site/docs\n") });
    const err = await rejection(pipeline(root).docs("handbook"));
    expect(err.message).toBe(
      `Site "handbook" (${SITE}): "docs-site/docs" has no mkdocs.yml or mkdocs.yaml; point \`mkdocs\` at the folder holding the MkDocs config, or name the file in \`config\`.`,
    );
  });

  it("names the catalog's config file when it is not in the folder", async () => {
    const root = fixtureCopy("uv-workspace", { [SITE]: handbookCatalog("mkdocs: docs-site\nconfig: site.yml\n") });
    const err = await rejection(pipeline(root).docs("handbook"));
    expect(err.message).toBe(`Site "handbook" (${SITE}): "docs-site" has no site.yml (catalog field \`config\`); fix \`config\`, or point \`mkdocs\` at the folder that has it.`);
  });

  it("says the mkdocs folder does not exist", async () => {
    const root = fixtureCopy("uv-workspace", { [SITE]: handbookCatalog("mkdocs: handbook\n") });
    const err = await rejection(pipeline(root).docs("handbook"));
    expect(err.message).toContain(`Site "handbook" (${SITE}): the mkdocs folder "handbook" does not exist in the repository; set \`mkdocs\``);
  });

  it("refuses a reference that climbs out of the repository", async () => {
    const root = fixtureCopy("uv-workspace", { "docs-site/mkdocs.yml": "site_name: Notes\nhooks:\n  - ../../hooks.py\n" });
    const err = await rejection(pipeline(root).docs("handbook"));
    expect(err.message).toBe(`Site "handbook" (${SITE}): docs-site/mkdocs.yml: hooks "../../hooks.py" points outside the repository; keep the files the site needs inside the repository.`);
  });

  it("accepts a reference with .. that stays inside the repository", async () => {
    const root = fixtureCopy("uv-workspace", { "docs-site/mkdocs.yml": "site_name: Notes\nwatch: [../backend/src]\n" });
    await (await pipeline(root).docs("handbook")).entries();
    const mkdocs = session().execs().find((e) => e.args[0] === "mkdocs");
    expect(mkdocs?.directories[0]?.files).toContain("backend/src/notes/app.py");
  });

  it("names an INHERIT file that does not exist", async () => {
    const root = fixtureCopy("uv-workspace", { "docs-site/mkdocs.yml": "INHERIT: base.yml\nsite_name: Notes\n" });
    const err = await rejection(pipeline(root).docs("handbook"));
    expect(err.message).toBe(`Site "handbook" (${SITE}): docs-site/mkdocs.yml: INHERIT names "base.yml", but docs-site/base.yml does not exist in the repository; fix INHERIT (relative to docs-site/mkdocs.yml).`);
  });

  it("names a config that is not valid YAML", async () => {
    const root = fixtureCopy("uv-workspace", { "docs-site/mkdocs.yml": "site_name: [Notes\n" });
    const err = await rejection(pipeline(root).docs("handbook"));
    expect(err.message).toMatch(/^Site "handbook" \(pipelines\/sites\/handbook.yaml\): docs-site\/mkdocs.yml is not a valid MkDocs config: .+; fix the file/);
  });
});

describe("module checks:catalog: sites", () => {
  it("accepts a site at the repository root and one in a folder", async () => {
    await pipeline(fixtureCopy("root-mkdocs")).checks().catalog();
    await pipeline(fixtureCopy("uv-workspace")).checks().catalog();
  });

  it("accepts a folder whose config is mkdocs.yaml", async () => {
    const root = fixtureCopy("uv-workspace", { "docs-site/mkdocs.yml": null, "docs-site/mkdocs.yaml": "site_name: Notes\n" });
    await pipeline(root).checks().catalog();
  });

  it("names a mkdocs folder without a config", async () => {
    const root = fixtureCopy("uv-workspace", { "docs-site/mkdocs.yml": null });
    const err = await rejection(pipeline(root).checks().catalog());
    expect(err.message).toContain(`${SITE}: mkdocs: "docs-site" has no mkdocs.yml or mkdocs.yaml; point mkdocs at the folder holding the MkDocs config, or name the file in config`);
  });

  it("names a catalog requirements file that does not exist", async () => {
    const root = fixtureCopy("root-mkdocs", { "docs/requirements-docs.txt": null });
    const err = await rejection(pipeline(root).checks().catalog());
    expect(err.message).toContain('pipelines/sites/docs.yaml: requirements: "." has no docs/requirements-docs.txt; fix requirements');
  });

  it("names a catalog config file that does not exist", async () => {
    const root = fixtureCopy("uv-workspace", { [SITE]: handbookCatalog("mkdocs: docs-site\nconfig: site.yml\n") });
    const err = await rejection(pipeline(root).checks().catalog());
    expect(err.message).toContain(`${SITE}: config: "docs-site" has no site.yml; fix config`);
  });
});
