/**
 * The catalog checks of the names the naming rule gives (resolved-names.ts, name-collisions.ts):
 * nameSuffix and cloudRunName values, names that stay valid with a suffix, and no two deploys on
 * one resource, on the in-memory baseline catalog and on the catalogs of other repositories.
 */
import { describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import { cloudRunLocationOf } from "../../ci/src/catalog/naming.js";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { editDocument, editProject, LAYOUTS, layoutFiles } from "../support/catalog-layouts.js";
import { catalogErrorOf, catalogFiles, expectProblem, paths } from "./fixtures.js";

describe("catalog check: nameSuffix and cloudRunName values", () => {
  it.each([
    ["staging", "without the leading hyphen"],
    ["-Staging", "with an uppercase letter"],
    ["-staging-", "ending with a hyphen"],
    ["-" + "s".repeat(21), "longer than 21 characters"],
  ])('refuses nameSuffix "%s" (%s)', (suffix) => {
    const { problems } = catalogErrorOf(catalogFiles((d) => void (d.project.environments.dev.nameSuffix = suffix)));
    expectProblem(problems, paths.project, "environments.dev.nameSuffix", 'must be "-" followed by 1-20 lowercase letters, digits and hyphens');
  });

  it("refuses a cloudRunName that is not a Cloud Run id", () => {
    const { problems } = catalogErrorOf(catalogFiles((d) => void (d.service.cloudRunName = "Dataface_API")));
    expectProblem(problems, paths.service, "cloudRunName", "Cloud Run id rules");
  });
});

describe("catalog check: names after the nameSuffix", () => {
  const staging = (suffix: string) => (d: Record<string, any>) => void (d.project.environments.staging = { project: "acme-staging", nameSuffix: suffix });

  it("refuses a Cloud Run job id over 49 characters, naming the file, field, environment and fix", () => {
    const { problems } = catalogErrorOf(catalogFiles((d) => {
      staging("-staging")(d);
      d.job.cloudRunName = `n${"x".repeat(44)}`;
    }));
    expectProblem(problems, paths.job, "cloudRunName", `in staging the Cloud Run job is "n${"x".repeat(44)}-staging" (cloudRunName + the environment's nameSuffix "-staging"): 53 characters; Cloud Run ids are 1-49`);
    expectProblem(problems, paths.job, "cloudRunName", "shorten cloudRunName or the nameSuffix of staging in pipelines/project.yaml");
  });

  it("accepts a 48-character job name with its suffix (jobs have no traffic tags)", () => {
    expect(() => parseCatalog(catalogFiles((d) => {
      staging("-staging")(d);
      d.job.cloudRunName = `n${"x".repeat(39)}`;
    }))).not.toThrow();
  });

  it("refuses a service name too long for the blue-green candidate tag once suffixed", () => {
    const { problems } = catalogErrorOf(catalogFiles((d) => {
      staging("-staging")(d);
      d.service.cloudRunName = `a${"p".repeat(29)}`;
    }));
    expectProblem(problems, paths.service, "cloudRunName", `in staging the Cloud Run service is "a${"p".repeat(29)}-staging"`);
    expectProblem(problems, paths.service, "cloudRunName", "38 characters; blue-green deploys (deploy.strategy) tag the candidate revision");
    expectProblem(problems, paths.service, "cloudRunName", "so a service name has at most 36; shorten cloudRunName or the nameSuffix of staging in pipelines/project.yaml, or set deploy.strategy: direct in pipelines/project.yaml");
  });

  it("accepts the same service name when the project deploys with strategy direct", () => {
    expect(() => parseCatalog(catalogFiles((d) => {
      staging("-staging")(d);
      d.project.deploy = { strategy: "direct" };
      d.service.cloudRunName = `a${"p".repeat(29)}`;
    }))).not.toThrow();
  });

  it("refuses an extra image tag that the suffix makes longer than 128 characters", () => {
    const { problems } = catalogErrorOf(catalogFiles((d) => {
      staging("-staging")(d);
      d.service.image = { tags: ["t".repeat(125)] };
    }));
    expectProblem(problems, paths.service, "image.tags[0]", "in staging this tag is pushed as");
    expectProblem(problems, paths.service, "image.tags[0]", "133 characters; image tags have at most 128");
  });
});

describe("catalog check: two deploys on one resource", () => {
  const sharedStaging = (extra: Record<string, unknown> = {}) => (d: Record<string, any>) => void (d.project.environments.staging = { project: "acme-dev", ...extra });

  it("refuses two environments that share a project without a nameSuffix, naming both, the resources and the fix", () => {
    const { problems } = catalogErrorOf(catalogFiles(sharedStaging()));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: paths.project, field: "environments.staging.nameSuffix" });
    const { message } = problems[0]!;
    expect(message).toContain('environments "dev" and "staging" both deploy to project acme-dev with no nameSuffix');
    expect(message).toContain("service api (projects/acme-dev/locations/europe-west1/services/api)");
    expect(message).toContain("job nightly (projects/acme-dev/locations/europe-west1/jobs/nightly)");
    expect(message).toContain("schedule nightly-run of job nightly (projects/acme-dev/locations/europe-west1/jobs/nightly-run)");
    expect(message).toContain('give one of them its own nameSuffix (e.g. nameSuffix: "-staging" under environments.staging');
  });

  it("accepts the two environments once one has a nameSuffix", () => {
    const catalog = parseCatalog(catalogFiles(sharedStaging({ nameSuffix: "-staging" })));
    expect(cloudRunLocationOf(catalog.services[0]!, resolveEnvironment(catalog, "staging")).name).toBe("projects/acme-dev/locations/europe-west1/services/api-staging");
  });

  it("refuses two environments with the same nameSuffix in one project", () => {
    const { problems } = catalogErrorOf(catalogFiles((d) => {
      d.project.environments.dev.nameSuffix = "-x";
      sharedStaging({ nameSuffix: "-x" })(d);
    }));
    expectProblem(problems, paths.project, "environments.staging.nameSuffix", 'both deploy to project acme-dev with the same nameSuffix "-x"');
  });

  it("accepts two environments in one project but different regions", () => {
    expect(() => parseCatalog(catalogFiles(sharedStaging({ region: "us-central1" })))).not.toThrow();
  });

  it("refuses only what a region override brings back to the same place", () => {
    const { problems } = catalogErrorOf(catalogFiles((d) => {
      sharedStaging({ region: "us-central1" })(d);
      d.service.environments = { staging: { run: { region: "europe-west1" } } };
    }));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain("service api (projects/acme-dev/locations/europe-west1/services/api)");
    expect(problems[0]!.message).not.toContain("job nightly");
  });

  it("refuses a cloudRunName that another service already is, in the target's file and field", () => {
    const files = editDocument(catalogFiles(), "pipelines/services/web.yaml", (doc) =>
      Object.assign(doc, { kind: "service", name: "web", cloudRunName: "api", build: { context: "services/web" }, run: { public: true } }),
    );
    const { problems } = catalogErrorOf(files);
    expect(problems).toEqual([
      {
        file: "pipelines/services/web.yaml",
        field: "cloudRunName",
        message:
          "service web would be projects/acme-dev/locations/europe-west1/services/api in dev and projects/acme-prod/locations/us-central1/services/api in prod, which service api (pipelines/services/api.yaml) already is; two targets cannot share one resource: set cloudRunName on one of them",
      },
    ]);
  });

  it("lets a job and a service have the same Cloud Run name (different resources)", () => {
    expect(() => parseCatalog(catalogFiles((d) => void (d.job.cloudRunName = "api")))).not.toThrow();
  });

  it("refuses a target that another environment's suffix turns into an existing one", () => {
    let files = catalogFiles(sharedStaging({ nameSuffix: "-b" }));
    files = editDocument(files, "pipelines/services/api-b.yaml", (doc) => Object.assign(doc, { kind: "service", name: "api-b", build: { context: "services/b" }, run: { public: true } }));
    const { problems } = catalogErrorOf(files);
    expectProblem(problems, paths.service, "name", "service api would be projects/acme-dev/locations/europe-west1/services/api-b in staging, which service api-b (pipelines/services/api-b.yaml) already is in dev");
    expectProblem(problems, paths.service, "name", "set cloudRunName on one of them, or change a nameSuffix");
  });

  it("refuses a schedule that another environment's suffix turns into an existing Scheduler job", () => {
    const { problems } = catalogErrorOf(catalogFiles((d) => {
      sharedStaging({ nameSuffix: "-staging" })(d);
      d.job.schedules.push({ name: "nightly-run-staging", schedule: "0 4 * * *", serviceAccount: "scheduler-invoker" });
    }));
    expect(problems).toEqual([
      {
        file: paths.job,
        field: "schedules[0].name",
        message:
          "schedule nightly-run of job nightly would be projects/acme-dev/locations/europe-west1/jobs/nightly-run-staging in staging, which schedule nightly-run-staging of job nightly (pipelines/jobs/nightly.yaml) already is in dev; two targets cannot share one resource: rename one of the schedules, or change a nameSuffix",
      },
    ]);
  });

  it("checks the project's own settings when no environment is declared", () => {
    const files = editDocument(
      catalogFiles((d) => void Object.assign(d.project, { environments: undefined, defaultEnvironment: undefined })),
      "pipelines/services/web.yaml",
      (doc) => Object.assign(doc, { kind: "service", name: "web", cloudRunName: "api", build: { context: "services/web" }, run: { public: true } }),
    );
    expectProblem(catalogErrorOf(files).problems, "pipelines/services/web.yaml", "cloudRunName", "service web would be projects/acme-dev/locations/europe-west1/services/api in the project's own settings, which service api");
  });
});

