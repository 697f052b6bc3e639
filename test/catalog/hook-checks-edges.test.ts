/**
 * Release hooks the checks (catalog/hook-checks.ts) must let through, and where their problems
 * point: the service's own file (also when it is a .yml file) and the project file to change.
 */
import { describe, expect, it } from "vitest";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { baselineDocs, catalogErrorOf, catalogFiles, paths, toYaml, withFile, withoutFile } from "./fixtures.js";

describe("hookProblems lets valid hooks through", () => {
  it("accepts hooks in both phases with their own variables, CANDIDATE_URL on a beforeTraffic hook, next to a catalog job", () => {
    const catalog = parseCatalog(
      catalogFiles((d) => {
        d.service.hooks = {
          beforeTraffic: [{ name: "migrate", env: { CANDIDATE_URL: "https://example.com", LOG_LEVEL: "debug" } }],
          afterCandidate: [{ name: "smoke", env: { TARGET: "candidate" } }],
        };
      }),
    );
    expect(catalog.services[0]!.hooks.beforeTraffic.map((h) => h.name)).toEqual(["migrate"]);
    expect(catalog.services[0]!.hooks.afterCandidate[0]!.env).toEqual({ TARGET: "candidate" });
    expect(catalog.jobs.map((j) => j.name)).toEqual(["nightly"]);
  });

  it("accepts beforeTraffic hooks with the direct strategy", () => {
    const catalog = parseCatalog(
      catalogFiles((d) => {
        d.project.deploy = { strategy: "direct" };
        d.service.hooks = { beforeTraffic: [{ name: "migrate" }] };
      }),
    );
    expect(catalog.project.deploy.strategy).toBe("direct");
  });
});

describe("hookProblems names the files to change", () => {
  it("reports a hook problem in the service's .yml file", () => {
    const docs = baselineDocs();
    docs.service.hooks = { beforeTraffic: [{ name: "migrate" }], afterCandidate: [{ name: "migrate" }] };
    const files = withFile("pipelines/services/api.yml", toYaml(docs.service), withoutFile(paths.service));
    expect(catalogErrorOf(files).problems).toContainEqual({
      file: "pipelines/services/api.yml",
      field: "hooks.afterCandidate[0].name",
      message: 'hook "migrate" is already hooks.beforeTraffic; each hook runs as its own job, so give it another name',
    });
  });

  it("tells to set blue-green in the catalog's project file, by its path", () => {
    const files = catalogFiles((d) => {
      d.project.deploy = { strategy: "direct" };
      d.service.hooks = { afterCandidate: [{ name: "smoke" }] };
    });
    expect(catalogErrorOf(files).problems).toContainEqual({
      file: paths.service,
      field: "hooks.afterCandidate",
      message: expect.stringContaining("set deploy.strategy: blue-green in pipelines/project.yaml or move the hooks to beforeTraffic"),
    });
  });
});
