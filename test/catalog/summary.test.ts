/**
 * `list`'s text (catalog/summary.ts): every line of the baseline catalog, and what a nameSuffix
 * environment adds (the Cloud Run names and the site prefix it publishes to).
 */
import { describe, expect, it } from "vitest";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { summarizeCatalog } from "../../ci/src/catalog/summary.js";
import { catalogFiles } from "./fixtures.js";

const HEAD = [
  "catalog: pipelines/ (4 files: project.yaml, services/, jobs/, sites/; other YAML there is not read)",
  "project acme-dev, region europe-west1, images in europe-west1-docker.pkg.dev/acme-dev/acme",
];

describe("summarizeCatalog", () => {
  it("prints the catalog, project, environments and one line per target", () => {
    expect(summarizeCatalog(parseCatalog(catalogFiles())).split("\n")).toEqual([
      ...HEAD,
      "environments: dev (acme-dev, europe-west1), prod (acme-prod, us-central1) (default dev)",
      "",
      "services:",
      "  api                  private  services/api  health /health",
      "jobs:",
      '  nightly              jobs/nightly  nightly-run "0 3 * * *" UTC',
      "sites:",
      "  handbook             sites/handbook -> gs://acme-handbook-dev/",
    ]);
  });

  it("shows a nameSuffix environment's Cloud Run names and site prefix", () => {
    const text = summarizeCatalog(parseCatalog(catalogFiles((d) => void (d.project.environments.dev.nameSuffix = "-dev"))));
    expect(text.split("\n")).toEqual([
      ...HEAD,
      "environments: dev (acme-dev, europe-west1, nameSuffix -dev), prod (acme-prod, us-central1) (default dev)",
      "",
      "services:",
      "  api                  private  services/api  health /health  Cloud Run: api -> api-dev (dev)",
      "jobs:",
      '  nightly              jobs/nightly  nightly-run "0 3 * * *" UTC  Cloud Run: nightly -> nightly-dev (dev)',
      "sites:",
      "  handbook             sites/handbook -> gs://acme-handbook-dev/ (dev: gs://acme-handbook-dev/dev/)",
    ]);
  });

  it("marks a public service and a job without schedules, and uses the registry's own location", () => {
    const text = summarizeCatalog(
      parseCatalog(
        catalogFiles((d) => {
          d.service.run.public = true;
          d.job.schedules = [];
          d.project.artifactRegistry.location = "europe";
        }),
      ),
    ).split("\n");
    expect(text[1]).toBe("project acme-dev, region europe-west1, images in europe-docker.pkg.dev/acme-dev/acme");
    expect(text).toContain("  api                  public   services/api  health /health");
    expect(text).toContain("  nightly              jobs/nightly  no schedule");
  });
});