describe("catalog check on the catalogs of other repositories", () => {
  it.each([LAYOUTS.bundled, LAYOUTS.pipFlask, LAYOUTS.dltPipelines, LAYOUTS.pdmService])("accepts $name as it is", (layout) => {
    expect(() => parseCatalog(layoutFiles(layout), layout.dir)).not.toThrow();
  });

  it.each([
    [LAYOUTS.pipFlask, "service analytics (projects/acme-dev-123/locations/europe-west1/services/analytics)", "schedule analytics-daily of service analytics"],
    [LAYOUTS.dltPipelines, "job dlt-ingestion (projects/acme-data-dev/locations/us-central1/jobs/dlt-ingestion)", "schedule dlt-nightly of job dlt-ingestion"],
    [LAYOUTS.pdmService, "service web (projects/shortlinks-dev/locations/europe-west4/services/web)", undefined],
  ])("refuses a staging environment sharing the dev project of %s without a nameSuffix", (layout, resource, schedule) => {
    const files = editProject(layout, layoutFiles(layout), (p) => void (p.environments.staging = { project: p.environments.dev.project }));
    const { problems } = catalogErrorOf(files, layout.dir);
    expectProblem(problems, `${layout.dir}/project.yaml`, "environments.staging.nameSuffix", `environments "dev" and "staging" both deploy to project`);
    expectProblem(problems, `${layout.dir}/project.yaml`, "environments.staging.nameSuffix", resource);
    if (schedule) expectProblem(problems, `${layout.dir}/project.yaml`, "environments.staging.nameSuffix", schedule);
  });

  it.each([LAYOUTS.bundled, LAYOUTS.pipFlask, LAYOUTS.dltPipelines, LAYOUTS.pdmService])("accepts $name with a staging environment in the dev project and a nameSuffix", (layout) => {
    const files = editProject(layout, layoutFiles(layout), (p) => void (p.environments.staging = { project: p.environments.dev.project, nameSuffix: "-staging" }));
    const catalog = parseCatalog(files, layout.dir);
    const target = catalog.services[0] ?? catalog.jobs[0]!;
    expect(cloudRunLocationOf(target, resolveEnvironment(catalog, "staging")).id).toBe(`${target.name}-staging`);
    expect(cloudRunLocationOf(target, resolveEnvironment(catalog, "dev")).id).toBe(target.name);
  });
});
