/**
 * Finding targets and environments (catalog/lookup.ts) at their edges: catalogs with nothing of a
 * kind, a project file named project.yml, and which environments a command can reach.
 */
import { describe, expect, it } from "vitest";
import { findBuildable, findJob, findService, findSite, reachableEnvironments, resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { type Doc, catalogFiles, paths } from "./fixtures.js";

const projectOnly = parseCatalog(catalogFiles().filter((f) => f.path === paths.project));
const catalogWithProject = (edit: (project: Doc) => void) => parseCatalog(catalogFiles((d) => edit(d.project)));

describe("looking up a target in a catalog that has none of its kind", () => {
  it("tells which service file to add", () => {
    expect(() => findService(projectOnly, "web")).toThrow('Unknown service "web". Valid services: none (add pipelines/services/web.yaml).');
  });

  it("tells which job file to add", () => {
    expect(() => findJob(projectOnly, "weekly")).toThrow('Unknown job "weekly". Valid jobs: none (add pipelines/jobs/weekly.yaml).');
  });

  it("tells which site file to add", () => {
    expect(() => findSite(projectOnly, "docs")).toThrow('Unknown site "docs". Valid sites: none (add pipelines/sites/docs.yaml).');
  });

  it("tells which service or job file to add for a build", () => {
    expect(() => findBuildable(projectOnly, "api")).toThrow(
      'Unknown service or job "api". Valid services and jobs: none (add pipelines/services/api.yaml or pipelines/jobs/api.yaml).',
    );
  });
});

describe("resolveEnvironment with a project file named project.yml", () => {
  it("points at project.yml when no environment is declared", () => {
    const files = catalogFiles((d) => void Object.assign(d.project, { environments: undefined, defaultEnvironment: undefined })).map((f) =>
      f.path === paths.project ? { ...f, path: "pipelines/project.yml" } : f,
    );
    expect(() => resolveEnvironment(parseCatalog(files), "dev")).toThrow(
      'Unknown environment "dev". Valid environments: none (declare environments under `environments:` in pipelines/project.yml).',
    );
  });
});

describe("reachableEnvironments", () => {
  const names = (catalog: ReturnType<typeof parseCatalog>) => reachableEnvironments(catalog).map((e) => e.name);

  it("is the declared environments when a defaultEnvironment replaces the project's own settings", () => {
    expect(names(parseCatalog(catalogFiles()))).toEqual(["dev", "prod"]);
  });

  it("adds the project's own settings, with the project's project and region, when no defaultEnvironment is set", () => {
    const catalog = catalogWithProject((p) => void delete p.defaultEnvironment);
    expect(reachableEnvironments(catalog)).toEqual([
      { name: "dev", project: "acme-dev", region: "europe-west1", nameSuffix: "" },
      { name: "prod", project: "acme-prod", region: "us-central1", nameSuffix: "" },
      { name: "default", project: "acme-dev", region: "europe-west1", nameSuffix: "" },
    ]);
  });

  it("is the project's own settings once when no environment is declared", () => {
    const catalog = catalogWithProject((p) => void Object.assign(p, { environments: undefined, defaultEnvironment: undefined }));
    expect(names(catalog)).toEqual(["default"]);
  });

  it("does not add the project's own settings next to a declared environment named default", () => {
    const catalog = catalogWithProject((p) => {
      p.environments.default = { project: "acme-dev", nameSuffix: "-d" };
      delete p.defaultEnvironment;
    });
    expect(names(catalog)).toEqual(["dev", "prod", "default"]);
    expect(reachableEnvironments(catalog).at(-1)!.nameSuffix).toBe("-d");
  });
});
