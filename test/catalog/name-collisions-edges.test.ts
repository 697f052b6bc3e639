/**
 * The catalog check that no two deploys write one Google Cloud resource (catalog/name-collisions.ts)
 * at its edges: several environments on one project, long lists of shared resources, two separate
 * collisions, a collision both within and across environments, and catalogs written as .yml files.
 */
import { describe, expect, it } from "vitest";
import type { CatalogFile } from "../../ci/src/catalog/parse.js";
import { type Doc, type DocKind, catalogErrorOf, catalogFiles, paths, toYaml } from "./fixtures.js";

/** An environment in the dev project (acme-dev, europe-west1) without a nameSuffix. */
const inDevProject = (name: string) => (d: Record<DocKind, Doc>) => void (d.project.environments[name] = { project: "acme-dev" });

/** The nightly job with `count` more schedules, named extra-1, extra-2, ... */
const moreSchedules = (count: number) => (d: Record<DocKind, Doc>) => {
  for (let i = 1; i <= count; i++) d.job.schedules.push({ name: `extra-${i}`, schedule: "0 4 * * *", serviceAccount: "scheduler-invoker" });
};

/** A service document named `name` whose Cloud Run name is `cloudRunName`. */
const serviceFile = (path: string, name: string, cloudRunName: string): CatalogFile => ({
  path,
  text: toYaml({ kind: "service", name, cloudRunName, build: { context: `services/${name}` }, run: { public: true } }),
});

/** One edit applying each of `edits` in turn. */
const all = (...edits: Array<(d: Record<DocKind, Doc>) => void>) => (d: Record<DocKind, Doc>) => edits.forEach((edit) => edit(d));

const moved = (files: CatalogFile[], from: string, to: string): CatalogFile[] => files.map((f) => (f.path === from ? { ...f, path: to } : f));

const DEV = "projects/acme-dev/locations/europe-west1";

describe("catalog check: environments sharing a project without a nameSuffix", () => {
  it("refuses each environment that lands on the dev environment's resources, in its own problem", () => {
    const { problems } = catalogErrorOf(catalogFiles(all(inDevProject("staging"), inDevProject("qa"))));
    expect(problems.map((p) => p.field)).toEqual(["environments.staging.nameSuffix", "environments.qa.nameSuffix"]);
    expect(problems[1]!.message).toContain('environments "dev" and "qa" both deploy to project acme-dev with no nameSuffix');
  });

  it("lists five shared resources in full, in the project.yml the catalog was read from", () => {
    const files = moved(catalogFiles(all(inDevProject("staging"), moreSchedules(2))), paths.project, "pipelines/project.yml");
    const { problems } = catalogErrorOf(files);
    expect(problems).toEqual([
      {
        file: "pipelines/project.yml",
        field: "environments.staging.nameSuffix",
        message:
          `environments "dev" and "staging" both deploy to project acme-dev with no nameSuffix, so each would overwrite the other's ` +
          `service api (${DEV}/services/api), job nightly (${DEV}/jobs/nightly), schedule nightly-run of job nightly (${DEV}/jobs/nightly-run), ` +
          `schedule extra-1 of job nightly (${DEV}/jobs/extra-1), schedule extra-2 of job nightly (${DEV}/jobs/extra-2); ` +
          `give one of them its own nameSuffix (e.g. nameSuffix: "-staging" under environments.staging: then staging deploys NAME-staging), or point it at another project`,
      },
    ]);
  });

  it("lists the first five shared resources and counts the rest", () => {
    const { problems } = catalogErrorOf(catalogFiles(all(inDevProject("staging"), moreSchedules(4))));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain(`schedule extra-2 of job nightly (${DEV}/jobs/extra-2) and 2 more; give one of them`);
    expect(problems[0]!.message).not.toContain("extra-3");
  });
});

describe("catalog check: two targets on one resource", () => {
  it("refuses each target that takes another's Cloud Run name, in its own .yml file", () => {
    const files = [...catalogFiles(), serviceFile("pipelines/services/web.yml", "web", "api"), serviceFile("pipelines/services/www.yaml", "www", "api")];
    const { problems } = catalogErrorOf(files);
    expect(problems.map((p) => [p.file, p.field])).toEqual([
      ["pipelines/services/web.yml", "cloudRunName"],
      ["pipelines/services/www.yaml", "cloudRunName"],
    ]);
    expect(problems[1]!.message).toContain("service www would be projects/acme-dev/locations/europe-west1/services/api in dev");
  });

  it("names the first target's .yml file", () => {
    const files = [...moved(catalogFiles(), paths.service, "pipelines/services/api.yml"), serviceFile("pipelines/services/web.yaml", "web", "api")];
    expect(catalogErrorOf(files).problems[0]!.message).toContain("which service api (pipelines/services/api.yml) already is");
  });

  it("says which environments the first target is there in when the collision also crosses environments", () => {
    const files = [...catalogFiles(inDevProject("staging")), serviceFile("pipelines/services/web.yaml", "web", "api")];
    const { problems } = catalogErrorOf(files);
    expect(problems.find((p) => p.file === "pipelines/services/web.yaml")).toEqual({
      file: "pipelines/services/web.yaml",
      field: "cloudRunName",
      message:
        `service web would be ${DEV}/services/api in dev and projects/acme-prod/locations/us-central1/services/api in prod and ${DEV}/services/api in staging, ` +
        "which service api (pipelines/services/api.yaml) already is in dev and prod; two targets cannot share one resource: set cloudRunName on one of them, or change a nameSuffix",
    });
  });

  it("leaves two schedules of the same name to the duplicate-name check alone", () => {
    const weekly = {
      path: "pipelines/jobs/weekly.yaml",
      text: toYaml({ kind: "job", name: "weekly", build: { context: "jobs/weekly" }, schedules: [{ name: "nightly-run", schedule: "0 5 * * 1", serviceAccount: "scheduler-invoker" }] }),
    };
    const { problems } = catalogErrorOf([...catalogFiles(), weekly]);
    expect(problems).toEqual([
      {
        file: "pipelines/jobs/weekly.yaml",
        field: "schedules[0].name",
        message: 'schedule "nightly-run" is already defined in pipelines/jobs/nightly.yaml; Cloud Scheduler job names must be unique',
      },
    ]);
  });
});
