/**
 * The catalog check of the names each environment gives a target (catalog/resolved-names.ts) at
 * its edges: the exact messages per origin of a name (name, cloudRunName, with or without a
 * nameSuffix), the project's own settings as an environment, the limits of Cloud Run, Cloud
 * Scheduler and image tags to the character, and catalogs written as .yml files.
 */
import { describe, expect, it } from "vitest";
import { type CatalogFile, parseCatalog } from "../../ci/src/catalog/parse.js";
import { type Doc, type DocKind, catalogErrorOf, catalogFiles, paths, toYaml } from "./fixtures.js";

/** A staging environment with its own project and the nameSuffix "-staging". */
const addStaging = (d: Record<DocKind, Doc>): void => void (d.project.environments.staging = { project: "acme-staging", nameSuffix: "-staging" });

/** The baseline catalog with the service renamed to `name` (its file renamed to match). */
function serviceNamed(name: string, edit: (d: Record<DocKind, Doc>) => void = () => {}): CatalogFile[] {
  let service: Doc = {};
  const files = catalogFiles((d) => {
    edit(d);
    service = { ...d.service, name };
  });
  return files.filter((f) => f.path !== paths.service).concat({ path: `pipelines/services/${name}.yaml`, text: toYaml(service) });
}

/** `files` with the file at `from` moved to `to`. */
const moved = (files: CatalogFile[], from: string, to: string): CatalogFile[] => files.map((f) => (f.path === from ? { ...f, path: to } : f));

const BLUE_GREEN = 'blue-green deploys (deploy.strategy) tag the candidate revision "rc-<7-character commit>", and Cloud Run allows 46 characters for tag + service name, so a service name has at most 36';
const CLOUD_RUN_IDS = "Cloud Run ids are 1-49 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen";

describe("catalog check: a Cloud Run name too long for blue-green deploys", () => {
  const long = `a${"p".repeat(36)}`; // 37 characters

  it("reports it once for every environment giving the same id, the project's own settings included, at name", () => {
    const { problems } = catalogErrorOf(serviceNamed(long, (d) => void delete d.project.defaultEnvironment));
    expect(problems).toEqual([
      {
        file: `pipelines/services/${long}.yaml`,
        field: "name",
        message: `in dev, prod, the project's own settings (no --env) the Cloud Run service is "${long}": 37 characters; ${BLUE_GREEN}; shorten name, or set deploy.strategy: direct in pipelines/project.yaml`,
      },
    ]);
  });

  it("says the id is the cloudRunName when no nameSuffix is added", () => {
    const { problems } = catalogErrorOf(catalogFiles((d) => void (d.service.cloudRunName = long)));
    expect(problems).toEqual([
      {
        file: paths.service,
        field: "cloudRunName",
        message: `in dev, prod the Cloud Run service is "${long}" (its cloudRunName): 37 characters; ${BLUE_GREEN}; shorten cloudRunName, or set deploy.strategy: direct in pipelines/project.yaml`,
      },
    ]);
  });

  it("says the id is the name plus the nameSuffix, and offers a shorter nameSuffix", () => {
    const name = `a${"p".repeat(28)}`; // 29 + "-staging" = 37
    const { problems } = catalogErrorOf(serviceNamed(name, addStaging));
    expect(problems).toEqual([
      {
        file: `pipelines/services/${name}.yaml`,
        field: "name",
        message: `in staging the Cloud Run service is "${name}-staging" (name + the environment's nameSuffix "-staging"): 37 characters; ${BLUE_GREEN}; shorten name or the nameSuffix of staging in pipelines/project.yaml, or set deploy.strategy: direct in pipelines/project.yaml`,
      },
    ]);
  });

  it("accepts a service name of exactly 36 characters", () => {
    expect(() => parseCatalog(catalogFiles((d) => void (d.service.cloudRunName = `a${"p".repeat(35)}`)))).not.toThrow();
  });
});

describe("catalog check: a name that is not a Cloud Run id once suffixed", () => {
  it("gives the whole message, naming the .yml files the catalog was read from", () => {
    const long = `n${"x".repeat(44)}`; // 45 + "-staging" = 53
    let files = catalogFiles((d) => {
      addStaging(d);
      d.job.cloudRunName = long;
    });
    files = moved(moved(files, paths.project, "pipelines/project.yml"), paths.job, "pipelines/jobs/nightly.yml");
    const { problems } = catalogErrorOf(files);
    expect(problems).toEqual([
      {
        file: "pipelines/jobs/nightly.yml",
        field: "cloudRunName",
        message: `in staging the Cloud Run job is "${long}-staging" (cloudRunName + the environment's nameSuffix "-staging"): 53 characters; ${CLOUD_RUN_IDS}; shorten cloudRunName or the nameSuffix of staging in pipelines/project.yml`,
      },
    ]);
  });
});

describe("catalog check: Cloud Scheduler job ids after the nameSuffix", () => {
  const withSchedule = (name: string) =>
    catalogFiles((d) => {
      addStaging(d);
      d.job.schedules.push({ name, schedule: "0 4 * * *", serviceAccount: "scheduler-invoker" });
    });

  it("refuses a schedule whose id is 501 characters with the suffix, at that schedule", () => {
    const name = "s".repeat(493);
    const { problems } = catalogErrorOf(withSchedule(name));
    expect(problems).toEqual([
      {
        file: paths.job,
        field: "schedules[1].name",
        message: `in staging the Cloud Scheduler job id is "${"s".repeat(40)}..." (the schedule's name + nameSuffix "-staging"), 501 characters; Cloud Scheduler allows 500: shorten the name or the nameSuffix`,
      },
    ]);
  });

  it("accepts a schedule whose id is exactly 500 characters with the suffix", () => {
    expect(() => parseCatalog(withSchedule("s".repeat(492)))).not.toThrow();
  });
});

describe("catalog check: extra image tags after the nameSuffix", () => {
  const withTag = (tag: string) =>
    catalogFiles((d) => {
      addStaging(d);
      d.service.image = { tags: ["latest", tag] };
    });

  it("refuses a tag pushed with 129 characters, quoting its first 40", () => {
    const { problems } = catalogErrorOf(withTag("t".repeat(121)));
    expect(problems).toEqual([
      {
        file: paths.service,
        field: "image.tags[1]",
        message: `in staging this tag is pushed as "${"t".repeat(40)}..." (the tag + nameSuffix "-staging"), 129 characters; image tags have at most 128: shorten the tag or the nameSuffix`,
      },
    ]);
  });

  it("accepts a tag pushed with exactly 128 characters", () => {
    expect(() => parseCatalog(withTag("t".repeat(120)))).not.toThrow();
  });
});
