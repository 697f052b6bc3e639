/**
 * Finding targets and environments by name; unknown names list the valid ones.
 */
import { describe, expect, it } from "vitest";
import { UnknownTargetError } from "../../ci/src/catalog/errors.js";
import { findBuildable, findJob, findService, findSite, resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { type Doc, catalogFiles } from "./fixtures.js";

const catalog = parseCatalog(catalogFiles());
const catalogWithProject = (edit: (project: Doc) => void) => parseCatalog(catalogFiles((d) => edit(d.project)));

describe("findService, findJob, findSite", () => {
  it("findService returns the service with that name", () => {
    expect(findService(catalog, "api").kind).toBe("service");
  });

  it("findService on an unknown name lists the valid service names", () => {
    expect(() => findService(catalog, "web")).toThrow('Unknown service "web". Valid services: api.');
  });

  it("findService does not return a job of that name", () => {
    expect(() => findService(catalog, "nightly")).toThrow(UnknownTargetError);
  });

  it("findJob returns the job with that name", () => {
    expect(findJob(catalog, "nightly").kind).toBe("job");
  });

  it("findJob on an unknown name lists the valid job names", () => {
    expect(() => findJob(catalog, "weekly")).toThrow('Unknown job "weekly". Valid jobs: nightly.');
  });

  it("findSite returns the site with that name", () => {
    expect(findSite(catalog, "handbook").bucket).toBe("acme-handbook-dev");
  });

  it("findSite on an unknown name lists the valid site names", () => {
    expect(() => findSite(catalog, "docs")).toThrow('Unknown site "docs". Valid sites: handbook.');
  });
});

describe("findBuildable", () => {
  it("returns a service by name", () => {
    expect(findBuildable(catalog, "api").kind).toBe("service");
  });

  it("returns a job by name", () => {
    expect(findBuildable(catalog, "nightly").kind).toBe("job");
  });

  it("rejects a site, listing the services and jobs", () => {
    expect(() => findBuildable(catalog, "handbook")).toThrow('Unknown service or job "handbook". Valid services and jobs: api, nightly.');
  });
});

describe("resolveEnvironment", () => {
  it("uses the default environment when none is named, with the project's region", () => {
    expect(resolveEnvironment(catalog)).toEqual({ name: "dev", project: "acme-dev", region: "europe-west1", nameSuffix: "" });
  });

  it("uses the named environment and its own region", () => {
    expect(resolveEnvironment(catalog, "prod")).toEqual({ name: "prod", project: "acme-prod", region: "us-central1", nameSuffix: "" });
  });

  it("falls back to the project's region when the environment has none", () => {
    const staged = catalogWithProject((p) => void (p.environments.staging = { project: "acme-staging" }));
    expect(resolveEnvironment(staged, "staging").region).toBe("europe-west1");
  });

  it("rejects an unknown environment, listing the declared ones", () => {
    expect(() => resolveEnvironment(catalog, "qa")).toThrow('Unknown environment "qa". Valid environments: dev, prod.');
  });

  // parseCatalog refuses a protected defaultEnvironment; resolveEnvironment still guards a Catalog built otherwise.
  const prodByDefault = (): typeof catalog => {
    const parsed = parseCatalog(catalogFiles());
    parsed.project.defaultEnvironment = "prod";
    return parsed;
  };

  it("refuses a protected default environment unless it is named explicitly", () => {
    expect(() => resolveEnvironment(prodByDefault())).toThrow('Environment "prod" is protected: pass --env=prod explicitly.');
  });

  it("accepts a protected environment named explicitly", () => {
    expect(resolveEnvironment(prodByDefault(), "prod").project).toBe("acme-prod");
  });

  it("uses the project's own project and region when no environments are declared", () => {
    const plain = catalogWithProject((p) => void Object.assign(p, { environments: undefined, defaultEnvironment: undefined }));
    expect(resolveEnvironment(plain)).toEqual({ name: "default", project: "acme-dev", region: "europe-west1", nameSuffix: "" });
  });

  it("uses the project's own settings when environments exist but none is default or named", () => {
    const noDefault = catalogWithProject((p) => void delete p.defaultEnvironment);
    expect(resolveEnvironment(noDefault)).toEqual({ name: "default", project: "acme-dev", region: "europe-west1", nameSuffix: "" });
  });

  it("tells how to declare environments when a name is given but none exist", () => {
    const plain = catalogWithProject((p) => void Object.assign(p, { environments: undefined, defaultEnvironment: undefined }));
    expect(() => resolveEnvironment(plain, "dev")).toThrow(
      'Unknown environment "dev". Valid environments: none (declare environments under `environments:` in pipelines/project.yaml).',
    );
  });
});
