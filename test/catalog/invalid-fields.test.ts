/**
 * Invalid catalogs, part two: the settings of services, jobs, schedules and sites.
 * Each case names the exact file, the exact field and a message fragment saying what is allowed.
 */
import { describe, it } from "vitest";
import { type InvalidCase, serviceYaml, catalogErrorOf, catalogFiles, expectProblem, paths, withFile } from "./fixtures.js";

const cases: InvalidCase[] = [
  // --- service run settings --------------------------------------------------------------------
  {
    case: "a service without run.public",
    files: () => catalogFiles((d) => void delete d.service.run.public),
    file: paths.service,
    field: "run.public",
    says: "must be true or false (it is missing)",
  },
  {
    case: 'run.public given as the string "yes"',
    files: () => catalogFiles((d) => void (d.service.run.public = "yes")),
    file: paths.service,
    field: "run.public",
    says: 'must be true or false (got "yes")',
  },
  {
    case: 'run.memory "lots"',
    files: () => catalogFiles((d) => void (d.service.run.memory = "lots")),
    file: paths.service,
    field: "run.memory",
    says: 'must be a Cloud Run memory size such as "512Mi" or "2Gi"',
  },
  {
    case: 'run.cpu "3"',
    files: () => catalogFiles((d) => void (d.service.run.cpu = "3")),
    file: paths.service,
    field: "run.cpu",
    says: 'must be a Cloud Run CPU limit: "1", "2", "4", "6" or "8", a fraction from "0.08" to "0.999"',
  },
  {
    case: 'run.timeout "10m"',
    files: () => catalogFiles((d) => void (d.service.run.timeout = "10m")),
    file: paths.service,
    field: "run.timeout",
    says: 'must be a duration in seconds such as "300s"',
  },
  {
    case: "run.timeout over 3600s",
    files: () => catalogFiles((d) => void (d.service.run.timeout = "3601s")),
    file: paths.service,
    field: "run.timeout",
    says: "must be at most 3600s",
  },
  {
    case: "run.maxInstances 0",
    files: () => catalogFiles((d) => void (d.service.run.maxInstances = 0)),
    file: paths.service,
    field: "run.maxInstances",
    says: "expected number to be >=1 (got 0)",
  },
  {
    case: "run.minInstances above run.maxInstances",
    files: () => catalogFiles((d) => void Object.assign(d.service.run, { minInstances: 5, maxInstances: 2 })),
    file: paths.service,
    field: "run.minInstances",
    says: "5 is above run.maxInstances (2); lower minInstances or raise maxInstances",
  },
  {
    case: 'run.ingress "public"',
    files: () => catalogFiles((d) => void (d.service.run.ingress = "public")),
    file: paths.service,
    field: "run.ingress",
    says: 'must be "all", "internal" or "internal-and-cloud-load-balancing"',
  },
  {
    case: "an env value written as an unquoted number",
    files: () => withFile(paths.service, serviceYaml("build:\n  context: services/api\nrun:\n  public: false\n  env:\n    PORT: 8080\n")),
    file: paths.service,
    field: "run.env.PORT",
    says: 'values must be strings; quote numbers and booleans, e.g. "true" (got 8080)',
  },
  {
    case: "an env value written as an unquoted boolean",
    files: () => catalogFiles((d) => void (d.service.run.env.DEBUG = true)),
    file: paths.service,
    field: "run.env.DEBUG",
    says: "values must be strings; quote numbers and booleans",
  },
  {
    case: "an env var name starting with a digit",
    files: () => catalogFiles((d) => void (d.service.run.env["1PASSWORD"] = "x")),
    file: paths.service,
    field: "run.env.1PASSWORD",
    says: "environment variable names are letters, digits and underscores, not starting with a digit",
  },
  {
    case: 'a secret version "newest"',
    files: () => catalogFiles((d) => void (d.service.run.secrets = { API_KEY: { secret: "api-key", version: "newest" } })),
    file: paths.service,
    field: "run.secrets.API_KEY.version",
    says: 'must be "latest" or a version number such as "3"',
  },
  {
    case: "a secret name with a space",
    files: () => catalogFiles((d) => void (d.service.run.secrets = { API_KEY: { secret: "api key" } })),
    file: paths.service,
    field: "run.secrets.API_KEY.secret",
    says: 'must be a Secret Manager secret id such as "openai-api-key"',
  },
  {
    case: "a Cloud SQL instance without its region",
    files: () => catalogFiles((d) => void (d.service.run.cloudSqlInstances = ["acme-dev:main"])),
    file: paths.service,
    field: "run.cloudSqlInstances[0]",
    says: 'must be a Cloud SQL connection name "PROJECT:REGION:INSTANCE"',
  },
  {
    case: "a vpc with both a connector and a network",
    files: () => catalogFiles((d) => void (d.service.run.vpc = { connector: "conn", network: "default" })),
    file: paths.service,
    field: "run.vpc",
    says: "give either `connector` (Serverless VPC Access) or `network`/`subnetwork` (Direct VPC egress), not both",
  },
  {
    case: "a vpc with neither a connector nor a network",
    files: () => catalogFiles((d) => void (d.service.run.vpc = { egress: "all-traffic" })),
    file: paths.service,
    field: "run.vpc",
    says: "not both and not neither",
  },
  {
    case: "a label key with uppercase letters",
    files: () => catalogFiles((d) => void (d.service.run.labels = { Team: "data" })),
    file: paths.service,
    field: "run.labels.Team",
    says: 'label keys are lowercase letters, digits, _ and - (got "Team")',
  },
  // --- test, lint and scan settings --------------------------------------------------------------
  {
    case: "a test database with an unknown engine",
    files: () => catalogFiles((d) => void (d.service.test = { databases: [{ alias: "db", engine: "oracle" }] })),
    file: paths.service,
    field: "test.databases[0].engine",
    says: "must be one of postgres, redis, mysql",
  },
  {
    case: "a test database image pinned only by tag",
    files: () => catalogFiles((d) => void (d.service.test = { databases: [{ alias: "db", engine: "postgres", image: "postgres:16" }] })),
    file: paths.service,
    field: "test.databases[0].image",
    says: 'must be pinned by tag and digest, e.g. "postgres:16.4-alpine@sha256:<64 hex>"',
  },
  {
    case: "two test databases with the same alias",
    files: () =>
      catalogFiles(
        (d) =>
          void (d.service.test = {
            databases: [
              { alias: "db", engine: "postgres" },
              { alias: "db", engine: "redis" },
            ],
          }),
      ),
    file: paths.service,
    field: "test.databases[1].alias",
    says: 'alias "db" is used twice; each database needs its own host name',
  },
  {
    case: 'scan.severity "SEVERE"',
    files: () => catalogFiles((d) => void (d.service.scan = { severity: "SEVERE" })),
    file: paths.service,
    field: "scan.severity",
    says: "must be one of LOW, MEDIUM, HIGH, CRITICAL",
  },
  {
    case: "scan.skip naming an unknown scanner",
    files: () => catalogFiles((d) => void (d.service.scan = { skip: ["trivy", "snyk"] })),
    file: paths.service,
    field: "scan.skip[1]",
    says: "must be one of bandit, pip-audit, trivy, hadolint, gitleaks",
  },
  {
    case: "concurrency above 1 below 1 vCPU",
    files: () => catalogFiles((d) => void Object.assign(d.service.run, { cpu: "0.5", concurrency: 10 })),
    file: paths.service,
    field: "run.concurrency",
    says: "below 1 vCPU Cloud Run requires concurrency 1",
  },
  {
    case: "2Gi of memory with half a vCPU",
    files: () => catalogFiles((d) => void Object.assign(d.service.run, { cpu: "0.5", memory: "2Gi", concurrency: 1 })),
    file: paths.service,
    field: "run.memory",
    says: "below 1 vCPU Cloud Run allows at most 1Gi",
  },
  {
    case: "4 vCPU with 1Gi of memory",
    files: () => catalogFiles((d) => void Object.assign(d.service.run, { cpu: "4", memory: "1Gi" })),
    file: paths.service,
    field: "run.memory",
    says: "Cloud Run needs at least 2Gi with 4 or more vCPU",
  },
  {
    case: "16Gi of memory with 2 vCPU",
    files: () => catalogFiles((d) => void Object.assign(d.service.run, { cpu: "2", memory: "16Gi" })),
    file: paths.service,
    field: "run.cpu",
    says: "Cloud Run needs at least 4 vCPU above 8Gi",
  },
  {
    case: "an environment override that makes the CPU / memory combination invalid",
    files: () => catalogFiles((d) => void (d.service.environments = { prod: { run: { memory: "8Gi" } } })),
    file: paths.service,
    field: "environments.prod.run.cpu",
    says: "in prod:",
  },
  // --- jobs and schedules ------------------------------------------------------------------------
  {
    case: "a service schedule that sends a body with GET",
    files: () =>
      catalogFiles(
        (d) => void (d.service.schedules = [{ name: "api-refresh", schedule: "0 * * * *", path: "/refresh", method: "GET", body: { full: true }, serviceAccount: "scheduler-invoker" }]),
      ),
    file: paths.service,
    field: "schedules[0].body",
    says: "a GET request cannot carry a body",
  },
  {
    case: "job parallelism above its task count",
    files: () => catalogFiles((d) => void (d.job.run = { tasks: 2, parallelism: 4 })),
    file: paths.job,
    field: "run.parallelism",
    says: "4 is above run.tasks (2); parallelism cannot exceed the number of tasks",
  },
  {
    case: "a cron schedule with four fields",
    files: () => catalogFiles((d) => void (d.job.schedules[0].schedule = "0 3 * *")),
    file: paths.job,
    field: "schedules[0].schedule",
    says: 'must be a unix-cron expression with five fields, e.g. "0 3 * * *"',
  },
  {
    case: "a schedule time zone that is not an IANA name",
    files: () => catalogFiles((d) => void (d.job.schedules[0].timeZone = "Central European Time")),
    file: paths.job,
    field: "schedules[0].timeZone",
    says: 'must be an IANA time zone such as "Europe/Paris" or "UTC"',
  },
  {
    case: "the same schedule name in two files",
    files: () =>
      catalogFiles(
        (d) =>
          void (d.service.schedules = [
            { name: "nightly-run", schedule: "0 4 * * *", serviceAccount: "scheduler-invoker", path: "/tasks/cleanup" },
          ]),
      ),
    file: paths.job,
    field: "schedules[0].name",
    says: 'schedule "nightly-run" is already defined in pipelines/services/api.yaml; Cloud Scheduler job names must be unique',
  },
  // --- sites ----------------------------------------------------------------------------------------
  {
    case: "a site bucket with uppercase letters",
    files: () => catalogFiles((d) => void (d.site.bucket = "Acme-Handbook")),
    file: paths.site,
    field: "bucket",
    says: "must be a Cloud Storage bucket name: 3-63 lowercase letters",
  },
  {
    case: "a site prefix without a trailing slash",
    files: () => catalogFiles((d) => void (d.site.prefix = "handbook")),
    file: paths.site,
    field: "prefix",
    says: 'must be empty or end with "/", e.g. "docs/"',
  },
  {
    case: "an environment's site prefix without a trailing slash",
    files: () => catalogFiles((d) => void (d.site.environments = { dev: { prefix: "handbook" } })),
    file: paths.site,
    field: "environments.dev.prefix",
    says: 'must be empty or end with "/", e.g. "docs/"',
  },
  {
    case: "a site website setting of true",
    files: () => catalogFiles((d) => void (d.site.website = true)),
    file: paths.site,
    field: "website",
    says: "must be false (leave the bucket's website config alone) or { mainPageSuffix, notFoundPage }",
  },
  {
    case: "a Cache-Control value that is not a directive list",
    files: () => catalogFiles((d) => void (d.site.cacheControl = [{ glob: "*.html", value: "forever!" }])),
    file: paths.site,
    field: "cacheControl[0].value",
    says: 'must be a Cache-Control value such as "no-cache" or "public, max-age=3600"',
  },
  {
    case: "a content type keyed by an extension without its dot",
    files: () => catalogFiles((d) => void (d.site.contentTypes = { map: "application/json" })),
    file: paths.site,
    field: "contentTypes.map",
    says: 'keys are extensions such as ".map" (got "map")',
  },
];

describe("parseCatalog rejects", () => {
  it.each(cases)("$case", ({ files, file, field, says }) => {
    expectProblem(catalogErrorOf(files()).problems, file, field, says);
  });
});
