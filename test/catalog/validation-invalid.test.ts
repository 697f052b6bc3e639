/**
 * Invalid catalogs that Google would refuse, one case per documented rule (the rules and their
 * sources are in ci/src/catalog/limits.ts, regions.ts, cron.ts, time-zones.ts, bucket-names.ts,
 * reserved-env.ts, resources.ts). Each case names the exact file, the exact field and the rule's wording.
 */
import { describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { type Doc, type DocKind, type InvalidCase, catalogErrorOf, catalogFiles, expectProblem, paths } from "./fixtures.js";

/** `count` env vars NAME_0..NAME_{count-1}. */
const manyVars = (count: number, prefix = "VAR"): Record<string, string> => Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}_${i}`, "x"]));
const manyLabels = (count: number): Record<string, string> => Object.fromEntries(Array.from({ length: count }, (_, i) => [`label-${i}`, "x"]));
const schedule = (d: Record<DocKind, Doc>, fields: Doc) => void Object.assign(d.job.schedules[0], fields);

const cases: InvalidCase[] = [
  // --- environment overrides, checked after merging -------------------------------------------
  {
    case: "prod minInstances 30 with the base maxInstances 10",
    files: () => catalogFiles((d) => void Object.assign(d.service, { run: { ...d.service.run, maxInstances: 10 }, environments: { prod: { run: { minInstances: 30 } } } })),
    file: paths.service,
    field: "environments.prod.run.minInstances",
    says: "in prod: 30 is above run.maxInstances (10); lower minInstances or raise maxInstances",
  },
  {
    case: "prod maxInstances below the base minInstances (reported where prod changed it)",
    files: () => catalogFiles((d) => void Object.assign(d.service, { run: { ...d.service.run, minInstances: 2 }, environments: { prod: { run: { maxInstances: 1 } } } })),
    file: paths.service,
    field: "environments.prod.run.maxInstances",
    says: "in prod: 2 is above run.maxInstances (1)",
  },
  {
    case: "a prod env var with the name of a base secret",
    files: () => catalogFiles((d) => void Object.assign(d.service, { run: { ...d.service.run, secrets: { API_KEY: { secret: "api-key" } } }, environments: { prod: { run: { env: { API_KEY: "inline" } } } } })),
    file: paths.service,
    field: "environments.prod.run.env.API_KEY",
    says: "in prod: API_KEY is also set in run.env; Cloud Run gives a container one variable per name",
  },
  {
    case: "a prod override that sets a reserved variable",
    files: () => catalogFiles((d) => void (d.service.environments = { prod: { run: { env: { PORT: "9090" } } } })),
    file: paths.service,
    field: "environments.prod.run.env.PORT",
    says: "in prod: PORT is reserved: Cloud Run sets it in every service to the port the container must listen on; remove it and set run.port instead",
  },
  {
    case: "a prod memory under Cloud Run's minimum",
    files: () => catalogFiles((d) => void (d.service.environments = { prod: { run: { memory: "64Mi" } } })),
    file: paths.service,
    field: "environments.prod.run.memory",
    says: "in prod: 64Mi is below Cloud Run's minimum of 128Mi for a service",
  },
  {
    case: "a job's prod tasks below its base parallelism",
    files: () => catalogFiles((d) => void Object.assign(d.job, { run: { tasks: 4, parallelism: 4 }, environments: { prod: { run: { tasks: 2 } } } })),
    file: paths.job,
    field: "environments.prod.run.tasks",
    says: "in prod: 4 is above run.tasks (2); parallelism cannot exceed the number of tasks",
  },
  {
    case: "prod labels that, with the base's, pass the label limit",
    files: () => catalogFiles((d) => void (d.service.environments = { prod: { run: { labels: manyLabels(63) } } })),
    file: paths.service,
    field: "environments.prod.run.labels",
    says: "in prod: 63 labels plus the pipeline's own managed-by and commit make 65; Cloud Run allows at most 64 per resource",
  },
  // --- environment variables -----------------------------------------------------------------------
  {
    case: "an env var and a secret with the same name",
    files: () => catalogFiles((d) => void (d.service.run.secrets = { LOG_LEVEL: { secret: "log-level" } })),
    file: paths.service,
    field: "run.secrets.LOG_LEVEL",
    says: "LOG_LEVEL is also set in run.env; Cloud Run gives a container one variable per name, so set it either as a plain value (env) or from Secret Manager (secrets), not both",
  },
  ...["PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION"].map(
    (name): InvalidCase => ({
      case: `the reserved service variable ${name}`,
      files: () => catalogFiles((d) => void (d.service.run.env[name] = "x")),
      file: paths.service,
      field: `run.env.${name}`,
      says: `${name} is reserved: Cloud Run sets it in every service`,
    }),
  ),
  {
    case: "a reserved name used for a secret",
    files: () => catalogFiles((d) => void (d.service.run.secrets = { K_SERVICE: { secret: "name" } })),
    file: paths.service,
    field: "run.secrets.K_SERVICE",
    says: "K_SERVICE is reserved: Cloud Run sets it in every service to the service name; remove it and read the value Cloud Run provides",
  },
  ...["CLOUD_RUN_JOB", "CLOUD_RUN_EXECUTION", "CLOUD_RUN_TASK_INDEX", "CLOUD_RUN_TASK_ATTEMPT", "CLOUD_RUN_TASK_COUNT"].map(
    (name): InvalidCase => ({
      case: `the reserved job variable ${name}`,
      files: () => catalogFiles((d) => void (d.job.run = { env: { [name]: "1" } })),
      file: paths.job,
      field: `run.env.${name}`,
      says: `${name} is reserved: Cloud Run sets it in every job`,
    }),
  ),
  {
    case: "more than 1000 environment variables",
    files: () => catalogFiles((d) => void (d.service.run.env = manyVars(1001))),
    file: paths.service,
    field: "run.env",
    says: "1001 environment variables (env and secrets together); Cloud Run allows at most 1000 per container",
  },
  {
    case: "1000 env vars plus a secret",
    files: () => catalogFiles((d) => void Object.assign(d.service.run, { env: manyVars(1000), secrets: { TOKEN: { secret: "token" } } })),
    file: paths.service,
    field: "run.env",
    says: "1001 environment variables (env and secrets together); Cloud Run allows at most 1000",
  },
  {
    case: "an env value over 32 KiB",
    files: () => catalogFiles((d) => void (d.service.run.env.BIG = "x".repeat(32 * 1024 + 1))),
    file: paths.service,
    field: "run.env.BIG",
    says: "the value has 32769 bytes; Cloud Run allows at most 32768 bytes (32 KiB) per value",
  },
  {
    case: "an env value over 32 KiB in UTF-8 bytes though under 32768 characters",
    files: () => catalogFiles((d) => void (d.service.run.env.NAMES = "é".repeat(16385))),
    file: paths.service,
    field: "run.env.NAMES",
    says: "the value has 32770 bytes",
  },
  // --- labels ----------------------------------------------------------------------------------------
  {
    case: "63 labels, 65 with the pipeline's own",
    files: () => catalogFiles((d) => void (d.service.run.labels = manyLabels(63))),
    file: paths.service,
    field: "run.labels",
    says: "63 labels plus the pipeline's own managed-by and commit make 65; Cloud Run allows at most 64 per resource, so keep at most 62",
  },
  {
    case: "a label the pipeline sets itself",
    files: () => catalogFiles((d) => void (d.job.run = { labels: { commit: "abc" } })),
    file: paths.job,
    field: "run.labels.commit",
    says: '"commit" is a label the pipeline sets itself (the deployed commit); choose another key',
  },
  {
    case: "a label key of 64 characters",
    files: () => catalogFiles((d) => void (d.service.run.labels = { [`a${"b".repeat(63)}`]: "x" })),
    file: paths.service,
    field: `run.labels.a${"b".repeat(63)}`,
    says: "must start with a lowercase letter and have 1-63 characters",
  },
  // --- memory ----------------------------------------------------------------------------------------
  {
    case: "a service with less than 128Mi",
    files: () => catalogFiles((d) => void (d.service.run.memory = "64Mi")),
    file: paths.service,
    field: "run.memory",
    says: "64Mi is below Cloud Run's minimum of 128Mi for a service; raise memory to at least 128Mi",
  },
  {
    case: "a job with less than 512Mi",
    files: () => catalogFiles((d) => void (d.job.run = { memory: "256Mi" })),
    file: paths.job,
    field: "run.memory",
    says: "256Mi is below Cloud Run's minimum of 512Mi for a job (jobs run in the second generation execution environment)",
  },
  {
    case: "a job task timeout over 168 hours",
    files: () => catalogFiles((d) => void (d.job.run = { taskTimeout: "604801s" })),
    file: paths.job,
    field: "run.taskTimeout",
    says: "must be at most 604800s (168 hours, Cloud Run's maximum task timeout)",
  },
  // --- probes ----------------------------------------------------------------------------------------
  {
    case: "a startup probe timeout longer than its default period",
    files: () => catalogFiles((d) => void (d.service.run.startupProbe = { path: "/ready", timeoutSeconds: 20 })),
    file: paths.service,
    field: "run.startupProbe.timeoutSeconds",
    says: "must not be longer than periodSeconds (10s, the default); Cloud Run requires timeoutSeconds <= periodSeconds: lower timeoutSeconds or raise periodSeconds (got 20)",
  },
  {
    case: "a liveness probe timeout longer than its period",
    files: () => catalogFiles((d) => void (d.service.run.livenessProbe = { path: "/live", periodSeconds: 5, timeoutSeconds: 6 })),
    file: paths.service,
    field: "run.livenessProbe.timeoutSeconds",
    says: "must not be longer than periodSeconds (5s); Cloud Run requires timeoutSeconds <= periodSeconds",
  },
  {
    case: "a startup probe period over 240 seconds",
    files: () => catalogFiles((d) => void (d.service.run.startupProbe = { path: "/ready", periodSeconds: 241 })),
    file: paths.service,
    field: "run.startupProbe.periodSeconds",
    says: "expected number to be <=240 (got 241)",
  },
  // --- schedules ---------------------------------------------------------------------------------------
  ...(
    [
      ["61 * * * *", 'minute "61" is out of range; allowed: 0-59'],
      ["* 25 * * *", 'hour "25" is out of range; allowed: 0-23'],
      ["0 0 32 * *", 'day-of-month "32" is out of range; allowed: 1-31'],
      ["0 0 * 13 *", 'month "13" is out of range; allowed: 1-12 or JAN-DEC'],
      ["0 0 * * 8", 'day-of-week "8" is out of range; allowed: 0-7 (0 and 7 are Sunday) or SUN-SAT'],
      ["0 0 * * MON-FUN", 'day-of-week "FUN" is not a value'],
      ["*/0 * * * *", 'minute step "/0" must be from 1 to 59'],
      ["a b c d e", 'minute "a" is not a value; allowed: 0-59'],
      ["0 0 L * *", 'day-of-month "L" is not a value; allowed: 1-31'],
      ["0 3 * * ? *", 'must be a unix-cron expression with five fields, e.g. "0 3 * * *", or an English schedule'],
    ] as const
  ).map(
    ([text, says]): InvalidCase => ({
      case: `the schedule ${JSON.stringify(text)}`,
      files: () => catalogFiles((d) => schedule(d, { schedule: text })),
      file: paths.job,
      field: "schedules[0].schedule",
      says,
    }),
  ),
  ...(
    [
      ["every 24 hour", 'expected "hours", "mins" or "minutes" after "every 24", got "hour"'],
      ["every 0 minutes", "the interval must be at least 1"],
      ["every monday 24:00", 'expected a time HH:MM (00:00-23:59), got "24:00"'],
      ["every day", "expected a time HH:MM (00:00-23:59), got the end"],
      ["1st monday of smarch 09:00", 'expected a month ("january" or "jan" ...), "month" or "quarter", got "smarch"'],
      ["every 5 minutes from 09:00", 'expected "to" after the start time'],
    ] as const
  ).map(
    ([text, says]): InvalidCase => ({
      case: `the English schedule ${JSON.stringify(text)}`,
      files: () => catalogFiles((d) => schedule(d, { schedule: text })),
      file: paths.job,
      field: "schedules[0].schedule",
      says: `is not a valid English schedule: ${says}`,
    }),
  ),
  {
    case: "a time zone that is not in the tz database",
    files: () => catalogFiles((d) => schedule(d, { timeZone: "Mars/Olympus" })),
    file: paths.job,
    field: "schedules[0].timeZone",
    says: 'must be an IANA time zone such as "Europe/Paris" or "UTC" (a tz database name) (got "Mars/Olympus")',
  },
  {
    case: "a misspelt time zone, suggesting the right one",
    files: () => catalogFiles((d) => schedule(d, { timeZone: "Europe/Pariss" })),
    file: paths.job,
    field: "schedules[0].timeZone",
    says: 'must be an IANA time zone such as "Europe/Paris" or "UTC" (a tz database name) (did you mean "Europe/Paris"?)',
  },
  {
    case: "a time zone in the wrong case",
    files: () => catalogFiles((d) => schedule(d, { timeZone: "europe/paris" })),
    file: paths.job,
    field: "schedules[0].timeZone",
    says: 'did you mean "Europe/Paris"?',
  },
  // --- bucket names --------------------------------------------------------------------------------------
  ...(
    [
      ["goog-docs", 'it must not begin with "goog"'],
      ["acme-google-docs", 'it must not contain "google" or a look-alike such as "g00gle"'],
      ["acme-g00gle-docs", 'it must not contain "google" or a look-alike'],
      ["192.168.5.4", "it must not be an IP address"],
      ["docs..acme.com", 'two dots in a row leave an empty part ("..")'],
      [`a${"b".repeat(63)}`, "it has 64 characters; names without dots have at most 63"],
      [`docs.${"c".repeat(64)}.com`, "has 64 characters; each part between dots has at most 63"],
      ["Acme-Docs", 'must be a Cloud Storage bucket name: 3-63 lowercase letters, digits, "-", "_" and "." (up to 222 with dots'],
      ["-docs", "starting and ending with a letter or digit"],
      [`${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(40)}`, "up to 222 with dots"],
    ] as const
  ).map(
    ([bucket, says]): InvalidCase => ({
      case: `the bucket name ${JSON.stringify(bucket.length > 30 ? `${bucket.slice(0, 20)}... (${bucket.length} characters)` : bucket)}`,
      files: () => catalogFiles((d) => void (d.site.bucket = bucket)),
      file: paths.site,
      field: "bucket",
      says,
    }),
  ),
  {
    case: "an environment's bucket that breaks the naming rules",
    files: () => catalogFiles((d) => void (d.site.environments = { prod: { bucket: "handbook.google.example" } })),
    file: paths.site,
    field: "environments.prod.bucket",
    says: 'it must not contain "google"',
  },
  // --- regions and locations ---------------------------------------------------------------------------------
  {
    case: "a project region that does not exist, suggesting a close one",
    files: () => catalogFiles((d) => void (d.project.region = "europe-west99")),
    file: paths.project,
    field: "region",
    says: 'must be a Cloud Run region such as "europe-west1" or "us-central1" (did you mean "europe-west9"?) (got "europe-west99")',
  },
  {
    case: "an environment region that does not exist",
    files: () => catalogFiles((d) => void (d.project.environments.prod.region = "mars-north1")),
    file: paths.project,
    field: "environments.prod.region",
    says: 'must be a Cloud Run region such as "europe-west1" or "us-central1" (got "mars-north1")',
  },
  {
    case: "a service region that does not exist",
    files: () => catalogFiles((d) => void (d.service.run.region = "us-central2")),
    file: paths.service,
    field: "run.region",
    says: 'must be a Cloud Run region such as "europe-west1" or "us-central1" (did you mean "us-central1"?)',
  },
  {
    case: "an environment override's region that does not exist",
    files: () => catalogFiles((d) => void (d.job.environments = { prod: { run: { region: "europe-west7" } } })),
    file: paths.job,
    field: "environments.prod.run.region",
    says: "must be a Cloud Run region",
  },
  {
    case: "an Artifact Registry location that does not exist",
    files: () => catalogFiles((d) => void (d.project.artifactRegistry.location = "eu")),
    file: paths.project,
    field: "artifactRegistry.location",
    says: 'must be an Artifact Registry location: a region such as "europe-west1" or a multi-region "us", "europe" or "asia" (did you mean "us"?) (got "eu")',
  },
  // --- paths and environments ----------------------------------------------------------------------------------
  ...["..\\Dockerfile", "docker\\..\\..\\Dockerfile", ".", "docker/", "docker/.."].map(
    (dockerfile): InvalidCase => ({
      case: `the dockerfile ${JSON.stringify(dockerfile)}`,
      files: () => catalogFiles((d) => void (d.service.build.dockerfile = dockerfile)),
      file: paths.service,
      field: "build.dockerfile",
      says: 'must be a path inside the build context: relative, and ".." must not climb out of it; it names a file, e.g. "Dockerfile" or "docker/Dockerfile"',
    }),
  ),
  {
    case: "a protected environment as defaultEnvironment",
    files: () => catalogFiles((d) => void (d.project.defaultEnvironment = "prod")),
    file: paths.project,
    field: "defaultEnvironment",
    says: '"prod" is protected (protected: true), so it cannot be the default: protected environments are only used when named with --env=prod; choose an unprotected environment (dev) or remove defaultEnvironment',
  },
  {
    case: "a default compute account whose project number is not a number",
    files: () => catalogFiles((d) => void (d.service.run.serviceAccount = "acme-compute@developer.gserviceaccount.com")),
    file: paths.service,
    field: "run.serviceAccount",
    says: 'or a default account "PROJECT_NUMBER-compute@developer.gserviceaccount.com"',
  },
];

describe("parseCatalog rejects what Google would refuse", () => {
  it.each(cases)("$case", ({ files, file, field, says }) => {
    expectProblem(catalogErrorOf(files()).problems, file, field, says);
  });
});

describe("parseCatalog reports a problem once", () => {
  it("reports a base problem at run.* only, not again for each environment", () => {
    const problems = catalogErrorOf(catalogFiles((d) => void Object.assign(d.service, { run: { ...d.service.run, memory: "64Mi" }, environments: { prod: { run: { minInstances: 1 } } } }))).problems;
    expect(problems.map((p) => p.field)).toEqual(["run.memory"]);
  });
});

describe("resolveEnvironment rejects names of Object.prototype", () => {
  const catalog = parseCatalog(catalogFiles());
  it.each(["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"])("treats --env=%s as an unknown environment, listing the declared ones", (name) => {
    expect(() => resolveEnvironment(catalog, name)).toThrow(`Unknown environment "${name}". Valid environments: dev, prod.`);
  });
});

describe("suggestions stay cheap", () => {
  it("a 70 KB misspelt name gets no suggestion (names more than 2 characters longer or shorter are skipped), a typo still does", async () => {
    const { closestName } = await import("../../ci/src/catalog/suggest.js");
    const zones = Intl.supportedValuesOf("timeZone");
    // The parse fuzz test bounds the time; this pins the answers around the length filter.
    expect(closestName("x".repeat(70_000), zones)).toBeUndefined();
    expect(closestName("Europe/Pariss", zones)).toBe("Europe/Paris");
    expect(closestName("Europe/Pa", zones)).toBeUndefined();
  });
});
