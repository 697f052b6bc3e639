/**
 * Release hooks in the catalog (catalog/hooks.ts, hook-checks.ts) and as the job they run as
 * (jobs/hook-job.ts): each rule with file + field + wording, and the rendered job.
 */
import { describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { renderHookJob } from "../../ci/src/jobs/hook-job.js";
import { type InvalidCase, catalogErrorOf, catalogFiles, expectProblem, paths } from "./fixtures.js";

const migrate = { name: "migrate", command: ["python", "manage.py", "migrate"] };

const invalid: InvalidCase[] = [
  {
    case: "two hooks with one name",
    files: () => catalogFiles((d) => void (d.service.hooks = { beforeTraffic: [migrate], afterCandidate: [{ name: "migrate" }] })),
    file: paths.service,
    field: "hooks.afterCandidate[0].name",
    says: 'hook "migrate" is already hooks.beforeTraffic',
  },
  {
    case: "a hook name with capitals",
    files: () => catalogFiles((d) => void (d.service.hooks = { beforeTraffic: [{ name: "Migrate" }] })),
    file: paths.service,
    field: "hooks.beforeTraffic[0].name",
    says: "must be 1-20 lowercase letters",
  },
  {
    case: "a hook job id over 49 characters with the environment's suffix",
    files: () =>
      catalogFiles((d) => {
        d.service.cloudRunName = "a".repeat(20);
        d.project.environments.dev.nameSuffix = "-development-long";
        d.service.hooks = { beforeTraffic: [{ name: "migrate-database-x" }] };
      }),
    file: paths.service,
    field: "hooks.beforeTraffic[0].name",
    says: "which is longer than Cloud Run's 49 characters",
  },
  {
    case: "a hook whose job is a catalog job's",
    files: () =>
      catalogFiles((d) => {
        d.job.cloudRunName = "api-nightly";
        d.service.hooks = { beforeTraffic: [{ name: "nightly" }] };
      }),
    file: paths.service,
    field: "hooks.beforeTraffic[0].name",
    says: "which is catalog job nightly's; rename the hook",
  },
  {
    case: "CANDIDATE_URL set on a smoke test",
    files: () => catalogFiles((d) => void (d.service.hooks = { afterCandidate: [{ name: "smoke", env: { CANDIDATE_URL: "x" } }] })),
    file: paths.service,
    field: "hooks.afterCandidate[0].env.CANDIDATE_URL",
    says: "CANDIDATE_URL is set by the pipeline to the candidate's tag URL",
  },
  {
    case: "a reserved job variable in a hook",
    files: () => catalogFiles((d) => void (d.service.hooks = { beforeTraffic: [{ name: "migrate", env: { CLOUD_RUN_TASK_INDEX: "0" } }] })),
    file: paths.service,
    field: "hooks.beforeTraffic[0].env.CLOUD_RUN_TASK_INDEX",
    says: "CLOUD_RUN_TASK_INDEX is reserved",
  },
  {
    case: "afterCandidate hooks with the direct strategy",
    files: () =>
      catalogFiles((d) => {
        d.project.deploy = { strategy: "direct" };
        d.service.hooks = { afterCandidate: [{ name: "smoke" }] };
      }),
    file: paths.service,
    field: "hooks.afterCandidate",
    says: 'the project deploys with strategy "direct"',
  },
];

describe("parseCatalog rejects release hooks Cloud Run or the release could not run", () => {
  it.each(invalid)("$case", ({ files, file, field, says }) => {
    expectProblem(catalogErrorOf(files()).problems, file, field, says);
  });
});

describe("renderHookJob", () => {
  const catalog = parseCatalog(
    catalogFiles((d) => {
      d.service.run = { ...d.service.run, memory: "256Mi", serviceAccount: "api-runtime", cloudSqlInstances: ["acme-dev:europe-west1:main"], secrets: { DB_PASSWORD: { secret: "db-password" } } };
      d.service.hooks = { beforeTraffic: [{ ...migrate, env: { LOG_LEVEL: "debug" }, timeout: "1800s", maxRetries: 1 }] };
    }),
  );
  const service = catalog.services[0]!;
  const job = renderHookJob(service, resolveEnvironment(catalog, "dev"), "beforeTraffic", service.hooks.beforeTraffic[0]!, "europe-west1-docker.pkg.dev/acme-dev/acme/api@sha256:" + "f".repeat(64), "abc1234");

  it("is the job SERVICE-HOOK in the service's project and region, with the new image and the hook's command", () => {
    expect(job.name).toBe("projects/acme-dev/locations/europe-west1/jobs/api-migrate");
    const task = job.resource.template!.template!;
    expect(task.containers![0]).toMatchObject({ image: expect.stringContaining("@sha256:ffff"), command: ["python", "manage.py", "migrate"] });
    expect(task).toMatchObject({ maxRetries: 1, timeout: { seconds: 1800 }, serviceAccount: "api-runtime@acme-dev.iam.gserviceaccount.com" });
    expect(job.resource.template!.taskCount).toBe(1);
    expect(job.resource.annotations!["cloud-run-pipeline/hook-of"]).toBe("api/beforeTraffic/migrate");
  });

  it("carries the service's env (the hook's over it), secrets and Cloud SQL, at the jobs' 512Mi memory minimum", () => {
    const c = job.resource.template!.template!.containers![0]!;
    expect(c.env).toEqual([
      { name: "DB_PASSWORD", valueSource: { secretKeyRef: { secret: "db-password", version: "latest" } } },
      { name: "LOG_LEVEL", value: "debug" },
    ]);
    expect(c.resources!.limits!.memory).toBe("512Mi");
    expect(job.resource.template!.template!.volumes).toEqual([{ name: "cloudsql", cloudSqlInstance: { instances: ["acme-dev:europe-west1:main"] } }]);
  });
});
