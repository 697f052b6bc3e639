import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { initCatalogFiles } from "../../ci/src/init/catalog-files.js";
import { planInit, type InitPlan } from "../../ci/src/init/plan.js";
import { placeholderBucket, renderBuildable, renderProject, renderSite, scalar } from "../../ci/src/init/render.js";
import { renderCatalogJsonSchema } from "../../ci/src/catalog/json-schema.js";

const SERVICE = 'FROM python:3.12-slim\nEXPOSE 8080\nCMD ["gunicorn", "app:app"]\n';
const SHARED = "FROM python:3.11-slim\nARG COMMIT\nCOPY libs/common/ /opt/common/\nCOPY services/api/ ./\nCMD [\"python\", \"-m\", \"api\"]\n";

function plan(): InitPlan {
  return planInit({
    dockerfiles: [
      { path: "Dockerfile", text: SERVICE },
      { path: "services/api/Dockerfile.api", text: SHARED },
    ],
    mkdocsConfigs: ["docs-site/mkdocs.yaml"],
    exists: (p) => p === "libs/common" || p === "services/api",
  });
}

describe("renderProject", () => {
  it("writes placeholders that validate, each marked REPLACE", () => {
    const { text, placeholders } = renderProject();
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=./schema.json");
    expect(parse(text)).toEqual({
      kind: "project",
      project: "replace-me-project",
      region: "us-central1",
      artifactRegistry: { repository: "replace-me-repository" },
      environments: { dev: { project: "replace-me-project" } },
      defaultEnvironment: "dev",
    });
    expect(text.match(/# REPLACE:/g)).toHaveLength(placeholders.length);
  });
});

describe("renderBuildable", () => {
  it("says which kind it guessed and why, and marks public and an unread health path REPLACE", () => {
    const { text } = renderBuildable(plan().buildables[0]!);
    expect(text).toContain("# guessed: service (EXPOSE 8080)\nkind: service\nname: app\n");
    expect(text).toContain("  # REPLACE: true for a public service (allUsers invoker)\n  public: false\n");
    expect(text).toContain("  # guessed: from EXPOSE 8080\n  port: 8080\n");
    expect(text).toMatch(/ {2}# REPLACE: the Dockerfile has no HEALTHCHECK: check the path .*\n {2}healthPath: \/health\n/);
  });

  it("writes the root context and the Dockerfile path for a Dockerfile that copies from the root, saying why", () => {
    const api = plan().buildables[1]!;
    const { text } = renderBuildable(api);
    expect(parse(text)).toMatchObject({ kind: "job", name: "api", build: { context: ".", dockerfile: "services/api/Dockerfile.api", commitArg: "COMMIT" } });
    expect(text).toContain('# context ".": the Dockerfile copies libs/common, services/api, which exist at the repository root but not in services/api');
  });
});

describe("renderSite", () => {
  it("points at the folder, names a non-default config and writes a bucket placeholder", () => {
    const { text } = renderSite(plan().sites[0]!);
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=../schema.json");
    expect(parse(text)).toEqual({ kind: "site", name: "docs-site", mkdocs: "docs-site", config: "mkdocs.yaml", bucket: "replace-me-docs-site-bucket" });
    expect(text).toContain("# REPLACE: the Cloud Storage bucket publish-site syncs the built site to\nbucket: replace-me-docs-site-bucket\n");
  });

  it("keeps the bucket placeholder within 63 characters", () => {
    const bucket = placeholderBucket("s".repeat(49));
    expect(bucket.length).toBeLessThanOrEqual(63);
    expect(bucket).toMatch(/^replace-me-s+-bucket$/);
  });
});

describe("scalar", () => {
  it("quotes what YAML would read as another type or another string", () => {
    expect(scalar(".")).toBe(".");
    expect(scalar("services/api")).toBe("services/api");
    expect(scalar("/health")).toBe("/health");
    expect(scalar("1.0")).toBe('"1.0"');
    expect(scalar("true")).toBe('"true"');
    expect(scalar("my app")).toBe('"my app"');
    expect(parse(`k: ${scalar("a: b #c")}`)).toEqual({ k: "a: b #c" });
  });
});

describe("initCatalogFiles", () => {
  it("writes project.yaml, one file per target, schema.json and INIT.md, and the catalog files parse", () => {
    const files = initCatalogFiles(plan(), "pipelines");
    expect(files.map((f) => f.file)).toEqual(["project.yaml", "services/app.yaml", "jobs/api.yaml", "sites/docs-site.yaml", "schema.json", "INIT.md"]);
    const catalog = parseCatalog(files.filter((f) => f.file.endsWith(".yaml")).map((f) => ({ path: `pipelines/${f.file}`, text: f.text })), "pipelines");
    expect([catalog.services.map((s) => s.name), catalog.jobs.map((j) => j.name), catalog.sites.map((s) => s.name)]).toEqual([["app"], ["api"], ["docs-site"]]);
    expect(files.find((f) => f.file === "schema.json")!.text).toBe(renderCatalogJsonSchema());
  });

  it("parses as a catalog at the repository root too (--catalog=.)", () => {
    const files = initCatalogFiles(plan(), ".").filter((f) => f.file.endsWith(".yaml"));
    expect(() => parseCatalog(files.map((f) => ({ path: f.file, text: f.text })), ".")).not.toThrow();
  });

  it("lists in INIT.md what it found, what it guessed and every placeholder", () => {
    const report = initCatalogFiles(plan(), "deploy/catalog").find((f) => f.file === "INIT.md")!.text;
    expect(report).toContain("- `Dockerfile` -> service `app` in `deploy/catalog/services/app.yaml`: service (EXPOSE 8080); context `.`, dockerfile `Dockerfile`; port 8080 (from EXPOSE 8080);");
    expect(report).toContain("- `services/api/Dockerfile.api` -> job `api` in `deploy/catalog/jobs/api.yaml`: job (");
    expect(report).toContain("- `docs-site/mkdocs.yaml` -> site `docs-site` in `deploy/catalog/sites/docs-site.yaml` (mkdocs: `docs-site`).");
    expect(report).toContain("- `deploy/catalog/sites/docs-site.yaml` `bucket: replace-me-docs-site-bucket`");
    expect(report).toContain("- `deploy/catalog/services/app.yaml` `run.healthPath: /health`");
    expect(report).toContain("`dagger call --catalog=deploy/catalog verify`");
  });

  it("says in INIT.md that nothing was found, and still writes a project that parses", () => {
    const files = initCatalogFiles({ buildables: [], sites: [] }, "pipelines");
    expect(files.map((f) => f.file)).toEqual(["project.yaml", "schema.json", "INIT.md"]);
    expect(files[2]!.text).toContain("Nothing: no Dockerfile and no mkdocs.yml.");
  });
});
