/**
 * `list`'s text and JSON (catalog/summary.ts) for what the baseline catalog lacks: a project without
 * environments, test databases, several schedules, sites published elsewhere by several environments,
 * and the JSON form. Written from Stryker's surviving mutants in summary.ts (issue 12).
 */
import { describe, expect, it } from "vitest";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { catalogJson, summarizeCatalog } from "../../ci/src/catalog/summary.js";
import { catalogFiles } from "./fixtures.js";

const lines = (edit: Parameters<typeof catalogFiles>[0]) => summarizeCatalog(parseCatalog(catalogFiles(edit))).split("\n");

describe("summarizeCatalog, edges", () => {
  it("says \"none\" for a project without environments, with no default", () => {
    const text = lines((d) => {
      d.project.environments = {};
      delete d.project.defaultEnvironment;
    });
    expect(text[2]).toBe("environments: none");
  });

  it("names the engines of a service's test databases", () => {
    const text = lines((d) => {
      d.service.test = { databases: [{ alias: "postgres", engine: "postgres" }, { alias: "cache", engine: "redis" }] };
    });
    expect(text).toContain("  api                  private  services/api  health /health  tests with postgres, redis");
  });

  it("lists every schedule of a job, separated by semicolons", () => {
    const text = lines((d) => {
      d.job.schedules.push({ name: "weekly-run", schedule: "every monday 09:00", timeZone: "Europe/Paris", serviceAccount: "scheduler-invoker" });
    });
    expect(text).toContain('  nightly              jobs/nightly  nightly-run "0 3 * * *" UTC; weekly-run "every monday 09:00" Europe/Paris');
  });

  it("shows an environment that publishes the site to another bucket, and several such environments", () => {
    const otherBucket = lines((d) => void (d.site.environments = { prod: { bucket: "acme-handbook-prod" } }));
    expect(otherBucket.at(-1)).toBe("  handbook             sites/handbook -> gs://acme-handbook-dev/ (prod: gs://acme-handbook-prod/)");
    const both = lines((d) => {
      d.project.environments.dev.nameSuffix = "-dev";
      d.site.environments = { prod: { bucket: "acme-handbook-prod" } };
    });
    expect(both.at(-1)).toBe("  handbook             sites/handbook -> gs://acme-handbook-dev/ (dev: gs://acme-handbook-dev/dev/, prod: gs://acme-handbook-prod/)");
  });
});

describe("catalogJson", () => {
  it("holds the catalog folder, the project and every target as parsed", () => {
    const catalog = parseCatalog(catalogFiles());
    const json = JSON.parse(catalogJson(catalog));
    expect(Object.keys(json)).toEqual(["catalog", "project", "services", "jobs", "sites"]);
    expect(json.catalog).toBe("pipelines");
    expect(json.project.project).toBe("acme-dev");
    expect(json.services.map((s: { name: string }) => s.name)).toEqual(["api"]);
    expect(json.jobs[0].schedules[0].schedule).toBe("0 3 * * *");
    expect(json.sites[0].bucket).toBe("acme-handbook-dev");
  });

  it("is indented by two spaces for people reading it", () => {
    expect(catalogJson(parseCatalog(catalogFiles())).split("\n")[1]).toBe('  "catalog": "pipelines",');
  });
});
