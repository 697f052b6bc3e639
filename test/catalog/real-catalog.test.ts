/**
 * The catalog checked into pipelines/: it parses, holds the dataface targets, and every file points
 * editors at the schema.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { type CatalogFile, parseCatalog } from "../../ci/src/catalog/parse.js";

const repoRoot = resolve(import.meta.dirname, "..", "..");

function readRealCatalog(): CatalogFile[] {
  return readdirSync(join(repoRoot, "pipelines"), { recursive: true, encoding: "utf8" })
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => {
      const path = `pipelines/${name.split("\\").join("/")}`;
      return { path, text: readFileSync(join(repoRoot, path), "utf8") };
    });
}

const files = readRealCatalog();
const catalog = parseCatalog(files);

describe("the catalog in pipelines/", () => {
  it("has a project file and a file per service, job and site", () => {
    expect(files.map((f) => f.path)).toContain("pipelines/project.yaml");
    expect(files.length).toBe(1 + catalog.services.length + catalog.jobs.length + catalog.sites.length);
  });

  it("declares the services alie, cloud and playground", () => {
    expect(catalog.services.map((s) => s.name).sort()).toEqual(["alie", "cloud", "playground"]);
  });

  it("declares the job ingestion", () => {
    expect(catalog.jobs.map((j) => j.name)).toEqual(["ingestion"]);
  });

  it("declares the sites docs, tasks and asql-docs", () => {
    expect(catalog.sites.map((s) => s.name).sort()).toEqual(["asql-docs", "docs", "tasks"]);
  });

  it("builds every service and job from a Dockerfile named Dockerfile by default", () => {
    for (const target of [...catalog.services, ...catalog.jobs]) expect(target.build.dockerfile).toBe("Dockerfile");
  });

  it("lints every service and job with ruff check and ruff format by default", () => {
    for (const target of [...catalog.services, ...catalog.jobs]) {
      expect(target.lint.commands).toEqual([
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
      ]);
    }
  });

  it("keeps alie and cloud private and playground public", () => {
    const visibility = Object.fromEntries(catalog.services.map((s) => [s.name, s.run.public]));
    expect(visibility).toEqual({ alie: false, cloud: false, playground: true });
  });

  it("gives cloud a postgres test database bound as postgres", () => {
    const cloud = catalog.services.find((s) => s.name === "cloud")!;
    expect(cloud.test.databases.map((db) => [db.alias, db.engine])).toEqual([["postgres", "postgres"]]);
  });

  it("declares dev, staging and a protected prod, with dev as the default", () => {
    expect(Object.keys(catalog.project.environments)).toEqual(["dev", "staging", "prod"]);
    expect(catalog.project.environments.prod!.protected).toBe(true);
    expect(catalog.project.defaultEnvironment).toBe("dev");
  });

  it.each(files.map((f) => f.path))("references the JSON Schema on the first line of %s", (path) => {
    const firstLine = files.find((f) => f.path === path)!.text.split("\n")[0]!;
    const depth = path.split("/").length - 2;
    expect(firstLine).toBe(`# yaml-language-server: $schema=${depth === 0 ? "./" : "../".repeat(depth)}schema.json`);
  });
});
