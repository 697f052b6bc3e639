/**
 * Checks across fields and files (catalog/cross-checks.ts) at their edges: an environment's run
 * problem next to a different one the base already has, the wording when the project declares no
 * environments or only protected ones, the project file by its own name, and the HTTP methods that
 * may carry a schedule's body.
 */
import { describe, expect, it } from "vitest";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { baselineDocs, catalogErrorOf, catalogFiles, paths, toYaml, withFile, withoutFile } from "./fixtures.js";

describe("run settings per environment", () => {
  it("reports a problem an environment's override creates, even when the base has another one", () => {
    const files = catalogFiles((d) => {
      d.service.run = { ...d.service.run, minInstances: 3, maxInstances: 2 };
      d.service.environments = { prod: { run: { env: { PORT: "8080" } } } };
    });
    const { problems } = catalogErrorOf(files);
    expect(problems.map((p) => p.field)).toEqual(["run.minInstances", "environments.prod.run.env.PORT"]);
    expect(problems[1]!.message).toMatch(/^in prod: PORT is reserved/);
  });

  it('reports an override\'s problem at the environment that sets it, also for an environment named "undefined"', () => {
    const files = catalogFiles((d) => {
      d.project.environments.undefined = { project: "acme-dev", nameSuffix: "-undef" };
      d.service.environments = { undefined: { run: { env: { PORT: "8080" } } } };
      d.job.environments = { undefined: { run: { env: { CLOUD_RUN_TASK_INDEX: "0" } } } };
    });
    expect(catalogErrorOf(files).problems.map((p) => `${p.file} ${p.field}`)).toEqual([
      `${paths.service} environments.undefined.run.env.PORT`,
      `${paths.job} environments.undefined.run.env.CLOUD_RUN_TASK_INDEX`,
    ]);
  });
});

describe("environment names", () => {
  it("says how to declare environments when the project declares none", () => {
    const files = catalogFiles((d) => {
      delete d.project.environments;
      delete d.project.defaultEnvironment;
      d.service.environments = { dev: {} };
    });
    expect(catalogErrorOf(files).problems).toEqual([
      { file: paths.service, field: "environments.dev", message: '"dev" is not an environment of the project; declared: none (declare them under `environments:` in the project file)' },
    ]);
  });

  it("reports an undeclared defaultEnvironment in the project file, whatever its name", () => {
    const docs = baselineDocs();
    docs.project.defaultEnvironment = "staging";
    const files = withFile("pipelines/project.yml", toYaml(docs.project, "./schema.json"), withoutFile(paths.project));
    expect(catalogErrorOf(files).problems).toEqual([
      { file: "pipelines/project.yml", field: "defaultEnvironment", message: '"staging" is not a declared environment; declared: dev, prod' },
    ]);
  });
});

describe("a protected defaultEnvironment", () => {
  it("names the unprotected environments to choose from", () => {
    const files = catalogFiles((d) => {
      d.project.environments.staging = { project: "acme-dev", nameSuffix: "-staging" };
      d.project.defaultEnvironment = "prod";
    });
    const [problem] = catalogErrorOf(files).problems;
    expect(problem).toMatchObject({ file: paths.project, field: "defaultEnvironment" });
    expect(problem!.message).toContain("choose an unprotected environment (dev, staging) or remove defaultEnvironment");
  });

  it("names none when every environment is protected", () => {
    const files = catalogFiles((d) => {
      d.project.environments.dev.protected = true;
      d.project.defaultEnvironment = "prod";
    });
    const [problem] = catalogErrorOf(files).problems;
    expect(problem!.message).toContain("--env=prod; choose an unprotected environment or remove defaultEnvironment");
  });
});

describe("schedule bodies", () => {
  it("accepts a body on PUT and PATCH requests", () => {
    const catalog = parseCatalog(
      catalogFiles((d) => {
        d.service.schedules = [
          { name: "api-refresh", schedule: "0 * * * *", path: "/refresh", method: "PUT", body: { full: true }, serviceAccount: "scheduler-invoker" },
          { name: "api-touch", schedule: "0 * * * *", path: "/touch", method: "PATCH", body: { full: false }, serviceAccount: "scheduler-invoker" },
        ];
      }),
    );
    expect(catalog.services[0]!.schedules.map((s) => s.method)).toEqual(["PUT", "PATCH"]);
  });

  it("rejects a body on a DELETE request", () => {
    const files = catalogFiles((d) => {
      d.service.schedules = [{ name: "api-purge", schedule: "0 * * * *", path: "/purge", method: "DELETE", body: { all: true }, serviceAccount: "scheduler-invoker" }];
    });
    expect(catalogErrorOf(files).problems).toContainEqual({
      file: paths.service,
      field: "schedules[0].body",
      message: "a DELETE request cannot carry a body (Cloud Scheduler rejects it); use POST, PUT or PATCH, or remove body",
    });
  });
});
